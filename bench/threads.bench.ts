// `npm run bench:threads`: W1 (784-128-10 relu, softmax cross-entropy, SGD, batch 64) trained
// step by step with the gradient on 1 and 2 worker threads, beside the same sharded gradient on
// the main thread, in the built package under plain `node`.
//
// Every variant computes the same bits (shards of 32 samples, combined in the fixed tree; the
// run checks that the parameters agree bit for bit after each round). Method: a warm-up epoch,
// then ROUNDS rounds, each timing one epoch of 8 steps per variant in an order that rotates from
// round to round; steps/s is the median over the rounds. The machine may be shared: the speed-up
// printed is what this run saw, and the number of cores is printed beside it.
import os from 'node:os'
import * as E from 'fp-ts/lib/Either.js'
import { Data, NN, Random, Train, Tree } from '../src/index.js'
import * as Node from '../src/node/index.js'
import { orFail } from './timing.js'
import { workloads } from './workloads.js'

const smoke = process.argv.includes('--smoke')
const ROUNDS = smoke ? 2 : 9
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

const pure = orFail(Train.shardedLossAndGrad(spec, SHARD))
const pools = [orFail(Node.threadPool(1)), orFail(Node.threadPool(2))]
const variants: ReadonlyArray<{ readonly name: string; readonly gradient: Gradient }> = [
  { name: 'main thread (shards of 32)', gradient: (b) => (p) => Promise.resolve(pure(b)(p)) },
  ...pools.map((pool) => {
    const g = orFail(Node.threadedLossAndGrad(pool)(spec, SHARD))
    return {
      name: `${pool.threads} worker thread${pool.threads > 1 ? 's' : ''}`,
      gradient: (b: Data.Dataset) => (p: NN.MlpParams) => g(b)(p)()
    }
  })
]

const median = (xs: ReadonlyArray<number>): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const main = async (): Promise<void> => {
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
  const steps = Data.batches(batches).length
  const rates = seconds.map((s) => steps / median(s))
  console.log(
    `W1 ${w.title}, ${w.data.inputs.shape[0]} samples, shards of ${SHARD}; ${os.availableParallelism()} cores, load ${os.loadavg()[0]!.toFixed(2)}`
  )
  variants.forEach((v, i) => console.log(`  ${v.name.padEnd(28)} ${rates[i]!.toFixed(1).padStart(8)} steps/s`))
  console.log(
    `  2 threads / 1 thread: ${(rates[2]! / rates[1]!).toFixed(2)}×; 2 threads / main thread: ${(rates[2]! / rates[0]!).toFixed(2)}×`
  )
  console.log(`  every variant ends on the same parameters, bit for bit: ${same ? 'yes' : 'NO'}`)
  for (const p of pools) orFail(await Node.closePool(p)())
  if (!same) process.exitCode = 1
}

await main()
