// The JavaScript of the package: every entry bundled by esbuild into dist/bundle/, beside tsc's
// declarations (dist/src/**/*.d.ts, dist/laws/**/*.d.ts, which `types` points at). Node then
// reads a few files per entry instead of hundreds, and fp-ts comes from its ESM build, inlined,
// instead of being lexed as CommonJS: the startup `npm run bench:startup` measures.
//
// One build with code splitting makes every entry: the code two entries share lives once, in a
// shared chunk, so a value made through `gradfold` is the same class or symbol that
// `gradfold/advanced` or `gradfold/node` checks. The files node loads by path at run time are
// entries too, flat in the same folder as the chunks, under the names the code looks for beside
// itself (src/node/workerFile.ts): the gradient worker threads' `shardWorker.js` and the sweep
// jobs' `sweepJob.js`. The command's subcommands are dynamic imports (src/cli/commands/index.ts),
// so each is a chunk of its own, loaded when chosen: `gradfold --help` loads none.
//
// Left outside: node's builtins; piscina, commander and cli-progress (CommonJS packages that only
// the node entry and the command import); bullmq and ioredis (optional peers, imported on first
// use); fast-check (a peer: the laws run the user's copy).
import { rmSync } from 'node:fs'
import { build } from 'esbuild'

const outdir = 'dist/bundle'

/** The package's entries (package.json "exports" and "bin") and the modules loaded by path. */
const ENTRIES = {
  index: 'src/index.ts',
  advanced: 'src/advanced.ts',
  node: 'src/node/index.ts',
  laws: 'laws/index.ts',
  'data/digits': 'src/data/digits.ts',
  'data/penguins': 'src/data/penguins.ts',
  cli: 'src/cli/bin.ts',
  shardWorker: 'src/node/threads/shardWorker.ts',
  sweepJob: 'src/cli/sweepJob.ts'
}

/** `#fp-ts/*` (and the laws' `fp-ts/lib/*`) from fp-ts's ES modules, which esbuild inlines and shakes. */
const fpTsModules = {
  name: 'fp-ts-es6',
  setup(b) {
    b.onResolve({ filter: /^(#fp-ts|fp-ts\/lib)\// }, (args) =>
      b.resolve(args.path.replace(/^(#fp-ts|fp-ts\/lib)\//, 'fp-ts/es6/'), {
        kind: args.kind,
        resolveDir: args.resolveDir
      })
    )
  }
}

rmSync(outdir, { recursive: true, force: true })
const { metafile } = await build({
  entryPoints: ENTRIES,
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // io-ts's ES modules (its "module" field), which import fp-ts's
  mainFields: ['module', 'main'],
  external: ['bullmq', 'ioredis', 'piscina', 'commander', 'cli-progress', 'fast-check'],
  plugins: [fpTsModules],
  chunkNames: 'chunk-[hash]',
  metafile: true,
  logLevel: 'warning'
})

// Module identity across entries: each module's code is in one output file only.
const homes = new Map()
for (const [output, { inputs }] of Object.entries(metafile.outputs))
  for (const input of Object.keys(inputs)) homes.set(input, [...(homes.get(input) ?? []), output])
const twice = [...homes].filter(([, outputs]) => outputs.length > 1)
if (twice.length > 0) {
  console.error(
    `gradfold build: modules bundled more than once:\n${twice.map(([i, o]) => `  ${i}: ${o.join(', ')}`).join('\n')}`
  )
  process.exit(1)
}

// `gradfold --help` stays light: what the command's entry imports statically, through chunks,
// holds the argument parser and the subcommands' help lines, no subcommand's module nor the
// library under it (each subcommand is a dynamic import, loaded when it runs).
const statically = (output, seen = new Set()) => {
  if (seen.has(output)) return seen
  seen.add(output)
  for (const i of metafile.outputs[output].imports)
    if (i.kind === 'import-statement' && !i.external) statically(i.path, seen)
  return seen
}
const heavy = [...statically(`${outdir}/cli.js`)]
  .flatMap((output) => Object.keys(metafile.outputs[output].inputs))
  .filter((input) => !/^src\/cli\/(bin|main|io|commands\/index)\.ts$/.test(input))
if (heavy.length > 0) {
  console.error(`gradfold build: gradfold --help would load more than it needs:\n  ${heavy.join('\n  ')}`)
  process.exit(1)
}
