/**
 * The experiment runner, as `gradfold train` runs it, from code: one record (the codec of the
 * command's config file, so a parsed file or an object literal; every section but `data` may
 * be left out) with the data, split, preparation, network, loss, optimizer and schedule,
 * batching, stop rules (early stopping among them) and seed; the run answers its best model (the
 * parameters of the best epoch by the monitored loss, with that epoch's metrics, and the final
 * ones beside them), the history, a report and the model file. The command is a shell over
 * these functions, so a run from code and one from the command with the same config save the
 * same model file, byte for byte.
 *
 * Law: the same config gives the same run, bit for bit (no clock, no global generator).
 *
 * @since 0.3.0
 */
import * as E from '#fp-ts/Either.js'
import * as O from '#fp-ts/Option.js'
import * as TE from '#fp-ts/TaskEither.js'
import { pipe } from '#fp-ts/function.js'
import type * as Data from '../../data/index.js'
import type * as NN from '../../nn/index.js'
import { validateSetup, start, type FitResult, type Progress } from '../loop/fit.js'
import type { History, Measure } from '../bookkeeping/History.js'
import { confusionMatrix, type ConfusionMatrix } from '../bookkeeping/metrics.js'
import { measure } from '../bookkeeping/measure.js'
import { bestMetrics, finalMetrics, modelFile, type ModelFile } from '../files/ModelFile.js'
import { run, type RunError, type RunOptions } from '../loop/run.js'
import type { StopReason } from '../bookkeeping/stopRules.js'
import { decodeExperiment, ExperimentC, type ConfigError, type DataConfig, type Experiment } from './config.js'
import { prepareWith, type AnyState, type PrepareError, type Prepared } from './prepare.js'
import { reportText, stoppedEarly } from './report.js'
import { bundledSamples, dataProblem, tableSamples, type DataProblem, type Samples } from './source.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

type DeepPartial<T> =
  T extends ReadonlyArray<unknown> ? T : T extends object ? { readonly [K in keyof T]?: DeepPartial<T[K]> } : T

/**
 * An experiment as code writes it: `data` and whatever else differs from the defaults
 * (`DEFAULTS`); each field as a config file holds it. Decoded before anything runs, so a
 * mistake is a `ConfigError` naming its path.
 *
 * @category model
 * @since 0.3.0
 */
export type ExperimentInput = { readonly data: DataConfig } & {
  readonly [K in Exclude<keyof Experiment, 'data'>]?: K extends 'optimizer' | 'loss'
    ? Experiment[K] | DeepPartial<Experiment[K]>
    : DeepPartial<Experiment[K]>
}

/**
 * What the runner needs besides the config: how to read a file source's table (`gradfold/node`'s
 * `Node.experiment` gives its CSV/JSON reader) and the `Train.run` options (observer, abort
 * signal, checkpoints).
 *
 * @category model
 * @since 0.3.0
 */
export interface ExperimentOptions {
  /** Reads the table a `file` source names (`gradfold/node` gives it). */
  readonly readTable?: (path: string) => TE.TaskEither<{ readonly message: string }, Data.Table>
  /** The bundled digits data set, which the root entry leaves out (`gradfold/node` gives it; or `gradfold/data/digits`). */
  readonly digits?: Data.Dataset
  readonly run?: RunOptions<NN.MlpParams, AnyState>
}

/**
 * Why an experiment did not run: its config, its data, a part refused, or the training.
 *
 * @category model
 * @since 0.3.0
 */
export type ExperimentError = ConfigError | DataProblem | PrepareError | RunError<NN.MlpParams, AnyState>

/**
 * One epoch's parameters and its metrics (`trainLoss`, `validationAccuracy`, …).
 *
 * @category model
 * @since 0.3.0
 */
export interface EpochSnapshot {
  readonly epoch: number
  readonly params: NN.MlpParams
  readonly metrics: Readonly<Record<string, number>>
}

/**
 * A finished experiment: the best epoch (the parameters the model file keeps: early stopping
 * restores them) and the final one, the history, why it stopped, the test part's measure and
 * confusion matrix with the best parameters, the model file and the report.
 *
 * @category model
 * @since 0.3.0
 */
export interface ExperimentRun {
  readonly prepared: Prepared
  readonly best: EpochSnapshot
  readonly final: EpochSnapshot
  readonly history: History
  readonly stopReason: StopReason
  /** Whether early stopping ended the run (no better monitored loss for `patience` epochs). */
  readonly stoppedEarly: boolean
  readonly test: Measure
  readonly confusion: ConfusionMatrix
  readonly model: ModelFile
  readonly report: string
}

// -------------------------------------------------------------------------------------
// preparing
// -------------------------------------------------------------------------------------

/**
 * The samples a config names: a bundled set, its rows, or a file read by `options.readTable`.
 *
 * @category preparing
 * @since 0.3.0
 */
export const samplesOf = (c: Experiment, options: ExperimentOptions): TE.TaskEither<DataProblem, Samples> => {
  switch (c.data.source) {
    case 'bundled':
      return TE.fromEither(bundledSamples(c.data.name, c.preprocessing.missing, options.digits))
    case 'rows': {
      const { label, rows } = c.data
      return pipe(
        TE.fromEither(
          E.mapLeft((e: { readonly message: string }) => dataProblem(`data.rows: ${e.message}`))(rowsTable(rows))
        ),
        TE.chainEitherK((table) => tableSamples(table, label, c.preprocessing.missing))
      )
    }
    case 'file': {
      const { label, path } = c.data
      return options.readTable === undefined
        ? TE.left(
            dataProblem(
              `data.path: a file is read through gradfold/node (Node.experiment); from the root entry give the rows (data.source "rows") or a bundled set`
            )
          )
        : pipe(
            options.readTable(path),
            TE.mapLeft((e) => dataProblem(e.message)),
            TE.chainEitherK((table) => tableSamples(table, label, c.preprocessing.missing))
          )
    }
  }
}

const rowsTable = (
  rows: ReadonlyArray<Readonly<Record<string, unknown>>>
): E.Either<{ readonly message: string }, Data.Table> => {
  const header = Object.keys(rows[0] ?? {})
  const r = rows.findIndex((row) => Object.keys(row).length !== header.length || header.some((k) => !(k in row)))
  return r >= 0
    ? E.left({
        message: `row ${r + 1} has other columns than the first (${header.map((h) => JSON.stringify(h)).join(', ')})`
      })
    : E.right({
        header,
        rows: rows.map((row) => header.map((k) => row[k])),
        rowNumbers: rows.map((_, i) => i + 1),
        rowWord: 'row'
      })
}

/**
 * The experiment `input` describes, decoded and made ready to run: its data loaded, split,
 * prepared and standardised, its network initialised, its setup checked.
 *
 * @example
 * import * as TE from 'fp-ts/lib/TaskEither.js'
 * import { Data } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * TE.map((p: Advanced.Train.Prepared) => Data.size(p.train))(Advanced.Train.prepareExperiment({ data: { source: 'bundled', name: 'iris' } }))() // right(90)
 *
 * @category preparing
 * @since 0.3.0
 */
export const prepareExperiment = (
  input: ExperimentInput,
  options: ExperimentOptions = {}
): TE.TaskEither<ExperimentError, Prepared> =>
  pipe(
    TE.fromEither(decodeExperiment(input)),
    TE.chainW((c) =>
      pipe(
        samplesOf(c, options),
        TE.chainEitherKW((s) => prepareWith(c, s))
      )
    ),
    TE.chainFirstEitherKW((p) => validateSetup(p.fit)(p.params, p.key, p.train))
  )

// -------------------------------------------------------------------------------------
// finishing
// -------------------------------------------------------------------------------------

const prefixed = (prefix: string, m: Readonly<Record<string, number>>): Readonly<Record<string, number>> =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [`${prefix}${k.charAt(0).toUpperCase()}${k.slice(1)}`, v]))

/**
 * A finished fold of a prepared experiment as a run: the best epoch's parameters (the last
 * epoch's when none was measured) measured on the test part, the model file that keeps them
 * (with that epoch's metrics, the test metrics and the final epoch's as `final…`), the report.
 *
 * @internal
 * @since 0.3.0
 */
export const finishExperiment = (
  p: Prepared,
  result: FitResult<NN.MlpParams, AnyState>
): E.Either<ExperimentError, ExperimentRun> => {
  const bestEpoch = O.isSome(result.best) ? result.best.value.epoch : result.state.epoch
  const bestParams = O.isSome(result.best) ? result.best.value.params : result.state.params
  const best = { epoch: bestEpoch, params: bestParams, metrics: bestMetrics(result.history, bestEpoch) }
  const final = { epoch: result.state.epoch, params: result.state.params, metrics: finalMetrics(result.history) }
  return pipe(
    E.Do,
    E.apS('test', measure(p.model)(p.test)(best.params)),
    E.bindW('predictions', () => p.net.predict(best.params)(p.test.inputs)),
    E.bindW('confusion', ({ predictions }) => confusionMatrix(p.test.targets)(predictions)),
    E.bindW('model', ({ test }) =>
      modelFile({
        net: p.network,
        loss: p.experiment.loss,
        params: best.params,
        preparation: p.preparation,
        standardizer: p.standardizer,
        classes: p.classes,
        featureNames: p.features,
        training: JSON.parse(JSON.stringify(ExperimentC.encode(p.experiment))),
        metrics: {
          epoch: best.epoch,
          ...best.metrics,
          testLoss: test.loss,
          ...('accuracy' in test ? { testAccuracy: test.accuracy } : {}),
          finalEpoch: final.epoch,
          ...prefixed('final', final.metrics)
        }
      })
    ),
    E.map(({ test, confusion, model }): ExperimentRun => ({
      prepared: p,
      best,
      final,
      history: result.history,
      stopReason: result.stopReason,
      stoppedEarly: stoppedEarly(result.stopReason),
      test,
      confusion,
      model,
      report: reportText({
        history: result.history,
        stopReason: result.stopReason,
        bestEpoch: best.epoch,
        test,
        testSize: p.test.inputs.shape[0] ?? 0
      })
    }))
  )
}

// -------------------------------------------------------------------------------------
// running
// -------------------------------------------------------------------------------------

/**
 * Runs the experiment `input` describes (a config file's record, or an object literal with
 * `data` and what differs from the defaults) to its end: `Train.run` from the start, with the
 * options' observer, signal and checkpoints; then finishes it as the command does (best epoch, test part, model file, report).
 *
 * @example
 * import { Train } from 'gradfold'
 * // iris, an MLP of 16 tanh units, Adam, early stopping after 10 epochs without a better validation loss
 * const run = Train.experiment({
 *   data: { source: 'bundled', name: 'iris' },
 *   optimizer: { name: 'adam', lr: 0.01 },
 *   stop: { maxEpochs: 200, patience: 10 }
 * })
 * run() // right: the best epoch (parameters and metrics), the final one, the history, the report, the model file
 * Train.experiment({ data: { source: 'bundled', name: 'iris' }, batching: { kind: 'miniBatch', size: 0 } })() // left: batching.size: expected a whole number ≥ 1, got 0
 *
 * @category running
 * @since 0.3.0
 */
export const experiment = (
  input: ExperimentInput,
  options: ExperimentOptions = {}
): TE.TaskEither<ExperimentError, ExperimentRun> =>
  pipe(
    prepareExperiment(input, options),
    TE.chainW((p) =>
      pipe(
        run(p.fit, options.run)(start(p.fit)(p.params, p.key) as Progress<NN.MlpParams, AnyState>, p.train),
        TE.chainEitherKW((result) => finishExperiment(p, result))
      )
    )
  )
