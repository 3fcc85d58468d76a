/**
 * fast-check arbitraries for gradfold's laws: finite doubles, shapes, tensors, keys, parameter
 * records and data sets. Users draw from the same generators to run the laws on their own code.
 *
 * @since 0.1.0
 */
import fc from 'fast-check'
import { unsafeKey, type Key } from '../src/random/Key.js'
import type { Shape, Tensor } from '../src/tensor/Tensor.js'
import { unsafeMake } from '../src/tensor/Tensor.js'

// -------------------------------------------------------------------------------------
// numbers
// -------------------------------------------------------------------------------------

/**
 * Finite doubles of moderate magnitude (|x| ≤ `max`, default 1e3), so that sums and products
 * of a few of them stay far from overflow and relative tolerances mean something.
 *
 * @category numbers
 * @since 0.1.0
 */
export const finiteDouble = (max = 1e3): fc.Arbitrary<number> =>
  fc.double({ min: -max, max, noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x))

// -------------------------------------------------------------------------------------
// tensors
// -------------------------------------------------------------------------------------

/**
 * Shapes of rank `minRank`..`maxRank` with dimensions 1..`maxDim`.
 *
 * @category tensors
 * @since 0.1.0
 */
export const shape = (options: { readonly minRank?: number; readonly maxRank?: number; readonly maxDim?: number } = {}): fc.Arbitrary<Shape> =>
  fc.array(fc.integer({ min: 1, max: options.maxDim ?? 5 }), {
    minLength: options.minRank ?? 0,
    maxLength: options.maxRank ?? 3
  })

/**
 * A tensor of exactly the given shape with finite elements.
 *
 * @category tensors
 * @since 0.1.0
 */
export const tensorOfShape = (s: Shape, max = 1e3): fc.Arbitrary<Tensor> => {
  const n = s.reduce((a, d) => a * d, 1)
  return fc
    .array(finiteDouble(max), { minLength: n, maxLength: n })
    .map((xs) => unsafeMake(s, Float64Array.from(xs)))
}

/**
 * A tensor of a generated shape.
 *
 * @category tensors
 * @since 0.1.0
 */
export const tensor = (options: Parameters<typeof shape>[0] = {}, max = 1e3): fc.Arbitrary<Tensor> =>
  shape(options).chain((s) => tensorOfShape(s, max))

/**
 * `count` tensors sharing one generated shape.
 *
 * @category tensors
 * @since 0.1.0
 */
export const tensorsOfOneShape = (count: number, options: Parameters<typeof shape>[0] = {}, max = 1e3): fc.Arbitrary<ReadonlyArray<Tensor>> =>
  shape(options).chain((s) => fc.array(tensorOfShape(s, max), { minLength: count, maxLength: count }))

/**
 * A matrix `[rows, cols]` with dimensions 1..`maxDim`.
 *
 * @category tensors
 * @since 0.1.0
 */
export const matrix = (maxDim = 6, max = 1e3): fc.Arbitrary<Tensor> =>
  fc
    .tuple(fc.integer({ min: 1, max: maxDim }), fc.integer({ min: 1, max: maxDim }))
    .chain(([r, c]) => tensorOfShape([r, c], max))

// -------------------------------------------------------------------------------------
// keys
// -------------------------------------------------------------------------------------

/**
 * PRNG keys: any two uint32 words, with fast-check's usual bias towards 0, 1 and 2^32 − 1.
 *
 * @category keys
 * @since 0.1.0
 */
export const arbKey: fc.Arbitrary<Key> = fc
  .tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }))
  .map(([k0, k1]) => unsafeKey(k0, k1))
