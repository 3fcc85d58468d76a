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
import type { SimdProducts } from '../src/tensor/wasm/simd.js'
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
