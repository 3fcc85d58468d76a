/**
 * `--threads <n>` of `gradfold train` and `gradfold resume`: every step's gradient computed on a
 * pool of `n` worker threads, the pool closed however the session ends. For the library's
 * optimizers (all the config can name) the steps run in `gradfold/node`'s `threadedKernel`
 * (the parameters flat for a span of steps, the main thread asleep while the workers compute);
 * otherwise each step's gradient comes from `threadedGradients` through `Train.run`'s
 * `gradients` option. Both give the same bits.
 *
 * A threaded run says so in its folder (`threads.json`, the number of threads): `gradfold resume`
 * without `--threads` continues it on as many threads (saying so in one line), so that it ends
 * where the uninterrupted run would; `--threads m` continues it on m, to the same end. A folder
 * without the file (a run on this thread, or one from before it was written) resumes on this
 * thread unless `--threads` is given.
 *
 * A batch is cut into shards whose size depends on the configured batch size alone (at most
 * `MAX_SHARDS` shards of at least `MIN_SHARD` samples), never on `n`, so the run is the same,
 * bit for bit, for any number of threads. A batch too small for two shards (stochastic descent,
 * small mini-batches, full batches of a tiny set) gains nothing from threads: the session then
 * says so in one line and runs on this thread.
 *
 * @since 0.2.0
 */
import { readFile } from 'node:fs/promises'
import * as E from '#fp-ts/Either.js'
import * as TE from '#fp-ts/TaskEither.js'
import type { NN } from '../index.js'
import * as Node from '../node/index.js'
import type { Io } from './io.js'
import * as Advanced from '../advanced.js'

type AnyState = Advanced.Train.AnyState
type Prepared = Advanced.Train.Prepared

/** The most shards a batch is cut into. */
export const MAX_SHARDS = 8

/** The fewest samples a shard holds. */
export const MIN_SHARD = 8

/**
 * The flag's line in `--help`.
 *
 * @category help
 * @since 0.2.0
 */
export const THREADS_HELP =
  "compute each step's gradient on n worker threads (a whole number ≥ 1; one thread, this one, unless given)"

/**
 * What `--help` says of the flag below the options.
 *
 * @category help
 * @since 0.2.0
 */
export const THREADS_NOTE = `--threads n cuts each batch into shards (at most ${MAX_SHARDS}, of at least ${MIN_SHARD} samples, sized by the
batch alone) and adds their gradients in a fixed order: the same model file for every n
(the last bits differ from a run without --threads). A threaded run records n in its folder
(threads.json): resume continues it on n threads unless --threads says otherwise.
A batch too small for two shards runs on one thread (said in one line).`

/**
 * The number of threads `--threads` asks for (`undefined`: the flag is absent), or the line
 * that says what was expected.
 *
 * @category parsing
 * @since 0.2.0
 */
export const threadsOption = (raw: string | undefined): E.Either<string, number | undefined> => {
  if (raw === undefined) return E.right(undefined)
  const n = /^\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN
  return Number.isSafeInteger(n) && n >= 1
    ? E.right(n)
    : E.left(`--threads is ${JSON.stringify(raw)}; it must be a whole number ≥ 1 (e.g. --threads 2)`)
}

/**
 * The samples of one step's batch as the config sets it.
 *
 * @category shards
 * @since 0.2.0
 */
export const batchSize = (p: Prepared): number => {
  const b = p.experiment.batching
  return b.kind === 'full'
    ? p.train.inputs.shape[0]!
    : b.kind === 'stochastic'
      ? 1
      : Math.min(b.size, p.train.inputs.shape[0]!)
}

/**
 * The shard size for batches of `batch` samples: at most `MAX_SHARDS` shards of at least
 * `MIN_SHARD` samples, or `null` when the batch would be one shard (threads cannot help).
 *
 * @category shards
 * @since 0.2.0
 */
export const shardSizeFor = (batch: number): number | null => {
  const size = Math.max(MIN_SHARD, Math.ceil(batch / MAX_SHARDS))
  return size >= batch ? null : size
}

/** The model of a prepared run, as data a worker rebuilds it from. */
const specOf = (p: Prepared): Advanced.Train.ModelSpec => ({
  sizes: p.network.sizes,
  activations: p.network.activations,
  bias: p.network.bias,
  loss: p.experiment.loss
})

/** The gradients, their failures naming the step (as the run's own divergence message does). */
const located =
  (gradients: Advanced.Train.AsyncGradients<NN.MlpParams>): Advanced.Train.AsyncGradients<NN.MlpParams> =>
  (batch, params, at) =>
    TE.mapLeft((e: { readonly message: string }) => ({
      _tag: 'RunnerFailed' as const,
      message: `at epoch ${at.epoch}, step ${at.step}: ${e.message}`
    }))(gradients(batch, params, at))

/**
 * Where a session's steps come from when they run on threads: the kernel that runs spans of
 * steps (for the library's optimizers), or each step's gradient.
 *
 * @category running
 * @since 0.2.0
 */
export type Threaded =
  | { readonly kernel: Advanced.Train.EpochKernel<NN.MlpParams, AnyState> }
  | { readonly gradients: Advanced.Train.AsyncGradients<NN.MlpParams> }

/**
 * The number of threads a run folder's `threads.json` records, if it holds one.
 *
 * @category records
 * @since 0.2.0
 */
export const recordedThreads = async (path: string): Promise<number | undefined> => {
  const text = await readFile(path, 'utf8').catch(() => undefined)
  if (text === undefined) return undefined
  try {
    const n: unknown = (JSON.parse(text) as { readonly threads?: unknown }).threads
    return typeof n === 'number' && Number.isSafeInteger(n) && n >= 1 ? n : undefined
  } catch {
    return undefined
  }
}

/**
 * Records in `path` (a run folder's `threads.json`) that the run trains on `threads` threads.
 *
 * @category records
 * @since 0.2.0
 */
export const recordThreads = (path: string, threads: number): TE.TaskEither<Node.IoError, void> =>
  Node.writeTextAtomic(path)(`${JSON.stringify({ threads })}\n`)

/**
 * How pools are opened and closed (tests watch the closing).
 *
 * @category running
 * @since 0.2.0
 */
export interface Pools {
  readonly open: typeof Node.threadPool
  readonly close: typeof Node.closePool
}

/**
 * Runs `session` on `threads` worker threads (on this thread when `threads` is undefined, or
 * the batch is one shard, said in one line on `io.err`): with the threads' kernel when the
 * optimizer compiles, else with their gradients; closing the pool after it whatever it answers
 * or throws.
 *
 * @category running
 * @since 0.2.0
 */
export const withThreads = async (
  p: Prepared,
  threads: number | undefined,
  io: Io,
  session: (threaded: Threaded | undefined) => Promise<number>,
  pools: Pools = { open: Node.threadPool, close: Node.closePool }
): Promise<number> => {
  if (threads === undefined) return session(undefined)
  const batch = batchSize(p)
  const shardSize = shardSizeFor(batch)
  if (shardSize === null) {
    io.err.write(
      `gradfold: --threads ${threads} ignored: a batch of ${batch} sample${batch === 1 ? '' : 's'} is one shard (shards hold at least ${MIN_SHARD}); training on one thread\n`
    )
    return session(undefined)
  }
  const pool = pools.open(threads)
  if (E.isLeft(pool)) {
    io.err.write(`gradfold: --threads ${threads} ignored: ${pool.left.message}; training on one thread\n`)
    return session(undefined)
  }
  try {
    const kernel = await Node.threadedKernel(pool.right)(specOf(p), shardSize)(p.fit.optimizer)()
    if (E.isRight(kernel)) return await session({ kernel: kernel.right })
    const gradients = Node.threadedGradients(pool.right)(specOf(p), shardSize)
    if (E.isLeft(gradients))
      io.err.write(`gradfold: --threads ${threads} ignored: ${gradients.left.message}; training on one thread\n`)
    return await session(E.isRight(gradients) ? { gradients: located(gradients.right) } : undefined)
  } finally {
    await pools.close(pool.right)()
  }
}
