/**
 * fast-check arbitraries for gradfold's laws: shapes, tensors of a shape or of generated
 * shapes, matrices, and the operands of the matrix-product kernels.
 *
 * @since 0.2.0
 */
import fc from 'fast-check'
import type { Shape, Tensor } from '../../src/tensor/Tensor.js'
import { unsafeMake } from '../../src/tensor/Tensor.js'
import { finiteDouble } from './numbers.js'
import { uniformDouble } from './networks.js'

/**
 * Shapes of rank `minRank`..`maxRank` with dimensions 1..`maxDim`.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * fc.sample(Arbitraries.shape({ minRank: 1, maxRank: 2, maxDim: 3 }), { seed: 1, numRuns: 20 }).every((s) => s.length >= 1 && s.length <= 2 && s.every((d) => d >= 1 && d <= 3)) // => true
 *
 * @category tensors
 * @since 0.1.0
 */
export const shape = (
  options: { readonly minRank?: number; readonly maxRank?: number; readonly maxDim?: number } = {}
): fc.Arbitrary<Shape> =>
  fc.array(fc.integer({ min: 1, max: options.maxDim ?? 5 }), {
    minLength: options.minRank ?? 0,
    maxLength: options.maxRank ?? 3
  })

/**
 * A tensor of exactly the given shape with finite elements.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * fc.sample(Arbitraries.tensorOfShape([2, 3]), { seed: 1, numRuns: 20 }).every((t) => t.shape.join() === '2,3') // => true
 *
 * @category tensors
 * @since 0.1.0
 */
export const tensorOfShape = (s: Shape, max = 1e3): fc.Arbitrary<Tensor> => {
  const n = s.reduce((a, d) => a * d, 1)
  return fc.array(finiteDouble(max), { minLength: n, maxLength: n }).map((xs) => unsafeMake(s, Float64Array.from(xs)))
}

/**
 * A tensor of a generated shape.
 *
 * @example
 * import fc from 'fast-check'
 * import { Tensor } from 'gradfold'
 * import { Arbitraries } from 'gradfold/laws'
 * fc.sample(Arbitraries.tensor({ maxRank: 2 }), { seed: 1, numRuns: 20 }).every((t) => Tensor.rank(t) <= 2 && t.data.every(Number.isFinite)) // => true
 *
 * @category tensors
 * @since 0.1.0
 */
export const tensor = (options: Parameters<typeof shape>[0] = {}, max = 1e3): fc.Arbitrary<Tensor> =>
  shape(options).chain((s) => tensorOfShape(s, max))

/**
 * `count` tensors sharing one generated shape.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * import * as Advanced from 'gradfold/advanced'
 * fc.sample(Arbitraries.tensorsOfOneShape(3), { seed: 1, numRuns: 20 }).every(([a, b, c]) => Advanced.Tensor.sameShape(a!.shape, b!.shape) && Advanced.Tensor.sameShape(b!.shape, c!.shape)) // => true
 *
 * @category tensors
 * @since 0.1.0
 */
export const tensorsOfOneShape = (
  count: number,
  options: Parameters<typeof shape>[0] = {},
  max = 1e3
): fc.Arbitrary<ReadonlyArray<Tensor>> =>
  shape(options).chain((s) => fc.array(tensorOfShape(s, max), { minLength: count, maxLength: count }))

/**
 * A matrix `[rows, cols]` with dimensions 1..`maxDim`.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * fc.sample(Arbitraries.matrix(4), { seed: 1, numRuns: 20 }).every((m) => m.shape.length === 2 && m.shape.every((d) => d >= 1 && d <= 4)) // => true
 *
 * @category tensors
 * @since 0.1.0
 */
export const matrix = (maxDim = 6, max = 1e3): fc.Arbitrary<Tensor> =>
  fc
    .tuple(fc.integer({ min: 1, max: maxDim }), fc.integer({ min: 1, max: maxDim }))
    .chain(([r, c]) => tensorOfShape([r, c], max))

/**
 * A matrix dimension for the product kernels: mostly 1..13, so that every remainder of a
 * 4-wide block (0, 1, 2, 3) appears below, at and above one block; sometimes 14..40.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * fc.sample(Arbitraries.productDim, { seed: 1, numRuns: 20 }).every((d) => d >= 1 && d <= 40) // => true
 *
 * @category products
 * @since 0.1.0
 */
export const productDim: fc.Arbitrary<number> = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 1, max: 13 }) },
  { weight: 1, arbitrary: fc.integer({ min: 14, max: 40 }) }
)

/**
 * A matrix of the given shape for the product laws. Most elements are spread evenly over
 * [−1, 1] with full mantissas, so that a sum taken in another order rounds differently; one in
 * eight is any finite double up to `max` (fast-check's, mostly tiny or extreme), one in eight
 * −0 or +0 (a sum whose products are all zeros shows the sign the sum starts from).
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * fc.sample(Arbitraries.signedMatrixOfShape(2, 3), { seed: 1, numRuns: 20 }).every((m) => m.shape.join() === '2,3') // => true
 *
 * @category products
 * @since 0.1.0
 */
export const signedMatrixOfShape = (rows: number, cols: number, max = 1e3): fc.Arbitrary<Tensor> =>
  fc
    .array(
      fc.oneof(
        { weight: 6, arbitrary: uniformDouble(-1, 1) },
        { weight: 1, arbitrary: finiteDouble(max) },
        { weight: 1, arbitrary: fc.constantFrom(-0, 0) }
      ),
      { minLength: rows * cols, maxLength: rows * cols }
    )
    .map((xs) => unsafeMake([rows, cols], Float64Array.from(xs)))

/**
 * Two matrices `a` `[m, k]` and `b` `[k, n]` with m, k, n drawn by `productDim`.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * // a [m, k] and b [k, n]: the inner dimensions agree
 * fc.sample(Arbitraries.productOperands, { seed: 1, numRuns: 20 }).every(([a, b]) => a.shape[1] === b.shape[0]) // => true
 *
 * @category products
 * @since 0.1.0
 */
export const productOperands: fc.Arbitrary<readonly [Tensor, Tensor]> = fc
  .tuple(productDim, productDim, productDim)
  .chain(([m, k, n]) => fc.tuple(signedMatrixOfShape(m, k), signedMatrixOfShape(k, n)))

/**
 * Arrays of 0 to 40 doubles, about one in nine of them NaN, +∞ or −∞ (so that an array holds
 * none, one or several, at any position within a block of four).
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * fc.sample(Arbitraries.sometimesNonFinite, { seed: 1, numRuns: 20 }).some((xs) => xs.some((x) => !Number.isFinite(x))) // => true
 *
 * @category kernels
 * @since 0.1.0
 */
export const sometimesNonFinite: fc.Arbitrary<Float64Array> = fc
  .array(
    fc.oneof(
      { weight: 8, arbitrary: finiteDouble() },
      { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity, -Infinity) }
    ),
    {
      maxLength: 40
    }
  )
  .map((xs) => Float64Array.from(xs))
