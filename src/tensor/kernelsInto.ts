/**
 * The matrix products of `kernels`, written into a buffer the caller owns: for loops that keep
 * their buffers from step to step (the fused epochs of `train/fused`), so that a large product
 * allocates nothing. The same choice of kernel as `kernels` (wasm SIMD for large products where
 * it runs, JavaScript otherwise) and the same bits.
 *
 * Each writes the `[m, n]` result into the first m·n elements of `out` and returns `out`. Unlike
 * the kernels of `kernels`, these write into an array they were given, so the library's entry
 * points do not export them: they are for the layers above, not for users.
 *
 * @since 0.2.0
 */
import * as Elementary from '../math/index.js'
import type { AxisShape, MatrixShape, ProductShape, RowOp } from './kernels.js'
import * as js from './kernelsJs.js'
import { RESIDENT_MIN, residentArray, simdFor, simdProducts, type SimdProduct, type SimdProducts } from './wasm/simd.js'

/** A product into `out`. */
export type ProductInto = (out: Float64Array, a: Float64Array, b: Float64Array, shape: ProductShape) => Float64Array

const into =
  (
    simd: (products: SimdProducts) => SimdProduct,
    reference: (a: Float64Array, b: Float64Array, shape: ProductShape, into: Float64Array) => Float64Array
  ): ProductInto =>
  (out, a, b, shape) => {
    const products = simdFor(shape)
    const done = products === undefined ? undefined : simd(products)(a, b, shape, out)
    return done ?? reference(a, b, shape, out)
  }

/** `a·b` for `a` `[m, k]` and `b` `[k, n]`, into `out`. */
export const matmulInto: ProductInto = into((s) => s.matmul, js.matmul)

/** `aᵀ·b` for `a` `[k, m]` and `b` `[k, n]`, into `out`. */
export const matmulTNInto: ProductInto = into((s) => s.matmulTN, js.matmulTN)

/** `a·bᵀ` for `a` `[m, k]` and `b` `[n, k]`, into `out`. */
export const matmulNTInto: ProductInto = into((s) => s.matmulNT, js.matmulNT)

/**
 * A product into `out` by the wasm SIMD kernel, whatever its size: for buffers a caller keeps
 * from product to product, where the tensor kernels' size threshold (which counts the arrays
 * they make) does not apply. `undefined` where wasm SIMD cannot run: the caller runs JavaScript.
 */
export type WasmInto = (
  out: Float64Array,
  a: Float64Array,
  b: Float64Array,
  shape: ProductShape
) => Float64Array | undefined

const wasmInto =
  (simd: (products: SimdProducts) => SimdProduct): WasmInto =>
  (out, a, b, shape) => {
    const products = simdProducts()
    return products === undefined ? undefined : simd(products)(a, b, shape, out)
  }

/**
 * A fresh array of `length` zeros for a buffer kept from step to step (a compiled epoch's
 * parameters, a program's gradients of them): resident in the wasm kernel's memory where it is
 * large and the kernel runs, so that the products read and write it in place; an ordinary array
 * otherwise. The same numbers either way.
 */
export const keptArray = (length: number): Float64Array => residentArray(length)

/** Whether `x` is resident in the wasm kernel's memory (a large `keptArray` where the kernel runs, or a view of part of one). */
export const isResident = (x: Float64Array): boolean => simdProducts()?.holds(x) === true

/**
 * Gradient descent's step `w[i] ← w[i] + c·g[i]` in the wasm kernel, when `g` and `w` are both
 * resident there (`keptArray`): the same bits as JavaScript's `w + c * g`; the sum of `x − x`
 * over the new values (0, or NaN where one is not finite); `undefined` where they are not (the
 * caller runs JavaScript).
 */
export const wasmDescend = (g: Float64Array, w: Float64Array, c: number): number | undefined =>
  // only a kept array this large can be resident: a small model's steps never ask the kernel
  w.length >= RESIDENT_MIN ? simdProducts()?.descend(g, w, c) : undefined

/** `a·b` into `out` in wasm, or `undefined`. */
export const wasmMatmulInto: WasmInto = wasmInto((s) => s.matmul)

/** `aᵀ·b` into `out` in wasm, or `undefined`. */
export const wasmMatmulTNInto: WasmInto = wasmInto((s) => s.matmulTN)

/** `a·bᵀ` into `out` in wasm, or `undefined`. */
export const wasmMatmulNTInto: WasmInto = wasmInto((s) => s.matmulNT)

// -------------------------------------------------------------------------------------
// the other kernels, into a buffer (the kernels of `kernels` run them on a fresh array)
// -------------------------------------------------------------------------------------

/**
 * `kernels.rowwise` into `out` (its first `rows·cols` elements), which it returns.
 */
export const rowwiseInto = (
  out: Float64Array,
  a: Float64Array,
  row: Float64Array,
  { rows, cols }: MatrixShape,
  op: RowOp
): Float64Array => {
  for (let i = 0; i < rows; i++) {
    const o = i * cols
    switch (op) {
      case 'add':
        for (let j = 0; j < cols; j++) out[o + j] = a[o + j]! + row[j]!
        break
      case 'sub':
        for (let j = 0; j < cols; j++) out[o + j] = a[o + j]! - row[j]!
        break
      case 'mul':
        for (let j = 0; j < cols; j++) out[o + j] = a[o + j]! * row[j]!
        break
      case 'div':
        for (let j = 0; j < cols; j++) out[o + j] = a[o + j]! / row[j]!
        break
    }
  }
  return out
}

/**
 * `kernels.transpose` into `out`, which it returns.
 */
export const transposeInto = (out: Float64Array, a: Float64Array, { rows, cols }: MatrixShape): Float64Array => {
  for (let i = 0; i < rows; i++) {
    const ai = i * cols
    for (let j = 0; j < cols; j++) out[j * rows + i] = a[ai + j]!
  }
  return out
}

/**
 * `kernels.rowLogSumExp` into `out`, which it returns.
 */
export const rowLogSumExpInto = (out: Float64Array, x: Float64Array, { rows, cols }: MatrixShape): Float64Array => {
  for (let r = 0; r < rows; r++) {
    const o = r * cols
    let m = x[o]!
    for (let j = 1; j < cols; j++) m = Math.max(m, x[o + j]!)
    let s = 0
    for (let j = 0; j < cols; j++) s += Elementary.exp(x[o + j]! - m)
    out[r] = m + Elementary.log(s)
  }
  return out
}

/**
 * `kernels.sumAxis` into `out` (whatever it held), which it returns.
 */
export const sumAxisInto = (out: Float64Array, a: Float64Array, { outer, len, inner }: AxisShape): Float64Array => {
  out.fill(0, 0, outer * inner)
  for (let o = 0; o < outer; o++) {
    const base = o * len * inner
    const ob = o * inner
    for (let l = 0; l < len; l++) {
      const row = base + l * inner
      for (let i = 0; i < inner; i++) out[ob + i] = out[ob + i]! + a[row + i]!
    }
  }
  return out
}
