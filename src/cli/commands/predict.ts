/**
 * `gradfold predict <model> <csv> [--label COL] [--out FILE]`: the predicted class of every raw
 * row (category names and empty cells prepared as the model was trained), with the class
 * probabilities, as CSV (on standard output, or written atomically to a file); `--label` copies
 * that column beside each prediction, to compare (it is never an input).
 *
 * @since 0.2.0
 */
import * as E from '#fp-ts/Either.js'
import * as TE from '#fp-ts/TaskEither.js'
import { pipe } from '#fp-ts/function.js'
import { Data, Train } from '../../index.js'
import * as Node from '../../node/index.js'
import { EXIT, type Io } from '../io.js'
import type { Subcommand } from './Command.js'
import { badInput } from './shared.js'
import { readModel } from './useModel.js'

const quote = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)

/**
 * The predictions as CSV: `row,predicted,<one column per class>`.
 *
 * @category text
 * @since 0.2.0
 */
export const predictionsCsv = (
  model: Train.ModelFile,
  outputs: { readonly shape: ReadonlyArray<number>; readonly data: Float64Array },
  labels?: { readonly column: string; readonly cells: ReadonlyArray<string> }
): string => {
  const [n, k] = [outputs.shape[0]!, outputs.shape[1]!]
  const classes = model.classes ?? Array.from({ length: k }, (_, i) => String(i))
  const actual = labels === undefined ? [] : [labels.column]
  const lines = [['row', 'predicted', ...actual, ...classes.map((c) => `p(${c})`)].map(quote).join(',')]
  for (let r = 0; r < n; r++) {
    const row = Array.from(outputs.data.subarray(r * k, (r + 1) * k))
    const best = row.indexOf(Math.max(...row))
    const cell = labels === undefined ? [] : [quote(labels.cells[r] ?? '')]
    lines.push([String(r + 1), quote(classes[best] ?? String(best)), ...cell, ...row.map(String)].join(','))
  }
  return lines.join('\n') + '\n'
}

/** The cells of the column `label` as written, when one is named (it is never an input). */
const labelCells = (
  path: string,
  table: Data.Table,
  label: string | undefined
): E.Either<{ readonly message: string }, ReadonlyArray<string> | null> => {
  if (label === undefined) return E.right(null)
  const k = table.header.indexOf(label)
  return k < 0
    ? E.left({
        message: `${path}: no column "${label}"; the header has ${table.header.map((h) => `"${h}"`).join(', ')}`
      })
    : E.right(table.rows.map((r) => String(r[k] ?? '')))
}

/**
 * Predicts every row of `data` with the model at `modelPath`; answers the exit code.
 *
 * @category running
 * @since 0.2.0
 */
export const predict = async (
  modelPath: string,
  data: string,
  options: { readonly out?: string; readonly label?: string },
  io: Io
): Promise<number> => {
  const result = await pipe(
    TE.Do,
    TE.apS('model', readModel(modelPath)),
    TE.apSW('table', Node.readTable(data)),
    TE.bindW('outputs', ({ model, table }) =>
      TE.fromEither(
        E.mapLeft((e: { readonly message: string }) => ({ message: `${data}: ${e.message}` }))(
          Train.predict(model)(table)
        )
      )
    ),
    TE.bindW('labels', ({ table }) => TE.fromEither(labelCells(data, table, options.label))),
    TE.map(({ model, outputs, labels }) =>
      predictionsCsv(
        model,
        outputs,
        labels === null || options.label === undefined ? undefined : { column: options.label, cells: labels }
      )
    ),
    TE.mapLeft((e: { readonly message: string }) => e)
  )()
  if (E.isLeft(result)) return badInput(io, 'cannot predict:', [result.left.message])
  if (options.out === undefined) {
    io.out.write(result.right)
    return EXIT.ok
  }
  const written = await Node.writeTextAtomic(options.out)(result.right)()
  return E.isLeft(written) ? badInput(io, 'cannot write the predictions:', [written.left.message]) : EXIT.ok
}

/** @category subcommands @since 0.2.0 */
export const predictCommand: Subcommand = {
  name: 'predict',
  register: (program, io, exit) =>
    program
      .command('predict')
      .description('predict the class of every row of a CSV (or JSON) file with a model file; writes CSV')
      .argument('<model>', 'a model file (model.json in a run folder)')
      .argument('<data>', "a CSV/JSON file with the model's feature columns (a label column is ignored)")
      .option('-l, --label <column>', 'copy this column beside each prediction, to compare (never an input)')
      .option('-o, --out <file>', 'write the predictions to a file instead of standard output')
      .addHelpText(
        'after',
        '\nExample:\n  gradfold predict runs/iris/model.json examples/data/iris.csv > predictions.csv\n  gradfold predict runs/iris/model.json examples/data/iris.csv --label species'
      )
      .action((model: string, data: string, options: { out?: string; label?: string }) =>
        exit(predict(model, data, options, io))
      )
}
