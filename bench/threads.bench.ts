// `npm run bench:threads` (and the first part of `npm run bench`): W1 (784-128-10 relu, softmax
// cross-entropy, SGD, batch 64) trained step by step with the gradient on 1 and 2 worker threads,
// beside the same sharded gradient on the main thread (through the general path, and through the
// fused kernel the workers run), in the built package under plain `node`.
//
// Every variant computes the same bits (shards of 32 samples, combined in the fixed tree; the
// run checks that the parameters agree bit for bit after an epoch). Method: a warm-up epoch, then
// ROUNDS rounds, each timing one epoch of 8 steps per variant, in an order that rotates from
// round to round; steps/s is the median over the rounds. The speed-up is the median over the
// rounds of each round's ratio (the two variants timed back to back, under the same load), with
// its spread (the lowest and highest round). The machine may be shared: the load average before
// and after is printed beside the ratio, and written to bench/results/threads.json, which
// `npm run bench` prints again under W1's table.
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { Data, NN, Random, Train, Tree } from '../src/index.js'
import * as Node from '../src/node/index.js'
import { fusedShard } from '../src/train/fusedShard.js'
import { orFail } from './timing.js'
import { workloads } from './workloads.js'

const smoke = process.argv.includes('--smoke')
const ROUNDS = smoke ? 2 : 31
const SHARD = 32
const w = workloads(smoke)[0]!
const spec: Train.ModelSpec = { sizes: w.sizes, activations: w.activations, bias: w.bias, loss: w.loss }
const batches = orFail(Data.plan(orFail(Data.miniBatch(w.batch)))(w.data, orFail(Random.key(0)), 0))

type Gradient = (
  batch: Data.Dataset
) => (params: NN.MlpParams) => Promise<E.Either<{ readonly message: string }, { readonly grad: NN.MlpParams }>>

const epoch = async (gradient: Gradient, params: NN.MlpParams): Promise<NN.MlpParams> => {
  let p = params
  for (const batch of Data.batches(batches)) {
    const g = orFail(await gradient(batch)(p))
    p = orFail(Tree.addScaled(-w.lr, g.grad)(p))
  }
  return p
}

/** The workers' fused shards, run one after the other on this thread, combined in the fixed tree. */
const fusedHere = (): Gradient => {
  const shard = fusedShard(spec)!
  return (batch) => (params) => {
    const flat = Tree.flatten(params)
    const n = batch.inputs.shape[0]!
    const parts = orFail(Train.shardsOf(SHARD)(n)).map((s) => {
      const out = new Float64Array(flat.length)
      const value = shard(flat, batch.inputs.data, batch.targets.data, s.start, s.end, out)!
      return { value, grad: orFail(Tree.unflatten(params)(out)) }
    })
    return Promise.resolve(Train.combineShards(n)(parts))
  }
}

const pure = orFail(Train.shardedLossAndGrad(spec, SHARD))
const pools = [orFail(Node.threadPool(1)), orFail(Node.threadPool(2))]
const variants: ReadonlyArray<{ readonly name: string; readonly gradient: Gradient }> = [
  { name: 'main thread, general path', gradient: (b) => (p) => Promise.resolve(pure(b)(p)) },
  { name: 'main thread, fused kernel', gradient: fusedHere() },
  ...pools.map((pool) => {
    const g = orFail(Node.threadedLossAndGrad(pool)(spec, SHARD))
    return {
      name: `${pool.threads} worker thread${pool.threads > 1 ? 's' : ''}`,
      gradient: (b: Data.Dataset) => (p: NN.MlpParams) => g(b)(p)()
    }
  })
]
const [ONE, TWO] = [2, 3]

const median = (xs: ReadonlyArray<number>): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const main = async (): Promise<void> => {
  const loadBefore = os.loadavg()[0]!
  const seconds = variants.map(() => [] as Array<number>)
  const ends: Array<NN.MlpParams> = []
  for (const v of variants) ends.push(await epoch(v.gradient, w.params))
  const same = ends.every((p) => Buffer.from(Tree.flatten(p).buffer).equals(Buffer.from(Tree.flatten(ends[0]!).buffer)))
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < variants.length; k++) {
      const i = (k + round) % variants.length
      const start = performance.now()
      await epoch(variants[i]!.gradient, w.params)
      seconds[i]!.push((performance.now() - start) / 1000)
    }
  }
  const loadAfter = os.loadavg()[0]!
  const steps = Data.batches(batches).length
  const rates = seconds.map((s) => steps / median(s))
  const perRound = seconds[ONE]!.map((s, r) => s / seconds[TWO]![r]!)
  const speedUp = median(perRound)
  const [low, high] = [Math.min(...perRound), Math.max(...perRound)]
  const cores = os.availableParallelism()
  console.log(
    `W1 ${w.title}, ${w.data.inputs.shape[0]} samples, shards of ${SHARD}; ${cores} cores, load ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after${smoke ? ' (smoke: timings mean nothing)' : ''}`
  )
  variants.forEach((v, i) => console.log(`  ${v.name.padEnd(28)} ${rates[i]!.toFixed(1).padStart(8)} steps/s`))
  console.log(
    `  2 threads / 1 thread: ${speedUp.toFixed(2)}× (median of ${ROUNDS} rounds; ${low.toFixed(2)}–${high.toFixed(2)}×); 2 threads / main thread fused: ${(rates[TWO]! / rates[1]!).toFixed(2)}×`
  )
  console.log(`  every variant ends on the same parameters, bit for bit: ${same ? 'yes' : 'NO'}`)
  for (const p of pools) orFail(await Node.closePool(p)())
  const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'results')
  mkdirSync(out, { recursive: true })
  writeFileSync(
    path.join(out, smoke ? 'threads-smoke.json' : 'threads.json'),
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        smoke,
        cores,
        load: { before: loadBefore, after: loadAfter },
        shardSize: SHARD,
        rounds: ROUNDS,
        stepsPerSecond: Object.fromEntries(variants.map((v, i) => [v.name, rates[i]])),
        speedUp: { median: speedUp, low, high },
        sameBits: same
      },
      null,
      2
    )}\n`
  )
  if (!same) process.exitCode = 1
}

await main()
