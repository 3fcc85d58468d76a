import { defineConfig } from 'vitest/config'
import { INTEGRATION, shared } from './vitest.config.js'

// `npm run test:integration`: the slow checks `npm test` leaves out (see INTEGRATION).
export default defineConfig({ test: { ...shared, include: INTEGRATION } })
