// `npm run bench:threads` (and the first part of `npm run bench`): W1 (784-128-10 relu, softmax
// cross-entropy, SGD, batch 64) trained with each step's gradient in shards on 1 and 2 worker
// threads (`Node.threadedKernel`: the parameters flat in shared memory for the whole epoch, the
// main thread asleep while the workers compute), beside the same sharded gradient on the main
// thread (through the general path, and through the compiled program the workers run), in the built
// package under plain `node`. It also prints the main thread's serial time per step (what
// Amdahl's law charges: the threaded step's time minus its shards' time, measured alone).
//
// Every variant computes the same bits (shards of 32 samples, combined in the fixed tree; the
// run checks that the parameters agree bit for bit after an epoch). Method: a warm-up epoch, then
// ROUNDS rounds, each timing one epoch of 8 steps per variant, in an order that rotates from
// round to round; steps/s is the median over the rounds. The speed-up is the median over the
// rounds of each round's ratio (the two variants timed back to back, under the same load), with
// its spread (the lowest and highest round). The machine may be shared: the load average before
// and after is printed beside the ratio, and written to bench/results/threads.json, which
// `npm run bench` prints again under W1's table. Because another process that holds a core
// leaves two threads nothing to gain, each round is also probed before and after (two threads
// spin for 20 ms: the cores they got, from the process's CPU time); the rounds with two free
// cores at both probes are "quiet", and their median ratio is printed beside the overall one
// (a probe is independent of the variants measured: it says what the machine offered, not how
// the threads used it).
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import * as E from 'fp-ts/lib/Either.js'
import { Data, NN, Optim, Random, Train, Tree } from '../src/index.js'
import * as Node from '../src/node/index.js'
import { shardInto } from '../src/node/threads/shard.js'
import { orFail } from './timing.js'
import { workloads } from './workloads.js'
import * as Advanced from '../src/advanced.js'

const smoke = process.argv.includes('--smoke')
const ROUNDS = smoke ? 2 : 61
const SHARD = 32
const w = workloads(smoke)[0]!
const spec: Advanced.Train.ModelSpec = { sizes: w.sizes, activations: w.activations, bias: w.bias, loss: w.loss }
const batches = orFail(Advanced.Data.plan(orFail(Data.miniBatch(w.batch)))(w.data, orFail(Random.key(0)), 0))

type Gradient = (
  batch: Data.Dataset
) => (params: NN.MlpParams) => Promise<E.Either<{ readonly message: string }, { readonly grad: NN.MlpParams }>>

const stepwise =
  (gradient: Gradient) =>
  async (params: NN.MlpParams): Promise<NN.MlpParams> => {
    let p = params
    for (const batch of Advanced.Data.batches(batches)) {
      const g = orFail(await gradient(batch)(p))
      p = orFail(Tree.addScaled(-w.lr, g.grad)(p))
    }
    return p
  }

/** The workers' shards (the compiled program), run one after the other on this thread, combined in the fixed tree. */
const compiledHere = (): Gradient => {
  return (batch) => (params) => {
    const flat = Tree.flatten(params)
    const n = batch.inputs.shape[0]!
    const parts = orFail(Advanced.Train.splitShards(SHARD)(n)).map((s) => {
      const out = new Float64Array(flat.length + 1)
      const set = { spec, params: flat, inputs: batch.inputs.data, targets: batch.targets.data }
      if (shardInto(set, s.start, s.end, out) !== null) throw new Error('a shard failed')
      return { value: out[flat.length]!, grad: orFail(Tree.unflatten(params)(out.subarray(0, flat.length))) }
    })
    return Promise.resolve(Advanced.Train.combineShards(n)(parts))
  }
}

const pure = orFail(Advanced.Train.shardedLossAndGrad(spec, SHARD))
const pools = [orFail(Node.threadPool(1)), orFail(Node.threadPool(2))]
const sgd = orFail(Optim.sgd(w.lr))
const model = orFail(Advanced.Train.decodeModelSpec(spec)).model
const key = orFail(Random.key(0))

/** One epoch of `Train.epoch` with the threads' kernel: the parameters stay flat for its 8 steps. */
const threaded = async (pool: Node.ThreadPool) => {
  const kernel = orFail(await Node.threadedKernel(pool)(spec, SHARD)(sgd)())
  const config = { model, optimizer: sgd, batching: orFail(Data.miniBatch(w.batch)), kernel }
  return (params: NN.MlpParams): Promise<NN.MlpParams> =>
    Promise.resolve(orFail(Train.epoch(config)(Train.initialState(sgd)(params, key), w.data)).state.params)
}

const variants: ReadonlyArray<{ readonly name: string; readonly epoch: (p: NN.MlpParams) => Promise<NN.MlpParams> }> = [
  { name: 'main thread, general path', epoch: stepwise((b) => (p) => Promise.resolve(pure(b)(p))) },
  { name: 'main thread, compiled', epoch: stepwise(compiledHere()) },
  ...(await Promise.all(
    pools.map(async (pool) => ({
      name: `${pool.threads} worker thread${pool.threads > 1 ? 's' : ''}`,
      epoch: await threaded(pool)
    }))
  ))
]
const [ONE, TWO] = [2, 3]

/** `data` copied into shared memory, where the threads' kernel keeps parameters, rows and results. */
const shared = (data: Float64Array): Float64Array => {
  const out = new Float64Array(new SharedArrayBuffer(data.length * 8))
  out.set(data)
  return out
}

/**
 * An epoch's shards alone, one after the other on this thread, as the kernel's workers compute
 * them (over shared memory, the parameters vouched for and the gradient checked by the
 * combination): the work the threads share.
 */
const shardsAlone = (): (() => void) => {
  const flat = shared(Tree.flatten(w.params))
  const out = shared(new Float64Array(flat.length + 1))
  const list = Advanced.Data.batches(batches).map((b) => ({
    set: { spec, params: flat, inputs: shared(b.inputs.data), targets: shared(b.targets.data) },
    shards: orFail(Advanced.Train.splitShards(SHARD)(b.inputs.shape[0]!))
  }))
  return () => {
    for (const { set, shards } of list) for (const s of shards) shardInto(set, s.start, s.end, out, true)
  }
}
const alone = shardsAlone()

const median = (xs: ReadonlyArray<number>): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** Two threads that each spin for 20 ms when asked: the cores the machine offers now. */
const prober = () => {
  const c = new Int32Array(new SharedArrayBuffer(8))
  const body = `const { workerData: c } = require('node:worker_threads')
    for (let seen = 0; ; seen++) {
      Atomics.wait(c, 0, seen)
      if (Atomics.load(c, 0) < 0) break
      const t = performance.now(); let x = 0
      while (performance.now() - t < 20) x += Math.sqrt(x + 1)
      Atomics.add(c, 1, 1); Atomics.notify(c, 1)
    }`
  const workers = [0, 1].map(() => new Worker(body, { eval: true, workerData: c }))
  return {
    cores: (): number => {
      Atomics.store(c, 1, 0)
      const [t, u] = [performance.now(), process.cpuUsage()]
      Atomics.add(c, 0, 1)
      Atomics.notify(c, 0)
      for (let d = Atomics.load(c, 1); d < 2; d = Atomics.load(c, 1)) Atomics.wait(c, 1, d)
      const used = process.cpuUsage(u)
      return (used.user + used.system) / 1000 / (performance.now() - t)
    },
    stop: () => Promise.all(workers.map((w) => w.terminate()))
  }
}

const main = async (): Promise<void> => {
  const loadBefore = os.loadavg()[0]!
  const seconds = variants.map(() => [] as Array<number>)
  const aloneSeconds: Array<number> = []
  const probe = prober()
  await new Promise((r) => setTimeout(r, 100)) // the probe's threads start
  const quiet: Array<boolean> = []
  const ends: Array<NN.MlpParams> = []
  for (const v of variants) ends.push(await v.epoch(w.params))
  const same = ends.every((p) => Buffer.from(Tree.flatten(p).buffer).equals(Buffer.from(Tree.flatten(ends[0]!).buffer)))
  for (let round = 0; round < ROUNDS; round++) {
    const before = probe.cores()
    for (let k = 0; k < variants.length; k++) {
      const i = (k + round) % variants.length
      const start = performance.now()
      await variants[i]!.epoch(w.params)
      seconds[i]!.push((performance.now() - start) / 1000)
    }
    const start = performance.now()
    alone()
    aloneSeconds.push((performance.now() - start) / 1000)
    quiet.push(before >= 1.8 && probe.cores() >= 1.8)
  }
  await probe.stop()
  const loadAfter = os.loadavg()[0]!
  const steps = Advanced.Data.batches(batches).length
  const rates = seconds.map((s) => steps / median(s))
  const perRound = seconds[ONE]!.map((s, r) => s / seconds[TWO]![r]!)
  const speedUp = median(perRound)
  const [low, high] = [Math.min(...perRound), Math.max(...perRound)]
  const quietRatios = perRound.filter((_, r) => quiet[r])
  const quietSpeedUp = quietRatios.length === 0 ? null : median(quietRatios)
  const cores = os.availableParallelism()
  // the main thread's serial time per step: a threaded step's time less its shards' time (all of
  // it on one thread, half of it on two), per round, in milliseconds
  const serial = (i: number, share: number): number =>
    median(seconds[i]!.map((s, r) => ((s - aloneSeconds[r]! * share) / steps) * 1000))
  const serialMs = { oneThread: serial(ONE, 1), twoThreads: serial(TWO, 0.5) }
  const shardMs = (median(aloneSeconds) / steps / 2) * 1000
  console.log(
    `W1 ${w.title}, ${w.data.inputs.shape[0]} samples, shards of ${SHARD}; ${cores} cores, load ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after${smoke ? ' (smoke: timings mean nothing)' : ''}`
  )
  variants.forEach((v, i) => console.log(`  ${v.name.padEnd(28)} ${rates[i]!.toFixed(1).padStart(8)} steps/s`))
  console.log(
    `  2 threads / 1 thread: ${speedUp.toFixed(2)}× (median of ${ROUNDS} rounds; ${low.toFixed(2)}–${high.toFixed(2)}×); 2 threads / main thread compiled: ${(rates[TWO]! / rates[1]!).toFixed(2)}×`
  )
  console.log(
    `  rounds with two free cores at both probes: ${quietRatios.length} of ${ROUNDS}${quietSpeedUp === null ? '' : `; their 2 threads / 1 thread: ${quietSpeedUp.toFixed(2)}× (${Math.min(...quietRatios).toFixed(2)}–${Math.max(...quietRatios).toFixed(2)}×)`}`
  )
  console.log(
    `  one shard of ${SHARD} alone ${shardMs.toFixed(2)} ms; serial time per step (step − its shards' share): ${serialMs.oneThread.toFixed(2)} ms on 1 thread, ${serialMs.twoThreads.toFixed(2)} ms on 2`
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
        quiet: {
          rounds: quietRatios.length,
          median: quietSpeedUp,
          low: quietRatios.length === 0 ? null : Math.min(...quietRatios),
          high: quietRatios.length === 0 ? null : Math.max(...quietRatios)
        },
        shardMs,
        serialMsPerStep: serialMs,
        sameBits: same
      },
      null,
      2
    )}\n`
  )
  if (!same) process.exitCode = 1
}

await main()
