/**
 * Matrix products and the transpose, on rank-2 tensors.
 *
 * Laws, exact to the bit: `matmulTN(b)(a)` equals `matmul(b)(transpose(a))` and
 * `matmulNT(b)(a)` equals `matmul(transpose(b))(a)`, since each output element is the same sum
 * taken in the same order; `transpose ∘ transpose` is the identity.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import * as kernels from './kernels.js'
import { finiteResult } from './result.js'
import { MAX_ELEMENTS, isTensor, unsafeMake, validateShape, type Tensor } from './Tensor.js'
import { notATensor, tensorPair } from './tensorGuards.js'
import { shapeMismatch, type TensorError } from './TensorError.js'

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

/** `[rows, cols]` of a matrix, or undefined for any other rank. */
const dims = (t: Tensor): readonly [number, number] | undefined =>
  t.shape.length === 2 ? [t.shape[0]!, t.shape[1]!] : undefined

/**
 * A matrix product from how it reads `(m, k)` and `(k, n)` off its operands' dimensions,
 * which dimensions must agree (named in the error), and its kernel.
 */
const product =
  (
    op: string,
    read: (
      a: readonly [number, number],
      b: readonly [number, number]
    ) => readonly [m: number, k: number, k2: number, n: number],
    agreeing: 'inner' | 'leading' | 'trailing',
    kernel: (a: Float64Array, b: Float64Array, shape: kernels.ProductShape) => Float64Array
  ) =>
  (b: Tensor) =>
  (a: Tensor): E.Either<TensorError, Tensor> => {
    const bad = tensorPair(op)(a, b)
    if (bad !== undefined) return E.left(bad)
    const da = dims(a)
    const db = dims(b)
    if (da === undefined || db === undefined) {
      return E.left(shapeMismatch(op, [a.shape, b.shape], 'both operands must be matrices (rank 2)'))
    }
    const [m, k, k2, n] = read(da, db)
    if (k !== k2) return E.left(shapeMismatch(op, [a.shape, b.shape], `${agreeing} dimensions ${k} and ${k2} differ`))
    return pipe(
      validateShape([m, n]),
      E.mapLeft(() =>
        shapeMismatch(op, [a.shape, b.shape], `the product [${m}, ${n}] has more than ${MAX_ELEMENTS} elements`)
      ),
      E.chainW(() => finiteResult(op, [m, n], kernel(a.data, b.data, { m, k, n })))
    )
  }

// -------------------------------------------------------------------------------------
// products
// -------------------------------------------------------------------------------------

/**
 * `a·b`: `[m, k] · [k, n] → [m, n]`. Data last, so `pipe(x, matmul(w))` is `x·w`. A product of
 * more than `MAX_ELEMENTS` elements (`[2^20, 0] · [0, 2^20]`) is refused before it is allocated.
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
export const matmul: (b: Tensor) => (a: Tensor) => E.Either<TensorError, Tensor> = product(
  'matmul',
  ([m, k], [k2, n]) => [m, k, k2, n],
  'inner',
  kernels.matmul
)

/**
 * `aᵀ·b`: `[k, m]ᵀ · [k, n] → [m, n]`, without forming `aᵀ` (the weight gradient `xᵀ·δ`).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // aᵀ·b with a = [[1, 2], [3, 4]]: [[1, 3], [2, 4]] · [[5, 6], [7, 8]]
 * pipe(
 *   E.Do,
 *   E.apS('a', Tensor.fromNested([[1, 2], [3, 4]])),
 *   E.apS('b', Tensor.fromNested([[5, 6], [7, 8]])),
 *   E.chain(({ a, b }) => pipe(a, Advanced.Tensor.matmulTN(b)))
 * ) // right([[26, 30], [38, 44]])
 *
 * @category products
 * @since 0.1.0
 */
export const matmulTN: (b: Tensor) => (a: Tensor) => E.Either<TensorError, Tensor> = product(
  'matmulTN',
  ([k, m], [k2, n]) => [m, k, k2, n],
  'leading',
  kernels.matmulTN
)

/**
 * `a·bᵀ`: `[m, k] · [n, k]ᵀ → [m, n]`, without forming `bᵀ` (the input gradient `δ·Wᵀ`).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // a·bᵀ with b = [[5, 6], [7, 8]]: [[1, 2], [3, 4]] · [[5, 7], [6, 8]]
 * pipe(
 *   E.Do,
 *   E.apS('a', Tensor.fromNested([[1, 2], [3, 4]])),
 *   E.apS('b', Tensor.fromNested([[5, 6], [7, 8]])),
 *   E.chain(({ a, b }) => pipe(a, Advanced.Tensor.matmulNT(b)))
 * ) // right([[17, 23], [39, 53]])
 *
 * @category products
 * @since 0.1.0
 */
export const matmulNT: (b: Tensor) => (a: Tensor) => E.Either<TensorError, Tensor> = product(
  'matmulNT',
  ([m, k], [n, k2]) => [m, k, k2, n],
  'trailing',
  kernels.matmulNT
)

// -------------------------------------------------------------------------------------
// structure
// -------------------------------------------------------------------------------------

/**
 * The transpose of a matrix: `[rows, cols] → [cols, rows]`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * pipe(Tensor.fromNested([[1, 2, 3], [4, 5, 6]]), E.chain(Tensor.transpose), E.map(Tensor.toNested)) // right([[1, 4], [2, 5], [3, 6]])
 *
 * @category structure
 * @since 0.1.0
 */
export const transpose = (a: Tensor): E.Either<TensorError, Tensor> => {
  if (!isTensor(a)) return E.left(notATensor('transpose', 'a', a))
  const d = dims(a)
  if (d === undefined) return E.left(shapeMismatch('transpose', [a.shape], 'the operand must be a matrix (rank 2)'))
  const [rows, cols] = d
  return E.right(unsafeMake([cols, rows], kernels.transpose(a.data, { rows, cols })))
}
