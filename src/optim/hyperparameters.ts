/**
 * Ranges of hyperparameters, and their validation: a constructor checks its arguments before it
 * builds anything and answers an `InvalidHyperparameter` naming the first field out of range.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
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
 * @category ranges
 * @since 0.1.0
 */
export const finite: Range = { expected: 'a finite number', test: Number.isFinite }

/**
 * Learning rates, weight decays, norms, accumulators.
 *
 * @category ranges
 * @since 0.1.0
 */
export const nonNegative: Range = { expected: 'a finite number ≥ 0', test: (x) => Number.isFinite(x) && x >= 0 }

/**
 * ε and decay rates.
 *
 * @category ranges
 * @since 0.1.0
 */
export const positive: Range = { expected: 'a finite number > 0', test: (x) => Number.isFinite(x) && x > 0 }

/**
 * β₁, β₂, momentum, RMSprop's α.
 *
 * @category ranges
 * @since 0.1.0
 */
export const unitInterval: Range = {
  expected: 'a number in [0, 1)',
  test: (x) => Number.isFinite(x) && x >= 0 && x < 1
}

/**
 * A fraction that may be 1 (cosine decay's α).
 *
 * @category ranges
 * @since 0.1.0
 */
export const closedUnitInterval: Range = {
  expected: 'a number in [0, 1]',
  test: (x) => Number.isFinite(x) && x >= 0 && x <= 1
}

/**
 * Step counts.
 *
 * @category ranges
 * @since 0.1.0
 */
export const count: Range = { expected: 'an integer ≥ 0', test: (x) => Number.isSafeInteger(x) && x >= 0 }

/**
 * Step counts that divide.
 *
 * @category ranges
 * @since 0.1.0
 */
export const positiveCount: Range = { expected: 'an integer ≥ 1', test: (x) => Number.isSafeInteger(x) && x >= 1 }

// -------------------------------------------------------------------------------------
// validation
// -------------------------------------------------------------------------------------

/**
 * Right when every field is in its range; otherwise the first field that is not, named from
 * `where`.
 *
 * @example
 * import { Optim } from 'gradfold'
 * Optim.checkFields('adam', [['lr', -1, Optim.nonNegative]]) // left: adam: lr is -1; expected a finite number ≥ 0
 *
 * @category validation
 * @since 0.1.0
 */
export const checkFields = (where: string, fields: ReadonlyArray<Field>): E.Either<InvalidHyperparameter, void> => {
  for (const [name, value, range] of fields) {
    if (typeof value !== 'number' || !range.test(value))
      return E.left(invalidHyperparameter(where, name, value, range.expected))
  }
  return E.right(undefined)
}

/**
 * `build()` when every field is in its range.
 *
 * @category validation
 * @since 0.1.0
 */
export const validated = <A>(
  where: string,
  fields: ReadonlyArray<Field>,
  build: () => A
): E.Either<InvalidHyperparameter, A> => E.map(build)(checkFields(where, fields))
