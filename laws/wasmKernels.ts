/**
 * Laws of the WebAssembly SIMD product kernel (src/tensor/wasm/): it is the JavaScript kernel
 * (src/tensor/kernelsJs.ts, the reference) bit for bit, and it is pure like every kernel.
 *
 * "Bit for bit" is `Object.is` on every element: the same double, +0 and −0 told apart; NaN
 * equals NaN whatever its payload (neither JavaScript nor WebAssembly promises a NaN's payload
 * bits, and the library reads none).
 *
 * @since 0.2.0
 */
import type { ProductInto } from '../src/tensor/kernelsInto.js'
import * as js from '../src/tensor/kernelsJs.js'
import type { ProductShape } from '../src/tensor/kernels.js'
import type { SimdKernels, SimdProducts } from '../src/tensor/wasm/simd.js'
import type { ProductCase } from './arbitraries/wasmKernels.js'
import { leavesInputsUnchanged, sharesNoBuffer } from './purity.js'

/** The products under test: each answers a result, or `undefined` when it cannot run. */
export type Products = {
  readonly [K in keyof SimdProducts]: (...args: Parameters<SimdProducts[K]>) => Float64Array | undefined
}

/** The same length and, element by element, the same double (`Object.is`). */
export const sameDoubles = (x: Float64Array | undefined, y: Float64Array): boolean =>
  x !== undefined && x.length === y.length && x.every((v, i) => Object.is(v, y[i]))

/** The three products of `c` by `p`, in the order matmul, matmulTN, matmulNT. */
const resultsOf = (p: Products, c: ProductCase): ReadonlyArray<Float64Array | undefined> => [
  p.matmul(c.a, c.b, c.shape),
  p.matmulTN(c.at, c.b, c.shape),
  p.matmulNT(c.a, c.bt, c.shape)
]

/**
 * `matmul`, `matmulTN` and `matmulNT` of `p` each equal the JavaScript kernel's, bit for bit:
 * the kernels sum the same products in the same order (p = 0, 1, …, from +0), one rounding a
 * multiply and an add, however they block and vectorise.
 *
 * @category products
 * @since 0.2.0
 */
export const equalsTheJsKernels =
  (p: Products) =>
  (c: ProductCase): boolean => {
    const reference = js.matmul(c.a, c.b, c.shape)
    return resultsOf(p, c).every((r) => sameDoubles(r, reference))
  }

/**
 * `k`'s products with their operands copied into arrays resident in the kernel's memory (which
 * it reads where they stand) and their result written into a resident array in place, answered
 * as a copy (or `undefined` where the product wrote past it): laid out in place or copied in, a
 * product sums the same products in the same order.
 *
 * @category products
 * @since 0.3.0
 */
export const withResidentOperands = (k: SimdKernels): Products => {
  const resident = (x: Float64Array): Float64Array => {
    const r = k.resident(x.length) ?? new Float64Array(x.length)
    r.set(x)
    return r
  }
  const inPlace =
    (product: SimdProducts[keyof SimdProducts]) =>
    (a: Float64Array, b: Float64Array, shape: ProductShape): Float64Array | undefined => {
      const out = resident(new Float64Array(shape.m * shape.n))
      // the pool's next array, most often: nothing may be written past out (its padding rows included)
      const fence = resident(new Float64Array(64).fill(1))
      const result = product(resident(a), resident(b), shape, out)?.slice()
      return fence.every((v) => v === 1) ? result : undefined
    }
  return { matmul: inPlace(k.matmul), matmulTN: inPlace(k.matmulTN), matmulNT: inPlace(k.matmulNT) }
}

/**
 * The products leave their operands unchanged and hand back arrays of their own: no result is
 * a view of the kernel's memory, so the next product changes no earlier result.
 *
 * @category purity
 * @since 0.2.0
 */
export const isPure =
  (p: Products) =>
  (c: ProductCase, next: ProductCase): boolean => {
    let results: ReadonlyArray<Float64Array | undefined> = []
    const unchanged = leavesInputsUnchanged([c], () => {
      results = resultsOf(p, c)
    })
    const copies = results.map((r) => r?.slice())
    resultsOf(p, next)
    return (
      unchanged &&
      sharesNoBuffer(results, [c]) &&
      new Set(results.map((r) => r?.buffer)).size === results.length &&
      results.every((r, i) => r !== undefined && sameDoubles(r, copies[i]!))
    )
  }

/**
 * The products into a caller's buffer (`kernelsInto`, for the fused epochs) write the
 * JavaScript kernel's result, bit for bit, into the first m·n elements of a larger buffer,
 * leave the rest of it as it was, and return that buffer.
 *
 * @category products
 * @since 0.2.0
 */
export const intoEqualsTheJsKernels =
  (p: { readonly matmulInto: ProductInto; readonly matmulTNInto: ProductInto; readonly matmulNTInto: ProductInto }) =>
  (c: ProductCase, spare: number): boolean => {
    const reference = js.matmul(c.a, c.b, c.shape)
    const size = reference.length
    const fresh = () => new Float64Array(size + spare).fill(Math.PI)
    const outs = [fresh(), fresh(), fresh()] as const
    const results = [
      p.matmulInto(outs[0], c.a, c.b, c.shape),
      p.matmulTNInto(outs[1], c.at, c.b, c.shape),
      p.matmulNTInto(outs[2], c.a, c.bt, c.shape)
    ]
    return results.every(
      (r, i) =>
        r === outs[i] && sameDoubles(r.subarray(0, size), reference) && r.subarray(size).every((x) => x === Math.PI)
    )
  }
