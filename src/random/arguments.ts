/**
 * Argument checks shared by the random module: each answers the value or an `InvalidArgument`
 * naming the function, the argument and what was expected.
 *
 * @internal
 * @since 0.1.0
 */
import { describe } from '../tensor/describe.js'
import * as E from '#fp-ts/Either.js'
import { MAX_ELEMENTS } from '../tensor/Tensor.js'
import { invalidArgument, type InvalidArgument } from '../tensor/TensorError.js'

/**
 * An integer in `[min, max]`.
 *
 * @internal
 */
export const integerIn =
  (op: string, name: string, min: number, max: number) =>
  (x: number): E.Either<InvalidArgument, number> =>
    Number.isInteger(x) && x >= min && x <= max
      ? E.right(x)
      : E.left(invalidArgument(op, `${name} is ${describe(x)}; expected an integer from ${min} to ${max}`))

/**
 * A count of values to draw: an integer from 0 to {@link MAX_ELEMENTS}.
 *
 * @internal
 */
export const count = (op: string, name: string): ((x: number) => E.Either<InvalidArgument, number>) =>
  integerIn(op, name, 0, MAX_ELEMENTS)

/**
 * A safe integer (|x| ≤ 2^53 − 1), the numbers a seed or fold-in datum may be.
 *
 * @internal
 */
export const safeInteger =
  (op: string, name: string) =>
  (x: number): E.Either<InvalidArgument, number> =>
    Number.isSafeInteger(x)
      ? E.right(x)
      : E.left(invalidArgument(op, `${name} is ${describe(x)}; expected a safe integer (|${name}| ≤ 2^53 − 1)`))

/**
 * A finite number.
 *
 * @internal
 */
export const finite =
  (op: string, name: string) =>
  (x: number): E.Either<InvalidArgument, number> =>
    Number.isFinite(x) ? E.right(x) : E.left(invalidArgument(op, `${name} is ${describe(x)}; expected a finite number`))
