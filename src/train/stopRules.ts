/**
 * Stop rules: pure functions of the history that say whether a run should stop after its
 * latest epoch, and why. `fit` asks after every epoch and stops at the first that answers.
 *
 * Laws: a rule fires at the first epoch where its condition holds (`fit` never runs past it);
 * `any` fires when one of its rules does, `all` when every one does.
 *
 * @since 0.1.0
 */
import * as O from 'fp-ts/lib/Option.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as RA from 'fp-ts/lib/ReadonlyArray.js'
import { monitored, type EpochRecord, type History } from './History.js'

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
 * A rule: given the history so far (never empty), a reason to stop now, or none.
 *
 * @category model
 * @since 0.1.0
 */
export type StopRule = (history: History) => O.Option<StopReason>

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
      O.filter((m) => m.accuracy >= target),
      O.map((m) => ({ _tag: 'TargetAccuracy', target, accuracy: m.accuracy, on }))
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
      O.map(monitored),
      O.filter((m) => m.loss < threshold),
      O.map((m) => ({ _tag: 'LossBelow', threshold, loss: m.loss }))
    )

/**
 * The epoch (1-based) with the lowest monitored loss so far; the earliest on ties.
 *
 * @category rules
 * @since 0.1.0
 */
export const bestEpoch = (history: History): O.Option<number> =>
  pipe(
    history,
    RA.reduce(O.none as O.Option<EpochRecord>, (best, r) =>
      O.isSome(best) && monitored(best.value).loss <= monitored(r).loss ? best : O.some(r)
    ),
    O.map((r) => r.epoch)
  )

/**
 * Stop once `patience` epochs have passed without a lower monitored loss than the best one.
 * `fit` keeps the parameters of the best epoch.
 *
 * @category rules
 * @since 0.1.0
 */
export const noImprovement =
  (patience: number): StopRule =>
  (history) =>
    pipe(
      O.Do,
      O.bind('best', () => bestEpoch(history)),
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
  (history) =>
    pipe(
      rules,
      RA.findFirstMap((rule) => rule(history))
    )

/**
 * Stop when every rule says so, with all their reasons.
 *
 * @category combinators
 * @since 0.1.0
 */
export const all =
  (...rules: ReadonlyArray<StopRule>): StopRule =>
  (history) => {
    const reasons = rules.map((rule) => rule(history))
    return rules.length > 0 && reasons.every(O.isSome)
      ? O.some({ _tag: 'All', reasons: reasons.map((r) => (r as O.Some<StopReason>).value) })
      : O.none
  }
