/**
 * `gradfold evaluate <model> <data> [--label COL] [--part test|validation|train|all]`: the
 * model's loss, accuracy, confusion matrix and per-class precision and recall on labelled data.
 * On the data the model was trained on, it scores the held-out test part by default (the model
 * file records the run's config, so the split is drawn again, the same rows); on other data, all
 * rows. The first line says which rows it scored.
 *
 * @since 0.2.0
 */
import { resolve } from 'node:path'
import { Option } from 'commander'
import * as E from '#fp-ts/Either.js'
import * as TE from '#fp-ts/TaskEither.js'
import { pipe } from '#fp-ts/function.js'
import { Data, Train } from '../../index.js'
import { splitOf } from '../../train/experiment/prepare.js'
import { EXIT, type Io } from '../io.js'
import { trainModelOf } from '../modelFile.js'
import { accuracyOf } from '../report.js'
import type { Subcommand } from './Command.js'
import { badInput } from './shared.js'
import { readFor, readModel } from './useModel.js'

/** The parts of a run's data `--part` chooses from. */
export const PARTS = ['test', 'validation', 'train', 'all'] as const

/** @category model @since 0.3.0 */
export type Part = (typeof PARTS)[number]

/** @category model @since 0.3.0 */
export interface EvaluateOptions {
  /** The label column of a CSV/JSON file (default: the one the model was trained with). */
  readonly label?: string
  /** Which rows to score (default: `test` on the model's own data, else `all`). */
  readonly part?: Part
}

/** The run config a model file records, when `source` names the data it was trained on. */
const trainedOn = (model: Train.ModelFile, source: string): Train.Experiment | undefined => {
  const c = Train.decodeExperiment(model.metadata.training)
  if (E.isLeft(c)) return undefined
  const d = c.right.data
  const same = d.source === 'bundled' ? d.name === source : d.source === 'file' && resolve(d.path) === resolve(source)
  return same ? c.right : undefined
}

/**
 * The rows `part` chooses from `data`, and the words that say which they are.
 *
 * @category running
 * @since 0.3.0
 */
export const chosen = (
  model: Train.ModelFile,
  source: string,
  data: Data.Dataset,
  part: Part | undefined
): E.Either<{ readonly message: string }, { readonly rows: Data.Dataset; readonly said: string }> => {
  const run = trainedOn(model, source)
  const n = Data.size(data)
  const wanted = part ?? (run === undefined ? 'all' : 'test')
  if (wanted === 'all') return E.right({ rows: data, said: `all ${n} rows of ${source}` })
  if (run === undefined)
    return E.left({
      message: `--part ${wanted}: ${source} is not the data the model was trained on, so it has no ${wanted} part; use --part all`
    })
  // the run's own split, drawn again from its seed; standardisation is the model file's, applied later
  return pipe(
    splitOf(run, { kind: 'dataset', dataset: data }),
    E.chainW((p) => {
      const rows = p[wanted]
      return rows === null
        ? E.left({ message: `--part validation: the run of this model had no validation part` })
        : E.right({
            rows,
            said: `the ${wanted} part of ${source}: ${Data.size(rows)} of ${n} rows, as the model's run split them`
          })
    })
  )
}

const pad = (s: string, n: number): string => s.padStart(n)

/**
 * Evaluates the model at `modelPath` on `data`; answers the exit code.
 *
 * @category running
 * @since 0.2.0
 */
export const evaluate = async (modelPath: string, data: string, options: EvaluateOptions, io: Io): Promise<number> => {
  const result = await pipe(
    TE.Do,
    TE.apS('model', readModel(modelPath)),
    TE.bindW('data', ({ model }) => readFor(model, options.label)(data)),
    TE.bindW('chosen', ({ model, data: d }) => TE.fromEither(chosen(model, data, d.dataset, options.part))),
    TE.bindW('built', ({ model }) => TE.fromEither(trainModelOf(model))),
    TE.bindW('x', ({ model, chosen }) =>
      TE.fromEither(
        model.standardizer === null ? E.right(chosen.rows) : Data.applyStandardizer(model.standardizer)(chosen.rows)
      )
    ),
    TE.bindW('measure', ({ model, built, x }) => TE.fromEither(Train.measure(built.model)(x)(model.params))),
    TE.bindW('predictions', ({ model, built, x }) => TE.fromEither(built.net.predict(model.params)(x.inputs))),
    TE.bindW('confusion', ({ x, predictions }) => TE.fromEither(Train.confusionMatrix(x.targets)(predictions))),
    TE.bindW('reports', ({ confusion }) => TE.fromEither(Train.classReports(confusion))),
    TE.mapLeft((e: { readonly message: string }) => e)
  )()
  if (E.isLeft(result)) return badInput(io, 'cannot evaluate:', [result.left.message])
  const { model, measure, confusion, reports, chosen: rows } = result.right
  const classes = model.classes ?? confusion.map((_, k) => String(k))
  const width = Math.max(8, ...classes.map((c) => c.length)) + 1
  io.out.write(
    [
      `scored ${rows.said}`,
      `samples ${confusion.flat().reduce((a, b) => a + b, 0)}  loss ${measure.loss.toFixed(6)}  accuracy ${(accuracyOf(measure) ?? Number.NaN).toFixed(4)}`,
      '',
      'confusion matrix (rows: true class, columns: predicted)',
      pad('', width) + classes.map((c) => pad(c, width)).join(''),
      ...classes.map((c, k) => pad(c, width) + (confusion[k] ?? []).map((n) => pad(String(n), width)).join('')),
      '',
      pad('class', width) + pad('precision', 11) + pad('recall', 11) + pad('support', 9),
      ...classes.map(
        (c, k) =>
          pad(c, width) +
          pad(reports[k]!.precision.toFixed(4), 11) +
          pad(reports[k]!.recall.toFixed(4), 11) +
          pad(String(reports[k]!.support), 9)
      ),
      ''
    ].join('\n')
  )
  return EXIT.ok
}

/** @category subcommands @since 0.2.0 */
export const evaluateCommand: Subcommand = {
  name: 'evaluate',
  register: (program, io, exit) =>
    program
      .command('evaluate')
      .description(
        'measure a model file on labelled data: loss, accuracy, confusion matrix, per-class precision and recall'
      )
      .argument('<model>', 'a model file (model.json in a run folder)')
      .argument('<data>', "a CSV/JSON file with the model's feature and label columns, or a bundled set's name")
      .option(
        '-l, --label <column>',
        'the label column of a CSV/JSON file (default: the one the model was trained with)'
      )
      .addOption(
        new Option(
          '-p, --part <part>',
          "which rows: the run's held-out test part (the default on the data the model was trained on), its validation or train part, or all (the default on other data)"
        ).choices(PARTS)
      )
      .addHelpText(
        'after',
        '\nExample:\n  gradfold evaluate runs/iris/model.json iris                 # the 30 held-out test rows\n  gradfold evaluate runs/iris/model.json examples/data/iris.csv --label species   # all 150 rows'
      )
      .action((model: string, data: string, options: EvaluateOptions) => exit(evaluate(model, data, options, io)))
}
