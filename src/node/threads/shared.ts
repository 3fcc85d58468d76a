/**
 * What crosses between the main thread and a shard worker, and how: parameters and batches as
 * `Float64Array`s over `SharedArrayBuffer`s (written once a step, never copied per shard, and
 * treated as immutable by both sides once written), and each shard's gradient written by its
 * worker into a slot of one shared result array (nothing is cloned or moved back). The shared
 * buffers are reused from step to step (an `Arena`). Trees are rebuilt on either side as views
 * over those arrays, in flatten order.
 *
 * @internal
 * @since 0.2.0
 */
import type { MessagePort } from 'node:worker_threads'
import type { Params } from '../../tree/Tree.js'
import type { MlpParams } from '../../nn/mlp.js'
import { unsafeMake, type Tensor } from '../../tensor/Tensor.js'
import { flattenInto } from '../../tree/flatten.js'
import { leafList, size, unsafeRebuild, type Leaf, type Tree } from '../../tree/Tree.js'
import type { ModelSpec } from '../../train/files/ModelSpec.js'

/**
 * What a shard answers: `null` once its result is written, or the error it met, as a plain value.
 *
 * @internal
 */
export type ShardResult = null | { readonly _tag: string; readonly message: string }

/**
 * Shared buffers kept for reuse: a call takes the ones it needs and gives them back once every
 * shard that reads or writes them has answered, so a step allocates no shared memory once the
 * first steps have run (allocating a `SharedArrayBuffer` a step costs more than the copy into
 * it, and its external memory drives the collector).
 *
 * @internal
 */
export interface Arena {
  /** A shared array of `length` numbers (its contents are whatever was left there). */
  readonly take: (length: number) => Float64Array
  /** Gives `a` back: nobody reads or writes it any more. */
  readonly give: (a: Float64Array) => void
}

/**
 * An arena with no buffers yet; it keeps at most `keep` buffers of each length.
 *
 * @internal
 */
export const arena = (keep = 4): Arena => {
  const free = new Map<number, Array<Float64Array>>()
  return {
    take: (length) => free.get(length)?.pop() ?? new Float64Array(new SharedArrayBuffer(length * 8)),
    give: (a) => {
      const list = free.get(a.length) ?? []
      if (list.length < keep) list.push(a)
      free.set(a.length, list)
    }
  }
}

/**
 * `data` where shard workers can read it: `data` itself when it already lives in shared memory,
 * else a copy in a buffer taken from `from` (and listed in `taken`, to be given back).
 *
 * @internal
 */
export const sharedCopy = (from: Arena, taken: Array<Float64Array>, data: Float64Array): Float64Array => {
  if (data.buffer instanceof SharedArrayBuffer) return data
  const out = from.take(data.length)
  out.set(data)
  taken.push(out)
  return out
}

/**
 * Every scalar of `tree`, in flatten order, in a shared array taken from `from` (and listed in
 * `taken`).
 *
 * @internal
 */
export const flattenShared = (from: Arena, taken: Array<Float64Array>, tree: Tree): Float64Array => {
  const out = flattenInto(tree, from.take(size(tree)))
  taken.push(out)
  return out
}

/**
 * A tree of `template`'s structure whose tensors are views over `flat` (no copy), in flatten
 * order; the caller vouches that `flat` holds `size(template)` numbers and is never written.
 *
 * @internal
 */
export const viewTree = <P extends Params>(template: P, flat: Float64Array): P => {
  let offset = 0
  const view = (leaf: Leaf): Leaf => {
    if (typeof leaf === 'number') return flat[offset++]!
    const n = leaf.data.length
    const t: Tensor = unsafeMake(leaf.shape, flat.subarray(offset, offset + n))
    offset += n
    return t
  }
  return unsafeRebuild(template, leafList(template).map(view)) as P
}

/**
 * The parameters' structure an MLP spec implies (zeros), for rebuilding trees in a worker.
 *
 * @internal
 */
export const mlpTemplate = (spec: ModelSpec): MlpParams => {
  const layers: Array<{ w: Tensor; b?: Tensor }> = []
  for (let i = 0; i + 1 < spec.sizes.length; i++) {
    const [m, n] = [spec.sizes[i]!, spec.sizes[i + 1]!]
    const w = unsafeMake([m, n], new Float64Array(m * n))
    layers.push(spec.bias === false ? { w } : { w, b: unsafeMake([n], new Float64Array(n)) })
  }
  return layers
}

// -------------------------------------------------------------------------------------
// the serving protocol
// -------------------------------------------------------------------------------------

/**
 * The words of a pool's control block (an `Int32Array` over a `SharedArrayBuffer`), through
 * which the main thread hands out jobs and the workers report: no message crosses per step.
 *
 * - `SEQ`: the job sequence, a seqlock: odd while the main thread writes a job, even once it is
 *   published; workers wait on it;
 * - `STOP`: 1 once the pool closes: the serving loops return;
 * - `DONE`: the shards of the current job finished so far; the main thread waits on it (for a
 *   job that does not combine);
 * - `READY`: the serving loops started;
 * - the job: `SET` (which registered buffers), `BASE` (the first row of the batch in them),
 *   `SIZE` (the shard size), `ROWS` (the batch's rows): shard `k` holds rows
 *   `BASE + k·SIZE …` and worker `i` of `n` computes the shards `k ≡ i (mod n)`;
 * - `APPLY`: 0, or what the workers do once every shard is done, each on its slice of the
 *   parameters (`combine.ts`): 1 the mean gradient into the set's `update`, 2 the SGD step on
 *   its `params` (with the job's numbers `c = 1/rows` and `k = −lr`); `APPLIED` counts the
 *   workers done with it and `BAD` is set (to the step's index + 1, the first such step's)
 *   when one wrote a non-finite number or a shard failed. A job that combines comes from a
 *   caller that vouches for its parameters' finiteness (the threads' kernel: it checks them
 *   before a span, and every step it takes checks the parameters it writes), and the
 *   combination checks every number of the gradient: its shards check neither again
 *   (`shardInto`'s `vouched`);
 * - `STEPS`, `STRIDE`: a job that takes the SGD step (`APPLY` 2) may run `STEPS` steps in a row
 *   without the main thread, step `s` on the rows from `BASE + s·STRIDE`: the workers meet
 *   after each step's combination (`APPLIED` reaching `threads·(s + 1)`) before the next step's
 *   shards read the parameters; `DONE` and `APPLIED` count over the whole job, worker 0 writes
 *   each step's summed loss into the job's numbers (`LOSSES + s`), and after a step that set
 *   `BAD` the workers count the steps left without running them (each decides at the meeting
 *   before step `s` from `BAD` set by the steps before `s` alone, so all decide alike);
 * - `ENDED`: the jobs that combined and ended: the worker whose count of combinations completes
 *   the job adds 1 and wakes the main thread, which sleeps on this word during such a job, so
 *   that the workers' meetings after each step (on `DONE` and `APPLIED`) do not wake it (a main
 *   thread woken twice a step takes a core from a worker while both cores compute);
 * - `HEARD`: when a worker last counted a shard or a combination, in whole milliseconds (rounded
 *   up) since the job's `ORIGIN`, stored before the count: the main thread, asleep until the
 *   job ends, learns from it how long the workers have been silent;
 * - `COPY`: 1 when, after the job's last SGD step, each worker also copies its slice of the new
 *   parameters into the array the main thread sent for the job (`ToWorker`'s `copyInto`, posted
 *   before the job is published): the parameters the span answers, in a buffer of their own, its
 *   fresh pages touched by the workers at once rather than by the main thread alone after the job
 *   (a page fault for each 4 KB page of a fresh array, W1's 800 KB about 2 ms of one thread on
 *   this kind of machine).
 *
 * @internal
 */
export const WORD = {
  SEQ: 0,
  STOP: 1,
  DONE: 2,
  READY: 3,
  SET: 4,
  BASE: 5,
  SIZE: 6,
  ROWS: 7,
  APPLY: 8,
  APPLIED: 9,
  BAD: 10,
  STEPS: 11,
  STRIDE: 12,
  ENDED: 13,
  HEARD: 14,
  COPY: 15
} as const

/** The number of words of a control block. @internal */
export const CONTROL_WORDS = 16

/** Where the job's numbers hold the time it was published, on {@link clock}. @internal */
export const ORIGIN = 2

/** Where the job's numbers hold each step's summed loss (after `c`, `k` and the origin). @internal */
export const LOSSES = 3

/**
 * Milliseconds on the system's monotonic clock, which every thread of the process reads alike
 * (each thread's `performance.now()` counts from its own start, and `performance.timeOrigin`
 * follows the wall clock as it was then).
 *
 * @internal
 */
export const clock = (): number => Number(process.hrtime.bigint()) / 1e6

/** The most steps one job runs. @internal */
export const MAX_STEPS = 256

/**
 * Buffers registered with the workers once (by message) and named by their id in the jobs:
 * the model as data, the parameters, the rows, and the result array (one slot of
 * `params.length + 1` numbers a shard: the gradient in flatten order, then the summed loss).
 *
 * @internal
 */
export interface BufferSet {
  readonly id: number
  readonly spec: ModelSpec
  readonly params: Float64Array
  readonly inputs: Float64Array
  readonly targets: Float64Array
  readonly out: Float64Array
  /** Where the mean gradient goes when a job asks for it. */
  readonly update?: Float64Array
}

/**
 * What the main thread tells a worker by message: a new buffer set, or one to forget; the array
 * the next job copies its last step's parameters into (`COPY`; forgotten after that job); or, in
 * tests, to take `jobs` more steps (of jobs of one step or more) and then hang (busy, answering
 * nothing) for `ms` milliseconds.
 *
 * @internal
 */
export type ToWorker =
  | { readonly _tag: 'set'; readonly set: BufferSet }
  | { readonly _tag: 'drop'; readonly id: number }
  | { readonly _tag: 'copyInto'; readonly into: Float64Array }
  | { readonly _tag: 'hang'; readonly jobs: number; readonly ms: number }

/** What a worker tells the main thread by message: a shard of job `seq` failed. @internal */
export interface ShardFailed {
  readonly seq: number
  readonly shard: number
  readonly error: { readonly _tag: string; readonly message: string }
}

/**
 * A serving loop's task: the control block and the job's numbers, its port to the main thread, its index among the
 * pool's `threads`.
 *
 * @internal
 */
export interface ServeTask {
  readonly control: Int32Array
  /** The job's numbers: `c`, `k`, the time it was published ({@link ORIGIN}), then each step's summed loss. */
  readonly numbers: Float64Array
  readonly port: MessagePort
  readonly index: number
  readonly threads: number
}
