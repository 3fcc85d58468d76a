// Vitest setup for every test file: fast-check runs with the laws' fixed seed and run count.
import fc from 'fast-check'
import { lawRuns, lawSeed } from './config.js'

fc.configureGlobal({ seed: lawSeed, numRuns: lawRuns })
