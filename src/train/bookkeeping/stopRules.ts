/**
 * Stop rules: pure functions of the history that say whether a run should stop after its
 * latest epoch, and why. `fit` asks after every epoch and stops at the first that answers.
 *
 * A run hands each rule its history and its best epoch so far by the watched metric (which it
 * keeps as it goes), so that `noImprovement` costs the same at epoch 10 and at epoch 10⁵;
 * asked without it, `noImprovement` finds the best epoch in the history by the loss.
 *
 * Laws: a rule fires at the first epoch where its condition holds (`fit` never runs past it);
 * `any` fires when one of its rules does, `all` when every one does.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import * as O from '#fp-ts/Option.js'
import { pipe } from '#fp-ts/function.js'
import { describe, ownValue } from '../../tensor/describe.js'
import { MAX_ELEMENTS } from '../../tensor/Tensor.js'
import { encodeStop, withStopSpec, type StopSpec } from '../files/StopSpec.js'
import { invalidArgument, type InvalidArgument } from '../../tensor/TensorError.js'
import { defaultWatch, improves, metricOf, monitored, watched, type EpochRecord, type History } from './History.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Why a run stopped.
 *
 * @category model
 * @since 0.1.0
 */
export type StopReason =
  | { readonly _tag: 'MaxEpochs'; readonly epochs: number }
  | {
      readonly _tag: 'TargetAccuracy'
      readonly target: number
      readonly accuracy: number
      readonly on: 'train' | 'validation'
    }
  | { readonly _tag: 'LossBelow'; readonly threshold: number; readonly loss: number }
  | { readonly _tag: 'NoImprovement'; readonly patience: number; readonly bestEpoch: number }
  | { readonly _tag: 'All'; readonly reasons: ReadonlyArray<StopReason> }
  | { readonly _tag: 'Aborted'; readonly reason: string }

/**
 * The best epoch so far by the watched metric, and the metric's value there.
 *
 * @category model
 * @since 0.2.0
 */
export interface BestSoFar {
  readonly epoch: number
  readonly value: number
}

/**
 * A rule: given the history so far (never empty) and, from a run, its best epoch so far, a
 * reason to stop now, or none.
 *
 * @category model
 * @since 0.1.0
 */
export type StopRule = (history: History, best?: O.Option<BestSoFar>) => O.Option<StopReason>

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const isObject = (u: unknown): u is object => typeof u === 'object' && u !== null

/** The latest record; none for an empty history, or for anything that is not a list of records. */
const latest = (history: History): O.Option<EpochRecord> =>
  Array.isArray(history)
    ? O.filter((r: EpochRecord) => isObject(r))(O.fromNullable(history[history.length - 1]))
    : O.none

/** The best epoch a run passed in, when it is an `Option` at all. */
const bestOf = (best: unknown): O.Option<BestSoFar> | undefined =>
  isObject(best) && ((best as O.Option<unknown>)._tag === 'None' || (best as O.Option<unknown>)._tag === 'Some')
    ? (best as O.Option<BestSoFar>)
    : undefined

// -------------------------------------------------------------------------------------
// rules
// -------------------------------------------------------------------------------------

/**
 * Stop once `epochs` epochs are complete.
 *
 * Unchecked: see the checked constructor of the same name without `unsafe`.
 *
 * @internal
 */
export const unsafeMaxEpochs =
  (epochs: number): StopRule =>
  (history) => {
    // plain statements, no pipe: a run asks its rule before every epoch (latest's test, inlined)
    const r: unknown = Array.isArray(history) ? history[history.length - 1] : undefined
    return isObject(r) && (r as EpochRecord).epoch >= epochs ? O.some({ _tag: 'MaxEpochs', epochs }) : O.none
  }

/**
 * Stop once accuracy reaches `target`, on the validation set when `on: 'validation'` (and the
 * run has one), on the whole training set otherwise: the founding text's "accuracy reaches a
 * level".
 *
 * Unchecked: see the checked constructor of the same name without `unsafe`.
 *
 * @internal
 */
export const unsafeTargetAccuracy =
  (target: number, on: 'train' | 'validation' = 'train'): StopRule =>
  (history) =>
    pipe(
      latest(history),
      O.chain((r) => O.fromNullable(on === 'validation' ? r.validation : r.train)),
      O.chain(metricOf('accuracy')),
      O.filter((accuracy) => accuracy >= target),
      O.map((accuracy) => ({ _tag: 'TargetAccuracy', target, accuracy, on }))
    )

/**
 * Stop once the monitored loss (validation if present, else training) is below `threshold`.
 *
 * Unchecked: see the checked constructor of the same name without `unsafe`.
 *
 * @internal
 */
export const unsafeLossBelow =
  (threshold: number): StopRule =>
  (history) =>
    pipe(
      latest(history),
      O.chain((r) => O.fromNullable(monitored(r))),
      O.filter((m) => m.loss < threshold),
      O.map((m) => ({ _tag: 'LossBelow', threshold, loss: m.loss }))
    )

/**
 * The epoch (1-based) with the best value of the watched metric so far (the monitored loss
 * unless told); the earliest on ties. Epochs that did not measure it are passed over.
 *
 * @example
 * import { Train } from 'gradfold'
 * const r = (epoch: number, loss: number, accuracy: number) => ({ epoch, step: epoch, batchLoss: loss, train: { loss, accuracy }, validation: null, learningRate: 0.1 })
 * const history = [r(1, 0.9, 0.5), r(2, 0.4, 0.7), r(3, 0.5, 0.8)]
 * Train.bestEpoch(history) // => some(2): the lowest loss
 * Train.bestEpoch(history, { metric: 'accuracy' }) // => some(3)
 *
 * @category rules
 * @since 0.1.0
 */
export const bestEpoch = (history: History, watch = defaultWatch): O.Option<number> => {
  const value = watched(watch)
  const better = improves(watch)
  let best: O.Option<BestSoFar> = O.none
  // a history is one record an epoch: one declaring more than MAX_ELEMENTS is none, and is not looped over
  const n = Array.isArray(history) && history.length <= MAX_ELEMENTS ? history.length : 0
  for (let i = 0; i < n; i++) {
    const r = ownValue(history, String(i)) as EpochRecord | undefined
    if (typeof r !== 'object' || r === null) continue
    const v = value(r)
    if (O.isSome(v) && (O.isNone(best) || better(v.value, best.value.value)))
      best = O.some({ epoch: r.epoch, value: v.value })
  }
  return O.map((b: BestSoFar) => b.epoch)(best)
}

/**
 * Stop once `patience` epochs have passed without an improvement of the watched metric on the
 * best epoch. `fit` keeps the parameters of the best epoch.
 *
 * Unchecked: see the checked constructor of the same name without `unsafe`.
 *
 * @internal
 */
export const unsafeNoImprovement =
  (patience: number): StopRule =>
  (history, best) =>
    pipe(
      O.Do,
      O.bind('best', () => {
        const b = bestOf(best)
        return b === undefined ? bestEpoch(history) : O.map((r: BestSoFar) => r.epoch)(b)
      }),
      O.bind('last', () => latest(history)),
      O.filter(({ best, last }) => last.epoch - best >= patience),
      O.map(({ best }) => ({ _tag: 'NoImprovement', patience, bestEpoch: best }))
    )

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** The spec of `any` or `all` of rules that all have one. */
const combinedSpec = (tag: 'Any' | 'All', rules: ReadonlyArray<StopRule>): StopSpec | undefined => {
  const parts = rules.map(encodeStop)
  return parts.every(O.isSome) ? { _tag: tag, rules: parts.map((p) => (p as O.Some<StopSpec>).value) } : undefined
}

const wholeAtLeastOne = (op: string, name: string, n: unknown): E.Either<InvalidArgument, number> =>
  Number.isSafeInteger(n) && (n as number) >= 1
    ? E.right(n as number)
    : E.left(invalidArgument(op, `${name} is ${describe(n)}; expected a whole number ≥ 1`))

/**
 * Stop once `epochs` epochs are complete; `epochs` is a whole number ≥ 1.
 *
 * @example
 * import { Train } from 'gradfold'
 * Train.maxEpochs(500) // right: a rule
 * Train.maxEpochs(0) // left: maxEpochs: epochs is 0; expected a whole number ≥ 1
 *
 * @category constructors
 * @since 0.2.0
 */
export const maxEpochs = (epochs: number): E.Either<InvalidArgument, StopRule> =>
  E.map((n: number) => withStopSpec({ _tag: 'MaxEpochs', epochs: n })(unsafeMaxEpochs(n)))(
    wholeAtLeastOne('maxEpochs', 'epochs', epochs)
  )

/**
 * Stop once accuracy reaches `target` (from 0 to 1), on the validation set when
 * `on: 'validation'` (and the run has one), on the whole training set otherwise: the founding
 * text's "accuracy reaches a level".
 *
 * @example
 * import { Train } from 'gradfold'
 * Train.targetAccuracy(0.95) // right: a rule
 * Train.targetAccuracy(2) // left: targetAccuracy: target is 2; expected a number from 0 to 1
 *
 * @category constructors
 * @since 0.2.0
 */
export const targetAccuracy = (
  target: number,
  on: 'train' | 'validation' = 'train'
): E.Either<InvalidArgument, StopRule> =>
  typeof target !== 'number' || !(target >= 0 && target <= 1)
    ? E.left(invalidArgument('targetAccuracy', `target is ${describe(target)}; expected a number from 0 to 1`))
    : on !== 'train' && on !== 'validation'
      ? E.left(invalidArgument('targetAccuracy', `on is ${describe(on)}; expected 'train' or 'validation'`))
      : E.right(withStopSpec({ _tag: 'TargetAccuracy', target, on })(unsafeTargetAccuracy(target, on)))

/**
 * Stop once the monitored loss (validation if present, else training) is below `threshold`, a
 * finite number.
 *
 * @example
 * import { Train } from 'gradfold'
 * Train.lossBelow(1e-3) // right: a rule
 * Train.lossBelow(NaN) // left: lossBelow: threshold is NaN; expected a finite number
 *
 * @category constructors
 * @since 0.2.0
 */
export const lossBelow = (threshold: number): E.Either<InvalidArgument, StopRule> =>
  Number.isFinite(threshold)
    ? E.right(withStopSpec({ _tag: 'LossBelow', threshold })(unsafeLossBelow(threshold)))
    : E.left(invalidArgument('lossBelow', `threshold is ${describe(threshold)}; expected a finite number`))

/**
 * Stop once `patience` epochs (a whole number ≥ 1) have passed without an improvement of the
 * watched metric on the best epoch. `fit` keeps the parameters of the best epoch.
 *
 * @example
 * import { Train } from 'gradfold'
 * Train.noImprovement(10) // right: a rule
 * Train.noImprovement(-3) // left: noImprovement: patience is -3; expected a whole number ≥ 1
 *
 * @category constructors
 * @since 0.2.0
 */
export const noImprovement = (patience: number): E.Either<InvalidArgument, StopRule> =>
  E.map((n: number) => withStopSpec({ _tag: 'NoImprovement', patience: n })(unsafeNoImprovement(n)))(
    wholeAtLeastOne('noImprovement', 'patience', patience)
  )

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * Stop when any rule says so, with the first such rule's reason (a value that is not a rule
 * never says so).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Train } from 'gradfold'
 * const epoch12 = { epoch: 12, step: 96, batchLoss: 0.21, train: { loss: 0.2, accuracy: 1 }, validation: null, learningRate: 0.01 }
 * pipe(
 *   E.Do,
 *   E.apS('target', Train.targetAccuracy(1)),
 *   E.apS('max', Train.maxEpochs(500)),
 *   E.map(({ target, max }) => {
 *     const stop = Train.any(target, max)
 *     return [stop([epoch12]), stop([{ ...epoch12, train: { loss: 0.2, accuracy: 0.9 } }])]
 *   })
 * ) // right([some({ _tag: 'TargetAccuracy', target: 1, accuracy: 1, on: 'train' }), none]): the second is below the target, and 12 < 500 epochs
 *
 * @category combinators
 * @since 0.1.0
 */
export const any = (...rules: ReadonlyArray<StopRule>): StopRule =>
  withStopSpec(combinedSpec('Any', rules))((history, best) => {
    // the first rule that says stop (ReadonlyArray's findFirstMap, kept out of browser bundles)
    for (const rule of rules) {
      const said = typeof rule === 'function' ? rule(history, best) : O.none
      if (O.isSome(said)) return said
    }
    return O.none
  })

/**
 * Stop when every rule says so, with all their reasons.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import * as O from 'fp-ts/lib/Option.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Train } from 'gradfold'
 * const r = (epoch: number, loss: number) => ({ epoch, step: epoch, batchLoss: loss, train: { loss, accuracy: 0.9 }, validation: null, learningRate: 0.1 })
 * const stopsAt = (history: Train.History) =>
 *   pipe(
 *     E.Do,
 *     E.apS('low', Train.lossBelow(0.5)),
 *     E.apSW('long', Train.maxEpochs(3)),
 *     E.map(({ low, long }) => Train.all(low, long)(history, O.none))
 *   )
 * // the loss is below 0.5 after 2 epochs, but 3 must run too
 * stopsAt([r(1, 0.8), r(2, 0.3)]) // right(none)
 * stopsAt([r(1, 0.8), r(2, 0.3), r(3, 0.2)]) // right(some({ _tag: 'All', reasons: [{ _tag: 'LossBelow', threshold: 0.5, loss: 0.2 }, { _tag: 'MaxEpochs', epochs: 3 }] }))
 *
 * @category combinators
 * @since 0.1.0
 */
export const all = (...rules: ReadonlyArray<StopRule>): StopRule =>
  withStopSpec(combinedSpec('All', rules))((history, best) => {
    const reasons = rules.map((rule) => (typeof rule === 'function' ? rule(history, best) : O.none))
    return rules.length > 0 && reasons.every(O.isSome)
      ? O.some({ _tag: 'All', reasons: reasons.map((r) => (r as O.Some<StopReason>).value) })
      : O.none
  })
