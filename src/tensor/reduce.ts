/**
 * Reductions: sums and means over every element or along one axis, and the arg-max of each
 * row. Sums are taken in index order, left to right, so a result can be reproduced by hand.
 *
 * Laws: `sum` equals the sum of `sumAxis(k)` for any axis `k` within `n·ε·Σ|x|`;
 * `mean(t) · size(t)` equals `sum(t)` within one rounding.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import * as kernels from './kernels.js'
import { finiteNumber, finiteResult } from './result.js'
import { isTensor, type Tensor } from './Tensor.js'
import { notATensor } from './tensorGuards.js'
import { describe } from './describe.js'
import { invalidArgument, shapeMismatch, type TensorError } from './TensorError.js'

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const product = (xs: ReadonlyArray<number>): number => xs.reduce((a, d) => a * d, 1)

const checkAxis = (op: string, axis: number, t: Tensor): E.Either<TensorError, number> =>
  !isTensor(t)
    ? E.left(notATensor(op, 'the tensor', t))
    : Number.isInteger(axis) && axis >= 0 && axis < t.shape.length
      ? E.right(axis)
      : E.left(invalidArgument(op, `axis ${describe(axis)} is not an axis of a rank-${t.shape.length} tensor`))

/** The sums along `axis`, shaped like `t` without that axis. */
const sumsAlong = (t: Tensor, axis: number): Float64Array =>
  kernels.sumAxis(t.data, {
    outer: product(t.shape.slice(0, axis)),
    len: t.shape[axis]!,
    inner: product(t.shape.slice(axis + 1))
  })

const without = (shape: ReadonlyArray<number>, axis: number): ReadonlyArray<number> =>
  shape.filter((_, i) => i !== axis)

// -------------------------------------------------------------------------------------
// over everything
// -------------------------------------------------------------------------------------

/**
 * The sum of all elements (0 for an empty tensor).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * pipe(Tensor.fromNested([[1, 2], [3, 4]]), E.chain(Tensor.sum)) // right(10)
 *
 * @category reductions
 * @since 0.1.0
 */
export const sum = (t: Tensor): E.Either<TensorError, number> =>
  isTensor(t) ? finiteNumber('sum', kernels.sum(t.data)) : E.left(notATensor('sum', 'the tensor', t))

/**
 * The mean of all elements; an empty tensor has none and answers `InvalidArgument`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * pipe(Tensor.fromNested([[1, 2], [3, 4]]), E.chain(Tensor.mean)) // right(2.5): 10 / 4
 *
 * @category reductions
 * @since 0.1.0
 */
export const mean = (t: Tensor): E.Either<TensorError, number> =>
  !isTensor(t)
    ? E.left(notATensor('mean', 'the tensor', t))
    : t.data.length === 0
      ? E.left(invalidArgument('mean', 'an empty tensor has no mean'))
      : finiteNumber('mean', kernels.sum(t.data) / t.data.length)

// -------------------------------------------------------------------------------------
// along an axis
// -------------------------------------------------------------------------------------

/**
 * Sums along one axis, which disappears: `sumAxis(0)` of `[rows, cols]` is `[cols]` (column
 * sums), `sumAxis(1)` is `[rows]` (row sums).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * const x = Tensor.fromNested([[1, 2, 3], [4, 5, 6]])
 * pipe(x, E.chain(Tensor.sumAxis(0))) // right([5, 7, 9]): the column sums
 * pipe(x, E.chain(Tensor.sumAxis(1))) // right([6, 15]): the row sums
 * pipe(x, E.chain(Tensor.sumAxis(2))) // left: sumAxis: …
 *
 * @category reductions
 * @since 0.1.0
 */
export const sumAxis =
  (axis: number) =>
  (t: Tensor): E.Either<TensorError, Tensor> =>
    pipe(
      checkAxis('sumAxis', axis, t),
      E.chain((k) => finiteResult('sumAxis', without(t.shape, k), sumsAlong(t, k)))
    )

/**
 * Means along one axis, which disappears; an axis of length 0 answers `InvalidArgument`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * pipe(Tensor.fromNested([[1, 2, 3], [4, 5, 6]]), E.chain(Tensor.meanAxis(0))) // right([2.5, 3.5, 4.5])
 *
 * @category reductions
 * @since 0.1.0
 */
export const meanAxis =
  (axis: number) =>
  (t: Tensor): E.Either<TensorError, Tensor> =>
    pipe(
      checkAxis('meanAxis', axis, t),
      E.filterOrElse<number, TensorError>(
        (k) => t.shape[k]! > 0,
        (k) => invalidArgument('meanAxis', `axis ${k} has length 0`)
      ),
      E.chain((k) => finiteResult('meanAxis', without(t.shape, k), kernels.scale(sumsAlong(t, k), 1 / t.shape[k]!)))
    )

/**
 * For each row of a `[rows, cols]` matrix (cols ≥ 1), the column of its largest element; the
 * first such column on ties. The predicted class of each sample.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * // the predicted class of each of two rows of class scores; a tie goes to the first
 * pipe(Tensor.fromNested([[0.1, 0.7, 0.2], [0.5, 0.5, 0]]), E.chainW(Tensor.argmaxRows)) // right([1, 0])
 *
 * @category reductions
 * @since 0.1.0
 */
export const argmaxRows = (t: Tensor): E.Either<TensorError, ReadonlyArray<number>> =>
  !isTensor(t)
    ? E.left(notATensor('argmaxRows', 'the tensor', t))
    : t.shape.length === 2 && t.shape[1]! > 0
      ? E.right(Array.from(kernels.argmaxRows(t.data, { rows: t.shape[0]!, cols: t.shape[1]! })))
      : E.left(shapeMismatch('argmaxRows', [t.shape], 'needs a matrix [rows, cols] with cols ≥ 1'))
