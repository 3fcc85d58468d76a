/**
 * The codec of a sweep as `gradfold/node` takes it: a name, a seed, a metric's name, a base
 * config (a JSON record) and either `grid` (field path → values) or `random` (`count` and field
 * path → range or values). A Left names the path of the first field that is wrong. (`gradfold
 * sweep` reads its files with a codec of its own, which checks the base as an experiment config
 * and reports every mistake on its own line.)
 *
 * @since 0.2.0
 */
import * as t from 'io-ts'
import type { SweepSpec } from './SweepSpec.js'

const positiveInt = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 1, 'a positive integer')
const finite = t.refinement(t.number, Number.isFinite, 'a finite number')

const RangeC = t.intersection([t.type({ min: finite, max: finite }), t.partial({ log: t.boolean, integer: t.boolean })])

/**
 * A sweep: `name`, `seed`, `metric`, `base` (a JSON record) and either `grid` or `random`.
 *
 * @example
 * import * as Node from 'gradfold/node'
 * Node.SweepSpecC.is({ name: 'x', seed: 0, metric: 'test.loss' }) // false: no base
 *
 * @category codecs
 * @since 0.2.0
 */
export const SweepSpecC: t.Type<SweepSpec, unknown, unknown> = t.intersection([
  t.type({
    name: t.refinement(t.string, (s) => /^[\w.-]+$/.test(s), 'a name of letters, digits, ".", "_" and "-"'),
    seed: t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0, 'a seed (an integer ≥ 0)'),
    metric: t.string,
    base: t.UnknownRecord
  }),
  t.partial({
    grid: t.record(t.string, t.readonlyArray(t.unknown)),
    random: t.type({ count: positiveInt, fields: t.record(t.string, t.union([RangeC, t.readonlyArray(t.unknown)])) })
  })
]) as unknown as t.Type<SweepSpec, unknown, unknown>
