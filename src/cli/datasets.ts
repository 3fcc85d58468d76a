/**
 * The command's data: a bundled set by name (`Data.iris`, `gradfold/data/digits`, `Data.threeClass`, and
 * XOR on a grid), or a CSV/JSON file with a label column, as a data set with its class and
 * feature names. Labels are class names (strings or numbers as written);
 * classes are numbered in sorted order of their names, so the same file always gives the same
 * numbering.
 *
 * @since 0.2.0
 */
import { extname, isAbsolute, join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { Data, Tensor } from '../index.js'
import { digits } from '../data/digits.js'
import * as Node from '../node/index.js'
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
// files
// -------------------------------------------------------------------------------------

const because =
  (path: string) =>
  (e: { readonly message: string }): DataProblem =>
    problem(e.message.startsWith(path) ? e.message : `${path}: ${e.message}`)

/** The table in a CSV file (with a header line), or a JSON file's array of records. */
const tableOf = (path: string): TE.TaskEither<DataProblem, Data.Table> =>
  pipe(
    Node.readText(path),
    TE.chainEitherKW((text) =>
      extname(path).toLowerCase() === '.json'
        ? E.chainW(Data.recordsTable)(Node.parseJsonRows(text))
        : Node.parseCsv(text)
    ),
    TE.mapLeft(because(path))
  )

/**
 * Labelled samples from a CSV/JSON file: `label` names the classes; `features` (e.g. a model's)
 * the input columns in order, else every other column; `classes` (a model's) their numbering.
 *
 * @category files
 * @since 0.2.0
 */
export const loadFile = (
  path: string,
  options: {
    readonly label: string
    readonly features?: ReadonlyArray<string>
    readonly classes?: ReadonlyArray<string>
  }
): TE.TaskEither<DataProblem, Labelled> =>
  pipe(
    tableOf(path),
    TE.chainEitherKW((table) =>
      pipe(Data.fromTable({ ...options, task: 'classification' })(table), E.mapLeft(because(path)))
    ),
    TE.map(named)
  )

/**
 * The named input columns of a CSV/JSON file, e.g. rows to predict (a label column is ignored).
 *
 * @category files
 * @since 0.2.0
 */
export const loadInputs = (path: string, features: ReadonlyArray<string>): TE.TaskEither<DataProblem, Tensor.Tensor> =>
  pipe(
    loadInputsWith(path, features, undefined),
    TE.map((r) => r.inputs)
  )

/**
 * The input columns of every row of a CSV/JSON file, and the cells of the column `label` as
 * written (when one is named; it is never an input).
 *
 * @category files
 * @since 0.3.0
 */
export const loadInputsWith = (
  path: string,
  features: ReadonlyArray<string>,
  label: string | undefined
): TE.TaskEither<DataProblem, { readonly inputs: Tensor.Tensor; readonly labels: ReadonlyArray<string> | null }> =>
  pipe(
    tableOf(path),
    TE.chainEitherKW((table) =>
      pipe(
        Data.inputsOfTable({ features: features.filter((f) => f !== label) })(table),
        E.mapLeft(because(path)),
        E.chainW(
          (
            t
          ): E.Either<
            DataProblem,
            { readonly inputs: Tensor.Tensor; readonly labels: ReadonlyArray<string> | null }
          > => {
            if (label === undefined) return E.right({ inputs: t.inputs, labels: null })
            const k = table.header.indexOf(label)
            return k < 0
              ? E.left(
                  problem(
                    `${path}: no column "${label}"; the header has ${table.header.map((h) => `"${h}"`).join(', ')}`
                  )
                )
              : E.right({ inputs: t.inputs, labels: table.rows.map((r) => String(r[k] ?? '')) })
          }
        )
      )
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
  const cells = Array.from(
    { length: 144 },
    (_, k) => [-1 + (2 * Math.floor(k / 12) + 1) / 12, -1 + (2 * (k % 12) + 1) / 12] as const
  )
  return pipe(
    Tensor.fromArray([144, 2])(cells.flat()),
    E.chainW((x) =>
      Data.fromLabels(2)(
        x,
        cells.map(([a, b]) => (a > 0 !== b > 0 ? 0 : 1))
      )
    ),
    E.bimap(because('xor'), (dataset) => ({ dataset, classes: ['different', 'same'], features: ['x', 'y'] }))
  )
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
      return loadFile(path, { label: data.label })
    }
    switch (data.name) {
      case 'iris':
        return TE.right(named(Data.iris))
      case 'digits':
        return TE.right(named(digits))
      case 'xor':
        return TE.fromEither(xor())
      case 'three-class':
        return TE.right(named(Data.threeClass))
    }
  }
