/**
 * How an operation hands out the array its kernel filled: as a tensor when every element is
 * finite, as a `NonFinite` naming the operation and the element otherwise. This is where the
 * tensor invariant "every element is finite" is kept after arithmetic that may overflow.
 *
 * @internal
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { firstNonFinite, unsafeMake, type Shape, type Tensor } from './Tensor.js'
import { nonFinite, type TensorError } from './TensorError.js'

/** A fresh, kernel-filled array as a tensor, or the first non-finite element as an error. */
export const finiteResult = (op: string, shape: Shape, data: Float64Array): E.Either<TensorError, Tensor> => {
  const i = firstNonFinite(data)
  return i < 0 ? E.right(unsafeMake(shape, data)) : E.left(nonFinite(op, i, data[i]!))
}

/** A number as a result, or a `NonFinite` naming the operation. */
export const finiteNumber = (op: string, x: number): E.Either<TensorError, number> =>
  Number.isFinite(x) ? E.right(x) : E.left(nonFinite(op, 0, x))
