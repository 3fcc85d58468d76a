// vitest's globalSetup for the tests that start real processes or threads (see test/built.ts):
// esbuild transpiles src/, laws/ and the test helpers (the scripts such processes and threads run
// among them) file for file into a fresh folder under node_modules/.cache (inside the package, so
// that fp-ts and commander resolve through node_modules; a folder per run, so that two runs never
// share one), hands its path to the tests and removes it when the run ends.
import { randomUUID } from 'node:crypto'
import { copyFileSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import type { TestProject } from 'vitest/node'
import './built.js'

const root = fileURLToPath(new URL('../', import.meta.url))

/** The TypeScript files under `dir` of the package, test files left out. */
const modules = (dir: string): ReadonlyArray<string> =>
  readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => join(root, dir, f))

export default async function transpileSources(project: TestProject): Promise<() => void> {
  const dir = join(root, 'node_modules', '.cache', 'gradfold-tests', randomUUID())
  await build({
    entryPoints: [...modules('src'), ...modules('test'), ...modules('laws')],
    outdir: dir,
    outbase: root,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'error'
  })
  // `gradfold --version` reads package.json two folders above src/cli.
  copyFileSync(join(root, 'package.json'), join(dir, 'package.json'))
  project.provide('builtRoot', dir)
  return () => rmSync(dir, { recursive: true, force: true })
}
