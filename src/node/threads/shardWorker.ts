/**
 * The body of a shard worker thread: one serving loop a thread, started with the pool and
 * ended when it closes. The loop sleeps on the control block's job sequence
 * (`Atomics.wait`), reads the published job (a seqlock: it reads again when the
 * main thread was writing), computes its share of the shards (shard `k` on worker `k mod n`)
 * and counts each one done in the control block (noting the time: `HEARD`), waking whoever
 * waits for it: the main thread, or, in a job that combines, the other workers (the main thread
 * sleeps through such a job, woken once, by the count that ends it: `ENDED`). Buffers (the model
 * as data, parameters, rows, results) are registered once by message and named by id in the jobs.
 *
 * A shard is computed with the bits `Advanced.Train.shardedLossAndGrad` gives on the main thread: by
 * the model's compiled program (`train/loop/compiled.ts`, traced once per shard shape and run
 * over the shared buffers where they lie), or, where the program gives up (a value that is not
 * finite), by the general path exactly as the main thread runs it, which names the error. Its
 * gradient (and the loss after it) is written into its slot of the shared result array; a
 * failure is sent back by message before the shard is counted done. When the job asks, each
 * worker then waits for every shard and combines its slice of the parameters (`combine.ts`):
 * the mean gradient, or the whole SGD step. In such a job the shards neither check the
 * parameters (the kernel vouches for them) nor the gradient (the combination checks it). After
 * a job's last SGD step, when it asks (`COPY`), each worker copies its slice of the new
 * parameters into the array the main thread sent for it, which the span answers.
 *
 * At that meeting a worker first spins (reads the count of shards done) for at most as long as
 * its own shards took, and at most {@link SPIN_LIMIT_MS}, and only sleeps after: the others are
 * computing shards of the same size, so they are due within that time, and a thread put to
 * sleep there wakes late (on a virtual machine an idle core is halted: a wake-and-answer round
 * trip between two threads measured about 13 µs hot and about 100 µs after a millisecond's
 * sleep). It spins only when there are no more workers than cores, so that it never holds a core
 * another worker's shard needs. (`npm run bench:threads` on W1, 2 cores: 2 threads / 1 thread
 * 1.03× sleeping at once, 1.76× spinning first.) In a job of several SGD steps the workers
 * also meet after each step's combination, before the next step's shards read the parameters:
 * there a worker spins for at most twice as long as its own combination took (the others
 * combine slices of the same size), and at most {@link SPIN_LIMIT_MS}.
 *
 * @internal
 * @since 0.2.0
 */
import { availableParallelism } from 'node:os'
import { receiveMessageOnPort } from 'node:worker_threads'
import { combinedValue, combineSlice, sliceOf } from './combine.js'
import { shardInto } from './shard.js'
import {
  clock,
  LOSSES,
  ORIGIN,
  WORD,
  type BufferSet,
  type ServeTask,
  type ShardFailed,
  type ShardResult,
  type ToWorker
} from './shared.js'

const describeThrown = (e: unknown): string => (e instanceof Error ? e.message : String(e))

/** The longest a worker spins at the meeting before it sleeps, in milliseconds. */
const SPIN_LIMIT_MS = 2

/** Spins until `c[word]` reaches `count` or `ms` milliseconds have passed. */
const spinUntil = (c: Int32Array, word: number, count: number, ms: number): void => {
  if (!(ms > 0)) return
  const until = performance.now() + ms
  while (Atomics.load(c, word) < count && performance.now() < until);
}

/**
 * Waits until `c[word]` reaches `count`: spinning for at most `ms` milliseconds, then asleep;
 * false when the pool stops meanwhile (the main thread gives up on a job whose workers do not
 * come, and stops the pool: so do we).
 */
const meet = (c: Int32Array, word: number, count: number, ms: number): boolean => {
  spinUntil(c, word, count, ms)
  for (let d = Atomics.load(c, word); d < count; d = Atomics.load(c, word)) {
    if (Atomics.load(c, WORD.STOP) === 1) return false
    Atomics.wait(c, word, d)
  }
  return true
}

/**
 * Notes the time (`HEARD`, in ms since the job's `origin`), then counts `n` more on `word` and
 * wakes whoever waits on it; answers the new count.
 */
const tell = (c: Int32Array, origin: number, word: number, n: number): number => {
  Atomics.store(c, WORD.HEARD, Math.ceil(clock() - origin))
  const now = Atomics.add(c, word, n) + n
  Atomics.notify(c, word)
  return now
}

/** Counts `n` combinations of this worker; the count that completes the job (`goal`) wakes the main thread (`ENDED`). */
const tellCombined = (c: Int32Array, origin: number, n: number, goal: number): void => {
  if (tell(c, origin, WORD.APPLIED, n) < goal) return
  Atomics.add(c, WORD.ENDED, 1)
  Atomics.notify(c, WORD.ENDED)
}

/** Slice `index` of `threads` of `from` copied into `into` (the same elements). */
const copySlice = (into: Float64Array, from: Float64Array, index: number, threads: number): void => {
  const [lo, hi] = sliceOf(from.length, index, threads)
  into.set(from.subarray(lo, hi), lo)
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
      else if (msg._tag === 'copyInto') copyInto = msg.into
      else hangIn = { jobs: msg.jobs, ms: msg.ms }
    }
  }
  let seen = 0
  let hangIn: { jobs: number; readonly ms: number } | undefined
  let copyInto: Float64Array | undefined
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
      steps: Atomics.load(c, WORD.STEPS),
      stride: Atomics.load(c, WORD.STRIDE),
      copy: Atomics.load(c, WORD.COPY) === 1,
      c: numbers[0]!,
      k: numbers[1]!,
      origin: numbers[ORIGIN]!
    }
    if (Atomics.load(c, WORD.SEQ) !== seq) continue // the main thread wrote a newer job meanwhile
    seen = seq
    // the array this job copies its last step's parameters into, forgotten after it (the main thread hands it out)
    const into = job.copy ? copyInto : undefined
    copyInto = undefined
    const set = sets.get(job.set)
    const count = Math.ceil(job.rows / job.size)
    const width = set === undefined ? 0 : set.params.length + 1
    // read with the job: the main thread may publish the next one as soon as the last shard (or combination) is counted
    const apply = job.apply
    const steps = apply === 2 ? Math.max(1, job.steps) : 1
    let combining = 0 // how long this worker's last combination took, ms
    for (let step = 0; step < steps; step++) {
      if (step > 0) {
        // every worker has written its slice of the step before: the parameters are whole again
        // (the others combine slices of the same size: they are due within about as long as ours took)
        if (!meet(c, WORD.APPLIED, threads * step, spins ? Math.min(SPIN_LIMIT_MS, 2 * combining) : 0)) return
        // (a failure of this step, set by a worker already past this point, does not count here: every worker decides alike)
        const bad = Atomics.load(c, WORD.BAD)
        if (bad !== 0 && bad <= step) {
          // a step went wrong: the main thread runs the span again the general way; the steps left are counted, not run
          tellCombined(c, job.origin, steps - step, threads * steps)
          break
        }
      }
      if (hangIn !== undefined && hangIn.jobs-- === 0) hang(hangIn.ms)
      const base = job.base + step * job.stride
      const began = performance.now()
      for (let k = index; k < count; k += threads) {
        let result: ShardResult
        try {
          result =
            set === undefined
              ? { _tag: 'WorkerFailed', message: `buffer set ${job.set} is not registered` }
              : shardInto(
                  set,
                  base + k * job.size,
                  base + Math.min(job.rows, (k + 1) * job.size),
                  set.out.subarray(k * width, (k + 1) * width),
                  apply !== 0
                )
        } catch (e) {
          result = { _tag: 'WorkerFailed', message: `shard ${k} threw: ${describeThrown(e)}` }
        }
        if (result !== null) {
          port.postMessage({ seq, shard: k, error: result } satisfies ShardFailed)
          Atomics.compareExchange(c, WORD.BAD, 0, step + 1)
        }
        tell(c, job.origin, WORD.DONE, 1)
      }
      if (apply === 0) continue
      // every shard of the step done (the others' due within about as long as ours took), this worker combines its slice
      if (!meet(c, WORD.DONE, count * (step + 1), spins ? Math.min(SPIN_LIMIT_MS, performance.now() - began) : 0))
        return
      const target = apply === 1 ? set?.update : set?.params
      const combineBegan = performance.now()
      let finite = false
      try {
        if (set !== undefined && target !== undefined) {
          const n = set.params.length
          if (index === 0) numbers[LOSSES + step] = combinedValue(set.out, width, count, n)
          const [lo, hi] = sliceOf(n, index, threads)
          const mode = apply === 1 ? 'mean' : 'sgd'
          finite = combineSlice(mode, set.out, width, count, job.c, job.k, target, lo, hi)
        }
      } catch {
        finite = false // the main thread takes the step the general way, which names what went wrong
      }
      if (!finite) Atomics.compareExchange(c, WORD.BAD, 0, step + 1)
      else if (step === steps - 1 && apply === 2 && into !== undefined && target !== undefined)
        copySlice(into, target, index, threads)
      combining = performance.now() - combineBegan
      tellCombined(c, job.origin, 1, threads * steps)
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
