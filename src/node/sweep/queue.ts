/**
 * A sweep across machines, on BullMQ over Redis: `enqueueSweep` adds one queue job per sweep
 * job (its id is the job index, so adding a sweep again adds nothing that is there already, and
 * finished jobs are not run again); `startWorker` on each machine takes jobs and runs them;
 * `awaitSweep` waits until every job has finished and collects the results. A worker that dies
 * mid-job loses its lock; after `lockDuration` another worker's stalled-job check puts the job
 * back in the queue, and it runs again from its config alone, giving the same result.
 *
 * Results travel as the same JSON text a local run makes, so `writeSweepResults` writes the same
 * bytes whether the sweep ran on threads or on the queue.
 *
 * @since 0.2.0
 */
import type { Queue } from 'bullmq'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { importPeer } from '../optionalPeer.js'
import type { JobFailed, JobResult } from './job.js'
import { parseResults } from './local.js'
import { runIndex, type JobRunner } from './job.js'
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
 * How long a worker holds a job before it counts as dead (ms; 30 s unless given), and how often
 * workers look for dead ones' jobs (ms; half of that unless given).
 *
 * @category model
 * @since 0.2.0
 */
export interface WorkerOptions {
  readonly lockDuration?: number
  readonly stalledInterval?: number
  /** Called when this worker starts a job, with the job's index. */
  readonly onActive?: (index: number) => void
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

/**
 * BullMQ, loaded when a queue is first used (a program that never uses one does not hold it, nor
 * need it installed: it is an optional peer dependency, and its absence is said by name).
 */
const bullmq = () => importPeer('bullmq', 'npm install bullmq ioredis', () => import('bullmq'))

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

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
 * answers the results in job order, or the first job that failed for good.
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
): TE.TaskEither<QueueFailed | JobFailed, ReadonlyArray<JobResult>> =>
  TE.flattenW(
    withQueue(url, spec.name, async (q): Promise<TE.TaskEither<QueueFailed | JobFailed, ReadonlyArray<JobResult>>> => {
      const n = jobCount(spec)
      for (;;) {
        const texts: Array<string> = []
        for (let i = 0; i < n; i++) {
          const job = await q.getJob(jobId(i))
          if (job === undefined) return TE.left(queueFailed(`job ${i} is not in the queue; enqueue the sweep first`))
          if (job.finishedOn !== undefined && job.failedReason !== undefined && job.returnvalue == null)
            return TE.left({ _tag: 'JobFailed' as const, index: i, message: job.failedReason })
          if (typeof job.returnvalue !== 'string') break
          texts.push(job.returnvalue)
        }
        if (texts.length === n) return TE.fromEither(parseResults(texts))
        await pause(pollMs)
      }
    })
  )

/**
 * Starts a worker that takes jobs of the sweep named `sweep` from the Redis server at `url`,
 * one at a time, runs them with `runner`, until it is closed.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import * as Node from 'gradfold/node'
 * // needs a Redis server: a worker taking the jobs of the sweep named 'lr', running each with `runner`, until it is closed
 * export const work = async (url: string, runner: Node.JobRunner) => {
 *   const worker = await Node.startWorker(url, 'lr', runner)()
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
): TE.TaskEither<QueueFailed, SweepWorker> =>
  TE.tryCatch(async () => {
    const { Worker } = await bullmq()
    const lockDuration = options.lockDuration ?? 30_000
    const worker = new Worker(
      queueName(sweep),
      async (job) => {
        const { spec, index } = job.data as { readonly spec: SweepSpec; readonly index: number }
        options.onActive?.(index)
        // Let the lock and the active event reach Redis before the job takes the thread.
        await pause(0)
        return runIndex(spec, index, runner)
      },
      {
        connection: { url, maxRetriesPerRequest: null },
        concurrency: 1,
        lockDuration,
        stalledInterval: options.stalledInterval ?? Math.max(1, Math.floor(lockDuration / 2)),
        maxStalledCount: 3
      }
    )
    return { close: () => worker.close() }
  }, queueFailed)
