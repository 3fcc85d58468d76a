/**
 * An epoch: a left fold of the step over the epoch's batches, stopping at the first failure.
 * The batches come from the data module's plan for this epoch: consecutive slices, or, when
 * shuffling, an order drawn from `(run key, epoch)` alone.
 *
 * This is the one loop over steps in gradfold. It is written as a cursor that can be driven a
 * span at a time, so that every kind of run reuses it:
 * - `epoch` opens the cursor, {@link advance}s it to the epoch's end and closes it;
 * - `Train.run` advances it `yieldEvery` steps at a time and awaits between spans (to yield,
 *   to look at its abort signal, to await a gradient computed elsewhere), with the same hook;
 * - a per-step hook ({@link StepHook}) sees every step's record and state, and can pause the
 *   fold after any step;
 * - an {@link EpochKernel} (the compiled kernel: the model's program and the optimizer's flat rule) may take over
 *   any span of steps; when it cannot, it answers `none` and the general step runs.
 *
 * The cursor is a value: advancing it answers a new cursor, and the loop inside is flat, so
 * the stack does not grow with the number of steps.
 *
 * Laws: two epochs from the same state and data are bit-identical; an epoch advanced in spans
 * of any sizes equals the epoch advanced at once; `fullBatch` is `miniBatch(n)` and
 * `stochastic` is `miniBatch(1)`, step for step.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import * as O from '#fp-ts/Option.js'
import { pipe } from '#fp-ts/function.js'
import type { Params } from '../../tree/index.js'
import { checkArguments, guarded, number, record } from '../../tensor/guards.js'
import type { InvalidArgument } from '../../tensor/TensorError.js'
import type { Batching } from '../../data/Batching.js'
import type { DataError } from '../../data/DataError.js'
import { size, type Dataset } from '../../data/Dataset.js'
import { batchAt, plan, planner, unsafeBatchAt, type EpochPlan } from '../../data/EpochPlan.js'
import type { GradientTransformation } from '../../optim/GradientTransformation.js'
import type { Model } from '../Model.js'
import { stepReport, stepWith, type Gradients, type Step } from './step.js'
import type { StepFailed, TrainError } from '../TrainError.js'
import { afterEpoch, type TrainState } from '../bookkeeping/TrainState.js'
import { cursorKind, epochConfigKind, stateKind } from '../kinds.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One step's line of a per-step history.
 *
 * @category model
 * @since 0.1.0
 */
export interface StepRecord {
  readonly epoch: number
  readonly step: number
  readonly loss: number
}

/**
 * The state after an epoch; `batchLoss` is the mean of the batches' losses (each taken before
 * its step's update) weighted by batch size; `steps` holds each step's record when asked for.
 *
 * @category model
 * @since 0.1.0
 */
export interface EpochReport<P, S> {
  readonly state: TrainState<P, S>
  readonly batchLoss: number
  readonly steps: ReadonlyArray<StepRecord>
}

/**
 * What a kernel answers for a span of steps: the state after them (parameters,
 * optimizer state, step count; the epoch unchanged) and each step's batch loss, in order.
 *
 * @category model
 * @since 0.2.0
 */
export interface Span<P, S> {
  readonly state: TrainState<P, S>
  readonly losses: ReadonlyArray<number>
}

/**
 * A kernel: runs batches `from` to `to − 1` of `plan` from `state` in one go, bit for
 * bit as the general step would, or answers `none` when it cannot (the fold then takes the
 * general step for that span). It may stop short of `to` (the fold asks again from where it
 * stopped); a span of no steps, or of more than asked, is ignored and the general step runs. A step that fails answers the general step's `StepFailed`,
 * with the state before that step.
 *
 * @category model
 * @since 0.2.0
 */
export type EpochKernel<P, S> = (
  state: TrainState<P, S>,
  plan: EpochPlan,
  from: number,
  to: number
) => O.Option<E.Either<StepFailed<P, S>, Span<P, S>>>

/**
 * What an epoch needs; `kernel` optionally fuses spans of steps (see {@link EpochKernel}).
 *
 * @category model
 * @since 0.1.0
 */
export interface EpochConfig<P extends Params, S> {
  readonly model: Model<P>
  readonly optimizer: GradientTransformation<S>
  readonly batching: Batching
  readonly kernel?: EpochKernel<P, S>
}

/**
 * An epoch in progress: its plan, the state after the batches done so far, how many are done,
 * and the running sum of their losses weighted by batch size.
 *
 * @category model
 * @since 0.2.0
 */
export interface EpochCursor<P, S> {
  readonly _tag: 'EpochCursor'
  readonly plan: EpochPlan
  readonly state: TrainState<P, S>
  readonly done: number
  readonly lossSum: number
  readonly samples: number
}

/**
 * Called after every step with its record and the state after it; answering `false` pauses
 * the fold after that step. A kernel's span's steps are reported after the span, each with the
 * state after the whole span, and a pause takes effect at the span's end.
 *
 * @category model
 * @since 0.2.0
 */
export type StepHook<P, S> = (record: StepRecord, state: TrainState<P, S>) => boolean | void

/**
 * How to advance: a per-step hook, and a gradient source other than the model's own.
 *
 * @category model
 * @since 0.2.0
 */
export interface AdvanceOptions<P, S> {
  readonly onStep?: StepHook<P, S>
  readonly gradients?: Gradients<P>
}

// -------------------------------------------------------------------------------------
// cursors
// -------------------------------------------------------------------------------------

/**
 * The cursor at the start of the epoch after `state.epoch`, from its plan.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Data, Optim, Random, Train } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // two samples one at a time: a cursor before the first of two steps
 * pipe(
 *   E.Do,
 *   E.apS('sgd', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0)),
 *   E.apSW('data', Data.fromRows([[1], [2]], [[2], [4]])),
 *   E.chainW(({ sgd, key, data }) => Advanced.Train.openEpoch(Data.stochastic())(Train.initialState(sgd)({ w: 0 }, key), data)),
 *   E.map((c) => [c.done, c.plan.batchCount])
 * ) // right([0, 2])
 *
 * @category cursors
 * @since 0.2.0
 */
export const openEpoch =
  (batching: Batching) =>
  <P, S>(state: TrainState<P, S>, data: Dataset): E.Either<DataError, EpochCursor<P, S>> =>
    guarded('openEpoch', [['the state', state, stateKind]], () =>
      E.map((p: EpochPlan) => cursorOf(p, state, 0, 0, 0))(plan(batching)(data, state.key, state.epoch))
    )

/** The last planner made per batching and data set: a run resumed again and again plans from it. */
const planners = new WeakMap<
  Batching,
  WeakMap<Dataset, { readonly key: unknown; readonly planOf: ReturnType<ReturnType<typeof planner>> }>
>()

const plannerOf = (batching: Batching, data: Dataset, key: TrainState<unknown, unknown>['key']) => {
  let byData = planners.get(batching)
  if (byData === undefined) planners.set(batching, (byData = new WeakMap()))
  const found = byData.get(data)
  if (found !== undefined && found.key === key) return found.planOf
  const planOf = planner(batching)(data, key)
  byData.set(data, { key, planOf })
  return planOf
}

const isCount = (u: unknown): boolean => Number.isSafeInteger(u) && (u as number) >= 0

/**
 * `openEpoch(batching)` for the states of one run on `data`: the same cursors, with the
 * batching and the data checked once rather than at every epoch (for the loops of `fit` and
 * `run`, whose states they made themselves), and the key of a state the caller has checked
 * (`checkedKey`, a finished run's) not checked again.
 *
 * @internal
 */
export const epochOpener = <P, S>(batching: Batching, data: Dataset, checkedKey?: TrainState<P, S>['key']) => {
  // a key the caller has checked (a finished run's) is taken as known
  let key: TrainState<P, S>['key'] | undefined = checkedKey
  let planOf: ((epoch: number) => E.Either<DataError, EpochPlan>) | undefined
  return (state: TrainState<P, S>): E.Either<DataError, EpochCursor<P, S>> => {
    // the key was checked with the state that brought it; the epoch and step are checked here
    const known = state.key === key && isCount(state.epoch) && isCount(state.step)
    if (!known && !stateKind.test(state)) return openEpoch(batching)(state, data)
    if (planOf === undefined || state.key !== key) {
      key = state.key
      planOf = plannerOf(batching, data, state.key)
    }
    const p = planOf(state.epoch)
    return E.isLeft(p) ? p : E.right(cursorOf(p.right, state, 0, 0, 0))
  }
}

/**
 * Whether every batch of the epoch has had its step.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Data, NN, Optim, Random, Train } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * const model: Train.Model<{ w: number }> = { forward: (p) => AD.mul(p.w), loss: NN.mse }
 * // after one of two steps the epoch is not complete; after both it is
 * pipe(
 *   E.Do,
 *   E.apS('sgd', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0)),
 *   E.apSW('data', Data.fromRows([[1], [2]], [[2], [4]])),
 *   E.chainW(({ sgd, key, data }) => {
 *     const advance = Advanced.Train.advance({ model, optimizer: sgd, batching: Data.stochastic() })
 *     return pipe(
 *       Advanced.Train.openEpoch(Data.stochastic())(Train.initialState(sgd)({ w: 0 }, key), data),
 *       E.chainW(advance(1)),
 *       E.bindTo('one'),
 *       E.bindW('two', ({ one }) => advance(1)(one))
 *     )
 *   }),
 *   E.map(({ one, two }) => [Advanced.Train.isComplete(one), Advanced.Train.isComplete(two)])
 * ) // right([false, true])
 *
 * @category cursors
 * @since 0.2.0
 */
export const isComplete = <P, S>(cursor: EpochCursor<P, S>): boolean => cursor.done >= cursor.plan.batchCount

/**
 * The report of a complete epoch: the state with the epoch counted, and the mean batch loss.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Data, NN, Optim, Random, Train } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // `Train.epoch`'s example, step by step: the batch losses 4 and 10.24 average to 7.12
 * const model: Train.Model<{ w: number }> = { forward: (p) => AD.mul(p.w), loss: NN.mse }
 * pipe(
 *   E.Do,
 *   E.apS('sgd', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0)),
 *   E.apSW('data', Data.fromRows([[1], [2]], [[2], [4]])),
 *   E.chainW(({ sgd, key, data }) =>
 *     pipe(
 *       Advanced.Train.openEpoch(Data.stochastic())(Train.initialState(sgd)({ w: 0 }, key), data),
 *       E.chainW(Advanced.Train.advance({ model, optimizer: sgd, batching: Data.stochastic() })(2))
 *     )
 *   ),
 *   E.map(Advanced.Train.closeEpoch),
 *   E.map(({ state, batchLoss }) => [state.epoch, state.params, batchLoss])
 * ) // right([1, { w: 1.6800000000000002 }, 7.120000000000001])
 *
 * @category cursors
 * @since 0.2.0
 */
export const closeEpoch = <P, S>(cursor: EpochCursor<P, S>): EpochReport<P, S> => ({
  state: afterEpoch(cursor.state),
  batchLoss: cursor.lossSum / cursor.samples,
  steps: []
})

/**
 * The next batch the cursor will step on, materialised (for a gradient computed elsewhere).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Data, Optim, Random, Train } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // the first batch of an unshuffled stochastic epoch is the first row
 * pipe(
 *   E.Do,
 *   E.apS('sgd', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0)),
 *   E.apSW('data', Data.fromRows([[1], [2]], [[2], [4]])),
 *   E.chainW(({ sgd, key, data }) => Advanced.Train.openEpoch(Data.stochastic())(Train.initialState(sgd)({ w: 0 }, key), data)),
 *   E.chainW(Advanced.Train.nextBatch),
 *   E.map((batch) => [batch.inputs, batch.targets])
 * ) // right([[[1]], [[2]]])
 *
 * @category cursors
 * @since 0.2.0
 */
export const nextBatch = <P, S>(cursor: EpochCursor<P, S>): E.Either<DataError, Dataset> =>
  guarded('nextBatch', [['the cursor', cursor, cursorKind]], () => batchAt(cursor.done)(cursor.plan))

const cursorOf = <P, S>(
  p: EpochPlan,
  state: TrainState<P, S>,
  done: number,
  lossSum: number,
  samples: number
): EpochCursor<P, S> => ({ _tag: 'EpochCursor', plan: p, state, done, lossSum, samples })

const validSpan = (steps: number, asked: number): boolean => steps >= 1 && steps <= asked

/** The number of samples in batch `i` of a plan of `total` samples in batches of `batchSize`. */
const batchSizeAt = (batchSize: number, total: number, i: number): number => Math.min(batchSize, total - i * batchSize)

/**
 * Advances the cursor by up to `steps` steps (all that remain unless given), calling the hook
 * after each; stops early when the hook answers `false`. The one loop over steps.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Data, NN, Optim, Random, Train } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // the epoch of `Train.epoch`'s example, one step at a time: after the first, w = 0.4
 * const model: Train.Model<{ w: number }> = { forward: (p) => AD.mul(p.w), loss: NN.mse }
 * pipe(
 *   E.Do,
 *   E.apS('sgd', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0)),
 *   E.apSW('data', Data.fromRows([[1], [2]], [[2], [4]])),
 *   E.chainW(({ sgd, key, data }) =>
 *     pipe(
 *       Advanced.Train.openEpoch(Data.stochastic())(Train.initialState(sgd)({ w: 0 }, key), data),
 *       E.chainW(Advanced.Train.advance({ model, optimizer: sgd, batching: Data.stochastic() })(1))
 *     )
 *   ),
 *   E.map((cursor) => [cursor.state.params, cursor.done, Advanced.Train.isComplete(cursor)])
 * ) // right([{ w: 0.4 }, 1, false])
 *
 * @category cursors
 * @since 0.2.0
 */
export const advance =
  <P extends Params, S>(config: EpochConfig<P, S>, options: AdvanceOptions<P, S> = {}) =>
  (steps: number = Number.POSITIVE_INFINITY) => {
    // the arguments listed for the message only when one is wrong: a run resumed at every epoch advances once a call
    const right = epochConfigKind.test(config) && record.test(options) && number.test(steps)
    const wrong = right
      ? undefined
      : checkArguments('advance', [
          ['the config', config, epochConfigKind],
          ['the options', options, record],
          ['steps', steps, number]
        ])
    if (wrong !== undefined && E.isLeft(wrong)) return (): E.Either<TrainError<P, S>, EpochCursor<P, S>> => wrong
    return advanceChecked(config, options)(steps)
  }

/**
 * `advance` for arguments the caller has checked (a run's loop, whose config `validateRun`
 * checked): the same steps, without testing the config again at every call.
 *
 * @internal
 */
export const advanceChecked =
  <P extends Params, S>(config: EpochConfig<P, S>, options: AdvanceOptions<P, S>) =>
  (steps: number) => {
    // made at the first step a kernel does not take: a span the kernel runs needs none
    let general: Step<P, S> | undefined
    const reduce: Step<P, S> = (state, batch) =>
      (general ??=
        options.gradients === undefined
          ? stepReport(config.model, config.optimizer)
          : stepWith(options.gradients, config.optimizer))(state, batch)
    const onStep = options.onStep
    const kernel = config.kernel
    return (cursor: EpochCursor<P, S>): E.Either<TrainError<P, S>, EpochCursor<P, S>> => {
      if (!cursorKind.test(cursor))
        return checkArguments('advance', [['the cursor', cursor, cursorKind]]) as E.Left<InvalidArgument>
      const p = cursor.plan
      const total = size(p.dataset)
      const epochNumber = cursor.state.epoch + 1
      const end = Math.min(p.batchCount, cursor.done + Math.max(0, steps))
      let { state, done, lossSum, samples } = cursor
      while (done < end) {
        const span = kernel === undefined ? O.none : kernel(state, p, done, end)
        // a span of no steps, or of more than were asked for, is not taken: the general step runs
        if (O.isSome(span) && (E.isLeft(span.value) || validSpan(span.value.right.losses.length, end - done))) {
          if (E.isLeft(span.value)) return span.value
          const { losses } = span.value.right
          let paused = false
          for (let j = 0; j < losses.length; j++) {
            const n = batchSizeAt(p.batchSize, total, done + j)
            lossSum += losses[j]! * n
            samples += n
            if (onStep === undefined) continue
            const record = { epoch: epochNumber, step: state.step + j + 1, loss: losses[j]! }
            if (onStep(record, span.value.right.state) === false) paused = true
          }
          state = span.value.right.state
          done += losses.length
          if (paused) break
          continue
        }
        const r = reduce(state, unsafeBatchAt(done, p)) // done < p.batchCount: a batch of the plan
        if (E.isLeft(r)) return r
        state = r.right.state
        const n = batchSizeAt(p.batchSize, total, done)
        lossSum += r.right.loss * n
        samples += n
        done += 1
        if (onStep?.({ epoch: epochNumber, step: state.step, loss: r.right.loss }, state) === false) break
      }
      return E.right(cursorOf(p, state, done, lossSum, samples))
    }
  }

// -------------------------------------------------------------------------------------
// epochs
// -------------------------------------------------------------------------------------

const whole =
  <P extends Params, S>(config: EpochConfig<P, S>, keepSteps: boolean) =>
  (state: TrainState<P, S>, data: Dataset): E.Either<TrainError<P, S>, EpochReport<P, S>> => {
    const steps: Array<StepRecord> = []
    const options: AdvanceOptions<P, S> = keepSteps ? { onStep: (r) => void steps.push(r) } : {}
    return pipe(
      checkArguments('epoch', [['the config', config, epochConfigKind]]),
      E.flatMap(() => openEpoch(config.batching)(state, data)),
      E.chainW(advance(config, options)()),
      E.map((cursor) => ({ ...closeEpoch(cursor), steps }))
    )
  }

/**
 * One epoch over `data`: every batch of the epoch's plan, one step each.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Data, NN, Optim, Random, Train } from 'gradfold'
 * // ŷ = w·x, one SGD(0.1) step per sample: (x, y) = (1, 2) takes w from 0 to 0.4, then (2, 4) from 0.4 to 1.68;
 * // the batches' losses were 4 and (0.8 − 4)² = 10.24, so the epoch's is 7.12
 * const model: Train.Model<{ w: number }> = { forward: (p) => AD.mul(p.w), loss: NN.mse }
 * pipe(
 *   E.Do,
 *   E.apS('sgd', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0)),
 *   E.apSW('data', Data.fromRows([[1], [2]], [[2], [4]])),
 *   E.chainW(({ sgd, key, data }) =>
 *     Train.epoch({ model, optimizer: sgd, batching: Data.stochastic() })(Train.initialState(sgd)({ w: 0 }, key), data)
 *   ),
 *   E.map(({ state, batchLoss }) => [state.params, state.step, batchLoss])
 * ) // right([{ w: 1.6800000000000002 }, 2, 7.120000000000001]): 1.68 and 7.12 up to rounding
 *
 * @category epochs
 * @since 0.1.0
 */
export const epoch = <P extends Params, S>(config: EpochConfig<P, S>) => whole(config, false)

/**
 * The same epoch, keeping each step's loss: the per-step history, a scan of the same reducer.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Data, NN, Optim, Random, Train } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // `Train.epoch`'s example, keeping each step's loss: 4, then (0.8 − 4)² = 10.24
 * const model: Train.Model<{ w: number }> = { forward: (p) => AD.mul(p.w), loss: NN.mse }
 * pipe(
 *   E.Do,
 *   E.apS('sgd', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0)),
 *   E.apSW('data', Data.fromRows([[1], [2]], [[2], [4]])),
 *   E.chainW(({ sgd, key, data }) =>
 *     Advanced.Train.epochWithSteps({ model, optimizer: sgd, batching: Data.stochastic() })(Train.initialState(sgd)({ w: 0 }, key), data)
 *   ),
 *   E.map(({ steps }) => steps.map((s) => s.loss))
 * ) // right([4, 10.240000000000002])
 *
 * @category epochs
 * @since 0.1.0
 */
export const epochWithSteps = <P extends Params, S>(config: EpochConfig<P, S>) => whole(config, true)
