/**
 * Laws of `train/`: a run is a fold, so it is deterministic, it splits (a run resumed from a
 * checkpoint continues bit for bit), batch and stochastic descent are mini-batch descent with
 * batches of n and of 1, stop rules fire at the first epoch where they hold, and the step's
 * gradient of a mean loss is the mean of the per-sample gradients. There is one loop over steps:
 * `run` answers what `fitFrom` answers, an epoch advanced in spans is the epoch advanced at
 * once, and a fused kernel is the general step, bit for bit.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { Params } from '../src/tree/index.js'
import type { Dataset } from '../src/data/Dataset.js'
import { unsafeSlice } from '../src/data/select.js'
import type { Key } from '../src/random/Key.js'
import { leaves } from '../src/tree/Tree.js'
import { decodeCheckpoint, encodeCheckpoint } from '../src/train/files/Checkpoint.js'
import {
  advance,
  closeEpoch,
  epochWithSteps,
  isComplete,
  openEpoch,
  type EpochConfig,
  type EpochCursor,
  type EpochKernel,
  type StepRecord
} from '../src/train/loop/epoch.js'
import { fit, fitFrom, type FitConfig, type FitResult, type Progress } from '../src/train/loop/fit.js'
import { run, type RunOptions } from '../src/train/loop/run.js'
import type { TrainState } from '../src/train/bookkeeping/TrainState.js'
import { HistoryC, historySchema, type History } from '../src/train/bookkeeping/History.js'
import { decode } from '../src/codec/DecodeError.js'
import type * as t from 'io-ts'
import { lossAndGrad, type Model } from '../src/train/Model.js'
import type { StopRule } from '../src/train/bookkeeping/stopRules.js'
import { sameEnd } from './resume.js'
import { bitsEqual } from './purity.js'

/** Both runs failed alike or both succeeded alike, to the bit. */
const sameOutcome = <A, B>(a: E.Either<A, B>, b: E.Either<A, B>): boolean => bitsEqual(a, b)

/**
 * Two runs with the same configuration, parameters, key and data are identical, bit for bit.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Data, NN, Optim, Random, Train } from 'gradfold'
 * import { TrainLaws } from 'gradfold/laws'
 * // the line y = w·x + b of `Train.fit`'s example, on four points of y = 2x + 1
 * const line: Train.Model<{ w: number; b: number }> = { forward: (p) => (x) => pipe(x, AD.mul(p.w), AD.add(p.b)), loss: NN.mse }
 * const setup = pipe(
 *   E.Do,
 *   E.apS('data', Data.fromRows([[0], [1], [2], [3]], [[1], [3], [5], [7]])),
 *   E.apSW('sgd', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0))
 * )
 * pipe(setup, E.map(({ data, sgd, key }) => TrainLaws.fitIsDeterministic({ model: line, optimizer: sgd, batching: Data.fullBatch(), maxEpochs: 5 }, { w: 0, b: 0 }, key, data))) // right(true)
 *
 * @category determinism
 * @since 0.1.0
 */
export const fitIsDeterministic = <P extends Params, S>(
  config: FitConfig<P, S>,
  params: P,
  key: Key,
  data: Dataset
): boolean => sameOutcome(fit(config)(params, key, data), fit(config)(params, key, data))

/**
 * The fold splits: `fit` for `n + m` epochs equals `fit` for `n`, a checkpoint through JSON,
 * and `fitFrom` for the rest, bit for bit.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Data, NN, Optim, Random, Train } from 'gradfold'
 * import { TrainLaws } from 'gradfold/laws'
 * // the line y = w·x + b of `Train.fit`'s example, on four points of y = 2x + 1
 * const line: Train.Model<{ w: number; b: number }> = { forward: (p) => (x) => pipe(x, AD.mul(p.w), AD.add(p.b)), loss: NN.mse }
 * const setup = pipe(
 *   E.Do,
 *   E.apS('data', Data.fromRows([[0], [1], [2], [3]], [[1], [3], [5], [7]])),
 *   E.apSW('sgd', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0))
 * )
 * // 2 epochs, then 3 more from where they ended: the 5-epoch run
 * pipe(setup, E.map(({ data, sgd, key }) => TrainLaws.fitSplits({ model: line, optimizer: sgd, batching: Data.fullBatch(), maxEpochs: 5 }, 2, { w: 0, b: 0 }, key, data))) // right(true)
 *
 * @category folds
 * @since 0.1.0
 */
export const fitSplits = <P extends Params, S>(
  config: FitConfig<P, S>,
  n: number,
  params: P,
  key: Key,
  data: Dataset
): boolean => {
  const whole = fit(config)(params, key, data)
  const resumed = pipe(
    fit({ ...config, maxEpochs: n })(params, key, data),
    E.chainW((first) => encodeCheckpoint(params, config.optimizer)({ progress: first, config: null })),
    E.chainW(decodeCheckpoint(params, config.optimizer)),
    E.chainW((c) => fitFrom(config)(c.progress, data))
  )
  return E.isRight(whole) && E.isRight(resumed)
    ? sameEnd(whole.right, resumed.right)
    : E.isLeft(whole) && E.isLeft(resumed)
}

/**
 * Two configurations that differ only in how they batch give the same run, bit for bit
 * (`fullBatch` and `miniBatch(n)`; `stochastic` and `miniBatch(1)`).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Data, NN, Optim, Random, Train } from 'gradfold'
 * import { TrainLaws } from 'gradfold/laws'
 * // the line y = w·x + b of `Train.fit`'s example, on four points of y = 2x + 1
 * const line: Train.Model<{ w: number; b: number }> = { forward: (p) => (x) => pipe(x, AD.mul(p.w), AD.add(p.b)), loss: NN.mse }
 * const setup = pipe(
 *   E.Do,
 *   E.apS('data', Data.fromRows([[0], [1], [2], [3]], [[1], [3], [5], [7]])),
 *   E.apSW('sgd', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0))
 * )
 * // a mini-batch of all four rows is the full batch: the same run
 * pipe(
 *   setup,
 *   E.bindW('all', () => Data.miniBatch(4)),
 *   E.map(({ data, sgd, key, all }) =>
 *     TrainLaws.sameRun({ model: line, optimizer: sgd, batching: Data.fullBatch(), maxEpochs: 5 }, { model: line, optimizer: sgd, batching: all, maxEpochs: 5 }, { w: 0, b: 0 }, key, data)
 *   )
 * ) // right(true)
 *
 * @category batching
 * @since 0.1.0
 */
export const sameRun = <P extends Params, S>(
  a: FitConfig<P, S>,
  b: FitConfig<P, S>,
  params: P,
  key: Key,
  data: Dataset
): boolean => sameOutcome(fit(a)(params, key, data), fit(b)(params, key, data))

/**
 * The whole-set loss never rises from one epoch to the next, up to the rounding of its own
 * evaluation: a sum of n squares is computed with a relative error under `n·ε`, so a rise of
 * more than `4n·ε` of the loss is a real rise.
 *
 * @example
 * import { TrainLaws } from 'gradfold/laws'
 * const r = (epoch: number, loss: number) => ({ epoch, step: epoch, batchLoss: loss, train: { loss, accuracy: 0.5 }, validation: null, learningRate: 0.1 })
 * // from 2 before training, over 10 samples
 * TrainLaws.lossNeverRises([r(1, 1), r(2, 0.5)], 10, 2) // => true
 * TrainLaws.lossNeverRises([r(1, 1), r(2, 1.001)], 10, 2) // => false
 *
 * @category convergence
 * @since 0.1.0
 */
export const lossNeverRises = (history: History, n: number, initialLoss: number): boolean => {
  const slack = 4 * n * Number.EPSILON
  let previous = initialLoss
  for (const r of history) {
    if (r.train === null) continue
    if (r.train.loss > previous * (1 + slack)) return false
    previous = r.train.loss
  }
  return true
}

/**
 * A stop rule fires at the first epoch where it holds: for the history of a run that stopped
 * by `rule`, no shorter prefix satisfies it; a run that ran out of epochs never satisfied it.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Data, NN, Optim, Random, Train } from 'gradfold'
 * import { TrainLaws } from 'gradfold/laws'
 * // the line y = w·x + b of `Train.fit`'s example, on four points of y = 2x + 1
 * const line: Train.Model<{ w: number; b: number }> = { forward: (p) => (x) => pipe(x, AD.mul(p.w), AD.add(p.b)), loss: NN.mse }
 * const setup = pipe(
 *   E.Do,
 *   E.apS('data', Data.fromRows([[0], [1], [2], [3]], [[1], [3], [5], [7]])),
 *   E.apSW('sgd', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0))
 * )
 * pipe(
 *   setup,
 *   E.bindW('stop', () => Train.lossBelow(0.01)),
 *   E.bindW('result', ({ data, sgd, key, stop }) => Train.fit({ model: line, optimizer: sgd, batching: Data.fullBatch(), maxEpochs: 500, stop })({ w: 0, b: 0 }, key, data)),
 *   E.map(({ stop, result }) => TrainLaws.stoppedAtFirstEpochWhereRuleHolds(stop, result))
 * ) // right(true)
 *
 * @category stop rules
 * @since 0.1.0
 */
export const stoppedAtFirstEpochWhereRuleHolds = <P, S>(rule: StopRule, result: FitResult<P, S>): boolean => {
  const h = result.history
  const firstHolding = h.findIndex((_, i) => O.isSome(rule(h.slice(0, i + 1))))
  // maxEpochs is asked after the run's own rule, so a run stopped by it never met its rule
  return result.stopReason._tag === 'MaxEpochs' ? firstHolding === -1 : firstHolding === h.length - 1
}

/**
 * The gradient of a batch's mean loss is the mean of the per-sample gradients, within
 * `tolerance` relative to the largest per-sample gradient magnitude (the two sum the same
 * terms in different orders: the difference is bounded by a few `n·ε` of that scale).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Data, NN, Optim, Random, Train } from 'gradfold'
 * import { TrainLaws } from 'gradfold/laws'
 * // the line y = w·x + b of `Train.fit`'s example, on four points of y = 2x + 1
 * const line: Train.Model<{ w: number; b: number }> = { forward: (p) => (x) => pipe(x, AD.mul(p.w), AD.add(p.b)), loss: NN.mse }
 * const setup = pipe(
 *   E.Do,
 *   E.apS('data', Data.fromRows([[0], [1], [2], [3]], [[1], [3], [5], [7]])),
 *   E.apSW('sgd', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0))
 * )
 * pipe(setup, E.map(({ data }) => TrainLaws.gradientIsMeanOfPerSampleGradients(line, { w: 0.5, b: 0 }, data, 1e-12))) // right(true)
 *
 * @category gradients
 * @since 0.1.0
 */
export const gradientIsMeanOfPerSampleGradients = <P extends Params>(
  model: Model<P>,
  params: P,
  batch: Dataset,
  tolerance: number
): boolean => {
  const n = batch.inputs.shape[0]!
  const whole = lossAndGrad(model)(batch)(params)
  if (E.isLeft(whole)) return false
  const flat = (g: P): Array<number> =>
    leaves(g).flatMap(({ leaf }) => (typeof leaf === 'number' ? [leaf] : Array.from(leaf.data)))
  const sum = new Array<number>(flat(whole.right.grad).length).fill(0)
  let scale = 0
  for (let i = 0; i < n; i++) {
    const one = lossAndGrad(model)(unsafeSlice(i, i + 1, batch))(params)
    if (E.isLeft(one)) return false
    flat(one.right.grad).forEach((x, k) => {
      sum[k] = sum[k]! + x
      scale = Math.max(scale, Math.abs(x))
    })
  }
  return flat(whole.right.grad).every(
    (g, k) => Math.abs(g - sum[k]! / n) <= tolerance * Math.max(scale, Number.MIN_VALUE)
  )
}

/**
 * `run` is `fitFrom` driven span by span: without an abort, it answers the same outcome, Left
 * or Right, bit for bit, whatever its options.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Data, NN, Optim, Random, Train } from 'gradfold'
 * import { TrainLaws } from 'gradfold/laws'
 * import * as Advanced from 'gradfold/advanced'
 * // the line y = w·x + b of `Train.fit`'s example, on four points of y = 2x + 1
 * const line: Train.Model<{ w: number; b: number }> = { forward: (p) => (x) => pipe(x, AD.mul(p.w), AD.add(p.b)), loss: NN.mse }
 * const setup = pipe(
 *   E.Do,
 *   E.apS('data', Data.fromRows([[0], [1], [2], [3]], [[1], [3], [5], [7]])),
 *   E.apSW('sgd', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0))
 * )
 * // `Train.run`, which yields to the event loop, ends where `Train.fitFrom` does
 * const config = (sgd: Optim.Optimizer<Advanced.Optim.SgdState>) => ({ model: line, optimizer: sgd, batching: Data.fullBatch(), maxEpochs: 5 })
 * if (E.isRight(setup)) {
 *   const { data, sgd, key } = setup.right
 *   await TrainLaws.runEqualsFitFrom(config(sgd), {}, Train.start(config(sgd))({ w: 0, b: 0 }, key), data) // => true
 * }
 *
 * @category one loop
 * @since 0.2.0
 */
export const runEqualsFitFrom = async <P extends Params, S>(
  config: FitConfig<P, S>,
  options: RunOptions<P, S>,
  progress: Progress<P, S>,
  data: Dataset
): Promise<boolean> => sameOutcome(await run(config, options)(progress, data)(), fitFrom(config)(progress, data))

/**
 * An epoch advanced in spans of the given sizes (taken in turn, over and over) is the epoch
 * advanced at once: the same report and the same step records, bit for bit.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Data, NN, Optim, Random, Train } from 'gradfold'
 * import { TrainLaws } from 'gradfold/laws'
 * // the line y = w·x + b of `Train.fit`'s example, on four points of y = 2x + 1
 * const line: Train.Model<{ w: number; b: number }> = { forward: (p) => (x) => pipe(x, AD.mul(p.w), AD.add(p.b)), loss: NN.mse }
 * const setup = pipe(
 *   E.Do,
 *   E.apS('data', Data.fromRows([[0], [1], [2], [3]], [[1], [3], [5], [7]])),
 *   E.apSW('sgd', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0))
 * )
 * // the epoch in spans of 1 and 3 steps equals the epoch of 4 steps
 * pipe(
 *   setup,
 *   E.map(({ data, sgd, key }) => TrainLaws.spansEqualWhole({ model: line, optimizer: sgd, batching: Data.stochastic() }, [1, 3], Train.initialState(sgd)({ w: 0, b: 0 }, key), data))
 * ) // right(true)
 *
 * @category one loop
 * @since 0.2.0
 */
export const spansEqualWhole = <P extends Params, S>(
  config: EpochConfig<P, S>,
  spans: ReadonlyArray<number>,
  state: TrainState<P, S>,
  data: Dataset
): boolean => {
  const records: Array<StepRecord> = []
  const step = advance(config, { onStep: (r) => void records.push(r) })
  let cursor: E.Either<unknown, EpochCursor<P, S>> = openEpoch(config.batching)(state, data)
  for (let i = 0; E.isRight(cursor) && !isComplete(cursor.right); i++)
    cursor = step(spans[i % spans.length]!)(cursor.right)
  const whole = epochWithSteps(config)(state, data)
  return bitsEqual(
    E.map((c: EpochCursor<P, S>) => ({ ...closeEpoch(c), steps: records }))(cursor),
    whole as E.Either<unknown, unknown>
  )
}

/**
 * A kernel is the general step: an epoch with `kernel` equals the epoch without it, bit
 * for bit (report, step records, or the failure), whichever spans the kernel takes and leaves.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import * as O from 'fp-ts/lib/Option.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Data, NN, Optim, Random, Train } from 'gradfold'
 * import { TrainLaws } from 'gradfold/laws'
 * import * as Advanced from 'gradfold/advanced'
 * // a kernel of the user's that takes one step at a time by `stepReport`: the general step's steps, bit for bit
 * type P = NN.MlpParams
 * type S = Advanced.Optim.ScaleByLearningRateState
 * pipe(
 *   E.Do,
 *   E.apS('net', NN.mlp({ sizes: [3, 4, 3], activations: ['tanh', 'identity'] })),
 *   E.apSW('sgd', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0)),
 *   E.apSW('batching', Data.miniBatch(8)),
 *   E.bindW('params', ({ net, key }) => net.init(key)),
 *   E.map(({ net, sgd, key, batching, params }) => {
 *     const model = { forward: net.forward, loss: NN.softmaxCrossEntropy }
 *     const one = Advanced.Train.stepReport(model, sgd)
 *     const kernel: Advanced.Train.EpochKernel<P, S> = (state, plan, from) => {
 *       const batch = Advanced.Data.batchAt(from)(plan)
 *       if (E.isLeft(batch)) return O.none
 *       return O.some(E.map((r: Advanced.Train.StepReport<P, S>) => ({ state: r.state, losses: [r.loss] }))(one(state, batch.right)))
 *     }
 *     return TrainLaws.kernelIsGeneralStep({ model, optimizer: sgd, batching }, kernel, Train.initialState(sgd)(params, key), Data.threeClass)
 *   })
 * ) // right(true)
 *
 * @category one loop
 * @since 0.2.0
 */
export const kernelIsGeneralStep = <P extends Params, S>(
  config: EpochConfig<P, S>,
  kernel: EpochKernel<P, S>,
  state: TrainState<P, S>,
  data: Dataset
): boolean => {
  const { kernel: _ignored, ...general } = config
  return sameOutcome(epochWithSteps({ ...general, kernel })(state, data), epochWithSteps(general)(state, data))
}

/**
 * The history codec gives back what it encoded, through JSON text, bit for bit (−0 included,
 * measures of either task, absent per-class reports absent).
 *
 * @example
 * import { TrainLaws } from 'gradfold/laws'
 * const r = (epoch: number, loss: number) => ({ epoch, step: epoch, batchLoss: loss, train: { loss, accuracy: 0.5 }, validation: null, learningRate: 0.1 })
 * // through JSON and back, −0 and all
 * TrainLaws.historyRoundTrips([r(1, 0.5), r(2, -0)]) // => true
 *
 * @category codecs
 * @since 0.2.0
 */
export const historyRoundTrips = (history: History, codec: t.Type<History, unknown> = HistoryC): boolean =>
  pipe(
    JSON.parse(JSON.stringify(codec.encode(history))) as unknown,
    decode(codec),
    E.exists((back) => bitsEqual(back, history) && bitsEqual(Object.keys(back), Object.keys(history)))
  )

/** What `f()` answers, or the message of what it throws. */
const outcome = (f: () => unknown): unknown => {
  try {
    return { value: f() }
  } catch (e) {
    return { threw: e instanceof Error ? e.message : String(e) }
  }
}

/**
 * The history codec's encoder, written out for the records a run makes, answers what io-ts's
 * encoder of the same schema answers, bit for bit and key for key (so the same JSON text): the
 * same value for any history, the same throw where io-ts throws.
 *
 * @example
 * import { TrainLaws } from 'gradfold/laws'
 * const r = (epoch: number, loss: number) => ({ epoch, step: epoch, batchLoss: loss, train: { loss, accuracy: 0.5 }, validation: null, learningRate: 0.1 })
 * TrainLaws.historyEncodesAsSchema([r(1, 0.5), r(2, -0)]) // => true
 *
 * @category codecs
 * @since 0.3.0
 */
export const historyEncodesAsSchema = (history: History): boolean =>
  bitsEqual(
    outcome(() => HistoryC.encode(history)),
    outcome(() => historySchema.encode(history))
  )
