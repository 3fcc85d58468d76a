/**
 * The command's data: a bundled set by name (`Data.iris`, `Data.digits`, `Data.threeClass`, and
 * XOR on a grid), or a CSV/JSON file with a label column, as a data set with its class and
 * feature names. Labels are class names (strings or numbers as written);
 * classes are numbered in sorted order of their names, so the same file always gives the same
 * numbering.
 *
 * @since 0.2.0
 */
import { readFile } from 'node:fs/promises'
import { extname, isAbsolute, join } from 'node:path'
import { parse } from 'csv-parse/sync'
import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { Data, Tensor } from '../index.js'
import type { DataConfig } from './config.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Samples with the names of their classes and features.
 *
 * @category model
 * @since 0.2.0
 */
export interface Labelled {
  readonly dataset: Data.Dataset
  readonly classes: ReadonlyArray<string>
  readonly features: ReadonlyArray<string>
}

/**
 * Data that could not be had: a missing or malformed file, an unknown label column.
 *
 * @category model
 * @since 0.2.0
 */
export interface DataProblem {
  readonly _tag: 'DataProblem'
  readonly message: string
}

const problem = (message: string): DataProblem => ({ _tag: 'DataProblem', message })

// -------------------------------------------------------------------------------------
// tables
// -------------------------------------------------------------------------------------

/**
 * Rows of named columns, every value as written, to samples: `label` names the classes,
 * `features` (when given, e.g. a model's) the input columns in order, else every other column.
 *
 * @category constructors
 * @since 0.2.0
 */
export const fromTable =
  (where: string, label: string | null, features?: ReadonlyArray<string>, classes?: ReadonlyArray<string>) =>
  (rows: ReadonlyArray<Readonly<Record<string, unknown>>>): E.Either<DataProblem, Labelled> => {
    const first = rows[0]
    if (first === undefined) return E.left(problem(`${where}: no rows`))
    const columns = Object.keys(first)
    if (label !== null && !columns.includes(label))
      return E.left(problem(`${where}: no label column "${label}"; the columns are ${columns.join(', ')}`))
    const names = features ?? columns.filter((c) => c !== label)
    const missing = names.find((c) => !columns.includes(c))
    if (missing !== undefined) return E.left(problem(`${where}: no column "${missing}"`))
    const x = new Float64Array(rows.length * names.length)
    for (let r = 0; r < rows.length; r++) {
      for (let c = 0; c < names.length; c++) {
        const raw = rows[r]![names[c]!]
        const v = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN
        if (!Number.isFinite(v))
          return E.left(
            problem(`${where}: row ${r + 1}, column "${names[c]}": expected a number, got ${JSON.stringify(raw)}`)
          )
        x[r * names.length + c] = v
      }
    }
    const written = label === null ? [] : rows.map((row) => String(row[label]))
    const known = classes ?? [...new Set(written)].sort()
    const labels = written.map((w) => known.indexOf(w))
    const unknown = labels.indexOf(-1)
    if (unknown >= 0)
      return E.left(
        problem(`${where}: row ${unknown + 1}: class "${written[unknown]}" is not one of ${known.join(', ')}`)
      )
    const inputs = Tensor.fromArray([rows.length, names.length])(x)
    const targets = label === null ? Array.from(rows, () => 0) : labels
    return E.bimap(
      (e: { readonly message?: string }) => problem(`${where}: ${e.message ?? 'not a data set'}`),
      (dataset: Data.Dataset): Labelled => ({ dataset, classes: known, features: names })
    )(E.chainW((t: Tensor.Tensor) => Data.fromLabels(Math.max(known.length, 1))(t, targets))(inputs))
  }

/**
 * The rows of a CSV text with a header line.
 *
 * @category parsing
 * @since 0.2.0
 */
export const csvRows = (where: string, text: string): E.Either<DataProblem, ReadonlyArray<Record<string, string>>> =>
  E.tryCatch(
    () => parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Array<Record<string, string>>,
    (e) => problem(`${where}: not CSV: ${e instanceof Error ? e.message : String(e)}`)
  )

const jsonRows = (where: string, text: string): E.Either<DataProblem, ReadonlyArray<Record<string, unknown>>> =>
  E.chain((u: unknown) =>
    Array.isArray(u) && u.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r))
      ? E.right(u as ReadonlyArray<Record<string, unknown>>)
      : E.left(problem(`${where}: expected a JSON array of records`))
  )(
    E.tryCatch(
      (): unknown => JSON.parse(text),
      (e) => problem(`${where}: not JSON: ${e instanceof Error ? e.message : String(e)}`)
    )
  )

/**
 * The rows of a CSV or JSON file, by its extension.
 *
 * @category files
 * @since 0.2.0
 */
export const readRows = (path: string): TE.TaskEither<DataProblem, ReadonlyArray<Readonly<Record<string, unknown>>>> =>
  TE.chainEitherK((text: string) =>
    extname(path).toLowerCase() === '.json' ? jsonRows(path, text) : csvRows(path, text)
  )(
    TE.tryCatch(
      () => readFile(path, 'utf8'),
      (e) => problem(`could not read ${path}: ${e instanceof Error ? e.message : String(e)}`)
    )
  )

// -------------------------------------------------------------------------------------
// bundled sets
// -------------------------------------------------------------------------------------

/** A bundled data set with its names (made up where it has none). */
const named = (d: Data.Dataset): Labelled => ({
  dataset: d,
  classes: d.classes ?? Array.from({ length: Data.outputs(d) }, (_, i) => `class ${i}`),
  features: d.featureNames ?? Array.from({ length: Data.features(d) }, (_, i) => `x${i + 1}`)
})

/**
 * XOR on a 12 × 12 grid of [-1, 1]², off the axes: class `different` where the signs differ.
 * (`Data.xor`'s four corners are too few to hold out a test and a validation part.)
 */
const xor = (): E.Either<DataProblem, Labelled> => {
  const rows: Array<Record<string, unknown>> = []
  for (let i = 0; i < 12; i++)
    for (let j = 0; j < 12; j++) {
      const x = -1 + (2 * i + 1) / 12
      const y = -1 + (2 * j + 1) / 12
      rows.push({ x, y, class: x > 0 !== y > 0 ? 'different' : 'same' })
    }
  return fromTable('xor', 'class')(rows)
}

// -------------------------------------------------------------------------------------
// loading
// -------------------------------------------------------------------------------------

/**
 * The samples a config's `data` section names; a file's path is taken from `folder` when it is
 * relative.
 *
 * @category loading
 * @since 0.2.0
 */
export const load =
  (folder: string) =>
  (data: DataConfig): TE.TaskEither<DataProblem, Labelled> => {
    if (data.source === 'file') {
      const path = isAbsolute(data.path) ? data.path : join(folder, data.path)
      return TE.chainEitherK(fromTable(path, data.label))(readRows(path))
    }
    switch (data.name) {
      case 'iris':
        return TE.right(named(Data.iris))
      case 'digits':
        return TE.right(named(Data.digits))
      case 'xor':
        return TE.fromEither(xor())
      case 'three-class':
        return TE.right(named(Data.threeClass))
    }
  }
