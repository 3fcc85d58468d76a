/**
 * `gradfold evaluate <model> <data>`: the model's loss, accuracy, confusion matrix and
 * per-class precision and recall on labelled data.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { pipe } from 'fp-ts/lib/function.js'
import { Data, Train } from '../../index.js'
import { EXIT, type Io } from '../io.js'
import { trainModelOf } from '../modelFile.js'
import { accuracyOf } from '../report.js'
import type { Subcommand } from './Command.js'
import { badInput } from './shared.js'
import { readFor, readModel } from './useModel.js'

const pad = (s: string, n: number): string => s.padStart(n)

/**
 * Evaluates the model at `modelPath` on `data`; answers the exit code.
 *
 * @category running
 * @since 0.2.0
 */
export const evaluate = async (modelPath: string, data: string, io: Io): Promise<number> => {
  const result = await pipe(
    TE.Do,
    TE.apS('model', readModel(modelPath)),
    TE.bindW('data', ({ model }) => readFor(model)(data)),
    TE.bindW('built', ({ model }) => TE.fromEither(trainModelOf(model))),
    TE.bindW('x', ({ model, data }) =>
      TE.fromEither(
        model.standardizer === null ? E.right(data.dataset) : Data.applyStandardizer(model.standardizer)(data.dataset)
      )
    ),
    TE.bindW('measure', ({ model, built, x }) => TE.fromEither(Train.measure(built.model)(x)(model.params))),
    TE.bindW('predictions', ({ model, built, x }) => TE.fromEither(built.net.predict(model.params)(x.inputs))),
    TE.bindW('confusion', ({ x, predictions }) => TE.fromEither(Train.confusionMatrix(x.targets)(predictions))),
    TE.bindW('reports', ({ confusion }) => TE.fromEither(Train.classReports(confusion))),
    TE.mapLeft((e: { readonly message: string }) => e)
  )()
  if (E.isLeft(result)) return badInput(io, 'cannot evaluate:', [result.left.message])
  const { model, measure, confusion, reports } = result.right
  const classes = model.classes ?? confusion.map((_, k) => String(k))
  const width = Math.max(8, ...classes.map((c) => c.length)) + 1
  io.out.write(
    [
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
      .addHelpText('after', '\nExample:\n  gradfold evaluate runs/iris/model.json iris')
      .action((model: string, data: string) => exit(evaluate(model, data, io)))
}
