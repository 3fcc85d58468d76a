/**
 * A sweep across machines, on BullMQ over Redis: `enqueueSweep` adds one queue job per sweep
 * job (its id is the job index, so adding a sweep again adds nothing that is there already, and
 * finished jobs are not run again); `startWorker` on each machine takes jobs and runs them;
 * `awaitSweep` waits until every job has finished and collects the results, or every failed job.
 *
 * A job of any length keeps its lock: it trains in spans that yield to the event loop, and the
 * worker renews the lock every quarter of `lockDuration`. A worker that dies mid-job loses its
 * lock; after `lockDuration` another worker's stalled-job check puts the job back in the queue
 * (at most `maxStalledCount` times), and it runs again from its newest checkpoint. Checkpoints
 * are kept in Redis, under the job's own key (`bull:gradfold-sweep-<name>:job-<i>:checkpoint`),
 * so workers need not share a folder; only the worker holding the job's lock can write there,
 * and the key is removed once the job has finished. A resumed job ends with the same bytes as an
 * uninterrupted one, because a checkpoint is the whole state of the run's fold.
 *
 * Results travel as the same JSON text a local run makes, so `writeSweepResults` writes the same
 * bytes whether the sweep ran on threads or on the queue.
 *
 * @since 0.2.0
 */
import type { Job as QueueJob, Queue } from 'bullmq'
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import * as TE from '#fp-ts/TaskEither.js'
import { importPeer } from '../optionalPeer.js'
import type { Redis } from 'ioredis'
import { describe, describeThrown } from '../../tensor/describe.js'
import { invalidArgument, type InvalidArgument } from '../../tensor/TensorError.js'
import {
  runIndex,
  type JobCheckpoints,
  type JobFailed,
  type JobResult,
  type JobRunner,
  type SweepFailed
} from './job.js'
import { jobCount, type SweepSpec } from './SweepSpec.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Redis could not be reached, or answered an error.
 *
 * @category model
 * @since 0.2.0
 */
export interface QueueFailed {
  readonly _tag: 'QueueFailed'
  readonly message: string
}

/**
 * How long a worker holds a job before it counts as dead (ms; 30 s unless given), how often
 * workers look for dead ones' jobs (ms; half of that unless given), how many times a job may be
 * found so before it fails, and how often a job checkpoints.
 *
 * @category model
 * @since 0.2.0
 */
export interface WorkerOptions {
  /** The lock's duration, ms: a whole number ≥ 1000; 30 000 unless given. */
  readonly lockDuration?: number
  /** How often this worker looks for stalled jobs, ms: a whole number ≥ 1; half the lock's duration unless given. */
  readonly stalledInterval?: number
  /**
   * How many times a job may stall (its worker died or stopped renewing its lock) and be run
   * again before it fails for good: a whole number ≥ 0; 3 unless given.
   *
   * @since 0.3.0
   */
  readonly maxStalledCount?: number
  /**
   * At least this many ms between two checkpoints of a job (taken at the end of an epoch, every
   * `checkpointEvery` epochs of its config): a whole number ≥ 0; 10 000 unless given.
   *
   * @since 0.3.0
   */
  readonly checkpointInterval?: number
  /** Called when this worker starts a job, with the job's index. */
  readonly onActive?: (index: number) => void
  /**
   * Called with one line for each thing that went wrong (Redis unreachable, a lock lost, a job
   * that failed); nothing is printed unless given.
   *
   * @since 0.3.0
   */
  readonly onError?: (message: string) => void
}

/**
 * A running queue worker; `close` lets it finish its job and stop.
 *
 * @category model
 * @since 0.2.0
 */
export interface SweepWorker {
  /** Lets the worker finish its current job, then stops it. */
  readonly close: () => Promise<void>
  /**
   * Stops the worker without waiting for its job to finish: it takes no more jobs; the running
   * job stops at its runner's next pause (a runner that does not honour `Job.signal` is waited
   * for), stores its newest checkpoint at once (whatever `checkpointInterval` says), and goes
   * back to the queue, to resume from that checkpoint on any worker.
   *
   * @since 0.3.0
   */
  readonly interrupt: () => Promise<void>
  /**
   * The index of the job this worker is running, if any.
   *
   * @since 0.3.0
   */
  readonly running: () => number | undefined
}

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const queueName = (sweep: string): string => `gradfold-sweep-${sweep}`

const queueFailed = (e: unknown): QueueFailed => ({
  _tag: 'QueueFailed',
  message: `the queue failed: ${e instanceof Error ? e.message : String(e)}`
})

const withQueue = <A>(url: string, sweep: string, use: (q: Queue) => Promise<A>): TE.TaskEither<QueueFailed, A> =>
  TE.tryCatch(async () => {
    const { Queue: QueueClass } = await bullmq()
    const q = new QueueClass(queueName(sweep), { connection: { url } })
    try {
      return await use(q)
    } finally {
      await q.close()
    }
  }, queueFailed)

/** A queue job's id: `job-<index>` (BullMQ refuses ids that look like integers). */
const jobId = (index: number): string => `job-${index}`

/** The first line of what was thrown: workers speak in one line per event, never a stack. */
const oneLine = (e: unknown): string => ((typeof e === 'string' ? e : describeThrown(e)).split('\n')[0] ?? '').trim()

interface Settings {
  readonly lockDuration: number
  readonly stalledInterval: number
  readonly maxStalledCount: number
  readonly checkpointInterval: number
}

const wholeAtLeast = (name: string, min: number, x: number): E.Either<InvalidArgument, number> =>
  Number.isSafeInteger(x) && x >= min
    ? E.right(x)
    : E.left(invalidArgument('startWorker', `${name} is ${describe(x)}; expected a whole number ≥ ${min}`))

/** The options with their defaults, each checked. */
const workerSettings = (o: WorkerOptions): E.Either<InvalidArgument, Settings> => {
  const lockDuration = o.lockDuration ?? 30_000
  return pipe(
    E.Do,
    E.apS('lockDuration', wholeAtLeast('lockDuration', 1000, lockDuration)),
    E.apS('stalledInterval', wholeAtLeast('stalledInterval', 1, o.stalledInterval ?? Math.floor(lockDuration / 2))),
    E.apS('maxStalledCount', wholeAtLeast('maxStalledCount', 0, o.maxStalledCount ?? 3)),
    E.apS('checkpointInterval', wholeAtLeast('checkpointInterval', 0, o.checkpointInterval ?? 10_000))
  )
}

/** Runs `ARGV[2]` (`SET` to `ARGV[3]`, or `DEL`) on `KEYS[2]` only while `KEYS[1]`, the job's lock, holds this worker's token. */
const IF_LOCKED = `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == 'DEL' then redis.call('DEL', KEYS[2]) else redis.call('SET', KEYS[2], ARGV[3]) end
return 1`

interface JobKeys {
  readonly lock: string
  readonly checkpoint: string
}

/** A queue job's lock (BullMQ's) and its checkpoint (ours, beside it). */
const jobKeys = (job: QueueJob): JobKeys => {
  const base = `${job.queueQualifiedName}:${job.id ?? ''}`
  return { lock: `${base}:lock`, checkpoint: `${base}:checkpoint` }
}

/** A job's checkpoints, and a way to store at once the newest one that was not yet due. */
interface StoredCheckpoints extends JobCheckpoints {
  readonly flush: () => TE.TaskEither<{ readonly message: string }, void>
}

/**
 * A job's checkpoints in Redis: written at most once per `interval` ms (the newest one not yet
 * due is kept, for `flush`), and only while this worker holds the lock.
 */
const redisCheckpoints = (store: Redis, keys: JobKeys, token: string, interval: number): StoredCheckpoints => {
  let last = Date.now()
  let pending: (() => E.Either<{ readonly message: string }, string>) | undefined
  const failed = (e: unknown) => ({ message: `the checkpoint in Redis: ${oneLine(e)}` })
  const write = (text: () => E.Either<{ readonly message: string }, string>) => {
    const written = text()
    return E.isLeft(written)
      ? TE.left(written.left)
      : TE.tryCatch(async () => {
          const stored = await store.eval(IF_LOCKED, 2, keys.lock, keys.checkpoint, token, 'SET', written.right)
          if (stored !== 1) throw new Error('this worker no longer holds the job (its lock expired)')
          last = Date.now()
          pending = undefined
        }, failed)
  }
  return {
    latest: () => TE.tryCatch(() => store.get(keys.checkpoint), failed),
    save: (text) => {
      if (Date.now() - last >= interval) return write(text)
      pending = text
      return TE.right(undefined)
    },
    flush: () => (pending === undefined ? TE.right(undefined) : write(pending))
  }
}

/** A finished job's outcome: its result's text, or why it failed for good; `undefined` while it runs. */
const outcomeOf = (index: number, job: QueueJob): E.Either<JobFailed, string> | undefined =>
  typeof job.returnvalue === 'string'
    ? E.right(job.returnvalue)
    : job.finishedOn !== undefined && job.failedReason !== undefined
      ? E.left({ _tag: 'JobFailed', index, message: `job ${index}: ${oneLine(job.failedReason)}` })
      : undefined

/** Every job's result in job order, or every job that failed (by its runner or for good on the queue). */
const settle = (
  outcomes: ReadonlyArray<E.Either<JobFailed, string>>
): E.Either<SweepFailed, ReadonlyArray<JobResult>> => {
  const results: Array<JobResult> = []
  const failed: Array<JobFailed> = []
  for (const o of outcomes) {
    const r = E.isLeft(o) ? o.left : (JSON.parse(o.right) as JobResult | JobFailed)
    if ('_tag' in r) failed.push({ ...r, message: oneLine(r.message) })
    else results.push(r)
  }
  return failed.length === 0
    ? E.right(results)
    : E.left({ _tag: 'SweepFailed', failed, message: `${failed.length} of ${outcomes.length} jobs failed` })
}

/**
 * BullMQ and ioredis, loaded when a queue is first used (a program that never uses one does not
 * hold them, nor need them installed: they are optional peer dependencies, and a missing one is
 * said by name).
 */
const bullmq = () => importPeer('bullmq', 'npm install bullmq ioredis', () => import('bullmq'))
const ioredis = () => importPeer('ioredis', 'npm install bullmq ioredis', () => import('ioredis'))

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Why a job's signal is aborted when its worker is interrupted. */
const INTERRUPTED = 'its worker was interrupted'

/** A job's text says it failed (`JobFailed`): an interrupted runner answers so. */
const isFailure = (text: string): boolean => text.startsWith('{"_tag":"JobFailed"')

// -------------------------------------------------------------------------------------
// queues
// -------------------------------------------------------------------------------------

/**
 * Adds every job of `spec` to its queue on the Redis server at `url` (jobs already there,
 * waiting or finished, are left as they are).
 *
 * @example
 * import * as Node from 'gradfold/node'
 * const spec: Node.SweepSpec = { name: 'lr', seed: 1, metric: 'test.loss', base: { optimizer: { name: 'sgd', lr: 0.1 }, seed: 0 }, grid: { 'optimizer.lr': [0.01, 0.1, 1] } }
 * // needs a Redis server: with one at this address, the sweep's 3 jobs are queued for any worker
 * export const queue = () => Node.enqueueSweep('redis://127.0.0.1:6379', spec)() // answers Right 3
 *
 * @category queues
 * @since 0.2.0
 */
export const enqueueSweep = (url: string, spec: SweepSpec): TE.TaskEither<QueueFailed, number> =>
  withQueue(url, spec.name, async (q) => {
    const n = jobCount(spec)
    await q.addBulk(
      Array.from({ length: n }, (_, index) => ({
        name: 'job',
        data: { spec, index },
        opts: { jobId: jobId(index), attempts: 3, removeOnComplete: false, removeOnFail: false }
      }))
    )
    return n
  })

/**
 * Waits until every job of `spec` has finished (looking every `pollMs`, 200 unless given) and
 * answers the results in job order, or, when any failed (its runner answered a `Left`, or it
 * failed for good on the queue: stalled too often, out of attempts), every failed job with its
 * reason in one line.
 *
 * @example
 * import * as Node from 'gradfold/node'
 * const spec: Node.SweepSpec = { name: 'lr', seed: 1, metric: 'test.loss', base: { optimizer: { name: 'sgd', lr: 0.1 }, seed: 0 }, grid: { 'optimizer.lr': [0.01, 0.1, 1] } }
 * // needs a Redis server and workers (`Node.startWorker`): queue the sweep, wait, write its table
 * export const sweep = async (url: string) => {
 *   await Node.enqueueSweep(url, spec)()
 *   const results = await Node.awaitSweep(url, spec)() // three results, in job order
 *   if (results._tag === 'Right') console.log(Node.sweepTable(spec)(results.right))
 * }
 *
 * @category queues
 * @since 0.2.0
 */
export const awaitSweep = (
  url: string,
  spec: SweepSpec,
  pollMs = 200
): TE.TaskEither<QueueFailed | SweepFailed, ReadonlyArray<JobResult>> =>
  TE.flattenW(
    withQueue(
      url,
      spec.name,
      async (q): Promise<TE.TaskEither<QueueFailed | SweepFailed, ReadonlyArray<JobResult>>> => {
        const indices = Array.from({ length: jobCount(spec) }, (_, i) => i)
        for (;;) {
          const jobs = await Promise.all(indices.map((i) => q.getJob(jobId(i))))
          const missing = jobs.findIndex((job) => job === undefined)
          if (missing >= 0) return TE.left(queueFailed(`job ${missing} is not in the queue; enqueue the sweep first`))
          const outcomes = jobs.map((job, i) => outcomeOf(i, job!))
          if (outcomes.every((o) => o !== undefined)) return TE.fromEither(settle(outcomes))
          await pause(pollMs)
        }
      }
    )
  )

/**
 * Starts a worker that takes jobs of the sweep named `sweep` from the Redis server at `url`,
 * one at a time, runs them with `runner`, until it is closed. A job trains without holding the
 * event loop (the runner awaits between spans of steps), so the lock is renewed every quarter of
 * `lockDuration` for as long as the job runs; each job keeps its checkpoints in Redis (see
 * `WorkerOptions.checkpointInterval`), so that, run again after its worker died, it resumes
 * from the newest. Options out of range answer an `InvalidArgument` naming the option.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import * as Node from 'gradfold/node'
 * // needs a Redis server: a worker taking the jobs of the sweep named 'lr', running each with `runner`, until it is closed
 * export const work = async (url: string, runner: Node.JobRunner) => {
 *   const worker = await Node.startWorker(url, 'lr', runner, { lockDuration: 60_000, onError: (m) => console.error(m) })()
 *   if (E.isRight(worker)) {
 *     // … the sweep runs …
 *     await worker.right.close()
 *   }
 * }
 *
 * @category queues
 * @since 0.2.0
 */
export const startWorker = (
  url: string,
  sweep: string,
  runner: JobRunner,
  options: WorkerOptions = {}
): TE.TaskEither<QueueFailed | InvalidArgument, SweepWorker> => {
  const settings = workerSettings(options)
  if (E.isLeft(settings)) return TE.left(settings.left)
  const { lockDuration, stalledInterval, maxStalledCount, checkpointInterval } = settings.right
  // one line an event, and one for a run of the same (a Redis server out of reach is retried without end)
  let last: string | undefined
  const onError = (e: unknown): void => {
    const line = oneLine(e)
    if (line !== last) options.onError?.(line)
    last = line
  }
  return TE.tryCatch(async () => {
    const [{ Worker, WaitingError }, { Redis }] = await Promise.all([bullmq(), ioredis()])
    const store = new Redis(url, { maxRetriesPerRequest: null })
    store.on('error', onError)
    let stopping = false
    let current: { readonly index: number; readonly controller: AbortController } | undefined
    const worker = new Worker(
      queueName(sweep),
      async (job, token) => {
        const { spec, index } = job.data as { readonly spec: SweepSpec; readonly index: number }
        options.onActive?.(index)
        last = undefined
        const keys = jobKeys(job)
        const checkpoints = redisCheckpoints(store, keys, token ?? '', checkpointInterval)
        const controller = new AbortController()
        if (stopping) controller.abort(INTERRUPTED)
        current = { index, controller }
        const text = await runIndex(spec, index, runner, checkpoints, controller.signal).finally(
          () => (current = undefined)
        )
        if (controller.signal.aborted && isFailure(text)) {
          // interrupted: its newest checkpoint is stored now, and it waits in the queue to resume from it
          const flushed = await checkpoints.flush()()
          if (E.isLeft(flushed)) onError(flushed.left.message)
          await job.moveToWait(token)
          throw new WaitingError()
        }
        // the job is done (a result or a failure of its own, the same on any rerun): its checkpoint goes
        await store.eval(IF_LOCKED, 2, keys.lock, keys.checkpoint, token ?? '', 'DEL').catch(onError)
        return text
      },
      {
        connection: { url, maxRetriesPerRequest: null },
        concurrency: 1,
        lockDuration,
        // renewed every quarter of its duration, so its time to live stays above three quarters
        // of it, less the renewal's round trip (BullMQ's default, half, lets it fall to half)
        lockRenewTime: Math.max(1, Math.floor(lockDuration / 4)),
        stalledInterval,
        maxStalledCount
      }
    )
    worker.on('error', onError)
    worker.on('failed', (job, e) => onError(`${job === undefined ? 'a job' : job.id} failed: ${oneLine(e)}`))
    const close = async (): Promise<void> => {
      await worker.close()
      store.disconnect()
    }
    return {
      close,
      interrupt: () => {
        stopping = true
        current?.controller.abort(INTERRUPTED)
        return close()
      },
      running: () => current?.index
    }
  }, queueFailed)
}
