/**
 * One job of a sweep, run to the end by a job runner, and its result as plain JSON. A runner is
 * a function of the job's config (and index) alone, so a job gives the same bytes on any machine,
 * on a thread, a process or a queue worker, however many times it is retried. `gradfold sweep`'s
 * runner trains an experiment config as `gradfold train` does; a program of its own can bring
 * any runner (for the local pool, a module whose default export is the runner).
 *
 * @since 0.2.0
 */
import * as E from '#fp-ts/Either.js'
import type * as TE from '#fp-ts/TaskEither.js'
import { jobConfig, type JobConfig, type SweepSpec } from './SweepSpec.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What a runner makes of one job: its metrics by name, its history and its model file's text.
 *
 * @category model
 * @since 0.2.0
 */
export interface JobOutput {
  readonly metrics: Readonly<Record<string, number>>
  readonly history: unknown
  readonly model: string
}

/**
 * Where a job keeps its checkpoints while it runs, so that, run again after its worker died, it
 * resumes from the newest (a queue worker keeps them in Redis; a local sweep keeps none).
 *
 * @category model
 * @since 0.3.0
 */
export interface JobCheckpoints {
  /** The text of the job's newest checkpoint, or `null` when it has none. */
  readonly latest: () => TE.TaskEither<{ readonly message: string }, string | null>
  /**
   * Stores a checkpoint, replacing the one before, when one is due (the store says how often);
   * `text` is called only then (a checkpoint's text grows with its history: writing it at every
   * epoch would make a long job's time grow with the square of its epochs), and its `Left` is
   * answered as it is. A worker that no longer holds the job answers a `Left`.
   */
  readonly save: (
    text: () => E.Either<{ readonly message: string }, string>
  ) => TE.TaskEither<{ readonly message: string }, void>
}

/**
 * A job to run: its index and its config, and, on a queue, where its checkpoints go.
 *
 * @category model
 * @since 0.2.0
 */
export interface Job {
  readonly index: number
  readonly config: JobConfig
  /** @since 0.3.0 */
  readonly checkpoints?: JobCheckpoints
  /**
   * Aborted when the job's worker is asked to stop: a runner that honours it stops at its next
   * pause (its newest checkpoint is kept, and the job goes back to the queue to resume from it);
   * one that does not is waited for.
   *
   * @since 0.3.0
   */
  readonly signal?: AbortSignal
}

/**
 * Runs one job to the end, or says in words why it cannot. (For a local sweep, the default
 * export of a module that worker threads load: its job and answer cross as plain values.)
 *
 * @category model
 * @since 0.2.0
 */
export type JobRunner = (job: Job) => Promise<E.Either<{ readonly message: string }, JobOutput>>

/**
 * What a job leaves behind, as JSON: its index and config, and its runner's output.
 *
 * @category model
 * @since 0.2.0
 */
export interface JobResult extends JobOutput {
  readonly index: number
  readonly config: JobConfig
}

/**
 * A job that could not run, with the reason in words.
 *
 * @category model
 * @since 0.2.0
 */
export interface JobFailed {
  readonly _tag: 'JobFailed'
  readonly index: number
  readonly message: string
}

/**
 * A sweep whose every job has finished, some of them failed: each failed job, in job order.
 *
 * @category model
 * @since 0.3.0
 */
export interface SweepFailed {
  readonly _tag: 'SweepFailed'
  readonly failed: ReadonlyArray<JobFailed>
  readonly message: string
}

// -------------------------------------------------------------------------------------
// jobs
// -------------------------------------------------------------------------------------

/**
 * The JSON text of job `index`'s result (a `JobResult`), or of why it failed (a `JobFailed`):
 * the text every runner of a sweep stores and compares.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import * as Node from 'gradfold/node'
 * const runner: Node.JobRunner = async ({ config }) => E.right({ metrics: { size: JSON.stringify(config).length }, history: [], model: '' })
 * await Node.runIndex({ name: 's', seed: 0, metric: 'size', base: { x: 1 }, grid: { x: [1, 22] } }, 1, runner) // '{"index":1,"config":{"x":22},"metrics":{"size":8},"history":[],"model":""}'
 *
 * @category jobs
 * @since 0.2.0
 */
export const runIndex = async (
  spec: SweepSpec,
  index: number,
  runner: JobRunner,
  checkpoints?: JobCheckpoints,
  signal?: AbortSignal
): Promise<string> => {
  const failed = (message: string): string =>
    JSON.stringify({ _tag: 'JobFailed', index, message: `job ${index}: ${message}` })
  const config = jobConfig(spec)(index)
  if (E.isLeft(config)) return failed(config.left.message)
  const job: Job = {
    index,
    config: config.right,
    ...(checkpoints === undefined ? {} : { checkpoints }),
    ...(signal === undefined ? {} : { signal })
  }
  const out = await runner(job).catch((e: unknown) => E.left({ message: e instanceof Error ? e.message : String(e) }))
  if (E.isLeft(out)) return failed(out.left.message)
  const { metrics, history, model } = out.right
  return JSON.stringify({ index, config: config.right, metrics, history, model } satisfies JobResult)
}
