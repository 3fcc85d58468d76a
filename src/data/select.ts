/**
 * Selecting samples: the rows at a list of indices (`take`, which may repeat and reorder
 * them) or a run of consecutive rows (`slice`). The result owns fresh arrays and keeps the
 * data set's class and column names.
 *
 * Law: `take([start, …, end − 1])` equals `slice(start, end)`, bit for bit.
 *
 * @since 0.1.0
 */
import { describe } from '../tensor/describe.js'
import * as E from '#fp-ts/Either.js'
import { unsafeMake, type Tensor } from '../tensor/Tensor.js'
import { array, checkArguments } from '../tensor/guards.js'
import { invalidArgument } from '../tensor/TensorError.js'
import { emptyDataset, type DataError } from './DataError.js'
import { size, unsafeDataset, type Dataset } from './Dataset.js'
import { datasetKind } from './kinds.js'

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

/** The rows of matrix `t` at `indices`, in that order, as a fresh matrix. */
const gatherRows = (t: Tensor, indices: ArrayLike<number>): Tensor => {
  const width = t.shape[1] as number
  const out = new Float64Array(indices.length * width)
  const data = t.data
  for (let r = 0; r < indices.length; r++) {
    const from = (indices[r] as number) * width
    const to = r * width
    for (let c = 0; c < width; c++) out[to + c] = data[from + c]!
  }
  return unsafeMake([indices.length, width], out)
}

/** Rows `start … end − 1` of matrix `t` as a fresh matrix. */
const sliceRows = (t: Tensor, start: number, end: number): Tensor => {
  const width = t.shape[1] as number
  return unsafeMake([end - start, width], t.data.slice(start * width, end * width))
}

/**
 * Rows `start … end − 1` of matrix `t` as a view of its data, not a copy (the rows are
 * consecutive). Tensors are never written, so the view is as immutable as the matrix it shows.
 */
const viewRows = (t: Tensor, start: number, end: number): Tensor => {
  const width = t.shape[1] as number
  return unsafeMake([end - start, width], t.data.subarray(start * width, end * width))
}

/**
 * The samples at `indices`, which the caller vouches are at least one and all in range.
 *
 * @internal
 */
export const unsafeTake = (indices: ArrayLike<number>, d: Dataset): Dataset =>
  unsafeDataset(gatherRows(d.inputs, indices), gatherRows(d.targets, indices), d)

/**
 * Samples `start … end − 1`, for `0 ≤ start < end ≤ size(d)` as the caller vouches.
 *
 * @internal
 */
export const unsafeSlice = (start: number, end: number, d: Dataset): Dataset =>
  unsafeDataset(sliceRows(d.inputs, start, end), sliceRows(d.targets, start, end), d)

/**
 * `unsafeSlice` as views of `d`'s arrays rather than copies: for a batch of a data set held
 * in memory for the whole run anyway (an epoch's batches), where a copy per step costs for
 * nothing. The result shares memory with `d`; neither is ever written.
 *
 * @internal
 */
export const unsafeSliceView = (start: number, end: number, d: Dataset): Dataset =>
  unsafeDataset(viewRows(d.inputs, start, end), viewRows(d.targets, start, end), d)

const firstOutOfRange = (n: number, indices: ReadonlyArray<number>): number => {
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i] as number
    if (!(Number.isInteger(j) && j >= 0 && j < n)) return i
  }
  return -1
}

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * The samples at `indices`, in that order: row `r` of the result is row `indices[r]` of the
 * data set. Indices may repeat (a bootstrap sample). An empty list, or an index that is not an
 * integer from 0 to `size − 1`, answers a Left naming it.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Data } from 'gradfold'
 * pipe(Data.threeClass, Data.take([2, 0, 0]), E.map(Data.labels)) // right([2, 0, 0]): samples 2, 0 and 0 again
 * pipe(Data.threeClass, Data.take([30])) // left: take: index 0 is 30; expected an integer from 0 to 29
 *
 * @category combinators
 * @since 0.1.0
 */
export const take =
  (indices: ReadonlyArray<number>) =>
  (d: Dataset): E.Either<DataError, Dataset> => {
    const wrong = checkArguments('take', [
      ['indices', indices, array],
      ['the data set', d, datasetKind]
    ])
    if (E.isLeft(wrong)) return wrong
    if (indices.length === 0) return E.left(emptyDataset('take'))
    const bad = firstOutOfRange(size(d), indices)
    return bad >= 0
      ? E.left(
          invalidArgument(
            'take',
            `index ${bad} is ${describe(indices[bad])}; expected an integer from 0 to ${size(d) - 1}`
          )
        )
      : E.right(unsafeTake(indices, d))
  }

/**
 * Samples `start … end − 1`, for integers `0 ≤ start < end ≤ size`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Data } from 'gradfold'
 * pipe(Data.threeClass, Data.slice(0, 10), E.map(Data.size)) // right(10): the first ten samples
 *
 * @category combinators
 * @since 0.1.0
 */
export const slice =
  (start: number, end: number) =>
  (d: Dataset): E.Either<DataError, Dataset> =>
    !datasetKind.test(d)
      ? (checkArguments('slice', [['the data set', d, datasetKind]]) as E.Either<DataError, never>)
      : Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start < end && end <= size(d)
        ? E.right(unsafeSlice(start, end, d))
        : E.left(
            invalidArgument(
              'slice',
              `rows ${describe(start)} to ${describe(end)}; expected integers 0 ≤ start < end ≤ ${size(d)}`
            )
          )
