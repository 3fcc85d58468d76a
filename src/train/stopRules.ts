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
import * as O from 'fp-ts/lib/Option.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as RA from 'fp-ts/lib/ReadonlyArray.js'
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

const latest = (history: History): O.Option<EpochRecord> => RA.last(history)

// -------------------------------------------------------------------------------------
// rules
// -------------------------------------------------------------------------------------

/**
 * Stop once `epochs` epochs are complete.
 *
 * @category rules
 * @since 0.1.0
 */
export const maxEpochs =
  (epochs: number): StopRule =>
  (history) =>
    pipe(
      latest(history),
      O.filter((r) => r.epoch >= epochs),
      O.map(() => ({ _tag: 'MaxEpochs', epochs }))
    )

/**
 * Stop once accuracy reaches `target`, on the validation set when `on: 'validation'` (and the
 * run has one), on the whole training set otherwise: the founding text's "accuracy reaches a
 * level".
 *
 * @category rules
 * @since 0.1.0
 */
export const targetAccuracy =
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
 * @category rules
 * @since 0.1.0
 */
export const lossBelow =
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
 * @category rules
 * @since 0.1.0
 */
export const bestEpoch = (history: History, watch = defaultWatch): O.Option<number> => {
  const value = watched(watch)
  const better = improves(watch)
  let best: O.Option<BestSoFar> = O.none
  for (const r of history) {
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
 * @category rules
 * @since 0.1.0
 */
export const noImprovement =
  (patience: number): StopRule =>
  (history, best) =>
    pipe(
      O.Do,
      O.bind('best', () => (best === undefined ? bestEpoch(history) : O.map((b: BestSoFar) => b.epoch)(best))),
      O.bind('last', () => latest(history)),
      O.filter(({ best, last }) => last.epoch - best >= patience),
      O.map(({ best }) => ({ _tag: 'NoImprovement', patience, bestEpoch: best }))
    )

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * Stop when any rule says so, with the first such rule's reason.
 *
 * @example
 * import { Train } from 'gradfold'
 * const stop = Train.any(Train.targetAccuracy(1), Train.maxEpochs(500))
 * const epoch12 = { epoch: 12, step: 96, batchLoss: 0.21, train: { loss: 0.2, accuracy: 1 }, validation: null, learningRate: 0.01 }
 * stop([epoch12]) // some({ _tag: 'TargetAccuracy', target: 1, accuracy: 1, on: 'train' })
 * stop([{ ...epoch12, train: { loss: 0.2, accuracy: 0.9 } }]) // none: below the target, and 12 < 500 epochs
 *
 * @category combinators
 * @since 0.1.0
 */
export const any =
  (...rules: ReadonlyArray<StopRule>): StopRule =>
  (history, best) =>
    pipe(
      rules,
      RA.findFirstMap((rule) => rule(history, best))
    )

/**
 * Stop when every rule says so, with all their reasons.
 *
 * @category combinators
 * @since 0.1.0
 */
export const all =
  (...rules: ReadonlyArray<StopRule>): StopRule =>
  (history, best) => {
    const reasons = rules.map((rule) => rule(history, best))
    return rules.length > 0 && reasons.every(O.isSome)
      ? O.some({ _tag: 'All', reasons: reasons.map((r) => (r as O.Some<StopReason>).value) })
      : O.none
  }
