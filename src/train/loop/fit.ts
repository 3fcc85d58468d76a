/**
 * A training run: a fold over epochs, each a fold over steps, until a stop rule holds.
 *
 * The accumulator of the fold is a `Progress`: the train state, the history and the best
 * parameters so far. It is all a run needs to continue, so `fitFrom` resumes a run from a
 * progress (e.g. decoded from a checkpoint) exactly: `fit` for n + m epochs equals `fit` for
 * n, then `fitFrom` for m more, bit for bit.
 *
 * The bookkeeping costs the same at every epoch and every call: a run appends to the history
 * (a run resumed from a finished run's result takes its records on; any other progress's are
 * copied once), hands out views of it (never copies), keeps its best epoch as it goes (never
 * rescanning the history) and hands it to the stop rules; a resumed run checks nothing it has
 * checked before (the data sets are remembered, a finished run's state is its own). The whole data set is measured after
 * every epoch, or at every `evaluateEvery`-th epoch when told (only there: so that `fit` to n + m
 * epochs and `fit` to n then `fitFrom` to n + m keep the same history, and a `fitFrom` an epoch a
 * call measures nothing between its due epochs; measure a last epoch with `Train.measure`).
 *
 * Before the first step `fit` checks everything it can: the batch size against the data, and
 * one forward pass with the loss over the training (and validation) data, so that a model
 * whose output width does not match the targets fails before any training.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import * as O from '#fp-ts/Option.js'
import { pipe } from '#fp-ts/function.js'
import type { Params } from '../../tree/index.js'
import type { Dataset } from '../../data/Dataset.js'
import type { Tensor } from '../../tensor/Tensor.js'
import { plan } from '../../data/EpochPlan.js'
import type { Key } from '../../random/Key.js'
import { checkArguments, withFields } from '../../tensor/guards.js'
import { advanceChecked, closeEpoch, epochOpener, type EpochConfig, type EpochReport } from './epoch.js'
import { detached, withKeptKernel } from './compiledEpoch.js'
import {
  defaultWatch,
  historyPrefix,
  improves,
  watched,
  type EpochRecord,
  type History,
  type Measure,
  type Watch
} from '../bookkeeping/History.js'
import { measure, type MeasureOptions } from '../bookkeeping/measure.js'
import { taskOf, type Task } from '../bookkeeping/metrics.js'
import { any, unsafeMaxEpochs, type BestSoFar, type StopReason, type StopRule } from '../bookkeeping/stopRules.js'
import { evaluationFailed, type TrainError } from '../TrainError.js'
import { initialState, type TrainState } from '../bookkeeping/TrainState.js'
import { validateProgress, validateRun, wrongRun } from './inputs.js'
import { datasetKind, epochConfigKind, progressKind, stateKind } from '../kinds.js'
import { settle, type Settable } from './settle.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A run's configuration: the epoch's (model, optimizer, batching, and optionally a
 * kernel), an upper bound on the epochs, and optionally
 * - `stop`: an earlier stop rule;
 * - `validation`: a validation set, measured with the training set;
 * - `watch`: the metric that picks the best epoch and that `noImprovement` watches (the loss,
 *   on the validation set when there is one, unless told);
 * - `task`: `classification` or `regression`, which decides the metrics (read from the
 *   training targets unless told), and `perClass`: a classification's per-class reports;
 * - `evaluateEvery`: measure the data sets at every k-th epoch (epochs k, 2k, …), not every one.
 *
 * When the optimizer has a learning rate (every `Optim` optimizer does, chained or not), the
 * history records it.
 *
 * @category model
 * @since 0.1.0
 */
export interface FitConfig<P extends Params, S> extends EpochConfig<P, S> {
  readonly maxEpochs: number
  readonly stop?: StopRule
  readonly validation?: Dataset
  readonly watch?: Watch
  readonly task?: Task
  readonly perClass?: boolean
  readonly evaluateEvery?: number
}

/**
 * The best epoch so far by the watched metric: the epoch, the metric's value there, and the
 * parameters at its end.
 *
 * @category model
 * @since 0.1.0
 */
export interface Best<P> extends BestSoFar {
  readonly params: P
}

/**
 * Everything a run needs to continue; `best` is `none` until an epoch has measured the
 * watched metric.
 *
 * @category model
 * @since 0.1.0
 */
export interface Progress<P, S> {
  readonly state: TrainState<P, S>
  readonly history: History
  readonly best: O.Option<Best<P>>
}

/**
 * The outcome of a run: where it ended, the best parameters, the history and why it stopped.
 *
 * @category model
 * @since 0.1.0
 */
export interface FitResult<P, S> extends Progress<P, S> {
  readonly stopReason: StopReason
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The progress of a run that has not started.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Data, NN, Optim, Random, Train } from 'gradfold'
 * const model: Train.Model<{ w: number }> = { forward: (p) => AD.mul(p.w), loss: NN.mse }
 * // no epoch run, no history, no best parameters yet
 * pipe(
 *   E.Do,
 *   E.apS('sgd', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0)),
 *   E.map(({ sgd, key }) => Train.start({ model, optimizer: sgd, batching: Data.fullBatch(), maxEpochs: 10 })({ w: 0 }, key)),
 *   E.map(({ state, history, best }) => [state.params, state.epoch, history.length, best])
 * ) // right([{ w: 0 }, 0, 0, none])
 *
 * @category constructors
 * @since 0.1.0
 */
export const start =
  <P extends Params, S>(config: FitConfig<P, S>) =>
  (params: P, key: Key): Progress<P, S> => ({
    state: initialState(config.optimizer)(params, key),
    history: [],
    best: O.none
  })

// -------------------------------------------------------------------------------------
// bookkeeping
// -------------------------------------------------------------------------------------

/**
 * The rule a run stops by: the config's own, or `maxEpochs`, whichever fires first.
 *
 * @internal
 */
export const stopRule = <P extends Params, S>(config: FitConfig<P, S>): StopRule =>
  config.stop === undefined ? unsafeMaxEpochs(config.maxEpochs) : any(config.stop, unsafeMaxEpochs(config.maxEpochs))

/**
 * The bookkeeping of one run from a progress: its own history (a finished run's records taken
 * on, or a copy of the progress's, appended to in place), its best epoch, and the progress so far. Made afresh for each run and
 * never shared, so that the mutation stays inside the fold.
 *
 * @internal
 */
export interface Ledger<P, S> {
  /** The state so far (the progress's, without making a progress). */
  readonly state: () => TrainState<P, S>
  /** The progress so far, its history a view of the records so far. */
  readonly snapshot: () => Progress<P, S>
  /**
   * The run's result, stopped for `stopReason` at `state` (the ledger's unless given): its
   * history a view of the records so far, taken on without a copy by a run that resumes from it.
   */
  readonly result: (stopReason: StopReason, state?: TrainState<P, S>) => FitResult<P, S>
  /** Why the run should stop now, if it should (never before its first epoch). */
  readonly stopReason: () => O.Option<StopReason>
  /** Measures the state after an epoch, records it, keeps the best: the epoch's record. */
  readonly close: (report: EpochReport<P, S>) => E.Either<TrainError<P, S>, EpochRecord>
}

/** The learning rate the optimizer says is in force in `state`, or null when it has none. */
const learningRateOf = <P extends Params, S>(config: FitConfig<P, S>, state: S): number | null => {
  const lr = config.optimizer.learningRate?.(state)
  return lr !== undefined && E.isRight(lr) ? lr.right : null
}

/** A data set not measured at an epoch. */
const notMeasured: E.Either<never, null> = E.right(null)

/** The bookkeeping after an epoch, given how to measure: the record and the best after it. */
const recordEpoch = <P extends Params, S>(
  config: FitConfig<P, S>,
  options: MeasureOptions,
  data: Dataset | undefined
): ((
  best: O.Option<Best<P>>,
  report: EpochReport<P, S>
) => E.Either<TrainError<P, S>, readonly [EpochRecord, O.Option<Best<P>>]>) => {
  const every = config.evaluateEvery ?? 1
  const measureOn = (set: Dataset, state: TrainState<P, S>): E.Either<TrainError<P, S>, Measure> =>
    E.mapLeft((cause: Parameters<typeof evaluationFailed>[0]) => evaluationFailed(cause, state))(
      measure(config.model, options)(set)(state.params)
    )
  const watch = config.watch ?? defaultWatch
  const value = watched(watch)
  const better = improves(watch)
  return (best, report) => {
    const state = report.state
    const due = state.epoch % every === 0
    const train = due && data !== undefined ? measureOn(data, state) : notMeasured
    if (E.isLeft(train)) return train
    const validation = due && config.validation !== undefined ? measureOn(config.validation, state) : notMeasured
    if (E.isLeft(validation)) return validation
    const record: EpochRecord = {
      epoch: state.epoch,
      step: state.step,
      batchLoss: report.batchLoss,
      train: train.right,
      validation: validation.right,
      learningRate: learningRateOf(config, state.optState)
    }
    const v = value(record)
    const improved = O.isSome(v) && (O.isNone(best) || better(v.value, best.value.value))
    return E.right([
      record,
      improved ? O.some({ epoch: record.epoch, value: v.value, params: state.params }) : best
    ] as const)
  }
}

/** The task read from a data set's targets, once per targets tensor (a resumed run does not scan them again). */
const tasks = new WeakMap<Tensor, Task>()

const taskOfData = (data: Dataset): Task => {
  let task = tasks.get(data.targets)
  if (task === undefined) tasks.set(data.targets, (task = taskOf(data.targets)))
  return task
}

const measureOptions = <P extends Params, S>(config: FitConfig<P, S>, data: Dataset | undefined): MeasureOptions => {
  const task = config.task ?? (data === undefined ? undefined : taskOfData(data))
  return task === undefined ? { perClass: config.perClass === true } : { task, perClass: config.perClass === true }
}

/**
 * The results of finished runs, each with the array its history is read from and how many of
 * that array's records are its own: a run from such a result appends to that array rather than
 * copying it, while the array holds no more records than the result's (else it copies them).
 */
const finished = new WeakMap<object, { readonly records: Array<EpochRecord>; readonly length: number }>()

/**
 * Whether `progress` is the result of a finished run (whose state and history the run made):
 * nothing in it needs checking again.
 *
 * @internal
 */
export const isFinishedRun = (progress: unknown): boolean =>
  typeof progress === 'object' && progress !== null && finished.has(progress)

/**
 * The ledger of a run of `config` on `data` from `progress` (the training set not measured
 * when there is no `data`: a stream's that is not held in memory).
 *
 * @internal
 */
export const ledger =
  <P extends Params, S>(config: FitConfig<P, S>, data: Dataset | undefined) =>
  (progress: Progress<P, S>): Ledger<P, S> => {
    const rule = stopRule(config)
    const record = recordEpoch(config, measureOptions(config, data), data)
    const own = finished.get(progress)
    // state that grows with the run is appended, not copied: a finished run's array is taken on
    const records = own !== undefined && own.records.length === own.length ? own.records : progress.history.slice()
    let state = progress.state
    let best = progress.best
    return {
      state: () => state,
      snapshot: () => ({ state, best, history: historyPrefix(records, records.length) }),
      result: (stopReason, at = state) => {
        const out = { state: at, best, stopReason, history: historyPrefix(records, records.length) }
        finished.set(out, { records, length: records.length })
        return out
      },
      stopReason: () => (records.length === 0 ? O.none : rule(records, best)),
      close: (report) => {
        const next = record(best, report)
        if (E.isLeft(next)) return next
        records.push(next.right[0])
        state = report.state
        best = next.right[1]
        return E.right(next.right[0])
      }
    }
  }

// -------------------------------------------------------------------------------------
// the fold over epochs
// -------------------------------------------------------------------------------------

/**
 * The bookkeeping after an epoch: measure, append to the history, keep the best parameters.
 * (A run keeps its history in place; this answers a new progress with a new history.)
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Data, NN, Optim, Random, Train } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // one epoch of `Train.epoch`'s example, then its bookkeeping: a record in the history
 * const model: Train.Model<{ w: number }> = { forward: (p) => AD.mul(p.w), loss: NN.mse }
 * pipe(
 *   E.Do,
 *   E.apS('sgd', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0)),
 *   E.apSW('data', Data.fromRows([[1], [2]], [[2], [4]])),
 *   E.chainW(({ sgd, key, data }) => {
 *     const config = { model, optimizer: sgd, batching: Data.stochastic(), maxEpochs: 10 }
 *     const progress = Train.start(config)({ w: 0 }, key)
 *     return pipe(
 *       Train.epoch(config)(progress.state, data),
 *       E.chainW((report) => Advanced.Train.endEpoch(config, data)(progress, report))
 *     )
 *   }),
 *   E.map(({ history }) => history.map((r) => [r.epoch, r.step, r.batchLoss]))
 * ) // right([[1, 2, 7.120000000000001]])
 *
 * @category folds
 * @since 0.1.0
 */
export const endEpoch =
  <P extends Params, S>(config: FitConfig<P, S>, data: Dataset) =>
  (progress: Progress<P, S>, report: EpochReport<P, S>): E.Either<TrainError<P, S>, Progress<P, S>> =>
    pipe(
      checkArguments('endEpoch', [
        ['the config', config, epochConfigKind],
        ['the data', data, datasetKind],
        ['the progress', progress, progressKind],
        ['the report', report, withFields('an epoch report { state, batchLoss }', [['state', stateKind]])]
      ]),
      E.flatMap(() => recordEpoch(config, measureOptions(config, data), data)(progress.best, report)),
      E.map(([record, best]) => ({ state: report.state, history: [...progress.history, record], best }))
    )

/**
 * Continues a run from `progress` until its stop rule holds. A plain loop: the stack does not
 * grow with the number of epochs or steps.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Data, NN, Optim, Random, Train } from 'gradfold'
 * // 5 epochs, a checkpoint through JSON, 5 more: the same parameters as 10 epochs in one go
 * const line: Train.Model<{ w: number; b: number }> = { forward: (p) => (x) => pipe(x, AD.mul(p.w), AD.add(p.b)), loss: NN.mse }
 * const start = { w: 0, b: 0 }
 * pipe(
 *   E.Do,
 *   E.apS('data', Data.fromRows([[0], [1], [2], [3]], [[1], [3], [5], [7]])),
 *   E.apSW('optimizer', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0)),
 *   E.bindW('whole', ({ data, optimizer, key }) => Train.fit({ model: line, optimizer, batching: Data.fullBatch(), maxEpochs: 10 })(start, key, data)),
 *   E.bindW('half', ({ data, optimizer, key }) => Train.fit({ model: line, optimizer, batching: Data.fullBatch(), maxEpochs: 5 })(start, key, data)),
 *   E.bindW('saved', ({ half, optimizer }) => pipe(Train.encodeCheckpoint(start, optimizer)({ progress: half, config: null }), E.chain(Train.decodeCheckpoint(start, optimizer)))),
 *   E.bindW('resumed', ({ data, optimizer, saved }) => Train.fitFrom({ model: line, optimizer, batching: Data.fullBatch(), maxEpochs: 10 })(saved.progress, data)),
 *   E.map(({ whole, resumed }) => whole.state.params.w === resumed.state.params.w && whole.state.params.b === resumed.state.params.b)
 * ) // right(true)
 *
 * @category folds
 * @since 0.1.0
 */
export const fitFrom =
  <P extends Params, S>(config: FitConfig<P, S>) =>
  (progress: Progress<P, S>, data: Dataset): E.Either<TrainError<P, S>, FitResult<P, S>> => {
    // a finished run's result needs no check (its state and history are the run's own)
    const own = isFinishedRun(progress)
    const wrong = own ? undefined : validateProgress(progress)
    if (wrong !== undefined && E.isLeft(wrong)) return wrong
    const checked = wrongRun(config, progress.state.params, progress.state.key, data, own)
    if (checked !== undefined) return checked
    const book = ledger(config, data)(progress)
    // the config's model and optimizer were checked just now: the epoch's are not tested again;
    // an epoch that nothing measures ends in parameters read by the next epoch alone, so the
    // compiled kernel hands its buffers off there, and every state that leaves is detached
    const every = config.evaluateEvery ?? 1
    const epoch =
      config.kernel !== undefined ? config : withKeptKernel<P, S>(config, progress.state.params, (n) => n % every !== 0)
    const toEnd = advanceChecked(epoch, {})(Number.POSITIVE_INFINITY)
    const open = epochOpener<P, S>(config.batching, data, own ? progress.state.key : undefined)
    for (;;) {
      const reason = book.stopReason()
      if (O.isSome(reason)) return E.right(book.result(reason.value, detached(book.state())))
      const cursor = open(book.state())
      if (E.isLeft(cursor)) return detachedError(cursor)
      const done = toEnd(cursor.right)
      if (E.isLeft(done)) return detachedError(done)
      const closed = book.close(closeEpoch(done.right))
      if (E.isLeft(closed)) return detachedError(closed)
    }
  }

/** A failure whose last good state is `detached`. */
const detachedError = <P, S>(failure: E.Left<TrainError<P, S>>): E.Left<TrainError<P, S>> => {
  const e = failure.left
  if (e._tag !== 'StepFailed' && e._tag !== 'Diverged') return failure
  const lastGood = detached(e.lastGood)
  return lastGood === e.lastGood ? failure : { _tag: 'Left', left: { ...e, lastGood } }
}

/**
 * Checks a run before its first step: the types of everything it is given (`validateRun`),
 * `maxEpochs`, one forward pass with the loss over the training and validation data, then the
 * batching against the data (epoch 0's plan), so that a shape error comes before a batching error.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Data, NN, Optim, Random, Train } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * const model: Train.Model<{ w: number }> = { forward: (p) => AD.mul(p.w), loss: NN.mse }
 * const check = (maxEpochs: number) =>
 *   pipe(
 *     E.Do,
 *     E.apS('sgd', Optim.sgd(0.1)),
 *     E.apSW('key', Random.key(0)),
 *     E.apSW('data', Data.fromRows([[1], [2]], [[2], [4]])),
 *     E.chainW(({ sgd, key, data }) => Advanced.Train.validateSetup({ model, optimizer: sgd, batching: Data.fullBatch(), maxEpochs })({ w: 0 }, key, data))
 *   )
 * check(10) // right(undefined)
 * check(0) // left: fit: maxEpochs is 0; expected a whole number ≥ 1
 *
 * @category folds
 * @since 0.1.0
 */
export const validateSetup =
  <P extends Params, S>(config: FitConfig<P, S>) =>
  (params: P, key: Key, data: Dataset): E.Either<TrainError<P, S>, void> =>
    pipe(
      validateRun(config, params, key, data),
      E.chainW(() => measure(config.model, measureOptions(config, data))(data)(params)),
      E.chainW(() =>
        config.validation === undefined
          ? E.right(undefined)
          : measure(config.model, measureOptions(config, data))(config.validation)(params)
      ),
      // after the forward pass, so that a shape error is reported before a batching error
      E.chainW(() => plan(config.batching)(data, key, 0)),
      E.map(() => undefined)
    )

/**
 * Trains `params` on `data` from the run key `key` until a stop rule holds (at the latest
 * after `maxEpochs` epochs).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Data, NN, Optim, Random, Train } from 'gradfold'
 * // a line y = w·x + b, fitted by full-batch gradient descent to four points of y = 2x + 1
 * const line: Train.Model<{ w: number; b: number }> = { forward: (p) => (x) => pipe(x, AD.mul(p.w), AD.add(p.b)), loss: NN.mse }
 * pipe(
 *   E.Do,
 *   E.apS('data', Data.fromRows([[0], [1], [2], [3]], [[1], [3], [5], [7]])),
 *   E.apSW('optimizer', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0)),
 *   E.apSW('stop', Train.lossBelow(1e-12)),
 *   E.chainW(({ data, optimizer, key, stop }) =>
 *     Train.fit({ model: line, optimizer, batching: Data.fullBatch(), maxEpochs: 1000, stop })({ w: 0, b: 0 }, key, data)
 *   ),
 *   E.map(({ state, stopReason }) => [state.params, stopReason._tag, state.epoch])
 * ) // right([{ b: 0.99999…, w: 2.00000… }, 'LossBelow', 169])
 *
 * @category folds
 * @since 0.1.0
 */
export const fit =
  <P extends Params, S>(config: Settable<FitConfig<P, S>>) =>
  (params: P, key: Key, data: Dataset): E.Either<TrainError<P, S>, FitResult<P, S>> =>
    pipe(
      settle('fit')<FitConfig<P, S>>(config),
      E.chainW((c) =>
        pipe(
          validateSetup(c)(params, key, data),
          E.chain(() => fitFrom(c)(start(c)(params, key), data))
        )
      )
    )
