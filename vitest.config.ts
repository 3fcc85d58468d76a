import { defineConfig } from 'vitest/config'

// CI asks for a JSON report beside the usual output, to print its `N passed, N failed` line.
const jsonReport = process.env['GRADFOLD_VITEST_JSON']

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'laws/**/*.laws.test.ts'],
    setupFiles: ['laws/setup.ts'],
    globalSetup: ['laws/globalSetup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: jsonReport === undefined ? ['default'] : ['default', ['json', { outputFile: jsonReport }]]
  }
})
