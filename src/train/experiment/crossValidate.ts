/**
 * k-fold cross-validation of an experiment: the samples cut into k folds (stratified when the
 * config's split is), and for each fold the experiment trained on the others (their validation
 * part drawn as the config's split draws it, for early stopping) and measured on that fold with
 * its best parameters; the per-fold measures and their mean ± standard deviation.
 *
 * Law: the same config and k give the same folds, runs and report, bit for bit.
 *
 * @since 0.3.0
 */
import * as E from '#fp-ts/Either.js'
import * as TE from '#fp-ts/TaskEither.js'
import { pipe } from '#fp-ts/function.js'
import * as Data from '../../data/index.js'
import * as Random from '../../random/index.js'
import { fit } from '../loop/fit.js'
import { decodeExperiment, type Experiment } from './config.js'
import {
  finishExperiment,
  samplesOf,
  type ExperimentError,
  type ExperimentInput,
  type ExperimentOptions
} from './experiment.js'
import { prepareWith } from './prepare.js'
import type { Samples } from './source.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One fold: its number (from 1), how many samples it holds, the best epoch of the run trained
 * without it, and that run's loss and accuracy on it.
 *
 * @category model
 * @since 0.3.0
 */
export interface FoldResult {
  readonly fold: number
  readonly samples: number
  readonly bestEpoch: number
  readonly loss: number
  readonly accuracy: number
}

/**
 * A cross-validation: each fold's result, the mean and sample standard deviation (n − 1) of
 * the accuracy (the watched metric) and of the loss across folds, and the report as text.
 *
 * @category model
 * @since 0.3.0
 */
export interface CrossValidation {
  readonly folds: ReadonlyArray<FoldResult>
  readonly accuracy: { readonly mean: number; readonly sd: number }
  readonly loss: { readonly mean: number; readonly sd: number }
  readonly report: string
}

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const meanSd = (xs: ReadonlyArray<number>): { readonly mean: number; readonly sd: number } => {
  const mean = xs.reduce((a, x) => a + x, 0) / xs.length
  const ss = xs.reduce((a, x) => a + (x - mean) * (x - mean), 0)
  return { mean, sd: xs.length > 1 ? Math.sqrt(ss / (xs.length - 1)) : 0 }
}

/** Fold `i`'s three-way split: the fold as the test part, the rest split as the config splits. */
const foldSplit = (
  c: Experiment,
  fold: Data.Split,
  i: number,
  validationKey: Random.Key
): E.Either<ExperimentError, Data.ThreeWaySplit> =>
  c.split.validation === 0
    ? E.right({ ...fold, validation: null, validationIndices: [] })
    : pipe(
        Random.foldIn(i)(validationKey),
        E.chainW((key) =>
          Data.trainTestSplit({ testFraction: c.split.validation / (1 - c.split.test), stratify: c.split.stratify })(
            fold.train,
            key
          )
        ),
        E.map((s) => ({
          train: s.train,
          validation: s.test,
          test: fold.test,
          trainIndices: s.trainIndices.map((j) => fold.trainIndices[j]!),
          validationIndices: s.testIndices.map((j) => fold.trainIndices[j]!),
          testIndices: fold.testIndices
        }))
      )

const runFold =
  (c: Experiment, samples: Samples, validationKey: Random.Key) =>
  (fold: Data.Split, i: number): E.Either<ExperimentError, FoldResult> =>
    pipe(
      foldSplit(c, fold, i, validationKey),
      E.chainW((split) => prepareWith(c, samples, split)),
      E.bindTo('p'),
      E.bindW('result', ({ p }) => fit(p.fit)(p.params, p.key, p.train)),
      E.chainW(({ p, result }) => finishExperiment(p, result)),
      E.map((run) => ({
        fold: i + 1,
        samples: fold.testIndices.length,
        bestEpoch: run.best.epoch,
        loss: run.test.loss,
        accuracy: 'accuracy' in run.test ? run.test.accuracy : Number.NaN
      }))
    )

const fixed = (x: number): string => x.toFixed(4)

/**
 * The report of a cross-validation: a table of folds, then `mean ± sd` of accuracy and loss.
 *
 * @internal
 * @since 0.3.0
 */
export const crossValidationReport = (folds: ReadonlyArray<FoldResult>): string => {
  const accuracy = meanSd(folds.map((f) => f.accuracy))
  const loss = meanSd(folds.map((f) => f.loss))
  return [
    'fold  samples  best epoch  test loss  test accuracy',
    ...folds.map(
      (f) =>
        `${String(f.fold).padStart(4)}  ${String(f.samples).padStart(7)}  ${String(f.bestEpoch).padStart(10)}  ${fixed(f.loss).padStart(9)}  ${fixed(f.accuracy).padStart(13)}`
    ),
    `accuracy ${fixed(accuracy.mean)} ± ${fixed(accuracy.sd)} (mean ± sd over ${folds.length} folds)`,
    `loss ${fixed(loss.mean)} ± ${fixed(loss.sd)}`
  ].join('\n')
}

// -------------------------------------------------------------------------------------
// running
// -------------------------------------------------------------------------------------

/**
 * Cross-validates the experiment `input` describes over `folds` folds (5 unless given): the
 * folds drawn from the split's seed, each fold's run with the config's network, optimizer,
 * batching, stop rules (early stopping among them) and seed.
 *
 * @example
 * import { Train } from 'gradfold'
 * Train.crossValidate({ data: { source: 'bundled', name: 'iris' }, stop: { maxEpochs: 30 } }, { folds: 3 })() // right: three folds, each with its accuracy, and their mean ± sd
 * Train.crossValidate({ data: { source: 'bundled', name: 'iris' } }, { folds: 1 })() // left: kFold: folds is 1; expected a whole number from 2 to 150
 *
 * @category running
 * @since 0.3.0
 */
export const crossValidate = (
  input: ExperimentInput,
  options: ExperimentOptions & { readonly folds?: number } = {}
): TE.TaskEither<ExperimentError, CrossValidation> =>
  pipe(
    TE.fromEither(decodeExperiment(input)),
    TE.bindTo('c'),
    TE.bindW('samples', ({ c }) => samplesOf(c, options)),
    TE.chainEitherKW(({ c, samples }) =>
      pipe(
        Random.key(c.split.seed),
        E.map(Random.split2),
        E.bindTo('keys'),
        E.bindW('folds', ({ keys }) =>
          Data.kFold({ folds: options.folds ?? 5, stratify: c.split.stratify })(
            samples.kind === 'dataset' ? samples.dataset : samples.rows,
            keys[0]
          )
        ),
        E.chainW(({ keys, folds }) =>
          E.traverseArrayWithIndex((i, f: Data.Split) => runFold(c, samples, keys[1])(f, i))(folds)
        ),
        E.map((folds) => ({
          folds,
          accuracy: meanSd(folds.map((f) => f.accuracy)),
          loss: meanSd(folds.map((f) => f.loss)),
          report: crossValidationReport(folds)
        }))
      )
    )
  )
