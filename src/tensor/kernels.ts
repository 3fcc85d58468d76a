/**
 * The loops over typed arrays that every tensor operation ends in. Each kernel reads its
 * inputs, fills a fresh `Float64Array` it allocated itself and returns it: no kernel writes
 * into an array it was given. Shapes are the caller's business: kernels do not check them
 * (the public operations in this folder, and the ops of `ad/`, do that once, up front).
 * Dimensions come as records (`{ m, k, n }` for a product, `{ rows, cols }` for a matrix), so
 * that no two of them can be swapped by position.
 *
 * They are reached as one namespace, `kernels` (`Tensor.kernels.matmul(a, b, { m, k, n })`
 * from outside this folder): the loops a custom op (`AD.customOp`) can build its forward step
 * and its pullback from, with the results this library's own ops get.
 *
 * Loop orders are chosen for row-major memory, and the matrix products work on 4 × 4 blocks
 * held in registers while adding each output element's products in index order, as the plain
 * triple loop does: the same bits, two to three times faster (see the section on products).
 *
 * @since 0.1.0
 */

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
 * import { Tensor } from 'gradfold'
 * Tensor.kernels.add(Float64Array.of(1, 2), Float64Array.of(10, 20)) // => [11, 22]
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
 * import { Tensor } from 'gradfold'
 * Tensor.kernels.sub(Float64Array.of(1, 2), Float64Array.of(10, 20)) // => [-9, -18]
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
 * import { Tensor } from 'gradfold'
 * Tensor.kernels.mul(Float64Array.of(1, 2), Float64Array.of(10, 20)) // => [10, 40]
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
 * import { Tensor } from 'gradfold'
 * Tensor.kernels.div(Float64Array.of(1, 2), Float64Array.of(10, 20)) // => [0.1, 0.1]
 * // a kernel does not check: dividing by zero gives Infinity (the Tensor ops answer a Left)
 * Tensor.kernels.div(Float64Array.of(1), Float64Array.of(0)) // => [Infinity]
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
 * import { Tensor } from 'gradfold'
 * Tensor.kernels.scale(Float64Array.of(1, -2), 0.5) // => [0.5, -1]
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
 * import { Tensor } from 'gradfold'
 * Tensor.kernels.addScalar(Float64Array.of(1, -2), 0.5) // => [1.5, -1.5]
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
 * import { Tensor } from 'gradfold'
 * Tensor.kernels.map(Float64Array.of(1, 4, 9), Math.sqrt) // => [1, 2, 3]
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
 * import { Tensor } from 'gradfold'
 * Tensor.kernels.zipWith(Float64Array.of(1, 5), Float64Array.of(3, 2), Math.max) // => [3, 5]
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
 * import { Tensor } from 'gradfold'
 * // [[1, 2], [3, 4]] plus the row [10, 20]
 * Tensor.kernels.rowwise(Float64Array.of(1, 2, 3, 4), Float64Array.of(10, 20), { rows: 2, cols: 2 }, 'add') // => [11, 22, 13, 24]
 */
export const rowwise = (a: Float64Array, row: Float64Array, { rows, cols }: MatrixShape, op: RowOp): Float64Array => {
  const out = new Float64Array(rows * cols)
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

// -------------------------------------------------------------------------------------
// matrix products
// -------------------------------------------------------------------------------------
//
// Every product below gives each output element the sum `((0 + a₀b₀) + a₁b₁) + a₂b₂ + …` of
// its products in index order p = 0, 1, 2, …, the sum the plain triple loop takes, so all
// of them agree with it to the bit (law: laws/tensor.ts, `productsEqualTheTripleLoop`).
// Blocking changes only how often each number is loaded and stored, never the order of the
// additions: `s + x₀ + x₁ + x₂ + x₃` evaluates left to right, one rounding per `+`, as four
// separate `s += xᵢ` would, and JavaScript never fuses a multiply into an add.

/**
 * `out[i, ·] += Σ_p a(i, p)·b[p, ·]` for `b` `[k, n]`, where `a(i, p)` is
 * `a[i·rowStride + p·innerStride]`: `matmul` reads `a` as `[m, k]`, `matmulTN` as `[k, m]`.
 *
 * Loop order i-k-j, so the innermost loop walks an output row and a row of `b` contiguously.
 * Blocks of 4 output rows × 4 steps of p keep 16 numbers of `a` in registers: each element of
 * `b` read serves four rows and each output element is read and written once per four products,
 * which it receives in order p, p+1, p+2, p+3 (about twice as fast as one row at a time). Left
 * over steps of p and left over rows (fewer than 4) run one at a time, in the same order.
 */
const stridedProduct = (
  a: Float64Array,
  rowStride: number,
  innerStride: number,
  b: Float64Array,
  m: number,
  k: number,
  n: number
): Float64Array => {
  const out = new Float64Array(m * n)
  const s = innerStride
  let i = 0
  for (; i + 3 < m; i += 4) {
    const o0 = i * n
    const o1 = o0 + n
    const o2 = o1 + n
    const o3 = o2 + n
    const r0 = i * rowStride
    const r1 = r0 + rowStride
    const r2 = r1 + rowStride
    const r3 = r2 + rowStride
    let p = 0
    for (; p + 3 < k; p += 4) {
      const q = p * s
      const a00 = a[r0 + q]!,
        a01 = a[r0 + q + s]!,
        a02 = a[r0 + q + 2 * s]!,
        a03 = a[r0 + q + 3 * s]!
      const a10 = a[r1 + q]!,
        a11 = a[r1 + q + s]!,
        a12 = a[r1 + q + 2 * s]!,
        a13 = a[r1 + q + 3 * s]!
      const a20 = a[r2 + q]!,
        a21 = a[r2 + q + s]!,
        a22 = a[r2 + q + 2 * s]!,
        a23 = a[r2 + q + 3 * s]!
      const a30 = a[r3 + q]!,
        a31 = a[r3 + q + s]!,
        a32 = a[r3 + q + 2 * s]!,
        a33 = a[r3 + q + 3 * s]!
      const b0 = p * n
      const b1 = b0 + n
      const b2 = b1 + n
      const b3 = b2 + n
      for (let j = 0; j < n; j++) {
        const x0 = b[b0 + j]!,
          x1 = b[b1 + j]!,
          x2 = b[b2 + j]!,
          x3 = b[b3 + j]!
        out[o0 + j] = out[o0 + j]! + a00 * x0 + a01 * x1 + a02 * x2 + a03 * x3
        out[o1 + j] = out[o1 + j]! + a10 * x0 + a11 * x1 + a12 * x2 + a13 * x3
        out[o2 + j] = out[o2 + j]! + a20 * x0 + a21 * x1 + a22 * x2 + a23 * x3
        out[o3 + j] = out[o3 + j]! + a30 * x0 + a31 * x1 + a32 * x2 + a33 * x3
      }
    }
    for (; p < k; p++) {
      const q = p * s
      const a0 = a[r0 + q]!,
        a1 = a[r1 + q]!,
        a2 = a[r2 + q]!,
        a3 = a[r3 + q]!
      const bp = p * n
      for (let j = 0; j < n; j++) {
        const x = b[bp + j]!
        out[o0 + j] = out[o0 + j]! + a0 * x
        out[o1 + j] = out[o1 + j]! + a1 * x
        out[o2 + j] = out[o2 + j]! + a2 * x
        out[o3 + j] = out[o3 + j]! + a3 * x
      }
    }
  }
  for (; i < m; i++) {
    const oi = i * n
    const ri = i * rowStride
    for (let p = 0; p < k; p++) {
      const aip = a[ri + p * s]!
      const bp = p * n
      for (let j = 0; j < n; j++) out[oi + j] = out[oi + j]! + aip * b[bp + j]!
    }
  }
  return out
}

/**
 * `a·b` for `a` `[m, k]` and `b` `[k, n]`: an `[m, n]` result.
 *
 * @example
 * import { Tensor } from 'gradfold'
 * // [[1, 2], [3, 4]] · [[5, 6], [7, 8]]
 * Tensor.kernels.matmul(Float64Array.of(1, 2, 3, 4), Float64Array.of(5, 6, 7, 8), { m: 2, k: 2, n: 2 }) // => [19, 22, 43, 50]
 */
export const matmul = (a: Float64Array, b: Float64Array, { m, k, n }: ProductShape): Float64Array =>
  stridedProduct(a, k, 1, b, m, k, n)

/**
 * `aᵀ·b` for `a` `[k, m]` and `b` `[k, n]`: an `[m, n]` result, without forming `aᵀ`.
 *
 * @example
 * import { Tensor } from 'gradfold'
 * // [[1, 2], [3, 4]]ᵀ · [[5, 6], [7, 8]] = [[1, 3], [2, 4]] · [[5, 6], [7, 8]]
 * Tensor.kernels.matmulTN(Float64Array.of(1, 2, 3, 4), Float64Array.of(5, 6, 7, 8), { m: 2, k: 2, n: 2 }) // => [26, 30, 38, 44]
 */
export const matmulTN = (a: Float64Array, b: Float64Array, { m, k, n }: ProductShape): Float64Array =>
  stridedProduct(a, 1, m, b, m, k, n)

/**
 * `a·bᵀ` for `a` `[m, k]` and `b` `[n, k]`: an `[m, n]` result, without forming `bᵀ`.
 *
 * Each output element is the dot product of a row of `a` and a row of `b`, both contiguous.
 * Blocks of 4 rows of `a` × 4 rows of `b` run 16 dot products side by side, each in its own
 * accumulator taking its products in order p = 0, 1, 2, …: every number loaded serves four
 * products. Left over rows of `b`, then left over rows of `a`, run 4 × 1 and 1 × 1.
 *
 * @example
 * import { Tensor } from 'gradfold'
 * // [[1, 2], [3, 4]] · [[5, 6], [7, 8]]ᵀ = [[1, 2], [3, 4]] · [[5, 7], [6, 8]]
 * Tensor.kernels.matmulNT(Float64Array.of(1, 2, 3, 4), Float64Array.of(5, 6, 7, 8), { m: 2, k: 2, n: 2 }) // => [17, 23, 39, 53]
 */
export const matmulNT = (a: Float64Array, b: Float64Array, { m, k, n }: ProductShape): Float64Array => {
  const out = new Float64Array(m * n)
  let i = 0
  for (; i + 3 < m; i += 4) {
    const r0 = i * k
    const r1 = r0 + k
    const r2 = r1 + k
    const r3 = r2 + k
    const o0 = i * n
    const o1 = o0 + n
    const o2 = o1 + n
    const o3 = o2 + n
    let j = 0
    for (; j + 3 < n; j += 4) {
      const q0 = j * k
      const q1 = q0 + k
      const q2 = q1 + k
      const q3 = q2 + k
      let s00 = 0,
        s01 = 0,
        s02 = 0,
        s03 = 0,
        s10 = 0,
        s11 = 0,
        s12 = 0,
        s13 = 0
      let s20 = 0,
        s21 = 0,
        s22 = 0,
        s23 = 0,
        s30 = 0,
        s31 = 0,
        s32 = 0,
        s33 = 0
      for (let p = 0; p < k; p++) {
        const y0 = b[q0 + p]!,
          y1 = b[q1 + p]!,
          y2 = b[q2 + p]!,
          y3 = b[q3 + p]!
        let x = a[r0 + p]!
        s00 += x * y0
        s01 += x * y1
        s02 += x * y2
        s03 += x * y3
        x = a[r1 + p]!
        s10 += x * y0
        s11 += x * y1
        s12 += x * y2
        s13 += x * y3
        x = a[r2 + p]!
        s20 += x * y0
        s21 += x * y1
        s22 += x * y2
        s23 += x * y3
        x = a[r3 + p]!
        s30 += x * y0
        s31 += x * y1
        s32 += x * y2
        s33 += x * y3
      }
      out[o0 + j] = s00
      out[o0 + j + 1] = s01
      out[o0 + j + 2] = s02
      out[o0 + j + 3] = s03
      out[o1 + j] = s10
      out[o1 + j + 1] = s11
      out[o1 + j + 2] = s12
      out[o1 + j + 3] = s13
      out[o2 + j] = s20
      out[o2 + j + 1] = s21
      out[o2 + j + 2] = s22
      out[o2 + j + 3] = s23
      out[o3 + j] = s30
      out[o3 + j + 1] = s31
      out[o3 + j + 2] = s32
      out[o3 + j + 3] = s33
    }
    for (; j < n; j++) {
      const q = j * k
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0
      for (let p = 0; p < k; p++) {
        const y = b[q + p]!
        s0 += a[r0 + p]! * y
        s1 += a[r1 + p]! * y
        s2 += a[r2 + p]! * y
        s3 += a[r3 + p]! * y
      }
      out[o0 + j] = s0
      out[o1 + j] = s1
      out[o2 + j] = s2
      out[o3 + j] = s3
    }
  }
  for (; i < m; i++) {
    const ri = i * k
    for (let j = 0; j < n; j++) {
      const q = j * k
      let s = 0
      for (let p = 0; p < k; p++) s += a[ri + p]! * b[q + p]!
      out[i * n + j] = s
    }
  }
  return out
}

/**
 * The transpose of a `[rows, cols]` matrix.
 *
 * @example
 * import { Tensor } from 'gradfold'
 * // [[1, 2, 3], [4, 5, 6]] becomes [[1, 4], [2, 5], [3, 6]]
 * Tensor.kernels.transpose(Float64Array.of(1, 2, 3, 4, 5, 6), { rows: 2, cols: 3 }) // => [1, 4, 2, 5, 3, 6]
 */
export const transpose = (a: Float64Array, { rows, cols }: MatrixShape): Float64Array => {
  const out = new Float64Array(rows * cols)
  for (let i = 0; i < rows; i++) {
    const ai = i * cols
    for (let j = 0; j < cols; j++) out[j * rows + i] = a[ai + j]!
  }
  return out
}

// -------------------------------------------------------------------------------------
// reductions
// -------------------------------------------------------------------------------------

/**
 * The sum of all elements, left to right.
 *
 * @example
 * import { Tensor } from 'gradfold'
 * Tensor.kernels.sum(Float64Array.of(1, 2, 3.5)) // => 6.5
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
 * import { Tensor } from 'gradfold'
 * // ln(e⁰ + e⁰) = ln 2 for the row [0, 0]; a row of 1000s does not overflow: 1000 + ln 2
 * Tensor.kernels.rowLogSumExp(Float64Array.of(0, 0, 1000, 1000), { rows: 2, cols: 2 }) // => [0.6931471805599453, 1000.6931471805599]
 */
export const rowLogSumExp = (x: Float64Array, { rows, cols }: MatrixShape): Float64Array => {
  const out = new Float64Array(rows)
  for (let r = 0; r < rows; r++) {
    const o = r * cols
    let m = x[o]!
    for (let j = 1; j < cols; j++) m = Math.max(m, x[o + j]!)
    let s = 0
    for (let j = 0; j < cols; j++) s += Math.exp(x[o + j]! - m)
    out[r] = m + Math.log(s)
  }
  return out
}

/**
 * Sums along the middle axis of an array viewed as `[outer, len, inner]`: an `[outer, inner]`
 * result, each sum taken in index order.
 *
 * @example
 * import { Tensor } from 'gradfold'
 * // [[1, 2, 3], [4, 5, 6]] summed over its rows: one outer block, 2 rows, 3 columns
 * Tensor.kernels.sumAxis(Float64Array.of(1, 2, 3, 4, 5, 6), { outer: 1, len: 2, inner: 3 }) // => [5, 7, 9]
 */
export const sumAxis = (a: Float64Array, { outer, len, inner }: AxisShape): Float64Array => {
  const out = new Float64Array(outer * inner)
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

/**
 * For each row of a `[rows, cols]` matrix, the column of its largest element (the first, on ties).
 *
 * @example
 * import { Tensor } from 'gradfold'
 * // the predicted class of each row; a tie goes to the first
 * Tensor.kernels.argmaxRows(Float64Array.of(0.1, 0.7, 0.2, 0.5, 0.5, 0), { rows: 2, cols: 3 }) // => [1, 0]
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
