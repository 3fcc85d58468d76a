/**
 * The body of a local sweep worker thread: job `index` of `spec`, run to the end, answered as
 * the JSON text of its result (or of its failure), the same text a queue worker stores.
 *
 * @internal
 * @since 0.2.0
 */
import { runIndex } from './runIndex.js'
import type { SweepSpec } from './SweepSpec.js'

/** Runs one job. */
export default function sweepJob(task: { readonly spec: SweepSpec; readonly index: number }): string {
  return runIndex(task.spec, task.index)
}
