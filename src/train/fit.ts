/**
 * A training run: a fold over epochs, each a fold over steps, until a stop rule holds.
 *
 * The accumulator of the fold is a `Progress`: the train state, the history and the best
 * parameters so far. It is all a run needs to continue, so `fitFrom` resumes a run from a
 * progress (e.g. decoded from a checkpoint) exactly: `fit` for n + m epochs equals `fit` for
 * n, then `fitFrom` for m more, bit for bit.
 *
 * Before the first step `fit` checks everything it can: the batch size against the data, and
 * one forward pass with the loss over the training (and validation) data, so that a model
 * whose output width does not match the targets fails before any training.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { Params } from '../tree/index.js'
import type { Dataset } from '../data/Dataset.js'
import { plan } from '../data/EpochPlan.js'
import type { Optimizer } from '../optim/alias.js'
import type { Key } from '../random/Key.js'
import { invalidArgument } from '../tensor/TensorError.js'
import { epoch, type EpochConfig, type EpochReport } from './epoch.js'
import { monitored, type EpochRecord, type History, type Measure } from './History.js'
import { measure } from './measure.js'
import { any, maxEpochs, type StopReason, type StopRule } from './stopRules.js'
import { stepFailed, type TrainError } from './TrainError.js'
import { initialState, type TrainState } from './TrainState.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A run's configuration: the epoch's (model, optimizer, batching), an upper bound on the
 * epochs, and optionally an earlier stop rule and a validation set. When the optimizer can say
 * which learning rate is in force (every `Optim` optimizer can), the history records it.
 *
 * @category model
 * @since 0.1.0
 */
export interface FitConfig<P extends Params, S> extends EpochConfig<P, S> {
  readonly maxEpochs: number
  readonly stop?: StopRule
  readonly validation?: Dataset
}

/**
 * The best parameters so far (lowest monitored loss) and the epoch they came from.
 *
 * @category model
 * @since 0.1.0
 */
export interface Best<P> {
  readonly epoch: number
  readonly params: P
}

/**
 * Everything a run needs to continue.
 *
 * @category model
 * @since 0.1.0
 */
export interface Progress<P, S> {
  readonly state: TrainState<P, S>
  readonly history: History
  readonly best: Best<P> | null
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
 * @category constructors
 * @since 0.1.0
 */
export const start =
  <P extends Params, S>(config: FitConfig<P, S>) =>
  (params: P, key: Key): Progress<P, S> => ({
    state: initialState(config.optimizer)(params, key),
    history: [],
    best: null
  })

// -------------------------------------------------------------------------------------
// the fold over epochs
// -------------------------------------------------------------------------------------

/**
 * The rule a run stops by: the config's own, or `maxEpochs`, whichever fires first.
 *
 * @internal
 */
export const stopRule = <P extends Params, S>(config: FitConfig<P, S>): StopRule =>
  config.stop === undefined ? maxEpochs(config.maxEpochs) : any(config.stop, maxEpochs(config.maxEpochs))

const measured =
  <P extends Params, S>(config: FitConfig<P, S>, state: TrainState<P, S>) =>
  (data: Dataset): E.Either<TrainError<P, S>, Measure> =>
    pipe(
      measure(config.model)(data)(state.params),
      E.mapLeft((cause) => stepFailed('evaluation', cause, state))
    )

/**
 * The bookkeeping after an epoch: measure, append to the history, keep the best parameters.
 *
 * @category folds
 * @since 0.1.0
 */
export const endEpoch =
  <P extends Params, S>(config: FitConfig<P, S>, data: Dataset) =>
  (progress: Progress<P, S>, report: EpochReport<P, S>): E.Either<TrainError<P, S>, Progress<P, S>> =>
    pipe(
      E.Do,
      E.apS('train', measured(config, report.state)(data)),
      E.apS(
        'validation',
        config.validation === undefined ? E.right(null) : measured(config, report.state)(config.validation)
      ),
      E.map(({ train, validation }): Progress<P, S> => {
        const record: EpochRecord = {
          epoch: report.state.epoch,
          step: report.state.step,
          batchLoss: report.batchLoss,
          train,
          validation,
          learningRate: learningRateOf(config.optimizer, report.state.optState)
        }
        const improved = progress.best === null || monitored(record).loss < bestLoss(progress)
        return {
          state: report.state,
          history: [...progress.history, record],
          best: improved ? { epoch: record.epoch, params: report.state.params } : progress.best
        }
      })
    )

/** The learning rate an optimizer says is in force in `state`, or null when it cannot say. */
const learningRateOf = <S>(optimizer: EpochConfig<Params, S>['optimizer'], state: S): number | null => {
  const read = (optimizer as Partial<Pick<Optimizer<S>, 'learningRate'>>).learningRate
  const lr = read === undefined ? undefined : read(state)
  return lr !== undefined && E.isRight(lr) ? lr.right : null
}

const bestLoss = <P, S>(progress: Progress<P, S>): number => {
  const r = progress.history.find((h) => h.epoch === progress.best?.epoch)
  return r === undefined ? Number.POSITIVE_INFINITY : monitored(r).loss
}

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
 *   E.bindW('saved', ({ half, optimizer }) => Train.fromJson(start, optimizer)(Train.toJson(start, optimizer)({ progress: half, config: null }))),
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
    const rule = stopRule(config)
    const oneEpoch = epoch(config)
    const finish = endEpoch(config, data)
    let current = progress
    for (;;) {
      const reason = current.history.length === 0 ? O.none : rule(current.history)
      if (O.isSome(reason)) return E.right({ ...current, stopReason: reason.value })
      const next = pipe(
        oneEpoch(current.state, data),
        E.chain((report) => finish(current, report))
      )
      if (E.isLeft(next)) return next
      current = next.right
    }
  }

/**
 * Checks a run before its first step: `maxEpochs`, the batch size against the data (epoch 0's plan) and
 * one forward pass with the loss over the training and validation data.
 *
 * @category folds
 * @since 0.1.0
 */
export const checkSetup =
  <P extends Params, S>(config: FitConfig<P, S>) =>
  (params: P, key: Key, data: Dataset): E.Either<TrainError<P, S>, void> =>
    pipe(
      Number.isSafeInteger(config.maxEpochs) && config.maxEpochs >= 1
        ? E.right(undefined)
        : E.left(invalidArgument('fit', `maxEpochs is ${config.maxEpochs}; expected a whole number ≥ 1`)),
      E.chainW(() => plan(config.batching)(data, key, 0)),
      E.chainW(() => measure(config.model)(data)(params)),
      E.chainW(() =>
        config.validation === undefined ? E.right(undefined) : measure(config.model)(config.validation)(params)
      ),
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
 *   E.chainW(({ data, optimizer, key }) =>
 *     Train.fit({ model: line, optimizer, batching: Data.fullBatch(), maxEpochs: 1000, stop: Train.lossBelow(1e-12) })({ w: 0, b: 0 }, key, data)
 *   ),
 *   E.map(({ state, stopReason }) => [state.params, stopReason._tag, state.epoch])
 * ) // right([{ b: 0.99999…, w: 2.00000… }, 'LossBelow', 169])
 *
 * @category folds
 * @since 0.1.0
 */
export const fit =
  <P extends Params, S>(config: FitConfig<P, S>) =>
  (params: P, key: Key, data: Dataset): E.Either<TrainError<P, S>, FitResult<P, S>> =>
    pipe(
      checkSetup(config)(params, key, data),
      E.chain(() => fitFrom(config)(start(config)(params, key), data))
    )
