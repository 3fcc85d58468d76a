import { defineConfig, type TestUserConfig } from 'vitest/config'

// CI asks for a JSON report beside the usual output, to print its `N passed, N failed` line.
const jsonReport = process.env['GRADFOLD_VITEST_JSON']

/**
 * The slow checks, run by `npm run test:integration` (vitest.integration.config.ts) and by CI,
 * not by `npm test`: a real browser, a Redis server, every example program, the README's
 * commands in a fresh copy of the repository.
 */
export const INTEGRATION = [
  'test/examples/playground.test.ts',
  'test/tensor/wasm/browser.test.ts',
  'test/cli/sweep.test.ts',
  'test/cli/commands/sweep.redis.test.ts',
  'test/node/sweep/queue.redis.test.ts',
  'test/cli/commands/worker.test.ts',
  'test/scripts/queueSoak.test.ts',
  'test/examples.test.ts',
  'test/docs/readmeCommands.test.ts'
]

export const shared: TestUserConfig = {
  setupFiles: ['laws/setup.ts'],
  globalSetup: ['laws/globalSetup.ts', 'test/transpileSources.ts'],
  testTimeout: 120_000,
  hookTimeout: 120_000,
  reporters: jsonReport === undefined ? ['default'] : ['default', ['json', { outputFile: jsonReport }]]
}

export default defineConfig({
  test: {
    ...shared,
    include: ['test/**/*.test.ts', 'laws/**/*.laws.test.ts'],
    exclude: ['**/node_modules/**', ...INTEGRATION],
    // The files of a worker share its modules instead of each importing the library anew: about
    // a second of CPU per file, paid some 180 times. vi.stubGlobal is undone before each test.
    isolate: false,
    unstubGlobals: true,
    // Two workers on two cores (vitest's default is one fewer than the cores): while a file waits
    // on the processes or threads it started, the other worker runs.
    maxWorkers: 2
  }
})
