/**
 * A sweep on this machine: every job on a pool of worker threads (every core unless told
 * otherwise), nothing to install. The threads load the runner module (its default export is the
 * `JobRunner`); each job's config is made here, crosses to a thread with its index, and its
 * output comes back as a plain value, written as the JSON text a queue worker stores. With a results folder, jobs whose `result.json` is already
 * there are not run again, and the results are written there (`writeSweepResults`).
 *
 * @since 0.2.0
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import * as E from '#fp-ts/Either.js'
import * as TE from '#fp-ts/TaskEither.js'
import { Piscina } from 'piscina'
import type { IoError } from '../../train/files/IoError.js'
import { everyCore } from '../threads/pool.js'
import { workerFile } from '../workerFile.js'
import { runIndex, type JobFailed, type JobResult, type JobRunner } from './job.js'
import { writeSweepResults } from './results.js'
import { jobCount, type SweepSpec } from './SweepSpec.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * @category model
 * @since 0.2.0
 */
export type SweepError = JobFailed | IoError

/**
 * @category model
 * @since 0.2.0
 */
export interface LocalSweepOptions {
  /** The file of a module whose default export is the `JobRunner` (`gradfold sweep` brings its own). */
  readonly runner: string
  readonly threads?: number
  /** The results folder: finished jobs found there are skipped, and results are written there. */
  readonly dir?: string
}

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

/**
 * The results from their JSON texts, in job order, or the first job that failed.
 *
 * @internal
 */
export const parseResults = (texts: ReadonlyArray<string>): E.Either<JobFailed, ReadonlyArray<JobResult>> => {
  const out: Array<JobResult> = []
  for (const text of texts) {
    const r = JSON.parse(text) as JobResult | JobFailed
    if ('_tag' in r) return E.left(r)
    out.push(r)
  }
  return E.right(out.sort((a, b) => a.index - b.index))
}

const finished = async (dir: string | undefined, index: number): Promise<string | undefined> =>
  dir === undefined
    ? undefined
    : readFile(join(dir, 'jobs', String(index), 'result.json'), 'utf8').catch(() => undefined)

// -------------------------------------------------------------------------------------
// sweeps
// -------------------------------------------------------------------------------------

/**
 * Runs every job of `spec` on local worker threads and answers their results in job order.
 *
 * @example
 * import { writeFileSync } from 'node:fs'
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 * import * as Node from 'gradfold/node'
 * const runner = join(tmpdir(), 'gradfold-runner.mjs')
 * writeFileSync(runner, "export default async ({ config }) => ({ _tag: 'Right', right: { metrics: { loss: config.x * config.x }, history: [], model: '' } })")
 * await Node.runSweep({ name: 'x', seed: 1, metric: 'loss', base: { x: 0 }, grid: { x: [-1, 2] } }, { runner, threads: 1 })() // right: two results, job 0 then job 1
 *
 * @category sweeps
 * @since 0.2.0
 */
export const runSweep =
  (spec: SweepSpec, options: LocalSweepOptions): TE.TaskEither<SweepError, ReadonlyArray<JobResult>> =>
  async () => {
    const { execArgv } = workerFile(import.meta.url, 'local')
    const threads = options.threads ?? everyCore()
    const pool = new Piscina({ filename: options.runner, execArgv, minThreads: threads, maxThreads: threads })
    const runner: JobRunner = (job) => pool.run(job) as ReturnType<JobRunner>
    try {
      const indices = Array.from({ length: jobCount(spec) }, (_, i) => i)
      const texts = await Promise.all(
        indices.map(async (index) => (await finished(options.dir, index)) ?? (await runIndex(spec, index, runner)))
      )
      const results = parseResults(texts)
      if (E.isLeft(results) || options.dir === undefined) return results
      const written = await writeSweepResults(options.dir, spec)(results.right)()
      return E.isLeft(written) ? written : results
    } catch (e) {
      return E.left({ _tag: 'JobFailed', index: -1, message: `a sweep worker thread failed: ${String(e)}` })
    } finally {
      await pool.destroy()
    }
  }
