/**
 * A row vector broadcast over every row of a matrix: the bias of a dense layer (`x·W + b`)
 * and the column-wise standardisation of a data set (`(x − μ) / σ`).
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import * as kernels from './kernels.js'
import { finiteResult } from './result.js'
import type { Tensor } from './Tensor.js'
import { tensorPair } from './tensorGuards.js'
import { shapeMismatch, type TensorError } from './TensorError.js'

const rowwise =
  (op: kernels.RowOp, name: string) =>
  (row: Tensor) =>
  (a: Tensor): E.Either<TensorError, Tensor> => {
    const bad = tensorPair(name)(a, row)
    if (bad !== undefined) return E.left(bad)
    const cols = a.shape[1]
    const fits = a.shape.length === 2 && row.shape.length === 1 && row.shape[0] === cols
    return fits
      ? finiteResult(name, a.shape, kernels.rowwise(a.data, row.data, { rows: a.shape[0]!, cols: cols! }, op))
      : E.left(shapeMismatch(name, [a.shape, row.shape], 'needs a matrix [rows, cols] and a row vector [cols]'))
  }

/**
 * `a[i, j] + row[j]`: `[rows, cols]` and `[cols]` → `[rows, cols]`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * pipe(
 *   E.Do,
 *   E.apS('a', Tensor.fromNested([[1, 2], [3, 4]])),
 *   E.apS('row', Tensor.fromNested([10, 20])),
 *   E.chain(({ a, row }) => pipe(a, Tensor.addRow(row))),
 *   E.map(Tensor.toNested)
 * ) // right([[11, 22], [13, 24]])
 *
 * @category broadcast
 * @since 0.1.0
 */
export const addRow: (row: Tensor) => (a: Tensor) => E.Either<TensorError, Tensor> = rowwise('add', 'addRow')

/**
 * `a[i, j] − row[j]`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // centring the columns of a data set of three rows: subtract each column's mean
 * pipe(
 *   Tensor.fromNested([[1, 10], [2, 20], [3, 30]]),
 *   E.chain((x) => pipe(Tensor.meanAxis(0)(x), E.chain((mean) => pipe(x, Advanced.Tensor.subRow(mean)))))
 * ) // right([[-1, -10], [0, 0], [1, 10]])
 *
 * @category broadcast
 * @since 0.1.0
 */
export const subRow: (row: Tensor) => (a: Tensor) => E.Either<TensorError, Tensor> = rowwise('sub', 'subRow')

/**
 * `a[i, j] · row[j]`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * pipe(
 *   E.Do,
 *   E.apS('a', Tensor.fromNested([[1, 2], [3, 4]])),
 *   E.apS('row', Tensor.fromNested([10, 100])),
 *   E.chain(({ a, row }) => pipe(a, Advanced.Tensor.mulRow(row)))
 * ) // right([[10, 200], [30, 400]])
 *
 * @category broadcast
 * @since 0.1.0
 */
export const mulRow: (row: Tensor) => (a: Tensor) => E.Either<TensorError, Tensor> = rowwise('mul', 'mulRow')

/**
 * `a[i, j] / row[j]`; a zero in `row` answers `NonFinite`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * const divideRows = (row: ReadonlyArray<number>) =>
 *   pipe(
 *     E.Do,
 *     E.apS('a', Tensor.fromNested([[1, 2], [3, 4]])),
 *     E.apS('row', Tensor.fromNested(row)),
 *     E.chain(({ a, row }) => pipe(a, Advanced.Tensor.divRow(row)))
 *   )
 * divideRows([1, 2]) // right([[1, 1], [3, 2]])
 * divideRows([1, 0]) // left: divRow: element 1 is Infinity…
 *
 * @category broadcast
 * @since 0.1.0
 */
export const divRow: (row: Tensor) => (a: Tensor) => E.Either<TensorError, Tensor> = rowwise('div', 'divRow')
