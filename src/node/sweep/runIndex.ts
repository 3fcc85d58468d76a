/**
 * Job `index` of a sweep as the JSON text every runner stores and compares: a `JobResult`, or
 * a `JobFailed`.
 *
 * @internal
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { runJob } from './job.js'
import { jobConfig, type SweepSpec } from './SweepSpec.js'

/**
 * The JSON text of job `index`'s result, or of why it failed.
 *
 * @internal
 */
export const runIndex = (spec: SweepSpec, index: number): string => {
  const config = jobConfig(spec)(index)
  if (E.isLeft(config)) return JSON.stringify({ _tag: 'JobFailed', index, message: config.left.message })
  const r = runJob(index, config.right)
  return JSON.stringify(E.isLeft(r) ? r.left : r.right)
}
