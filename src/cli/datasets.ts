/**
 * The command's data for `evaluate`, `predict` and `explain`: a bundled set by name or a
 * CSV/JSON file with a label column, as a data set with its class and feature names, read as a
 * model file says (its feature columns and class order, or, for a model trained on raw rows, its
 * preparation: categories one-hot, missing cells as in training). Training reads its data
 * through `Train.experiment` (`Node.experiment` for files).
 *
 * @since 0.2.0
 */
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import * as TE from '#fp-ts/TaskEither.js'
import { Data } from '../index.js'
import * as Node from '../node/index.js'
import { bundledSamples, dataProblem, labelled } from '../train/experiment/source.js'
import * as Advanced from '../advanced.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** @category model @since 0.2.0 */
export type Labelled = Advanced.Train.Labelled

/** @category model @since 0.2.0 */
export type DataProblem = Advanced.Train.DataProblem

const because =
  (path: string) =>
  (e: { readonly message: string }): DataProblem =>
    dataProblem(e.message.startsWith(path) ? e.message : `${path}: ${e.message}`)

// -------------------------------------------------------------------------------------
// files
// -------------------------------------------------------------------------------------

/**
 * Labelled samples from a table for a model with a preparation: rows without a label left out
 * (and, under `missing: "drop"`, rows with an empty cell), the rest prepared as in training.
 *
 * @category files
 * @since 0.3.0
 */
export const preparedSamples = (
  preparation: Data.Preparation,
  table: Data.Table,
  options: { readonly label: string; readonly classes?: ReadonlyArray<string> }
): E.Either<{ readonly message: string }, Labelled> => {
  const j = table.header.indexOf(options.label)
  if (j < 0) return E.left({ message: `no label column ${JSON.stringify(options.label)}` })
  const withLabels: Data.Table = { ...table, rows: table.rows.filter((r) => !Advanced.Data.isMissing(r[j])) }
  return pipe(
    Data.applyPreparation(preparation)(withLabels),
    E.bindTo('prepared'),
    E.bindW('labels', ({ prepared }) =>
      Data.fromTable({ label: options.label, ...(options.classes === undefined ? {} : { classes: options.classes }) })({
        header: ['row', options.label],
        rows: prepared.kept.map((i) => [String(i), withLabels.rows[i]![j]])
      })
    ),
    E.chainW(({ prepared, labels }) =>
      pipe(
        Data.make(prepared.inputs, labels.targets),
        E.chain(Data.withNames({ featureNames: prepared.featureNames, classes: labels.classes! }))
      )
    ),
    E.map(labelled)
  )
}

/**
 * Labelled samples from a CSV/JSON file: `label` names the classes; `features` (e.g. a model's)
 * the input columns in order, else every other column; `classes` (a model's) their numbering;
 * `preparation` (a model's) how raw rows become inputs.
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
    readonly preparation?: Data.Preparation | null
  }
): TE.TaskEither<DataProblem, Labelled> =>
  pipe(
    Node.readTable(path),
    TE.chainEitherKW((table) => fromTableFor(table, options)),
    TE.mapLeft(because(path))
  )

const fromTableFor = (
  table: Data.Table,
  options: Parameters<typeof loadFile>[1]
): E.Either<{ readonly message: string }, Labelled> => {
  const { preparation, ...rest } = options
  return preparation === undefined || preparation === null
    ? E.map(labelled)(Data.fromTable({ ...rest, task: 'classification' })(table))
    : preparedSamples(preparation, table, rest)
}

/**
 * Labelled samples for a model from a bundled set's name: the set's own, or, for a table (the
 * penguins), its rows prepared as the model says.
 *
 * @category files
 * @since 0.3.0
 */
export const loadBundled = (
  name: (typeof Advanced.Train.BUNDLED)[number],
  options: Parameters<typeof loadFile>[1]
): E.Either<DataProblem, Labelled> =>
  pipe(
    bundledSamples(name, 'refuse'),
    E.chainW((s) =>
      s.kind === 'dataset'
        ? E.right(labelled(s.dataset))
        : pipe(fromTableFor(Data.penguins, { ...options, label: 'species' }), E.mapLeft(because(name)))
    )
  )
