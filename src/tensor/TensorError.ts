/**
 * The errors a tensor operation can answer with. Each is a plain value with a `_tag` and a
 * `message` a person can act on: which op, which shapes, which element.
 *
 * @since 0.1.0
 */
import { asText, describe, ownValue } from './describe.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A shape that is not a list of non-negative integer dimensions, or whose element count is
 * beyond {@link MAX_ELEMENTS}.
 *
 * @category model
 * @since 0.1.0
 */
export interface InvalidShape {
  readonly _tag: 'InvalidShape'
  readonly shape: ReadonlyArray<number>
  readonly message: string
}

/**
 * Data whose length does not fill the shape it was given.
 *
 * @category model
 * @since 0.1.0
 */
export interface DataLengthMismatch {
  readonly _tag: 'DataLengthMismatch'
  readonly shape: ReadonlyArray<number>
  readonly expected: number
  readonly actual: number
  readonly message: string
}

/**
 * Two (or more) shapes that an operation cannot combine.
 *
 * @category model
 * @since 0.1.0
 */
export interface ShapeMismatch {
  readonly _tag: 'ShapeMismatch'
  readonly op: string
  readonly shapes: ReadonlyArray<ReadonlyArray<number>>
  readonly message: string
}

/**
 * A NaN or an infinity where only finite numbers are allowed, with the flat index of the first.
 *
 * @category model
 * @since 0.1.0
 */
export interface NonFinite {
  readonly _tag: 'NonFinite'
  readonly where: string
  readonly index: number
  readonly value: number
  readonly message: string
}

/**
 * An axis, index or argument outside the range an operation accepts.
 *
 * @category model
 * @since 0.1.0
 */
export interface InvalidArgument {
  readonly _tag: 'InvalidArgument'
  readonly op: string
  readonly message: string
}

/**
 * @category model
 * @since 0.1.0
 */
export type TensorError = InvalidShape | DataLengthMismatch | ShapeMismatch | NonFinite | InvalidArgument

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A shape as text, `[2, 3]`, for messages.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Tensor.showShape([2, 3]) // => '[2, 3]'
 * Advanced.Tensor.showShape([]) // => '[]'
 *
 * @category destructors
 * @since 0.1.0
 */
export const showShape = (shape: ReadonlyArray<number>): string =>
  // a shape past SHOWN_RANK dimensions is no shape: described, not joined (it may declare 2^32 − 1 items)
  Array.isArray(shape) && shape.length <= SHOWN_RANK
    ? `[${Array.from({ length: shape.length }, (_, i) => {
        const d = ownValue(shape, String(i))
        return typeof d === 'number' ? String(d) : describe(d)
      }).join(', ')}]`
    : describe(shape)

/** The most dimensions {@link showShape} writes out. */
const SHOWN_RANK = 64

/**
 * An `InvalidShape` error for `shape`, saying why.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Tensor } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // an op of your own answers gradfold's errors
 * const square = (n: number): E.Either<Tensor.TensorError, ReadonlyArray<number>> =>
 *   Number.isInteger(n) && n >= 0 ? E.right([n, n]) : E.left(Advanced.Tensor.invalidShape([n, n], 'a side is a whole number ≥ 0'))
 * square(2) // right([2, 2])
 * square(-1) // left: invalid shape [-1, -1]: a side is a whole number ≥ 0
 *
 * @category constructors
 * @since 0.1.0
 */
export const invalidShape = (shape: ReadonlyArray<number>, why: string): InvalidShape => ({
  _tag: 'InvalidShape',
  shape,
  message: `invalid shape ${showShape(shape)}: ${asText(why)}`
})

/**
 * A `DataLengthMismatch` error: `shape` needs as many values as its elements, and `actual` were given.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Tensor.dataLengthMismatch([2, 3], 5).message // => 'shape [2, 3] needs 6 values, got 5'
 *
 * @category constructors
 * @since 0.1.0
 */
export const dataLengthMismatch = (shape: ReadonlyArray<number>, actual: number): DataLengthMismatch => {
  const expected =
    Array.isArray(shape) && shape.length <= SHOWN_RANK
      ? Array.from({ length: shape.length }, (_, i) => ownValue(shape, String(i))).reduce(
          (n: number, d: unknown) => n * (typeof d === 'number' ? d : Number.NaN),
          1
        )
      : Number.NaN
  return {
    _tag: 'DataLengthMismatch',
    shape,
    expected,
    actual,
    message: `shape ${showShape(shape)} needs ${expected} values, got ${describe(actual)}`
  }
}

/**
 * A `ShapeMismatch` error: `op` was given operands of `shapes` it cannot combine, and why.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Tensor.shapeMismatch('dot', [[2], [3]], 'the lengths differ').message // => 'dot: the lengths differ (shapes [2] and [3])'
 *
 * @category constructors
 * @since 0.1.0
 */
export const shapeMismatch = (
  op: string,
  shapes: ReadonlyArray<ReadonlyArray<number>>,
  why: string
): ShapeMismatch => ({
  _tag: 'ShapeMismatch',
  op,
  shapes,
  message: `${asText(op)}: ${asText(why)} (shapes ${Array.isArray(shapes) ? shapes.map(showShape).join(' and ') : describe(shapes)})`
})

/**
 * A `NonFinite` error: element `index` of what `where` names is `value`, not a finite number.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Tensor.nonFinite('loss', 0, Number.NaN).message // => 'loss: element 0 is NaN; only finite numbers are allowed'
 *
 * @category constructors
 * @since 0.1.0
 */
export const nonFinite = (where: string, index: number, value: number): NonFinite => ({
  _tag: 'NonFinite',
  where,
  index,
  value,
  message: `${asText(where)}: element ${describe(index)} is ${describe(value)}; only finite numbers are allowed`
})

/**
 * An `InvalidArgument` error: `op` was given an argument it cannot use, and why.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Tensor.invalidArgument('topK', 'k must be at least 1') // => { _tag: 'InvalidArgument', op: 'topK', message: 'topK: k must be at least 1' }
 *
 * @category constructors
 * @since 0.1.0
 */
export const invalidArgument = (op: string, why: string): InvalidArgument => ({
  _tag: 'InvalidArgument',
  op,
  message: `${asText(op)}: ${asText(why)}`
})
