/**
 * The codec of a sweep as `gradfold/node` takes it: a name, a seed, a metric's name, a base
 * config (a JSON record) and either `grid` (field path → values) or `random` (`count` and field
 * path → range or values). A Left names the path of the first field that is wrong. (`gradfold
 * sweep` reads its files with a codec of its own, which checks the base as an experiment config
 * and reports every mistake on its own line.)
 *
 * @since 0.2.0
 */
import * as E from '#fp-ts/Either.js'
import * as t from 'io-ts'
import { jsonFirst } from '../../codec/JsonC.js'
import { jobCount, type SweepSpec } from './SweepSpec.js'

/**
 * The most jobs one sweep may hold: its count (or its grid's product) is checked against it
 * when the sweep is decoded, before any loop over its jobs.
 *
 * @example
 * import * as Node from 'gradfold/node'
 * Node.MAX_SWEEP_JOBS // => 100000
 *
 * @category constants
 * @since 0.3.0
 */
export const MAX_SWEEP_JOBS = 100_000

const positiveInt = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 1, 'a positive integer')
const finite = t.refinement(t.number, Number.isFinite, 'a finite number')

const RangeC = t.intersection([t.type({ min: finite, max: finite }), t.partial({ log: t.boolean, integer: t.boolean })])

const FieldsC = t.intersection([
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

const withBoundedJobs = (spec: SweepSpec, c: t.Context): t.Validation<SweepSpec> => {
  const n = jobCount(spec)
  const at = spec.random === undefined ? 'grid' : 'random'
  return n <= MAX_SWEEP_JOBS
    ? t.success(spec)
    : t.failure(
        n,
        t.appendContext(c, at, t.unknown, undefined),
        `expected at most ${MAX_SWEEP_JOBS} jobs, got ${spec.random === undefined ? 'a grid of ' : ''}${n}`
      )
}

/**
 * A sweep: `name`, `seed`, `metric`, `base` (a JSON record) and either `grid` or `random`,
 * JSON all the way down, with at most {@link MAX_SWEEP_JOBS} jobs.
 *
 * @example
 * import * as Node from 'gradfold/node'
 * Node.SweepSpecC.is({ name: 'x', seed: 0, metric: 'test.loss' }) // false: no base
 *
 * @category codecs
 * @since 0.2.0
 */
export const SweepSpecC: t.Type<SweepSpec, unknown, unknown> = jsonFirst(
  new t.Type<SweepSpec, unknown, unknown>(
    'SweepSpec',
    (u): u is SweepSpec => E.isRight(SweepSpecC.validate(u, [])),
    (u, c) => E.chain((spec: SweepSpec) => withBoundedJobs(spec, c))(FieldsC.validate(u, c)),
    FieldsC.encode
  )
)
