/**
 * A sweep as data: a base config (any JSON record: `gradfold sweep` uses the experiment config
 * of `gradfold train`), the fields to vary (a grid of values, or a seeded random search over
 * ranges and choices), and the metric to rank jobs by. Job `i`'s config is a pure function of
 * the spec and `i` alone (`jobConfig`), so any machine that holds the spec can run any job, in
 * any order, any number of times, and get the same config; what a job does with its config is
 * the job runner's (`job.ts`). Fields are named by dotted paths into the base config, array
 * elements by their index: `optimizer.lr`, `seed`, `model.hidden.0`, …
 *
 * Order. A grid's jobs enumerate the product of its fields' values with the last field (in
 * sorted order of the paths) varying fastest. A random search draws job `i`'s fields from
 * `foldIn(i)(key(seed))`, one key per field folded in by its sorted position.
 *
 * @since 0.2.0
 */
import * as E from '#fp-ts/Either.js'
import { foldIn, key } from '../../random/Key.js'
import { uniform } from '../../random/uniform.js'
import { invalidArgument, type InvalidArgument, type InvalidShape } from '../../tensor/TensorError.js'
import * as Elementary from '../../math/index.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A job's config: the base config with the swept fields set, as JSON.
 *
 * @category model
 * @since 0.2.0
 */
export type JobConfig = unknown

/**
 * A range to draw from (uniform, or log-uniform with `log`; rounded down with `integer`), or a
 * list of values to choose one from.
 *
 * @category model
 * @since 0.2.0
 */
export type Distribution =
  | { readonly min: number; readonly max: number; readonly log?: boolean; readonly integer?: boolean }
  | ReadonlyArray<unknown>

/**
 * @category model
 * @since 0.2.0
 */
export interface SweepSpec {
  readonly name: string
  readonly seed: number
  /** The name of the metric jobs are ranked by: higher is better when it ends in `accuracy`, lower otherwise. */
  readonly metric: string
  readonly base: JobConfig
  readonly grid?: Readonly<Record<string, ReadonlyArray<unknown>>>
  readonly random?: { readonly count: number; readonly fields: Readonly<Record<string, Distribution>> }
}

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

/** `json` with the value at the dotted `path` replaced (containers on the path are copied). */
const setPath = (json: unknown, path: ReadonlyArray<string>, value: unknown): unknown => {
  if (path.length === 0) return value
  const [head, ...rest] = path as [string, ...Array<string>]
  if (Array.isArray(json)) {
    const copy = json.slice()
    copy[Number(head)] = setPath(json[Number(head)], rest, value)
    return copy
  }
  const record = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>
  return { ...record, [head]: setPath(Object.hasOwn(record, head) ? record[head] : undefined, rest, value) }
}

const withFields = (base: JobConfig, fields: ReadonlyArray<readonly [string, unknown]>): JobConfig =>
  fields.reduce((c: unknown, [path, value]) => setPath(c, path.split('.'), value), base) as JobConfig

const draw = (d: Distribution, u: number): unknown => {
  if (Array.isArray(d)) return d[Math.min(d.length - 1, Math.floor(u * d.length))]
  const r = d as Exclude<Distribution, ReadonlyArray<unknown>>
  const x =
    r.log === true
      ? Elementary.exp(Elementary.log(r.min) + u * (Elementary.log(r.max) - Elementary.log(r.min)))
      : r.min + u * (r.max - r.min)
  return r.integer === true ? Math.min(Math.floor(x), Math.floor(r.max)) : x
}

// -------------------------------------------------------------------------------------
// jobs
// -------------------------------------------------------------------------------------

/**
 * How many jobs the sweep has: the product of the grid's list lengths, or the random search's
 * count.
 *
 * @example
 * import * as Node from 'gradfold/node'
 * const base = { optimizer: { name: 'sgd', lr: 0.1 }, seed: 0 }
 * Node.jobCount({ name: 'lr', seed: 1, metric: 'test.loss', base, grid: { 'optimizer.lr': [0.01, 0.1, 1], seed: [0, 1] } }) // 6
 *
 * @category jobs
 * @since 0.2.0
 */
export const jobCount = (spec: SweepSpec): number =>
  spec.random !== undefined ? spec.random.count : Object.values(spec.grid ?? {}).reduce((n, vs) => n * vs.length, 1)

/**
 * The swept fields' paths, sorted.
 *
 * @example
 * import * as Node from 'gradfold/node'
 * const base = { optimizer: { name: 'sgd', lr: 0.1 }, seed: 0 }
 * Node.sweptFields({ name: 'lr', seed: 1, metric: 'test.loss', base, grid: { seed: [0, 1], 'optimizer.lr': [0.01, 0.1, 1] } }) // => ['optimizer.lr', 'seed']
 *
 * @category jobs
 * @since 0.2.0
 */
export const sweptFields = (spec: SweepSpec): ReadonlyArray<string> =>
  Object.keys(spec.random?.fields ?? spec.grid ?? {}).sort()

/**
 * Job `index`'s config, from the spec and the index alone.
 *
 * @example
 * import * as Node from 'gradfold/node'
 * const base = { optimizer: { name: 'sgd', lr: 0.1 }, seed: 0 }
 * Node.jobConfig({ name: 'lr', seed: 1, metric: 'test.loss', base, grid: { 'optimizer.lr': [0.01, 0.1, 1], seed: [0, 1] } })(3) // right({ optimizer: { name: 'sgd', lr: 0.1 }, seed: 1 })
 *
 * @category jobs
 * @since 0.2.0
 */
export const jobConfig =
  (spec: SweepSpec) =>
  (index: number): E.Either<InvalidArgument | InvalidShape, JobConfig> => {
    const n = jobCount(spec)
    if (!Number.isSafeInteger(index) || index < 0 || index >= n)
      return E.left(invalidArgument('jobConfig', `job ${index} is not one of the sweep's ${n} jobs`))
    const paths = sweptFields(spec)
    if (spec.random === undefined) {
      const fields: Array<readonly [string, unknown]> = []
      let rest = index
      for (let j = paths.length - 1; j >= 0; j--) {
        const values = spec.grid![paths[j]!]!
        fields.unshift([paths[j]!, values[rest % values.length]])
        rest = Math.floor(rest / values.length)
      }
      return E.right(withFields(spec.base, fields))
    }
    const random = spec.random
    const jobKey = E.flatMap(key(spec.seed), foldIn(index))
    if (E.isLeft(jobKey)) return jobKey
    const fields: Array<readonly [string, unknown]> = []
    for (let j = 0; j < paths.length; j++) {
      const u = E.flatMap(foldIn(j)(jobKey.right), uniform([]))
      if (E.isLeft(u)) return u
      fields.push([paths[j]!, draw(random.fields[paths[j]!]!, u.right.data[0]!)])
    }
    return E.right(withFields(spec.base, fields))
  }
