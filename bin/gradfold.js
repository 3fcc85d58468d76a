#!/usr/bin/env node
// The `gradfold` command. It runs the built code (dist/bundle/cli.js, see scripts/build.mjs): an
// installed package ships it, and in a clone `npm ci` builds it (the prepare script). Without
// dist/ (a clone installed with --ignore-scripts) it runs the TypeScript sources through tsx, a
// dev dependency, several times slower to start. GRADFOLD_FROM_SOURCE=1 forces the sources.
import { existsSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'

const built = fileURLToPath(new URL('../dist/bundle/cli.js', import.meta.url))
if (existsSync(built) && process.env.GRADFOLD_FROM_SOURCE !== '1') {
  await import(pathToFileURL(built).href)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import(new URL('../src/cli/bin.ts', import.meta.url).href)
}
