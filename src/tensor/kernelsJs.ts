/**
 * The matrix products in plain JavaScript: the reference every other product kernel is held
 * to, bit for bit, and the kernels that run wherever WebAssembly SIMD does not (and for
 * products too small to repay copying into wasm memory). `kernels.ts` chooses between them.
 *
 * Every product below gives each output element the sum `((0 + a₀b₀) + a₁b₁) + a₂b₂ + …` of
 * its products in index order p = 0, 1, 2, …, the sum the plain triple loop takes, so all
 * of them agree with it to the bit (law: laws/tensor.ts, `productKernelsEqualTheTripleLoop`).
 * Blocking changes only how often each number is loaded and stored, never the order of the
 * additions: `s + x₀ + x₁ + x₂ + x₃` evaluates left to right, one rounding per `+`, as four
 * separate `s += xᵢ` would, and JavaScript never fuses a multiply into an add.
 *
 * @internal
 * @since 0.2.0
 */
import type { ProductShape } from './kernels.js'

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
  n: number,
  into?: Float64Array
): Float64Array => {
  const out = into === undefined ? new Float64Array(m * n) : into.fill(0, 0, m * n)
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

/** `a·b` for `a` `[m, k]` and `b` `[k, n]`: an `[m, n]` result (into `into` when given). */
export const matmul = (
  a: Float64Array,
  b: Float64Array,
  { m, k, n }: ProductShape,
  into?: Float64Array
): Float64Array => stridedProduct(a, k, 1, b, m, k, n, into)

/** `aᵀ·b` for `a` `[k, m]` and `b` `[k, n]`: an `[m, n]` result, without forming `aᵀ` (into `into` when given). */
export const matmulTN = (
  a: Float64Array,
  b: Float64Array,
  { m, k, n }: ProductShape,
  into?: Float64Array
): Float64Array => stridedProduct(a, 1, m, b, m, k, n, into)

/**
 * `a·bᵀ` for `a` `[m, k]` and `b` `[n, k]`: an `[m, n]` result, without forming `bᵀ` (into `into` when
 * given).
 *
 * Each output element is the dot product of a row of `a` and a row of `b`, both contiguous.
 * Blocks of 4 rows of `a` × 4 rows of `b` run 16 dot products side by side, each in its own
 * accumulator taking its products in order p = 0, 1, 2, …: every number loaded serves four
 * products. Left over rows of `b`, then left over rows of `a`, run 4 × 1 and 1 × 1.
 */
export const matmulNT = (
  a: Float64Array,
  b: Float64Array,
  { m, k, n }: ProductShape,
  into?: Float64Array
): Float64Array => {
  // every element is written (each dot product assigned), so a given array needs no clearing
  const out = into ?? new Float64Array(m * n)
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
