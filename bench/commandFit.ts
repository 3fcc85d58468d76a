// The `Train.fit` side of the `gradfold train` row (bench/command.ts), run as its own node
// process: `node dist/bench/commandFit.js <config.json>`. A user's program that trains from a
// config file: it loads the package's bundles (dist/bundle/, which the command runs from too) and
// nothing else, prepares the config as the command does (`Node.prepareExperiment`), then times
// `Train.fit` around the call. It prints one line of JSON, `{ seconds, lastLoss }`.
//
// It loads no other module of the bench: an earlier form of this child ran inside command.ts,
// whose imports loaded a second, unbundled copy of the library first, and that copy alone made
// the child's training ~5 % faster (the engine's young generation had grown while loading it).
import { readFileSync } from 'node:fs'
import type { Timed } from './command.js'

/** A file of the package's bundles (dist/bundle/), as a URL to import. */
const bundle = (file: string): string => new URL(`../bundle/${file}`, import.meta.url).href

const configFile = process.argv[2]
if (configFile === undefined) throw new Error('usage: node dist/bench/commandFit.js <config.json>')
const { Train } = (await import(bundle('index.js'))) as typeof import('../src/index.js')
const Node = (await import(bundle('node.js'))) as typeof import('../src/node/index.js')
const prepared = await Node.prepareExperiment(JSON.parse(readFileSync(configFile, 'utf8')))()
if (prepared._tag === 'Left') throw new Error(`the config does not prepare: ${prepared.left.message}`)
const p = prepared.right
const start = performance.now()
const result = Train.fit(p.fit)(p.params, p.key, p.train)
const seconds = (performance.now() - start) / 1000
if (result._tag === 'Left') throw new Error(`Train.fit failed: ${result.left.message}`)
const timed: Timed = { seconds, lastLoss: result.right.history[result.right.history.length - 1]!.batchLoss }
console.log(JSON.stringify(timed))
