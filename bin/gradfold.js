#!/usr/bin/env node
// The `gradfold` command. An installed package runs its built code (dist/); a fresh clone,
// where nothing is built yet, runs the TypeScript sources through tsx (a dev dependency that
// `npm ci` installs). GRADFOLD_FROM_SOURCE=1 forces the sources.
import { existsSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'

const built = fileURLToPath(new URL('../dist/src/cli/bin.js', import.meta.url))
if (existsSync(built) && process.env.GRADFOLD_FROM_SOURCE !== '1') {
  await import(pathToFileURL(built).href)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import(new URL('../src/cli/bin.ts', import.meta.url).href)
}
