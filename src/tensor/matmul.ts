/**
 * Matrix products and the transpose, on rank-2 tensors.
 *
 * Laws, exact to the bit: `matmulTN(b)(a)` equals `matmul(b)(transpose(a))` and
 * `matmulNT(b)(a)` equals `matmul(transpose(b))(a)`, since each output element is the same sum
 * taken in the same order; `transpose ∘ transpose` is the identity.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { matmulK, matmulNTK, matmulTNK, transposeK } from './kernels.js'
import { finiteResult } from './result.js'
import { unsafeMake, type Tensor } from './Tensor.js'
import { shapeMismatch, type TensorError } from './TensorError.js'

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

/** `[rows, cols]` of a matrix, or undefined for any other rank. */
const dims = (t: Tensor): readonly [number, number] | undefined =>
  t.shape.length === 2 ? [t.shape[0]!, t.shape[1]!] : undefined

const notMatrices = (op: string, a: Tensor, b: Tensor): E.Either<TensorError, never> =>
  E.left(shapeMismatch(op, [a.shape, b.shape], 'both operands must be matrices (rank 2)'))

// -------------------------------------------------------------------------------------
// products
// -------------------------------------------------------------------------------------

/**
 * `a·b`: `[m, k] · [k, n] → [m, n]`. Data last, so `pipe(x, matmul(w))` is `x·w`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * // x [2, 3] · w [3, 1] = [2, 1]: each row of x dotted with w's column
 * pipe(
 *   E.Do,
 *   E.apS('x', Tensor.fromNested([[1, 2, 3], [4, 5, 6]])),
 *   E.apS('w', Tensor.fromNested([[1], [0], [-1]])),
 *   E.chain(({ x, w }) => pipe(x, Tensor.matmul(w))),
 *   E.map(Tensor.toNested)
 * ) // right([[-2], [-2]])
 *
 * @category products
 * @since 0.1.0
 */
export const matmul =
  (b: Tensor) =>
  (a: Tensor): E.Either<TensorError, Tensor> => {
    const da = dims(a)
    const db = dims(b)
    if (da === undefined || db === undefined) return notMatrices('matmul', a, b)
    const [m, k] = da
    const [k2, n] = db
    return k === k2
      ? finiteResult('matmul', [m, n], matmulK(a.data, b.data, m, k, n))
      : E.left(shapeMismatch('matmul', [a.shape, b.shape], `inner dimensions ${k} and ${k2} differ`))
  }

/**
 * `aᵀ·b`: `[k, m]ᵀ · [k, n] → [m, n]`, without forming `aᵀ` (the weight gradient `xᵀ·δ`).
 *
 * @category products
 * @since 0.1.0
 */
export const matmulTN =
  (b: Tensor) =>
  (a: Tensor): E.Either<TensorError, Tensor> => {
    const da = dims(a)
    const db = dims(b)
    if (da === undefined || db === undefined) return notMatrices('matmulTN', a, b)
    const [k, m] = da
    const [k2, n] = db
    return k === k2
      ? finiteResult('matmulTN', [m, n], matmulTNK(a.data, b.data, k, m, n))
      : E.left(shapeMismatch('matmulTN', [a.shape, b.shape], `leading dimensions ${k} and ${k2} differ`))
  }

/**
 * `a·bᵀ`: `[m, k] · [n, k]ᵀ → [m, n]`, without forming `bᵀ` (the input gradient `δ·Wᵀ`).
 *
 * @category products
 * @since 0.1.0
 */
export const matmulNT =
  (b: Tensor) =>
  (a: Tensor): E.Either<TensorError, Tensor> => {
    const da = dims(a)
    const db = dims(b)
    if (da === undefined || db === undefined) return notMatrices('matmulNT', a, b)
    const [m, k] = da
    const [n, k2] = db
    return k === k2
      ? finiteResult('matmulNT', [m, n], matmulNTK(a.data, b.data, m, k, n))
      : E.left(shapeMismatch('matmulNT', [a.shape, b.shape], `trailing dimensions ${k} and ${k2} differ`))
  }

// -------------------------------------------------------------------------------------
// structure
// -------------------------------------------------------------------------------------

/**
 * The transpose of a matrix: `[rows, cols] → [cols, rows]`.
 *
 * @category structure
 * @since 0.1.0
 */
export const transpose = (a: Tensor): E.Either<TensorError, Tensor> => {
  const d = dims(a)
  if (d === undefined) return E.left(shapeMismatch('transpose', [a.shape], 'the operand must be a matrix (rank 2)'))
  const [rows, cols] = d
  return E.right(unsafeMake([cols, rows], transposeK(a.data, rows, cols)))
}
