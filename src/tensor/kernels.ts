/**
 * The loops over typed arrays that every tensor operation ends in. Each kernel reads its
 * inputs, fills a fresh `Float64Array` it allocated itself and returns it: no kernel writes
 * into an array it was given. Shapes are the caller's business: kernels do not check them
 * (the public operations in this folder, and the ops of `ad/`, do that once, up front).
 * Dimensions come as records (`{ m, k, n }` for a product, `{ rows, cols }` for a matrix), so
 * that no two of them can be swapped by position.
 *
 * They are reached as one namespace, `kernels` (`Advanced.Tensor.kernels.matmul(a, b, { m, k, n })`
 * from outside this folder): the loops a custom op (`AD.customOp`) can build its forward step
 * and its pullback from, with the results this library's own ops get.
 *
 * Loop orders are chosen for row-major memory, and the matrix products work on 4 × 4 blocks
 * held in registers while adding each output element's products in index order, as the plain
 * triple loop does: the same bits, two to three times faster (see the section on products).
 * Large products run in WebAssembly SIMD where the platform has it, with the same bits again
 * (JavaScript elsewhere): a result never tells which kernel computed it.
 *
 * @since 0.1.0
 */
import * as js from './kernelsJs.js'
import { rowLogSumExpInto, rowwiseInto, sumAxisInto, transposeInto } from './kernelsInto.js'
import { simdFor, type SimdProduct, type SimdProducts } from './wasm/simd.js'

// -------------------------------------------------------------------------------------
// shapes
// -------------------------------------------------------------------------------------

/**
 * The dimensions of a matrix product `[m, k] · [k, n] → [m, n]`: `m` rows and `n` columns
 * out, `k` products summed into each element (`matmulTN` and `matmulNT` read their operands
 * transposed but name the same three numbers).
 */
export interface ProductShape {
  readonly m: number
  readonly k: number
  readonly n: number
}

/** The dimensions of a row-major `[rows, cols]` matrix. */
export interface MatrixShape {
  readonly rows: number
  readonly cols: number
}

/** An array viewed as `[outer, len, inner]`, to be summed along its middle axis `len`. */
export interface AxisShape {
  readonly outer: number
  readonly len: number
  readonly inner: number
}

// -------------------------------------------------------------------------------------
// elementwise
// -------------------------------------------------------------------------------------

/**
 * `a + b` elementwise.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Tensor.kernels.add(Float64Array.of(1, 2), Float64Array.of(10, 20)) // => [11, 22]
 */
export const add = (a: Float64Array, b: Float64Array): Float64Array => {
  const n = a.length
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = a[i]! + b[i]!
  return out
}

/**
 * `a − b` elementwise.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Tensor.kernels.sub(Float64Array.of(1, 2), Float64Array.of(10, 20)) // => [-9, -18]
 */
export const sub = (a: Float64Array, b: Float64Array): Float64Array => {
  const n = a.length
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = a[i]! - b[i]!
  return out
}

/**
 * `a · b` elementwise.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Tensor.kernels.mul(Float64Array.of(1, 2), Float64Array.of(10, 20)) // => [10, 40]
 */
export const mul = (a: Float64Array, b: Float64Array): Float64Array => {
  const n = a.length
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = a[i]! * b[i]!
  return out
}

/**
 * `a / b` elementwise.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Tensor.kernels.div(Float64Array.of(1, 2), Float64Array.of(10, 20)) // => [0.1, 0.1]
 * // a kernel does not check: dividing by zero gives Infinity (the Tensor ops answer a Left)
 * Advanced.Tensor.kernels.div(Float64Array.of(1), Float64Array.of(0)) // => [Infinity]
 */
export const div = (a: Float64Array, b: Float64Array): Float64Array => {
  const n = a.length
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = a[i]! / b[i]!
  return out
}

/**
 * `c · a`.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Tensor.kernels.scale(Float64Array.of(1, -2), 0.5) // => [0.5, -1]
 */
export const scale = (a: Float64Array, c: number): Float64Array => {
  const n = a.length
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = c * a[i]!
  return out
}

/**
 * `a + c`.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Tensor.kernels.addScalar(Float64Array.of(1, -2), 0.5) // => [1.5, -1.5]
 */
export const addScalar = (a: Float64Array, c: number): Float64Array => {
  const n = a.length
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = a[i]! + c
  return out
}

/**
 * `f(a)` elementwise.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Tensor.kernels.map(Float64Array.of(1, 4, 9), Math.sqrt) // => [1, 2, 3]
 */
export const map = (a: Float64Array, f: (x: number) => number): Float64Array => {
  const n = a.length
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = f(a[i]!)
  return out
}

/**
 * `f(a, b)` elementwise.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Tensor.kernels.zipWith(Float64Array.of(1, 5), Float64Array.of(3, 2), Math.max) // => [3, 5]
 */
export const zipWith = (a: Float64Array, b: Float64Array, f: (x: number, y: number) => number): Float64Array => {
  const n = a.length
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = f(a[i]!, b[i]!)
  return out
}

/** How a row vector combines with each row of a matrix. */
export type RowOp = 'add' | 'sub' | 'mul' | 'div'

/**
 * `a[i, j] op row[j]` for a `[rows, cols]` matrix `a`.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * // [[1, 2], [3, 4]] plus the row [10, 20]
 * Advanced.Tensor.kernels.rowwise(Float64Array.of(1, 2, 3, 4), Float64Array.of(10, 20), { rows: 2, cols: 2 }, 'add') // => [11, 22, 13, 24]
 */
export const rowwise = (a: Float64Array, row: Float64Array, shape: MatrixShape, op: RowOp): Float64Array =>
  rowwiseInto(new Float64Array(shape.rows * shape.cols), a, row, shape, op)

// -------------------------------------------------------------------------------------
// matrix products
// -------------------------------------------------------------------------------------
//
// Every product gives each output element the sum `((0 + a₀b₀) + a₁b₁) + a₂b₂ + …` of its
// products in index order p = 0, 1, 2, …, the sum the plain triple loop takes (law:
// laws/tensor.ts, `productKernelsEqualTheTripleLoop`). Two kernels compute it: JavaScript
// (kernelsJs.ts, 4 × 4 blocks in registers) and WebAssembly SIMD (wasm/, two float64 lanes
// across output columns, 4 × 4 blocks), which agree to the bit (law: laws/wasmKernels.ts).
// A product of at least `SIMD_MIN` (wasm/simd.ts) multiply-adds runs in wasm where the platform validates
// and compiles the module; smaller products, and every product where wasm SIMD is missing,
// run in JavaScript. Which ran never shows in a result.

/** The product `simd` names when wasm SIMD runs here and the product is large enough, else `js`. */
const choose =
  (
    simd: (products: SimdProducts) => SimdProduct,
    js: (a: Float64Array, b: Float64Array, shape: ProductShape) => Float64Array
  ) =>
  (a: Float64Array, b: Float64Array, shape: ProductShape): Float64Array => {
    const products = simdFor(shape)
    return (products === undefined ? undefined : simd(products)(a, b, shape)) ?? js(a, b, shape)
  }

/**
 * `a·b` for `a` `[m, k]` and `b` `[k, n]`: an `[m, n]` result.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * // [[1, 2], [3, 4]] · [[5, 6], [7, 8]]
 * Advanced.Tensor.kernels.matmul(Float64Array.of(1, 2, 3, 4), Float64Array.of(5, 6, 7, 8), { m: 2, k: 2, n: 2 }) // => [19, 22, 43, 50]
 */
export const matmul: (a: Float64Array, b: Float64Array, shape: ProductShape) => Float64Array = choose(
  (s) => s.matmul,
  js.matmul
)

/**
 * `aᵀ·b` for `a` `[k, m]` and `b` `[k, n]`: an `[m, n]` result, without forming `aᵀ`.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * // [[1, 2], [3, 4]]ᵀ · [[5, 6], [7, 8]] = [[1, 3], [2, 4]] · [[5, 6], [7, 8]]
 * Advanced.Tensor.kernels.matmulTN(Float64Array.of(1, 2, 3, 4), Float64Array.of(5, 6, 7, 8), { m: 2, k: 2, n: 2 }) // => [26, 30, 38, 44]
 */
export const matmulTN: (a: Float64Array, b: Float64Array, shape: ProductShape) => Float64Array = choose(
  (s) => s.matmulTN,
  js.matmulTN
)

/**
 * `a·bᵀ` for `a` `[m, k]` and `b` `[n, k]`: an `[m, n]` result, without forming `bᵀ`.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * // [[1, 2], [3, 4]] · [[5, 6], [7, 8]]ᵀ = [[1, 2], [3, 4]] · [[5, 7], [6, 8]]
 * Advanced.Tensor.kernels.matmulNT(Float64Array.of(1, 2, 3, 4), Float64Array.of(5, 6, 7, 8), { m: 2, k: 2, n: 2 }) // => [17, 23, 39, 53]
 */
export const matmulNT: (a: Float64Array, b: Float64Array, shape: ProductShape) => Float64Array = choose(
  (s) => s.matmulNT,
  js.matmulNT
)

/**
 * The transpose of a `[rows, cols]` matrix.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * // [[1, 2, 3], [4, 5, 6]] becomes [[1, 4], [2, 5], [3, 6]]
 * Advanced.Tensor.kernels.transpose(Float64Array.of(1, 2, 3, 4, 5, 6), { rows: 2, cols: 3 }) // => [1, 4, 2, 5, 3, 6]
 */
export const transpose = (a: Float64Array, shape: MatrixShape): Float64Array =>
  transposeInto(new Float64Array(shape.rows * shape.cols), a, shape)

// -------------------------------------------------------------------------------------
// reductions
// -------------------------------------------------------------------------------------

/**
 * The sum of all elements, left to right.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Tensor.kernels.sum(Float64Array.of(1, 2, 3.5)) // => 6.5
 */
export const sum = (a: Float64Array): number => {
  let s = 0
  for (let i = 0; i < a.length; i++) s += a[i]!
  return s
}

/**
 * `logSumExp` of each row of a `[rows, cols]` matrix, `m + ln Σ e^(x − m)` with `m` the row's
 * maximum: neither overflows nor takes the log of an underflowed 0.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * // ln(e⁰ + e⁰) = ln 2 for the row [0, 0]; a row of 1000s does not overflow: 1000 + ln 2
 * Advanced.Tensor.kernels.rowLogSumExp(Float64Array.of(0, 0, 1000, 1000), { rows: 2, cols: 2 }) // => [0.6931471805599453, 1000.6931471805599]
 */
export const rowLogSumExp = (x: Float64Array, shape: MatrixShape): Float64Array =>
  rowLogSumExpInto(new Float64Array(shape.rows), x, shape)

/**
 * Sums along the middle axis of an array viewed as `[outer, len, inner]`: an `[outer, inner]`
 * result, each sum taken in index order.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * // [[1, 2, 3], [4, 5, 6]] summed over its rows: one outer block, 2 rows, 3 columns
 * Advanced.Tensor.kernels.sumAxis(Float64Array.of(1, 2, 3, 4, 5, 6), { outer: 1, len: 2, inner: 3 }) // => [5, 7, 9]
 */
export const sumAxis = (a: Float64Array, shape: AxisShape): Float64Array =>
  sumAxisInto(new Float64Array(shape.outer * shape.inner), a, shape)

/**
 * For each row of a `[rows, cols]` matrix, the column of its largest element (the first, on ties).
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * // the predicted class of each row; a tie goes to the first
 * Advanced.Tensor.kernels.argmaxRows(Float64Array.of(0.1, 0.7, 0.2, 0.5, 0.5, 0), { rows: 2, cols: 3 }) // => [1, 0]
 */
export const argmaxRows = (a: Float64Array, { rows, cols }: MatrixShape): Int32Array => {
  const out = new Int32Array(rows)
  for (let i = 0; i < rows; i++) {
    const o = i * cols
    let best = 0
    let bestValue = a[o]!
    for (let j = 1; j < cols; j++) {
      const v = a[o + j]!
      if (v > bestValue) {
        bestValue = v
        best = j
      }
    }
    out[i] = best
  }
  return out
}
