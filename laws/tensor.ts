/**
 * Laws of `tensor/`, as predicates over generated tensors. Exact laws compare bits; the
 * others state their tolerance and where it comes from.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { equals } from '../src/tensor/compare.js'
import { add, mul, scale, sub } from '../src/tensor/elementwise.js'
import * as kernels from '../src/tensor/kernels.js'
import { matmul, matmulNT, matmulTN, transpose } from '../src/tensor/matmul.js'
import { fromNested, toNested } from '../src/tensor/nested.js'
import { sum, sumAxis } from '../src/tensor/reduce.js'
import { firstNonFinite, type Tensor } from '../src/tensor/Tensor.js'

/**
 * The unit roundoff of float64, 2^-53.
 *
 * @example
 * import { TensorLaws } from 'gradfold/laws'
 * TensorLaws.UNIT_ROUNDOFF // => 1.1102230246251565e-16
 * // the largest relative error of one rounding: 1 + u rounds back to 1
 * 1 + TensorLaws.UNIT_ROUNDOFF === 1 // => true
 */
export const UNIT_ROUNDOFF = 2 ** -53

/**
 * The smallest positive float64, 2^-1074: the absolute error a rounding may add near zero.
 *
 * @example
 * import { TensorLaws } from 'gradfold/laws'
 * TensorLaws.SMALLEST_SUBNORMAL // => 5e-324
 * TensorLaws.SMALLEST_SUBNORMAL / 2 // => 0
 */
export const SMALLEST_SUBNORMAL = 2 ** -1074

const sameRight = (x: E.Either<unknown, Tensor>, y: E.Either<unknown, Tensor>): boolean =>
  E.isRight(x) && E.isRight(y) ? equals(y.right)(x.right) : E.isLeft(x) && E.isLeft(y)

// -------------------------------------------------------------------------------------
// exact laws
// -------------------------------------------------------------------------------------

/**
 * `a + b = b + a` and `a·b = b·a`, to the bit (IEEE addition and multiplication commute).
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries, TensorLaws } from 'gradfold/laws'
 * fc.check(fc.property(Arbitraries.tensorsOfOneShape(2), ([a, b]) => TensorLaws.addAndMulCommute(a!, b!)), { seed: 1, numRuns: 30 }).failed // => false
 *
 * @category arithmetic
 * @since 0.1.0
 */
export const addAndMulCommute = (a: Tensor, b: Tensor): boolean =>
  sameRight(add(b)(a), add(a)(b)) && sameRight(mul(b)(a), mul(a)(b))

/**
 * `a − a` is zero in every element, and `scale(1)` changes no bit.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries, TensorLaws } from 'gradfold/laws'
 * fc.check(fc.property(Arbitraries.tensor(), TensorLaws.subSelfIsZeroAndScaleOneIsIdentity), { seed: 1, numRuns: 30 }).failed // => false
 *
 * @category arithmetic
 * @since 0.1.0
 */
export const subSelfIsZeroAndScaleOneIsIdentity = (a: Tensor): boolean =>
  pipe(
    sub(a)(a),
    E.exists((z) => z.data.every((x) => x === 0))
  ) && pipe(scale(1)(a), E.exists(equals(a)))

/**
 * `transpose ∘ transpose` is the identity, to the bit.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries, TensorLaws } from 'gradfold/laws'
 * fc.check(fc.property(Arbitraries.matrix(), TensorLaws.transposeIsAnInvolution), { seed: 1, numRuns: 30 }).failed // => false
 *
 * @category structure
 * @since 0.1.0
 */
export const transposeIsAnInvolution = (m: Tensor): boolean =>
  pipe(transpose(m), E.chain(transpose), E.exists(equals(m)))

/**
 * The transposed products equal transposing first, to the bit: each element is the same sum
 * in the same order.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * import { TensorLaws } from 'gradfold/laws'
 * // a [k, m] = [2, 1], b [k, n] = [2, 2], c [p, n] = [1, 2]
 * pipe(
 *   E.Do,
 *   E.apS('a', Tensor.fromNested([[1], [2]])),
 *   E.apS('b', Tensor.fromNested([[3, 4], [5, 6]])),
 *   E.apS('c', Tensor.fromNested([[7, 8]])),
 *   E.map(({ a, b, c }) => TensorLaws.transposedProductsAgree(a, b, c))
 * ) // right(true)
 *
 * @category products
 * @since 0.1.0
 */
export const transposedProductsAgree = (a: Tensor, b: Tensor, c: Tensor): boolean =>
  sameRight(matmulTN(b)(a), pipe(transpose(a), E.chain(matmul(b)))) &&
  sameRight(
    matmulNT(c)(b),
    pipe(
      transpose(c),
      E.chain((ct) => matmul(ct)(b))
    )
  )

/**
 * The textbook triple loop `out[i, j] = Σ_p a[i, p]·b[p, j]`, each sum started at +0 and taken
 * in index order p = 0, 1, …, k − 1: the reference the product kernels must match to the bit.
 */
const tripleLoop = (a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array => {
  const out = new Float64Array(m * n)
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let p = 0; p < k; p++) s = s + a[i * k + p]! * b[p * n + j]!
      out[i * n + j] = s
    }
  }
  return out
}

/** The `[cols, rows]` transpose of a row-major `[rows, cols]` array, element by element. */
const transposed = (a: Float64Array, rows: number, cols: number): Float64Array => {
  const out = new Float64Array(rows * cols)
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j]!
  return out
}

/** The same bytes, so that `0` and `−0` (and NaN payloads) differ. */
const sameBits = (x: Float64Array, y: Float64Array): boolean => {
  const u = new Uint8Array(x.buffer, x.byteOffset, x.byteLength)
  const v = new Uint8Array(y.buffer, y.byteOffset, y.byteLength)
  return u.length === v.length && u.every((byte, i) => byte === v[i])
}

/**
 * Each matrix-product kernel equals the triple loop to the bit, for `a` `[m, k]` and `b`
 * `[k, n]`: `kernels.matmul(a, b)`, `kernels.matmulTN(aᵀ, b)` and `kernels.matmulNT(a, bᵀ)` are all the sums
 * `Σ_p a[i, p]·b[p, j]`, and however the kernels block their loops they must add the products
 * of each sum in index order, starting from +0, as the loop does.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries, TensorLaws } from 'gradfold/laws'
 * fc.check(fc.property(Arbitraries.productOperands, ([a, b]) => TensorLaws.productKernelsEqualTheTripleLoop(a, b)), { seed: 1, numRuns: 30 }).failed // => false
 *
 * @category products
 * @since 0.1.0
 */
export const productKernelsEqualTheTripleLoop = (a: Tensor, b: Tensor): boolean => {
  const [m, k] = [a.shape[0]!, a.shape[1]!]
  const n = b.shape[1]!
  const expected = tripleLoop(a.data, b.data, m, k, n)
  return (
    sameBits(kernels.matmul(a.data, b.data, { m, k, n }), expected) &&
    sameBits(kernels.matmulTN(transposed(a.data, m, k), b.data, { m, k, n }), expected) &&
    sameBits(kernels.matmulNT(a.data, transposed(b.data, k, n), { m, k, n }), expected)
  )
}

/**
 * The finiteness scan that checks every result finds the first NaN or infinity, as a plain
 * left-to-right search does, in a typed array and in a plain array alike (-1 when there is none).
 *
 * @example
 * import { TensorLaws } from 'gradfold/laws'
 * TensorLaws.firstNonFiniteIsTheFirst(Float64Array.of(1, Infinity, Number.NaN)) // => true
 *
 * @category validation
 * @since 0.1.0
 */
export const firstNonFiniteIsTheFirst = (xs: Float64Array): boolean => {
  const expected = xs.findIndex((x) => !Number.isFinite(x))
  return firstNonFinite(xs) === expected && firstNonFinite(Array.from(xs)) === expected
}

/**
 * `fromNested(toNested(t))` is `t`, to the bit.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries, TensorLaws } from 'gradfold/laws'
 * fc.check(fc.property(Arbitraries.tensor(), TensorLaws.nestedRoundTrips), { seed: 1, numRuns: 30 }).failed // => false
 *
 * @category conversions
 * @since 0.1.0
 */
export const nestedRoundTrips = (t: Tensor): boolean => pipe(fromNested(toNested(t)), E.exists(equals(t)))

// -------------------------------------------------------------------------------------
// laws within a tolerance
// -------------------------------------------------------------------------------------

/**
 * Summing everything equals summing the sums along any axis, within the bound of recursive
 * summation: two orders of the same n terms differ by at most `2(n−1)·u·Σ|x|`.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries, TensorLaws } from 'gradfold/laws'
 * fc.check(fc.property(Arbitraries.tensor({ minRank: 1 }), fc.nat(), TensorLaws.sumAgreesWithSumsAlongAnAxis), { seed: 1, numRuns: 30 }).failed // => false
 *
 * @category reductions
 * @since 0.1.0
 */
export const sumAgreesWithSumsAlongAnAxis = (t: Tensor, axis: number): boolean => {
  if (t.shape.length === 0) return true
  const k = axis % t.shape.length
  const bound = 2 * Math.max(t.data.length - 1, 0) * UNIT_ROUNDOFF * t.data.reduce((s, x) => s + Math.abs(x), 0)
  return pipe(
    E.Do,
    E.bind('whole', () => sum(t)),
    E.bind('parts', () => pipe(sumAxis(k)(t), E.chain(sum))),
    E.exists(({ whole, parts }) => Math.abs(whole - parts) <= bound)
  )
}

/**
 * `(a·b)·c` equals `a·(b·c)` within the error bound of two products of inner length k1, k2:
 * each element differs by at most `2(k1 + k2)·u·(|a|·|b|·|c|)` elementwise, with |·| taken
 * entry by entry (Higham, Accuracy and Stability of Numerical Algorithms, §3.5), plus the
 * term of gradual underflow: every rounding may also add up to η = 2^-1074 absolutely, and
 * those errors are carried through the other product's sums of at most `k1 + k2` terms,
 * bounded by `2(k1 + k2)²·η·(1 + max|a| + max|c|)`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * import { TensorLaws } from 'gradfold/laws'
 * // (a·b)·c and a·(b·c) within the rounding bound, for a [1, 2], b [2, 2], c [2, 1]
 * pipe(
 *   E.Do,
 *   E.apS('a', Tensor.fromNested([[0.1, 0.2]])),
 *   E.apS('b', Tensor.fromNested([[0.3, 0.4], [0.5, 0.6]])),
 *   E.apS('c', Tensor.fromNested([[0.7], [0.8]])),
 *   E.map(({ a, b, c }) => TensorLaws.matmulIsAssociative(a, b, c))
 * ) // right(true)
 *
 * @category products
 * @since 0.1.0
 */
export const matmulIsAssociative = (a: Tensor, b: Tensor, c: Tensor): boolean => {
  const abs = (t: Tensor): Tensor => ({ ...t, data: t.data.map(Math.abs) })
  const k = (a.shape[1] ?? 0) + (b.shape[1] ?? 0)
  const maxAbs = (t: Tensor): number => t.data.reduce((m, x) => Math.max(m, Math.abs(x)), 0)
  const underflow = 2 * k * k * SMALLEST_SUBNORMAL * (1 + maxAbs(a) + maxAbs(c))
  return pipe(
    E.Do,
    E.bind('left', () => pipe(matmul(b)(a), E.chain(matmul(c)))),
    E.bind('right', () =>
      pipe(
        matmul(c)(b),
        E.chain((bc) => matmul(bc)(a))
      )
    ),
    E.bind('scale', () => pipe(matmul(abs(b))(abs(a)), E.chain(matmul(abs(c))))),
    E.exists(({ left, right, scale: s }) =>
      left.data.every((x, i) => Math.abs(x - right.data[i]!) <= 2 * k * UNIT_ROUNDOFF * s.data[i]! + underflow)
    )
  )
}
