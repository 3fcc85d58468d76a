/**
 * The body of a shard worker thread: one serving loop a thread, started with the pool and
 * ended when it closes. The loop sleeps on the control block's job sequence
 * (`Atomics.wait`), reads the published job (a seqlock: it reads again when the
 * main thread was writing), computes its share of the shards (shard `k` on worker `k mod n`)
 * and counts each one done in the control block, waking the main thread. Buffers (the model as
 * data, parameters, rows, results) are registered once by message and named by id in the jobs.
 *
 * A shard is computed with the bits `Advanced.Train.shardedLossAndGrad` gives on the main thread:
 * through the fused kernel when the loss has one (`train/parallel/fusedShard.ts`), else (or when a
 * value is not finite, so that the error is named) through the general path exactly as the
 * main thread runs it. Its gradient (and the loss after it) is written into its slot of the
 * shared result array; a failure is sent back by message before the shard is counted done.
 * When the job asks, each worker then waits for every shard and combines its slice of the
 * parameters (`combine.ts`): the mean gradient, or the whole SGD step.
 *
 * At that meeting a worker first spins (reads the count of shards done) for at most as long as
 * its own shards took, and at most {@link SPIN_LIMIT_MS}, and only sleeps after: the others are
 * computing shards of the same size, so they are due within that time, and a thread put to
 * sleep there wakes late (on a virtual machine an idle core is halted: a wake-and-answer round
 * trip between two threads measured about 13 µs hot and about 100 µs after a millisecond's
 * sleep). It spins only when there are no more workers than cores, so that it never holds a core
 * another worker's shard needs. (`npm run bench:threads` on W1, 2 cores: 2 threads / 1 thread
 * 1.03× sleeping at once, 1.76× spinning first.)
 *
 * @internal
 * @since 0.2.0
 */
import { availableParallelism } from 'node:os'
import { receiveMessageOnPort } from 'node:worker_threads'
import * as E from '#fp-ts/Either.js'
import { unsafeDataset } from '../../data/Dataset.js'
import type { MlpParams } from '../../nn/mlp.js'
import { unsafeMake } from '../../tensor/Tensor.js'
import { flattenInto } from '../../tree/flatten.js'
import type { Model } from '../../train/Model.js'
import { decodeModelSpec } from '../../train/files/ModelSpec.js'
import { shardLossAndGrad } from '../../train/parallel/shards.js'
import { fusedShard, type FusedShard } from '../../train/parallel/fusedShard.js'
import { combineSlice, sliceOf } from './combine.js'
import {
  mlpTemplate,
  viewTree,
  WORD,
  type BufferSet,
  type ServeTask,
  type ShardFailed,
  type ShardResult,
  type ToWorker
} from './shared.js'

interface Prepared {
  readonly model: Model<MlpParams>
  readonly template: MlpParams
  readonly fused: FusedShard | undefined
}

type Ready = E.Either<{ readonly _tag: string; readonly message: string }, Prepared>

const prepared = new Map<string, Ready>()

const prepare = (set: BufferSet): Ready => {
  const id = JSON.stringify(set.spec)
  const hit = prepared.get(id)
  if (hit !== undefined) return hit
  const built = E.map((b: { readonly model: Model<MlpParams> }) => ({
    model: b.model,
    template: mlpTemplate(set.spec),
    fused: fusedShard(set.spec)
  }))(decodeModelSpec(set.spec, 'sum'))
  prepared.set(id, built)
  return built
}

/** Rows `[start, end)` of `set`: the summed loss and gradient, written into `out`. */
const shard = (ready: Ready, set: BufferSet, start: number, end: number, out: Float64Array): ShardResult => {
  if (E.isLeft(ready)) return ready.left
  const { model, template, fused } = ready.right
  const n = set.params.length
  const value = fused?.(set.params, set.inputs, set.targets, start, end, out)
  if (value !== undefined) {
    out[n] = value
    return null
  }
  const features = template[0]!.w.shape[0]!
  const outputs = template[template.length - 1]!.w.shape[1]!
  const rows = set.inputs.length / features
  const batch = unsafeDataset(unsafeMake([rows, features], set.inputs), unsafeMake([rows, outputs], set.targets))
  const result = shardLossAndGrad(model, batch, { start, end })(viewTree(template, set.params))
  if (E.isLeft(result)) return { _tag: result.left._tag, message: result.left.message }
  flattenInto(result.right.grad, out)
  out[n] = result.right.value
  return null
}

const describeThrown = (e: unknown): string => (e instanceof Error ? e.message : String(e))

/** The longest a worker spins at the meeting before it sleeps, in milliseconds. */
const SPIN_LIMIT_MS = 2

/** Spins until `c[word]` reaches `count` or `ms` milliseconds have passed. */
const spinUntil = (c: Int32Array, word: number, count: number, ms: number): void => {
  if (!(ms > 0)) return
  const until = performance.now() + ms
  while (Atomics.load(c, word) < count && performance.now() < until);
}

/** Answers nothing for `ms` milliseconds, busy (how tests make a worker hang). */
const hang = (ms: number): void => {
  const until = performance.now() + ms
  while (performance.now() < until);
}

/** The serving loop of worker `task.index`, until the pool closes. */
const loop = (task: ServeTask): void => {
  const { control: c, numbers, port, index, threads } = task
  const spins = threads <= availableParallelism()
  const sets = new Map<number, BufferSet>()
  const read = (): void => {
    for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
      const msg = m.message as ToWorker
      if (msg._tag === 'set') sets.set(msg.set.id, msg.set)
      else if (msg._tag === 'drop') sets.delete(msg.id)
      else hangIn = { jobs: msg.jobs, ms: msg.ms }
    }
  }
  let seen = 0
  let hangIn: { jobs: number; readonly ms: number } | undefined
  for (;;) {
    const seq = Atomics.load(c, WORD.SEQ)
    if (Atomics.load(c, WORD.STOP) === 1) return
    if (seq === seen || seq % 2 === 1) {
      Atomics.wait(c, WORD.SEQ, seq)
      continue
    }
    read()
    const job = {
      set: Atomics.load(c, WORD.SET),
      base: Atomics.load(c, WORD.BASE),
      size: Atomics.load(c, WORD.SIZE),
      rows: Atomics.load(c, WORD.ROWS),
      apply: Atomics.load(c, WORD.APPLY),
      c: numbers[0]!,
      k: numbers[1]!
    }
    if (Atomics.load(c, WORD.SEQ) !== seq) continue // the main thread wrote a newer job meanwhile
    seen = seq
    if (hangIn !== undefined && hangIn.jobs-- === 0) hang(hangIn.ms)
    const set = sets.get(job.set)
    const count = Math.ceil(job.rows / job.size)
    const width = set === undefined ? 0 : set.params.length + 1
    const began = performance.now()
    for (let k = index; k < count; k += threads) {
      let result: ShardResult
      try {
        result =
          set === undefined
            ? { _tag: 'WorkerFailed', message: `buffer set ${job.set} is not registered` }
            : shard(
                prepare(set),
                set,
                job.base + k * job.size,
                job.base + Math.min(job.rows, (k + 1) * job.size),
                set.out.subarray(k * width, (k + 1) * width)
              )
      } catch (e) {
        result = { _tag: 'WorkerFailed', message: `shard ${k} threw: ${describeThrown(e)}` }
      }
      if (result !== null) port.postMessage({ seq, shard: k, error: result } satisfies ShardFailed)
      Atomics.add(c, WORD.DONE, 1)
      Atomics.notify(c, WORD.DONE)
    }
    const apply = job.apply // read with the job: the main thread may publish the next one as soon as the last shard is counted
    if (apply !== 0) {
      // every shard done, this worker combines its slice of the parameters
      if (spins) spinUntil(c, WORD.DONE, count, Math.min(SPIN_LIMIT_MS, performance.now() - began))
      // (the main thread gives up on a job whose shards do not come, and stops the pool: so do we)
      for (let d = Atomics.load(c, WORD.DONE); d < count; d = Atomics.load(c, WORD.DONE)) {
        if (Atomics.load(c, WORD.STOP) === 1) return
        Atomics.wait(c, WORD.DONE, d)
      }
      const target = apply === 1 ? set?.update : set?.params
      let finite = false
      try {
        if (set !== undefined && target !== undefined) {
          const [lo, hi] = sliceOf(set.params.length, index, threads)
          const mode = apply === 1 ? 'mean' : 'sgd'
          finite = combineSlice(mode, set.out, width, count, job.c, job.k, target, lo, hi)
        }
      } catch {
        finite = false // the main thread takes the step the general way, which names what went wrong
      }
      if (!finite) Atomics.store(c, WORD.BAD, 1)
      Atomics.add(c, WORD.APPLIED, 1)
      Atomics.notify(c, WORD.APPLIED)
    }
  }
}

/**
 * Starts the serving loop of worker `task.index`: the task answers once every worker of the
 * pool has taken its own (so that no two loops land on one thread), and the loop runs on after
 * it, outside piscina's bookkeeping, so that idle threads do not keep the process alive.
 */
export default function serve(task: ServeTask): string {
  const c = task.control
  Atomics.add(c, WORD.READY, 1)
  Atomics.notify(c, WORD.READY)
  for (let n = Atomics.load(c, WORD.READY); n < task.threads; n = Atomics.load(c, WORD.READY)) {
    if (Atomics.load(c, WORD.STOP) === 1) return 'stopped'
    Atomics.wait(c, WORD.READY, n, 100)
  }
  setImmediate(() => loop(task))
  return 'serving'
}
