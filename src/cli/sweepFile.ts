/**
 * The sweep file of `gradfold sweep`: a name, a seed, the metric to rank by, the base experiment
 * config (the path of a config file, relative to the sweep file, or the config itself; the codec
 * of `gradfold train`) and the search: a grid (each field path with its values; jobs are every
 * combination) or a seeded random search (`count` jobs, each field a list to choose from or a
 * range `{ "min", "max", "log"?, "integer"? }`). Fields are dotted paths into the experiment
 * config: `optimizer.lr`, `model.hidden`, `model.hidden.0`, `optimizer`, `seed`, …
 *
 * Like the experiment config, a sweep file is checked before anything runs and every mistake is
 * its own line with its path: the file's own fields, the base config's (`base.optimizer.lr: …`),
 * a swept path the base config does not have, and every job's config, decoded by the experiment
 * codec (`job 3: optimizer.lr: expected a positive finite number, got -1`).
 *
 * @since 0.2.0
 */
import { readFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import * as E from '#fp-ts/Either.js'
import * as t from 'io-ts'
import * as Node from '../node/index.js'
import { readExperiment, resolved } from './commands/shared.js'
import { explained, starter } from './starters.js'
import { Train } from '../index.js'
import { COMMENT, bool, closed, number, oneOf, problems, seed, tagged } from '../train/experiment/fields.js'
import * as Advanced from '../advanced.js'

const { ExperimentC } = Advanced.Train
const { decodeExperiment } = Train
type Experiment = Train.Experiment

// -------------------------------------------------------------------------------------
// codec
// -------------------------------------------------------------------------------------

/** The metrics a job reports (see `sweepJob.ts`). */
export const METRICS = [
  'test.accuracy',
  'test.loss',
  'validation.accuracy',
  'validation.loss',
  'train.accuracy',
  'train.loss'
] as const

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

const PATH = /^[A-Za-z_$][\w$]*(\.([A-Za-z_$][\w$]*|\d+))*$/

/** A record of field paths (at least one), each value decoded by `value`. */
const fieldMap = <A>(what: string, value: t.Type<A, unknown, unknown>) =>
  new t.Type<Readonly<Record<string, A>>, unknown, unknown>(
    `field paths, each with ${what}`,
    (u): u is Readonly<Record<string, A>> => isRecord(u) && Object.values(u).every(value.is),
    (u, c) => {
      if (!isRecord(u) || Object.keys(u).filter((k) => k !== COMMENT).length === 0)
        return t.failure(u, c, `expected a record of field paths ("optimizer.lr": …), each with ${what}`)
      const errors: Array<t.ValidationError> = []
      const out: Record<string, A> = {}
      for (const k of Object.keys(u)) {
        if (k === COMMENT) continue
        const context = t.appendContext(c, k, value, u[k])
        if (!PATH.test(k)) {
          errors.push({
            value: u[k],
            context,
            message: 'expected a field path such as "optimizer.lr" or "model.hidden.0"'
          })
          continue
        }
        const r = value.validate(u[k], context)
        if (E.isLeft(r)) errors.push(...r.left)
        else out[k] = r.right
      }
      return errors.length > 0 ? t.failures(errors) : t.success(out)
    },
    (a) => a
  )

/** A non-empty list of any JSON values. */
const values = new t.Type<ReadonlyArray<unknown>, unknown, unknown>(
  'values',
  (u): u is ReadonlyArray<unknown> => Array.isArray(u) && u.length > 0,
  (u, c) => (Array.isArray(u) && u.length > 0 ? t.success(u) : t.failure(u, c, 'expected a non-empty list of values')),
  (a) => a
)

const finite = new t.Type<number, number, unknown>(
  'a finite number',
  (u): u is number => typeof u === 'number' && Number.isFinite(u),
  (u, c) => (typeof u === 'number' && Number.isFinite(u) ? t.success(u) : t.failure(u, c, 'expected a finite number')),
  (x) => x
)

type Range = { readonly min: number; readonly max: number; readonly log?: boolean; readonly integer?: boolean }

/** A list of values to choose from, or a range `{ min, max, log?, integer? }` (min < max; min > 0 for log). */
const choice = new t.Type<Node.Distribution, unknown, unknown>(
  'a list of values or a range',
  (u): u is Node.Distribution => Array.isArray(u) || isRecord(u),
  (u, c) => {
    if (Array.isArray(u)) return values.validate(u, c)
    if (!isRecord(u)) return t.failure(u, c, 'expected a non-empty list of values or a range { "min", "max" }')
    const flags = { log: u['log'] ?? false, integer: u['integer'] ?? false }
    const decoded = closed('range', { min: finite, max: finite, log: bool, integer: bool }).validate(
      { ...u, ...flags },
      c
    )
    if (E.isLeft(decoded)) return decoded
    const r: Range = decoded.right
    if (!(r.min < r.max))
      return t.failure(u, t.appendContext(c, 'max', finite, r.max), `expected a number above min (${r.min})`)
    if (r.log && !(r.min > 0))
      return t.failure(u, t.appendContext(c, 'min', finite, r.min), 'expected min > 0 for a log range')
    return t.success(r)
  },
  (a) => a
)

const jobs = number(
  `a whole number from 1 to ${Node.MAX_SWEEP_JOBS}`,
  (x) => Number.isSafeInteger(x) && x >= 1 && x <= Node.MAX_SWEEP_JOBS
)

const sweepName = new t.Type<string, string, unknown>(
  'a name',
  (u): u is string => typeof u === 'string' && /^[\w.-]+$/.test(u),
  (u, c) =>
    typeof u === 'string' && /^[\w.-]+$/.test(u)
      ? t.success(u)
      : t.failure(u, c, 'expected a name of letters, digits, ".", "_" and "-"'),
  (x) => x
)

/** The base config: a file's path, or the config itself (checked later, by the experiment codec). */
const base = new t.Type<string | Readonly<Record<string, unknown>>, unknown, unknown>(
  'a config',
  (u): u is string | Readonly<Record<string, unknown>> => (typeof u === 'string' && u !== '') || isRecord(u),
  (u, c) =>
    (typeof u === 'string' && u !== '') || isRecord(u)
      ? t.success(u)
      : t.failure(u, c, 'expected the path of an experiment config file, or an experiment config'),
  (x) => x
)

/**
 * A sweep file as written.
 *
 * @category codecs
 * @since 0.2.0
 */
export const SweepFileC = Advanced.Codec.plainFirst(
  closed('sweep', {
    name: sweepName,
    seed,
    metric: oneOf(METRICS),
    base,
    search: tagged('search', 'kind', {
      grid: { fields: fieldMap('a non-empty list of values', values) },
      random: { count: jobs, fields: fieldMap('a list of values or a range { "min", "max" }', choice) }
    })
  })
)

/** @category model @since 0.2.0 */
export type SweepFile = t.TypeOf<typeof SweepFileC>

// -------------------------------------------------------------------------------------
// checking
// -------------------------------------------------------------------------------------

const has = (json: unknown, path: string): boolean => {
  let x = json
  for (const k of path.split('.')) {
    if (Array.isArray(x) ? !(Number(k) < x.length) : !(isRecord(x) && k in x)) return false
    x = Array.isArray(x) ? x[Number(k)] : (x as Record<string, unknown>)[k]
  }
  return true
}

/** At most this many jobs' mistakes are listed; the rest are counted. */
const SHOWN = 10

/**
 * The sweep a decoded file and its base experiment make (the base as JSON, comments gone, a data
 * file's path absolute), or every mistake: swept paths the base does not have, and jobs whose
 * config the experiment codec refuses.
 *
 * @category checking
 * @since 0.2.0
 */
export const sweepOf = (file: SweepFile, experiment: Experiment): E.Either<ReadonlyArray<string>, Node.SweepSpec> => {
  const json = ExperimentC.encode(experiment) as Readonly<Record<string, unknown>>
  const search = file.search
  const spec: Node.SweepSpec = {
    name: file.name,
    seed: file.seed,
    metric: file.metric,
    base: json,
    ...(search.kind === 'grid' ? { grid: search.fields } : { random: { count: search.count, fields: search.fields } })
  }
  const missing = Object.keys(search.fields)
    .filter((path) => !has(json, path))
    .map((path) => `search.fields.${path}: no such field in the base config`)
  if (missing.length > 0) return E.left(missing)
  const n = Node.jobCount(spec)
  if (n > Node.MAX_SWEEP_JOBS)
    return E.left([`search.fields: expected at most ${Node.MAX_SWEEP_JOBS} jobs, got a grid of ${n}`])
  const lines: Array<string> = []
  let bad = 0
  for (let i = 0; i < Node.jobCount(spec); i++) {
    const config = Node.jobConfig(spec)(i)
    const decoded = E.isLeft(config)
      ? E.left([config.left.message])
      : E.mapLeft((e: { readonly problems: ReadonlyArray<string> }) => e.problems)(decodeExperiment(config.right))
    if (E.isRight(decoded)) continue
    if (++bad <= SHOWN) lines.push(...decoded.left.map((p) => `job ${i}: ${p}`))
  }
  if (bad > SHOWN) lines.push(`… and ${bad - SHOWN} more jobs with mistakes`)
  return lines.length > 0 ? E.left(lines) : E.right(spec)
}

/**
 * The sweep in the file at `path`, its base config read (relative to the file) and checked, or
 * every mistake, one per line.
 *
 * @category checking
 * @since 0.2.0
 */
export const readSweep = async (path: string): Promise<E.Either<ReadonlyArray<string>, Node.SweepSpec>> => {
  const text = await readFile(path, 'utf8').then(
    (s) => E.right(s),
    (e: unknown) => E.left([`${path}: ${e instanceof Error ? e.message : String(e)}`])
  )
  if (E.isLeft(text)) return text
  const json = E.tryCatch(
    (): unknown => JSON.parse(text.right),
    (e) => [`(root): not JSON: ${e instanceof Error ? e.message : String(e)}`]
  )
  if (E.isLeft(json)) return json
  const file = SweepFileC.decode(json.right)
  if (E.isLeft(file)) return E.left(problems(file.left))
  const b = file.right.base
  const experiment =
    typeof b === 'string'
      ? E.bimap(
          (lines: ReadonlyArray<string>) => lines.map((l) => `base (${b}): ${l}`),
          (c: Experiment) => resolved(c, resolve(dirname(path), b))
        )(await readExperiment(resolve(dirname(path), b)))
      : E.bimap(
          (e: { readonly problems: ReadonlyArray<string> }) => e.problems.map((l) => `base.${l}`),
          (c: Experiment) => resolved(c, path)
        )(decodeExperiment(b))
  return E.flatMap((c: Experiment) => sweepOf(file.right, c))(experiment)
}

// -------------------------------------------------------------------------------------
// starter
// -------------------------------------------------------------------------------------

/**
 * The starter sweep of `gradfold init sweep`: a grid of 12 jobs (learning rate × hidden layer ×
 * seed) over the iris starter, written inline so that the file runs as it is.
 *
 * @category starter
 * @since 0.2.0
 */
export const starterSweep = (): Readonly<Record<string, unknown>> => ({
  [COMMENT]:
    'A gradfold sweep. Run it with `gradfold sweep <this file>` (every core), or with `--queue redis://host:port` and `gradfold worker --queue redis://host:port --sweep <name>` on each machine. `base` is an experiment config (this one is inline; a path such as "iris.json" is read from this file\'s folder). `search`: {"kind": "grid", "fields": {path: [values]}} runs every combination; {"kind": "random", "count": n, "fields": {path: [values] or {"min", "max", "log"?, "integer"?}}} draws n jobs from `seed`. Paths are dotted: "optimizer.lr", "model.hidden", "model.hidden.0", "seed". `metric`: "test.accuracy" | "test.loss" | "validation.accuracy" | "validation.loss" | "train.accuracy" | "train.loss"; the table lists the best job first.',
  name: 'iris-sweep',
  seed: 1,
  metric: 'validation.accuracy',
  base: explained(starter('iris')),
  search: {
    kind: 'grid',
    fields: { 'optimizer.lr': [0.003, 0.01, 0.03], 'model.hidden': [[8], [16]], seed: [0, 1] }
  }
})
