/**
 * An experiment's samples: a bundled set of numbers (`Data.iris`, `gradfold/data/digits`,
 * `Data.threeClass`, XOR on a grid), or a table of raw cells (the bundled Palmer penguins, rows
 * given in the config, or a CSV/JSON file read by `gradfold/node`) with its label column. A
 * table's rows without a label are left out (and, with `missing: "drop"`, every row with an
 * empty cell); its classes are numbered in sorted order of their names, so the same table
 * always gives the same numbering.
 *
 * @since 0.3.0
 */
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import * as Data from '../../data/index.js'
import * as Tensor from '../../tensor/index.js'
import type { DataConfig, Experiment } from './config.js'
import { isMissing } from '../../data/Preparation.js'

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
 * What an experiment trains on: a data set of numbers, or a table with its label column, its
 * classes and, as `rows`, a data set whose inputs are the row numbers and whose targets are the
 * rows' classes (what the split draws from).
 *
 * @category model
 * @since 0.3.0
 */
export type Samples =
  | { readonly kind: 'dataset'; readonly dataset: Data.Dataset }
  | {
      readonly kind: 'table'
      readonly table: Data.Table
      readonly label: string
      readonly classes: ReadonlyArray<string>
      readonly rows: Data.Dataset
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

/**
 * A data problem with its message.
 *
 * @category model
 * @since 0.3.0
 */
export const dataProblem = (message: string): DataProblem => ({ _tag: 'DataProblem', message })

const because =
  (where: string) =>
  (e: { readonly message: string }): DataProblem =>
    dataProblem(e.message.startsWith(where) ? e.message : `${where}: ${e.message}`)

// -------------------------------------------------------------------------------------
// names
// -------------------------------------------------------------------------------------

/**
 * A data set's class and feature names (made up where it has none).
 *
 * @category names
 * @since 0.3.0
 */
export const labelled = (d: Data.Dataset): Labelled => ({
  dataset: d,
  classes: d.classes ?? Array.from({ length: Data.outputs(d) }, (_, i) => `class ${i}`),
  features: d.featureNames ?? Array.from({ length: Data.features(d) }, (_, i) => `x${i + 1}`)
})

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * XOR on a 12 × 12 grid of [-1, 1]², off the axes: class `different` where the signs differ.
 * (`Data.xor`'s four corners are too few to hold out a test and a validation part.)
 */
const xor = (): E.Either<DataProblem, Data.Dataset> => {
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
    E.chainW(Data.withNames({ classes: ['different', 'same'], featureNames: ['x', 'y'] })),
    E.mapLeft(because('xor'))
  )
}

/**
 * The samples of a table with the label column `label`: rows without a label left out, and,
 * with `missing: "drop"`, every row with an empty cell.
 *
 * @category constructors
 * @since 0.3.0
 */
export const tableSamples = (
  table: Data.Table,
  label: string,
  missing: Experiment['preprocessing']['missing']
): E.Either<DataProblem, Samples> => {
  const j = table.header.indexOf(label)
  if (j < 0)
    return E.left(
      dataProblem(
        `the label column ${JSON.stringify(label)} is not in the header ${table.header.map((h) => JSON.stringify(h)).join(', ')}`
      )
    )
  const keep = table.rows.flatMap((row, i) =>
    isMissing(row[j]) || (missing === 'drop' && row.some(isMissing)) ? [] : [i]
  )
  const kept: Data.Table = {
    header: table.header,
    rows: keep.map((i) => table.rows[i]!),
    rowNumbers: keep.map((i) => table.rowNumbers?.[i] ?? i + 2),
    rowWord: table.rowWord ?? 'line'
  }
  return pipe(
    Data.fromTable({ label })({
      header: ['row', label],
      rows: kept.rows.map((row, i) => [String(i), row[j]]),
      rowNumbers: kept.rowNumbers!,
      rowWord: kept.rowWord!
    }),
    E.bimap(because(label), (rows) => ({ kind: 'table' as const, table: kept, label, classes: rows.classes!, rows }))
  )
}

/**
 * The samples a bundled set's name stands for.
 *
 * @category constructors
 * @since 0.3.0
 */
export const bundledSamples = (
  name: Extract<DataConfig, { readonly source: 'bundled' }>['name'],
  missing: Experiment['preprocessing']['missing'],
  digits?: Data.Dataset
): E.Either<DataProblem, Samples> => {
  switch (name) {
    case 'iris':
      return E.right({ kind: 'dataset', dataset: Data.iris })
    case 'digits':
      // the digits table (130 KB) stays out of the root entry: gradfold/node hands it over
      return digits === undefined
        ? E.left(
            dataProblem(
              "data.name: the digits data set is not in the root entry; run the experiment through gradfold/node (Node.experiment) or give it as options.digits (import { digits } from 'gradfold/data/digits')"
            )
          )
        : E.right({ kind: 'dataset', dataset: digits })
    case 'xor':
      return E.map((dataset: Data.Dataset): Samples => ({ kind: 'dataset', dataset }))(xor())
    case 'three-class':
      return E.right({ kind: 'dataset', dataset: Data.threeClass })
    case 'penguins':
      return tableSamples(Data.penguins, 'species', missing)
  }
}
