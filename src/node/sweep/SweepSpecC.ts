/**
 * The codec of a sweep file: what `gradfold sweep <sweep.json>` and a queue worker decode before
 * any job runs. A Left names the path of the first field that is wrong (`base.learningRate`,
 * `grid.seed`, …).
 *
 * @since 0.2.0
 */
import * as t from 'io-ts'
import { ArchitectureC } from '../../train/ModelFile.js'
import type { SweepSpec } from './SweepSpec.js'

const positiveInt = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 1, 'a positive integer')
const finite = t.refinement(t.number, Number.isFinite, 'a finite number')

const JobConfigC = t.readonly(
  t.type({
    data: t.literal('threeClass'),
    spec: ArchitectureC,
    optimizer: t.union([t.literal('sgd'), t.literal('adam')]),
    learningRate: t.refinement(t.number, (x) => Number.isFinite(x) && x > 0, 'a learning rate > 0'),
    batchSize: positiveInt,
    epochs: positiveInt,
    seed: t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0, 'a seed (an integer ≥ 0)')
  })
)

const RangeC = t.intersection([t.type({ min: finite, max: finite }), t.partial({ log: t.boolean, integer: t.boolean })])

/**
 * A sweep file: `name`, `seed`, `metric` (`loss` or `accuracy`), `base` (a job config) and
 * either `grid` (field path → values) or `random` (`count` and field path → range or values).
 *
 * @example
 * import * as Node from 'gradfold/node'
 * Node.SweepSpecC.is({ name: 'x', seed: 0, metric: 'loss' }) // false: no base
 *
 * @category codecs
 * @since 0.2.0
 */
export const SweepSpecC: t.Type<SweepSpec, unknown, unknown> = t.intersection([
  t.type({
    name: t.refinement(t.string, (s) => /^[\w.-]+$/.test(s), 'a name of letters, digits, ".", "_" and "-"'),
    seed: t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0, 'a seed (an integer ≥ 0)'),
    metric: t.union([t.literal('loss'), t.literal('accuracy')]),
    base: JobConfigC
  }),
  t.partial({
    grid: t.record(t.string, t.readonlyArray(t.unknown)),
    random: t.type({ count: positiveInt, fields: t.record(t.string, t.union([RangeC, t.readonlyArray(t.unknown)])) })
  })
]) as unknown as t.Type<SweepSpec, unknown, unknown>
