/**
 * Ranges of hyperparameters, and their validation: a constructor checks its arguments before it
 * builds anything and answers an `InvalidHyperparameter` naming the first field out of range.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import {
  either,
  firstGetter,
  firstWrong,
  func,
  isRecord,
  number,
  record,
  type Check,
  type Kind
} from '../tensor/guards.js'
import { invalidHyperparameter, type InvalidHyperparameter } from './OptimError.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A range: a test and how a message states it.
 *
 * @category model
 * @since 0.1.0
 */
export interface Range {
  readonly expected: string
  /** Whether `x` is in the range. */
  readonly test: (x: number) => boolean
}

/**
 * A field to check: its name as the caller wrote it, its value, its range.
 *
 * @category model
 * @since 0.1.0
 */
export type Field = readonly [name: string, value: number, range: Range]

// -------------------------------------------------------------------------------------
// ranges
// -------------------------------------------------------------------------------------

/**
 * Any finite number (a scale factor, a clipping bound).
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Optim.validateFields('clip', [['bound', Infinity, Advanced.Optim.finiteRange]]) // left: clip: bound is Infinity; expected a finite number
 * Advanced.Optim.finiteRange.test(-3) // => true
 *
 * @category ranges
 * @since 0.1.0
 */
export const finiteRange: Range = { expected: 'a finite number', test: Number.isFinite }

/**
 * Learning rates, weight decays, norms, accumulators.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Optim.nonNegativeRange.test(0) // => true
 * Advanced.Optim.validateFields('sgd', [['lr', -0.1, Advanced.Optim.nonNegativeRange]]) // left: sgd: lr is -0.1; expected a finite number ≥ 0
 *
 * @category ranges
 * @since 0.1.0
 */
export const nonNegativeRange: Range = { expected: 'a finite number ≥ 0', test: (x) => Number.isFinite(x) && x >= 0 }

/**
 * ε and decay rates.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Optim.positiveRange.test(1e-8) // => true
 * Advanced.Optim.validateFields('adam', [['eps', 0, Advanced.Optim.positiveRange]]) // left: adam: eps is 0; expected a finite number > 0
 *
 * @category ranges
 * @since 0.1.0
 */
export const positiveRange: Range = { expected: 'a finite number > 0', test: (x) => Number.isFinite(x) && x > 0 }

/**
 * β₁, β₂, momentum, RMSprop's α.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Optim.unitIntervalRange.test(0.9) // => true
 * Advanced.Optim.validateFields('momentum', [['momentum', 1, Advanced.Optim.unitIntervalRange]]) // left: momentum: momentum is 1; expected a number in [0, 1)
 *
 * @category ranges
 * @since 0.1.0
 */
export const unitIntervalRange: Range = {
  expected: 'a number in [0, 1)',
  test: (x) => Number.isFinite(x) && x >= 0 && x < 1
}

/**
 * A fraction that may be 1 (cosine decay's α).
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Optim.closedUnitIntervalRange.test(1) // => true
 * Advanced.Optim.validateFields('mix', [['weight', 1.5, Advanced.Optim.closedUnitIntervalRange]]) // left: mix: weight is 1.5; expected a number in [0, 1]
 *
 * @category ranges
 * @since 0.1.0
 */
export const closedUnitIntervalRange: Range = {
  expected: 'a number in [0, 1]',
  test: (x) => Number.isFinite(x) && x >= 0 && x <= 1
}

/**
 * Step counts.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Optim.countRange.test(0) // => true
 * Advanced.Optim.validateFields('schedule', [['warmup', 2.5, Advanced.Optim.countRange]]) // left: schedule: warmup is 2.5; expected an integer ≥ 0
 *
 * @category ranges
 * @since 0.1.0
 */
export const countRange: Range = { expected: 'an integer ≥ 0', test: (x) => Number.isSafeInteger(x) && x >= 0 }

/**
 * Step counts that divide.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Optim.positiveCountRange.test(0) // => false
 * Advanced.Optim.validateFields('multiSteps', [['every', 0, Advanced.Optim.positiveCountRange]]) // left: multiSteps: every is 0; expected an integer ≥ 1
 *
 * @category ranges
 * @since 0.1.0
 */
export const positiveCountRange: Range = { expected: 'an integer ≥ 1', test: (x) => Number.isSafeInteger(x) && x >= 1 }

// -------------------------------------------------------------------------------------
// validation
// -------------------------------------------------------------------------------------

/** A field as `validateFields` reads it: a name, a value, and a range with its test. */
const isField = (u: unknown): boolean =>
  Array.isArray(u) &&
  typeof u[0] === 'string' &&
  isRecord(u[2]) &&
  typeof u[2]['test'] === 'function' &&
  typeof u[2]['expected'] === 'string'

/**
 * Right when every field is in its range; otherwise the first field that is not, named from
 * `where`. Fields that are not `[name, value, range]` triples are refused the same way.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Optim.validateFields('adam', [['lr', -1, Advanced.Optim.nonNegativeRange]]) // left: adam: lr is -1; expected a finite number ≥ 0
 *
 * @category validation
 * @since 0.1.0
 */
export const validateFields = (where: string, fields: ReadonlyArray<Field>): E.Either<InvalidHyperparameter, void> => {
  if (!Array.isArray(fields)) return E.left(invalidHyperparameter(where, 'fields', fields, FIELDS))
  for (const field of fields) {
    if (!isField(field)) return E.left(invalidHyperparameter(where, 'fields', field, FIELDS))
    const [name, value, range] = field
    if (typeof value !== 'number' || !range.test(value))
      return E.left(invalidHyperparameter(where, name, value, range.expected))
  }
  return E.right(undefined)
}

const FIELDS = 'an array of [name, value, range] fields'

/**
 * `build()` when every field is in its range.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * // a transformation of your own, built only when its hyperparameters are in range
 * const clipTo = (bound: number) => Advanced.Optim.validated('clipTo', [['bound', bound, Advanced.Optim.positiveRange]], () => ({ bound }))
 * clipTo(1) // right({ bound: 1 })
 * clipTo(-1) // left: clipTo: bound is -1; expected a finite number > 0
 *
 * @category validation
 * @since 0.1.0
 */
export const validated = <A>(
  where: string,
  fields: ReadonlyArray<Field>,
  build: () => A
): E.Either<InvalidHyperparameter, A> => E.map(build)(validateFields(where, fields))

/**
 * Right when every argument is of its kind (an options record, an array, a schedule); otherwise
 * an `InvalidHyperparameter` from `where` naming the first that is not.
 *
 * @internal
 */
export const validateKinds = (where: string, checks: ReadonlyArray<Check>): E.Either<InvalidHyperparameter, void> => {
  const w = firstWrong(checks)
  return w === undefined ? E.right(undefined) : E.left(invalidHyperparameter(where, w.name, w.value, w.expected))
}

/**
 * `build(options)` when the options are a record; a constructor's options arrive from JSON as
 * anything at all.
 *
 * @internal
 */
export const withOptions = <O, L, A>(
  where: string,
  options: O,
  build: (options: O) => E.Either<L, A>
): E.Either<L | InvalidHyperparameter, A> =>
  !isRecord(options)
    ? E.left(invalidHyperparameter(where, 'options', options, record.expected))
    : firstGetter(options) !== undefined
      ? E.left(
          invalidHyperparameter(
            where,
            'options',
            options,
            `a record of values (its ${firstGetter(options)} is a getter)`
          )
        )
      : build(options)

/**
 * A range as a guard's kind: a number in the range.
 *
 * @internal
 */
export const kindOf = (range: Range): Kind => ({
  expected: range.expected,
  test: (u) => typeof u === 'number' && range.test(u)
})

/**
 * A learning rate: a number (checked against its range by `validateFields`) or a schedule.
 *
 * @internal
 */
export const learningRateKind: Kind = {
  expected: 'a number or a schedule (step) => rate',
  test: either(number, func).test
}
