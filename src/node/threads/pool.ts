/**
 * Data-parallel gradients on worker threads: a well-kept pool (piscina) of `threads` workers,
 * each running one serving loop for the pool's life (`hub.ts`), which computes whole shards of
 * a batch. The main thread cuts the batch into shards of a fixed size, puts the parameters and
 * the batch in shared memory (the workers read them, nobody writes them while they do; the
 * buffers are reused from call to call), publishes the job in a few words of a shared control
 * block, each worker writing its shards' gradients into their slots of a shared result array
 * (by the model's compiled program, `shard.ts`), and combines the shards'
 * gradients through the gradient monoid along the same fixed pairwise tree as
 * `Advanced.Train.shardedLossAndGrad`, so the result is that function's, bit for bit, for any number
 * of threads, one included (law: `laws/shards.laws.test.ts`).
 *
 * The model crosses as data (`Advanced.Train.ModelSpec`): a worker rebuilds it from the spec once and
 * keeps it. A closed pool refuses work with a `WorkerFailed` that says so.
 *
 * @since 0.2.0
 */
import { availableParallelism } from 'node:os'
import * as E from '#fp-ts/Either.js'
import * as TE from '#fp-ts/TaskEither.js'
import { Piscina } from 'piscina'
import type { ValueAndGrad } from '../../ad/valueAndGrad.js'
import type { Batch } from '../../data/EpochPlan.js'
import type { MlpParams } from '../../nn/mlp.js'
import { unsafeMake, type Tensor } from '../../tensor/Tensor.js'
import { describe } from '../../tensor/describe.js'
import { invalidArgument, type InvalidArgument } from '../../tensor/TensorError.js'
import { decodeModelSpec, type ModelSpec } from '../../train/files/ModelSpec.js'
import type { AsyncGradients, RunnerFailed } from '../../train/loop/run.js'
import { combineShards, splitShards, type ShardError } from '../../train/parallel/shards.js'
import { workerFile } from '../workerFile.js'
import { drop, openHub, register, runAsync, workerFailed, type Hub, type WorkerFailed } from './hub.js'
import { arena, flattenShared, sharedCopy, viewTree } from './shared.js'

export type { WorkerFailed } from './hub.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A pool of worker threads that compute shard gradients.
 *
 * @category model
 * @since 0.2.0
 */
export interface ThreadPool {
  readonly _tag: 'ThreadPool'
  readonly threads: number
}

/**
 * The serving side (over a piscina pool) behind each `ThreadPool`, kept out of the public type
 * so that gradfold's declarations do not carry piscina's (which a strict project with
 * `skipLibCheck: false` and `exactOptionalPropertyTypes` refuses).
 */
const pools = new WeakMap<ThreadPool, Hub>()

/**
 * The hub behind `pool`, or why there is none.
 *
 * @internal
 */
export const hubOf = (pool: ThreadPool): E.Either<InvalidArgument, Hub> => {
  const p = pools.get(pool)
  return p === undefined ? E.left(invalidArgument('threadPool', 'not a pool made by Node.threadPool')) : E.right(p)
}

/**
 * A sharded gradient computed on the pool, as a task.
 *
 * @category model
 * @since 0.2.0
 */
export type ThreadedLossAndGrad = (
  batch: Batch
) => (params: MlpParams) => TE.TaskEither<ShardError | WorkerFailed, ValueAndGrad<MlpParams>>

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const thrown = (e: unknown): WorkerFailed =>
  workerFailed(`a worker thread failed: ${e instanceof Error ? e.message : String(e)}`)

/** The shard in slot `k` of `results` (`width` numbers each: the gradient, then the loss). */
const slot = (results: Float64Array, width: number, k: number): Float64Array =>
  results.subarray(k * width, (k + 1) * width)

/**
 * The shards' results combined in the fixed tree, as one flat vector (one addition a level and
 * one scaling over the whole vector rather than one a leaf: the same numbers in the same order,
 * so the same bits); the tree of `params`' structure is a view over that fresh vector. When a
 * combination fails (a sum overflows) it is redone leaf by leaf, so that the error names the
 * leaf as `Advanced.Train.shardedLossAndGrad`'s does.
 *
 * @internal
 */
export const combined = (
  params: MlpParams,
  samples: number,
  results: Float64Array,
  shards: number
): E.Either<ShardError, ValueAndGrad<MlpParams>> => {
  const width = results.length / shards
  const n = width - 1
  const flat: Array<ValueAndGrad<{ readonly g: Tensor }>> = []
  for (let k = 0; k < shards; k++) {
    const r = slot(results, width, k)
    flat.push({ value: r[n]!, grad: { g: unsafeMake([n], r.subarray(0, n)) } })
  }
  const sum = combineShards(samples)(flat)
  if (E.isRight(sum)) return E.right({ value: sum.right.value, grad: viewTree(params, sum.right.grad.g.data) })
  const trees = flat.map((f) => ({ value: f.value, grad: viewTree(params, f.grad.g.data) }))
  return combineShards(samples)(trees)
}

// -------------------------------------------------------------------------------------
// pools
// -------------------------------------------------------------------------------------

/**
 * The number of cores this process may use: the default number of threads.
 *
 * @example
 * import * as Node from 'gradfold/node'
 * Node.everyCore() >= 1 // => true
 *
 * @category pools
 * @since 0.2.0
 */
export const everyCore = (): number => availableParallelism()

/**
 * How a pool watches its threads.
 *
 * @category model
 * @since 0.3.0
 */
export interface ThreadPoolOptions {
  /**
   * The longest the main thread waits for the workers to finish anything (a shard, a
   * combination), in ms: a whole number ≥ 1; 60 000 unless given. A worker that exited or hangs
   * ends the step it was in at the latest this long after the last shard any worker finished,
   * with a `Left` naming it (the last good state with it, for a run), and the pool takes no more
   * work. A shard that honestly takes longer needs a longer bound.
   */
  readonly answerWithin?: number
}

/**
 * A pool of `threads` worker threads (a positive integer; every core unless given), started
 * at once and kept until `closePool`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import * as Node from 'gradfold/node'
 * const pool = Node.threadPool(1, { answerWithin: 10_000 })
 * if (E.isRight(pool)) await Node.closePool(pool.right)() // right(undefined)
 *
 * @category pools
 * @since 0.2.0
 */
export const threadPool = (
  threads: number = everyCore(),
  options: ThreadPoolOptions = {}
): E.Either<InvalidArgument, ThreadPool> => {
  if (!Number.isInteger(threads) || threads < 1)
    return E.left(invalidArgument('threadPool', `threads is ${threads}; it must be a positive integer`))
  const answerWithin: unknown = (options as { readonly answerWithin?: unknown } | null)?.answerWithin ?? 60_000
  if (typeof answerWithin !== 'number' || !Number.isSafeInteger(answerWithin) || answerWithin < 1)
    return E.left(
      invalidArgument('threadPool', `answerWithin is ${describe(answerWithin)}; it must be a whole number of ms ≥ 1`)
    )
  const { filename, execArgv } = workerFile(import.meta.url, 'shardWorker')
  const piscina = new Piscina({
    filename,
    execArgv,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: Number.MAX_SAFE_INTEGER,
    // a worker's serving loop runs after its task, on the thread's event loop: piscina must not
    // hold that loop in a synchronous wait for its next task
    atomics: 'disabled'
  })
  const pool: ThreadPool = Object.freeze({ _tag: 'ThreadPool' as const, threads })
  pools.set(pool, openHub(piscina, threads, answerWithin))
  return E.right(pool)
}

/**
 * Stops the pool's threads once their shards are done; from then on the pool refuses work
 * (a `WorkerFailed` saying it is closed).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import * as Node from 'gradfold/node'
 * const pool = Node.threadPool(1)
 * if (E.isRight(pool)) await Node.closePool(pool.right)() // right(undefined)
 *
 * @category pools
 * @since 0.2.0
 */
export const closePool = (pool: ThreadPool): TE.TaskEither<WorkerFailed, void> =>
  TE.tryCatch(async () => pools.get(pool)?.close(), thrown)

/**
 * The batch's mean loss and gradient for the model `spec` describes, shard by shard (shards of
 * `shardSize` samples) on `pool`'s threads, combined in the fixed tree: equal, bit for bit, to
 * `Advanced.Train.shardedLossAndGrad(spec, shardSize)` on this thread.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Data, NN, Random } from 'gradfold'
 * import * as Node from 'gradfold/node'
 * import * as Advanced from 'gradfold/advanced'
 * const spec: Advanced.Train.ModelSpec = { sizes: [3, 2, 3], activations: ['sigmoid', 'sigmoid'], loss: 'halfSumSquares' }
 * const pool = Node.threadPool(2)
 * if (E.isRight(pool)) {
 *   const params = E.chainW((net: NN.Mlp) => E.chainW(net.init)(Random.key(0)))(NN.mlp(spec))
 *   const grad = Node.threadedLossAndGrad(pool.right)(spec, 8)
 *   if (E.isRight(grad) && E.isRight(params)) await grad.right(Data.threeClass)(params.right)() // right: Advanced.Train.shardedLossAndGrad's, bit for bit
 *   await Node.closePool(pool.right)()
 * }
 *
 * @category gradients
 * @since 0.2.0
 */
export const threadedLossAndGrad =
  (pool: ThreadPool) =>
  (spec: ModelSpec, shardSize: number): E.Either<InvalidArgument, ThreadedLossAndGrad> => {
    const hub = hubOf(pool)
    if (E.isLeft(hub)) return hub
    const built = decodeModelSpec(spec, 'sum')
    if (E.isLeft(built)) return built
    const checked = splitShards(shardSize)(1)
    if (E.isLeft(checked)) return checked
    const buffers = arena()
    return E.right((batch) => (params) => async () => {
      const samples = batch.inputs.shape[0]!
      const shards = Math.ceil(samples / shardSize)
      const taken: Array<Float64Array> = []
      const flat = flattenShared(buffers, taken, params)
      const results = buffers.take(shards * (flat.length + 1))
      taken.push(results)
      const set = register(hub.right, {
        spec,
        params: flat,
        inputs: sharedCopy(buffers, taken, batch.inputs.data),
        targets: sharedCopy(buffers, taken, batch.targets.data),
        out: results
      })
      try {
        const job = await runAsync(hub.right, set, 0, shardSize, samples)
        // a job cut short may still have shards running: its buffers are dropped, not given back
        if (E.isLeft(job)) return job
        const failed = job.right.failures[0]
        const out =
          failed === undefined ? combined(params, samples, results, shards) : E.left({ ...failed.error } as ShardError)
        for (const t of taken) buffers.give(t)
        return out
      } catch (e) {
        return E.left(thrown(e))
      } finally {
        drop(hub.right, set)
      }
    })
  }

/**
 * The same gradients as `Train.run`'s `gradients` option: every step's gradient computed on
 * `pool`'s threads (shards of `shardSize`), any error answered as a `RunnerFailed` naming it.
 * A run with them is a run with `Advanced.Train.shardedLossAndGrad`'s gradients, bit for bit, whatever
 * the number of threads.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Data, Optim, Random, Train } from 'gradfold'
 * import * as Node from 'gradfold/node'
 * import * as Advanced from 'gradfold/advanced'
 * const spec: Advanced.Train.ModelSpec = { sizes: [3, 4, 3], activations: ['tanh', 'identity'], loss: 'softmaxCrossEntropy' }
 * const pool = Node.threadPool(2)
 * const built = Advanced.Train.decodeModelSpec(spec)
 * const sgd = Optim.sgd(0.5)
 * const key = Random.key(0)
 * if (E.isRight(pool) && E.isRight(built) && E.isRight(sgd) && E.isRight(key)) {
 *   const gradients = Node.threadedGradients(pool.right)(spec, 8)
 *   const params = built.right.net.init(key.right)
 *   const config = { model: built.right.model, optimizer: sgd.right, batching: Data.fullBatch(), maxEpochs: 5 }
 *   if (E.isRight(gradients) && E.isRight(params))
 *     await Train.run(config, { gradients: gradients.right })(Train.start(config)(params.right, key.right), Data.threeClass)() // right: 5 epochs, each step's gradient from the threads
 *   await Node.closePool(pool.right)()
 * }
 *
 * @category gradients
 * @since 0.2.0
 */
export const threadedGradients =
  (pool: ThreadPool) =>
  (spec: ModelSpec, shardSize: number): E.Either<InvalidArgument, AsyncGradients<MlpParams>> =>
    E.map(
      (g: ThreadedLossAndGrad): AsyncGradients<MlpParams> =>
        (batch, params) =>
          TE.mapLeft((e: ShardError | WorkerFailed): RunnerFailed => ({ _tag: 'RunnerFailed', message: e.message }))(
            g(batch)(params)
          )
    )(threadedLossAndGrad(pool)(spec, shardSize))
