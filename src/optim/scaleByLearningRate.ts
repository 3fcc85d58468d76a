/**
 * The learning rate: updates `−lr(t)·g`, where `t` is the number of updates done before this
 * one, kept in the state. A constant rate is a schedule that never changes. Every optimizer ends
 * with this transformation, so that `applyUpdates` computes `p + (−lr·u)`, which is `p − lr·u`
 * bit for bit (negation is exact and x + (−y) is x − y in IEEE arithmetic).
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import type * as t from 'io-ts'
import { CountC } from '../codec/CountC.js'
import { exactType } from '../codec/exact.js'
import { unsafeScale } from '../tree/vectorSpace.js'
import { field, isCount, scaleAll, type FlatRule, type FlatStage } from './FlatRule.js'
import { gradientTransformation, withForms, type GradientTransformation } from './GradientTransformation.js'
import { guardedUpdate } from './guard.js'
import { withFields } from '../tensor/guards.js'
import { wasmDescend } from '../tensor/kernelsInto.js'
import { validateKinds, countRange, kindOf, learningRateKind, nonNegativeRange, validated } from './hyperparameters.js'
import { invalidHyperparameter, type OptimError } from './OptimError.js'
import type { Schedule } from './schedules.js'
import type { BlockEntry } from './Entry.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A learning rate: a number, or a schedule of the step.
 *
 * @category model
 * @since 0.1.0
 */
export type LearningRate = number | Schedule

/**
 * The state: how many updates have been made.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * // the state a checkpoint saves: how many updates were made (for schedules)
 * Advanced.Optim.ScaleByLearningRateStateC.decode({ count: 3 }) // right({ count: 3 })
 * Advanced.Optim.ScaleByLearningRateStateC.decode({ count: -1 }) // left: count: expected a count (an integer ≥ 0), got -1
 *
 * @category codecs
 * @since 0.1.0
 */
export const ScaleByLearningRateStateC = exactType({ count: CountC }, 'ScaleByLearningRateState')

/**
 * @category model
 * @since 0.1.0
 */
export type ScaleByLearningRateState = t.TypeOf<typeof ScaleByLearningRateStateC>

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/** A state `{ count }` of a whole number of updates. */
const countState = withFields('a state { count }', [['count', kindOf(countRange)]])

/**
 * The rate the next update made from `state` will use: `lr(state.count)`, or an
 * `InvalidHyperparameter` when the schedule gives a negative or non-finite rate at that step.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * pipe(Optim.linearWarmup({ peak: 0.1, warmupSteps: 10 }), E.chain((lr) => Advanced.Optim.learningRateAt(lr)({ count: 5 }))) // right(0.05)
 *
 * @category destructors
 * @since 0.1.0
 */
export const learningRateAt = (lr: LearningRate) => {
  // the rate is checked once; the state at each call, by one test (the message made only when it fails)
  const wrongRate = validateKinds('learningRateAt', [['lr', lr, learningRateKind]])
  return (state: ScaleByLearningRateState): E.Either<OptimError, number> => {
    if (E.isLeft(wrongRate)) return wrongRate
    if (!countState.test(state)) {
      const wrong = validateKinds('learningRateAt', [['state', state, countState]])
      if (E.isLeft(wrong)) return wrong
    }
    if (typeof lr === 'number') return E.right(lr)
    const rate = lr(state.count)
    return nonNegativeRange.test(rate)
      ? E.right(rate)
      : E.left(
          invalidHyperparameter(
            `scaleByLearningRate (schedule at step ${state.count})`,
            'lr',
            rate,
            nonNegativeRange.expected
          )
        )
  }
}

// -------------------------------------------------------------------------------------
// flat rule
// -------------------------------------------------------------------------------------

/** The rate `learningRateAt` reads, without its Either: NaN where it would refuse the schedule's answer. */
const rateOf = (lr: LearningRate): ((count: number) => number) => {
  const fixed = typeof lr === 'number' ? (nonNegativeRange.test(lr) ? lr : Number.NaN) : undefined
  return (count) => {
    if (fixed !== undefined) return fixed
    const rate = typeof lr === 'number' ? lr : lr(count)
    return nonNegativeRange.test(rate) ? rate : Number.NaN
  }
}

/**
 * The flat rule: `u ← −rate·u`; over every leaf also the one-pass step `p ← p + (−rate·u)`,
 * the update rounded before the sum as `applyUpdates` takes it (a non-finite update makes the
 * sum non-finite too, the parameters being finite).
 */
const flatRule = (lr: LearningRate): FlatRule => {
  const rateAt = rateOf(lr)
  return {
    rate: lr,
    compile: (layout) => (state) => {
      const start = field(state, 'count')
      if (!isCount(start)) return undefined
      let count = start
      const at = layout.at
      const descend = (u: ReadonlyArray<Float64Array>, p: ReadonlyArray<Float64Array>): number => {
        const rate = rateAt(count)
        if (Number.isNaN(rate)) return Number.NaN
        const c = -rate
        let bad = 0
        for (let k = 0; k < at.length; k++) {
          const a = u[at[k]!]!
          const w = p[at[k]!]!
          // a pair resident in the wasm kernel's memory steps there, two lanes at a time, the same bits
          const done = wasmDescend(a, w, c)
          if (done !== undefined) {
            bad += done
            continue
          }
          // four elements a turn, their checks summed in pairs before the one add into `bad`:
          // that chain of adds, each waiting for the one before, bounds the loop
          const whole = a.length - (a.length % 4)
          for (let i = 0; i < whole; i += 4) {
            const x0 = w[i]! + c * a[i]!
            const x1 = w[i + 1]! + c * a[i + 1]!
            const x2 = w[i + 2]! + c * a[i + 2]!
            const x3 = w[i + 3]! + c * a[i + 3]!
            w[i] = x0
            w[i + 1] = x1
            w[i + 2] = x2
            w[i + 3] = x3
            bad += x0 - x0 + (x1 - x1) + (x2 - x2 + (x3 - x3))
          }
          for (let i = whole; i < a.length; i++) {
            const x = w[i]! + c * a[i]!
            w[i] = x
            bad += x - x
          }
        }
        count++
        return bad
      }
      const stage: FlatStage = {
        apply: (u) => {
          const rate = rateAt(count)
          if (Number.isNaN(rate)) return Number.NaN
          count++
          return scaleAll(u, at, -rate)
        },
        save: () => ({ count })
      }
      return layout.whole ? { ...stage, descend } : stage
    }
  }
}

// -------------------------------------------------------------------------------------
// transformations
// -------------------------------------------------------------------------------------

/**
 * Updates `−lr(t)·g` for a rate (a finite number ≥ 0) or a schedule; the state counts updates.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * pipe(Optim.scaleByLearningRate(0.1), E.chain((t) => t.update({ w: 2 }, t.init({ w: 1 }), { w: 1 }))) // right([{ w: -0.2 }, { count: 1 }])
 * Optim.scaleByLearningRate(-0.1) // left: scaleByLearningRate: lr is -0.1; expected a finite number ≥ 0
 *
 * @category transformations
 * @since 0.1.0
 */
export const scaleByLearningRate = (
  lr: LearningRate
): E.Either<OptimError, GradientTransformation<ScaleByLearningRateState>> =>
  validated('scaleByLearningRate', typeof lr === 'number' ? [['lr', lr, nonNegativeRange]] : [], () =>
    uncheckedScaleByLearningRate(lr)
  )

/**
 * `scaleByLearningRate` for a rate already checked (by an optimizer, under its name).
 *
 * @internal
 */
export const uncheckedScaleByLearningRate = (lr: LearningRate): GradientTransformation<ScaleByLearningRateState> =>
  withForms({
    flat: flatRule(lr),
    spec: typeof lr === 'number' ? { _tag: 'scaleByLearningRate', lr } : undefined
  })(
    gradientTransformation(
      (): ScaleByLearningRateState => ({ count: 0 }),
      (grads, state: ScaleByLearningRateState, params) =>
        guardedUpdate('scaleByLearningRate', grads, params, {}, () => {
          const rate = learningRateAt(lr)(state)
          return E.isLeft(rate) ? rate : E.right([unsafeScale(-rate.right)(grads), { count: state.count + 1 }, {}])
        }),
      () => ScaleByLearningRateStateC,
      learningRateAt(lr)
    )
  )

/**
 * `scaleByLearningRate` as a block of a model file's optimizer spec: `{ _tag: 'scaleByLearningRate', lr }`.
 *
 * @internal
 */
export const scaleByLearningRateBlock: BlockEntry = {
  _tag: 'BlockEntry',
  tag: 'scaleByLearningRate',
  fields: [['lr', 'number']],
  build: (s) => scaleByLearningRate(s['lr'] as number)
}
