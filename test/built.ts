// The sources as the built package runs them, for the tests that start real processes (the
// `gradfold` command killed mid-epoch, a model file loaded in a new process, a pool left open).
// A process given the TypeScript sources loads tsx and transforms every module it reaches, and
// its worker threads again each: seconds of CPU per process. Instead, once per test run,
// test/transpileSources.ts (vitest's globalSetup) transpiles src/ file for file, laid out as
// `npm run build` lays out dist/src, and the processes run that JavaScript, made from the
// sources under test.
import { join } from 'node:path'
import { inject } from 'vitest'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder holding `src/` and the test helpers transpiled to JavaScript, and a copy of package.json. */
    readonly builtRoot: string
  }
}

/**
 * The path of a built module, from its source's path in the package: `built('src/cli/bin.ts')`
 * is the JavaScript of the command's process entry.
 */
export const built = (source: string): string => join(inject('builtRoot'), source.replace(/\.ts$/, '.js'))
