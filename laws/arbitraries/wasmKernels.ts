/**
 * Generated products for the laws of the WebAssembly SIMD kernel: shapes with every dimension
 * from 0 up (0 and 1 included, every remainder modulo the kernel's 4 × 4 block, sometimes
 * several blocks), and operands in every layout the three products read, with the values a
 * sum can go wrong on.
 *
 * @since 0.2.0
 */
import fc from 'fast-check'
import type { ProductShape } from '../../src/tensor/kernels.js'
import { uniformDouble } from './networks.js'

/**
 * The operands of one product `[m, k]·[k, n]`, each also transposed: `a` `[m, k]` and `at`
 * `[k, m]` (for `matmulTN`), `b` `[k, n]` and `bt` `[n, k]` (for `matmulNT`).
 *
 * @category products
 * @since 0.2.0
 */
export interface ProductCase {
  readonly shape: ProductShape
  readonly a: Float64Array
  readonly at: Float64Array
  readonly b: Float64Array
  readonly bt: Float64Array
}

/**
 * A dimension: mostly 0..9 (0 and 1, below, at and above one block of 4), sometimes 10..70
 * (several blocks and a remainder).
 *
 * @category products
 * @since 0.2.0
 */
export const kernelDim: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 9 }) },
  { weight: 1, arbitrary: fc.integer({ min: 10, max: 70 }) }
)

/**
 * An element: mostly spread over [−1, 1] with full mantissas (sums in another order round
 * differently); sometimes ±0 (the sign a sum of zeros starts from shows), subnormals, huge
 * values whose products overflow, ±∞ and NaN (∞ − ∞ makes NaN in a sum).
 *
 * @category products
 * @since 0.2.0
 */
export const kernelElement: fc.Arbitrary<number> = fc.oneof(
  { weight: 20, arbitrary: uniformDouble(-1, 1) },
  { weight: 2, arbitrary: fc.constantFrom(0, -0) },
  { weight: 1, arbitrary: fc.constantFrom(5e-324, -5e-324, 2.2250738585072014e-308) },
  { weight: 1, arbitrary: fc.constantFrom(1e300, -1e300, 1.7976931348623157e308) },
  { weight: 1, arbitrary: fc.constantFrom(Infinity, -Infinity, NaN) }
)

const transposed = (x: Float64Array, rows: number, cols: number): Float64Array => {
  const out = new Float64Array(rows * cols)
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = x[i * cols + j]!
  return out
}

const elements = (length: number): fc.Arbitrary<Float64Array> =>
  fc.array(kernelElement, { minLength: length, maxLength: length }).map((xs) => Float64Array.from(xs))

/**
 * A product's shape and operands.
 *
 * @category products
 * @since 0.2.0
 */
export const productCase: fc.Arbitrary<ProductCase> = fc.tuple(kernelDim, kernelDim, kernelDim).chain(([m, k, n]) =>
  fc.tuple(elements(m * k), elements(k * n)).map(([a, b]) => ({
    shape: { m, k, n },
    a,
    at: transposed(a, m, k),
    b,
    bt: transposed(b, k, n)
  }))
)
