/**
 * Learning-rate schedules: plain functions from the step (the number of updates done so far,
 * an integer ≥ 0) to a learning rate. `scaleByLearningRate` keeps the step count in its state
 * and asks the schedule for the rate of each update, so a state read back from a checkpoint
 * resumes the schedule where it was.
 *
 * The constructors validate their arguments and answer `Either`; a schedule they build gives a
 * finite rate ≥ 0 at every step (except `exponentialDecay` with a rate above 1, which grows
 * until it overflows; `scaleByLearningRate` then answers a Left naming the step).
 *
 * | schedule | rate at step t | PyTorch |
 * |---|---|---|
 * | `constant(v)` | v | — |
 * | `piecewiseConstant({ boundaries, values })` | values[#{b ∈ boundaries : b ≤ t}] | `MultiStepLR` |
 * | `exponentialDecay({ init, decayRate, transitionSteps, staircase })` | init·decayRate^(t / transitionSteps), floored when staircase | `ExponentialLR`, `StepLR` |
 * | `cosineDecay({ init, decaySteps, alpha })` | init·((1 − α)·½(1 + cos(π·min(t, T)/T)) + α) | `CosineAnnealingLR` (α = η_min/η_max) |
 * | `linearWarmup({ init, peak, warmupSteps })` | init + (peak − init)·min(t, W)/W | `LinearLR` |
 * | `join(schedules, boundaries)` | schedules[i](t − boundaries[i − 1]) between boundaries | `SequentialLR` |
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import { array, arrayOf, boolean, either, func, resultOf, type Kind } from '../tensor/guards.js'
import {
  validateFields,
  validateKinds,
  closedUnitIntervalRange,
  countRange,
  nonNegativeRange,
  positiveRange,
  positiveCountRange,
  validated,
  withOptions,
  type Field
} from './hyperparameters.js'
import { invalidHyperparameter, type InvalidHyperparameter, type OptimError } from './OptimError.js'
import * as Elementary from '../math/index.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A learning rate as a function of the step.
 *
 * @category model
 * @since 0.1.0
 */
export type Schedule = (step: number) => number

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

/** Right when `xs` is strictly increasing, else the first item that is not, named `field.i`. */
const increasing = (where: string, field: string, xs: ReadonlyArray<number>): E.Either<InvalidHyperparameter, void> => {
  for (let i = 1; i < xs.length; i++) {
    if ((xs[i] as number) <= (xs[i - 1] as number)) {
      return E.left(
        invalidHyperparameter(
          where,
          `${field}.${i}`,
          xs[i],
          `a number above ${field}.${i - 1} (${xs[i - 1]}): boundaries increase`
        )
      )
    }
  }
  return E.right(undefined)
}

const eachIn = (field: string, xs: ReadonlyArray<number>, range: Field[2]): ReadonlyArray<Field> =>
  xs.map((x, i) => [`${field}.${i}`, x, range] as const)

const lengthIs = (
  where: string,
  field: string,
  xs: ReadonlyArray<unknown>,
  n: number
): E.Either<InvalidHyperparameter, void> =>
  xs.length === n
    ? E.right(undefined)
    : E.left(invalidHyperparameter(where, `${field}.length`, xs.length, `${n}, one more than the boundaries`))

/** A schedule, or the `Either` its constructor answered. */
const scheduleKind: Kind = either(func, resultOf(func))

/** How many of the increasing `boundaries` are ≤ `step`. */
const passed = (boundaries: ReadonlyArray<number>, step: number): number => {
  let i = 0
  while (i < boundaries.length && (boundaries[i] as number) <= step) i++
  return i
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The same rate at every step.
 *
 * @example
 * import { Optim } from 'gradfold'
 * Optim.constant(0.1) // right: (step) => 0.1
 *
 * @category constructors
 * @since 0.1.0
 */
export const constant = (value: number): E.Either<OptimError, Schedule> =>
  validated('constant', [['value', value, nonNegativeRange]], () => () => value)

/**
 * Step decay: `values[0]` before `boundaries[0]`, `values[i]` from `boundaries[i − 1]` on.
 * Boundaries are strictly increasing step counts; there is one more value than boundaries.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Optim } from 'gradfold'
 * const s = Optim.piecewiseConstant({ boundaries: [100, 200], values: [0.1, 0.01, 0.001] })
 * E.map((f: Optim.Schedule) => [f(0), f(99), f(100), f(250)])(s) // right([0.1, 0.1, 0.01, 0.001])
 *
 * @category constructors
 * @since 0.1.0
 */
export const piecewiseConstant = (options: {
  readonly boundaries: ReadonlyArray<number>
  readonly values: ReadonlyArray<number>
}): E.Either<OptimError, Schedule> =>
  withOptions('piecewiseConstant', options, (options) => {
    const { boundaries, values } = options
    return pipe(
      validateKinds('piecewiseConstant', [
        ['boundaries', boundaries, array],
        ['values', values, array]
      ]),
      E.flatMap(() => {
        const b = boundaries.slice()
        const v = values.slice()
        return pipe(
          lengthIs('piecewiseConstant', 'values', v, b.length + 1),
          E.chain(() =>
            validateFields('piecewiseConstant', [
              ...eachIn('boundaries', b, countRange),
              ...eachIn('values', v, nonNegativeRange)
            ])
          ),
          E.chain(() => increasing('piecewiseConstant', 'boundaries', b)),
          E.map(() => (step: number) => v[passed(b, step)] as number)
        )
      })
    )
  })

/**
 * `init·decayRate^(step / transitionSteps)`; with `staircase`, the exponent is floored, so the
 * rate drops by `decayRate` every `transitionSteps` steps (PyTorch's `StepLR`). With the
 * defaults (`transitionSteps` 1, no staircase) it is PyTorch's `ExponentialLR`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Optim } from 'gradfold'
 * const s = Optim.exponentialDecay({ init: 1, decayRate: 0.5, transitionSteps: 10, staircase: true })
 * E.map((f: Optim.Schedule) => [f(0), f(9), f(10), f(25)])(s) // right([1, 1, 0.5, 0.25])
 *
 * @category constructors
 * @since 0.1.0
 */
export const exponentialDecay = (options: {
  readonly init: number
  readonly decayRate: number
  readonly transitionSteps?: number
  readonly staircase?: boolean
}): E.Either<OptimError, Schedule> =>
  withOptions('exponentialDecay', options, (options) => {
    const { init, decayRate, transitionSteps = 1, staircase = false } = options
    const fields: ReadonlyArray<Field> = [
      ['init', init, nonNegativeRange],
      ['decayRate', decayRate, positiveRange],
      ['transitionSteps', transitionSteps, positiveCountRange]
    ]
    return pipe(
      validateKinds('exponentialDecay', [['staircase', staircase, boolean]]),
      E.flatMap(() =>
        validated('exponentialDecay', fields, () => (step: number) => {
          const p = step / transitionSteps
          return init * Elementary.pow(decayRate, staircase ? Math.floor(p) : p)
        })
      )
    )
  })

/**
 * Cosine decay from `init` to `alpha·init` over `decaySteps` steps, then constant:
 * `init·((1 − alpha)·½(1 + cos(π·min(step, decaySteps)/decaySteps)) + alpha)`. PyTorch's
 * `CosineAnnealingLR` with `T_max = decaySteps` and `eta_min = alpha·init`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Optim } from 'gradfold'
 * E.map((f: Optim.Schedule) => [f(0), f(50), f(100), f(150)])(Optim.cosineDecay({ init: 0.1, decaySteps: 100 })) // right([0.1, 0.05, 0, 0])
 *
 * @category constructors
 * @since 0.1.0
 */
export const cosineDecay = (options: {
  readonly init: number
  readonly decaySteps: number
  readonly alpha?: number
}): E.Either<OptimError, Schedule> =>
  withOptions('cosineDecay', options, (options) => {
    const { init, decaySteps, alpha = 0 } = options
    const fields: ReadonlyArray<Field> = [
      ['init', init, nonNegativeRange],
      ['decaySteps', decaySteps, positiveCountRange],
      ['alpha', alpha, closedUnitIntervalRange]
    ]
    return validated('cosineDecay', fields, () => (step: number) => {
      const cosine = 0.5 * (1 + Elementary.cosPi(Math.min(step, decaySteps) / decaySteps))
      return init * ((1 - alpha) * cosine + alpha)
    })
  })

/**
 * A linear ramp from `init` (default 0) to `peak` over `warmupSteps` steps, then `peak`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Optim } from 'gradfold'
 * E.map((f: Optim.Schedule) => [f(0), f(5), f(10), f(20)])(Optim.linearWarmup({ peak: 0.1, warmupSteps: 10 })) // right([0, 0.05, 0.1, 0.1])
 *
 * @category constructors
 * @since 0.1.0
 */
export const linearWarmup = (options: {
  readonly init?: number
  readonly peak: number
  readonly warmupSteps: number
}): E.Either<OptimError, Schedule> =>
  withOptions('linearWarmup', options, (options) => {
    const { init = 0, peak, warmupSteps } = options
    const fields: ReadonlyArray<Field> = [
      ['init', init, nonNegativeRange],
      ['peak', peak, nonNegativeRange],
      ['warmupSteps', warmupSteps, positiveCountRange]
    ]
    return validated(
      'linearWarmup',
      fields,
      () => (step: number) => (step >= warmupSteps ? peak : init + ((peak - init) * step) / warmupSteps)
    )
  })

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * One schedule after another: `schedules[0]` before `boundaries[0]`, then `schedules[i]` from
 * `boundaries[i − 1]` on, each restarted at 0 (it is asked for `step − boundaries[i − 1]`). A
 * schedule may be given as the `Either` its constructor answered.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Optim } from 'gradfold'
 * // 100 steps of warm-up to 0.1, then cosine decay over 900 steps
 * const s = Optim.joinSchedules([Optim.linearWarmup({ peak: 0.1, warmupSteps: 100 }), Optim.cosineDecay({ init: 0.1, decaySteps: 900 })], [100])
 * E.map((f: Optim.Schedule) => [f(50), f(100), f(1000)])(s) // right([0.05, 0.1, 0])
 *
 * @category combinators
 * @since 0.1.0
 */
export const joinSchedules = (
  schedules: ReadonlyArray<Schedule | E.Either<OptimError, Schedule>>,
  boundaries: ReadonlyArray<number>
): E.Either<OptimError, Schedule> =>
  pipe(
    validateKinds('join', [
      ['schedules', schedules, arrayOf(scheduleKind, 'schedules or the Eithers their constructors answered')],
      ['boundaries', boundaries, array]
    ]),
    E.flatMap(() => joined(schedules, boundaries.slice()))
  )

const joined = (
  schedules: ReadonlyArray<Schedule | E.Either<OptimError, Schedule>>,
  b: ReadonlyArray<number>
): E.Either<OptimError, Schedule> =>
  pipe(
    E.sequenceArray(schedules.map((s) => (typeof s === 'function' ? E.right(s) : s))),
    E.chainFirstW((fs) => lengthIs('join', 'schedules', fs, b.length + 1)),
    E.chainFirstW(() => validateFields('join', eachIn('boundaries', b, countRange))),
    E.chainFirstW(() => increasing('join', 'boundaries', b)),
    E.map((fs) => (step: number) => {
      const i = passed(b, step)
      return (fs[i] as Schedule)(i === 0 ? step : step - (b[i - 1] as number))
    })
  )
