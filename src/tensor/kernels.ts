/**
 * The loops over typed arrays that every tensor operation ends in. Each kernel reads its
 * inputs, fills a fresh `Float64Array` it allocated itself and returns it: no kernel writes
 * into an array it was given. Shapes are the caller's business: kernels do not check them
 * (the public operations in this folder, and the ops of `ad/`, do that once, up front).
 *
 * Loop orders are chosen for row-major memory: matrix products run i-k-j so the innermost
 * loop walks both the output row and a row of the right operand contiguously. They take the
 * summed axis four steps at a time (one read and write of the output per four products), still
 * adding the products in index order: the same bits as the plain loop, two to three times faster.
 *
 * @internal
 * @since 0.1.0
 */

/** `a + b` elementwise. */
export const addK = (a: Float64Array, b: Float64Array): Float64Array => {
  const n = a.length
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = a[i]! + b[i]!
  return out
}

/** `a − b` elementwise. */
export const subK = (a: Float64Array, b: Float64Array): Float64Array => {
  const n = a.length
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = a[i]! - b[i]!
  return out
}

/** `a · b` elementwise. */
export const mulK = (a: Float64Array, b: Float64Array): Float64Array => {
  const n = a.length
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = a[i]! * b[i]!
  return out
}

/** `a / b` elementwise. */
export const divK = (a: Float64Array, b: Float64Array): Float64Array => {
  const n = a.length
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = a[i]! / b[i]!
  return out
}

/** `c · a`. */
export const scaleK = (a: Float64Array, c: number): Float64Array => {
  const n = a.length
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = c * a[i]!
  return out
}

/** `a + c`. */
export const addScalarK = (a: Float64Array, c: number): Float64Array => {
  const n = a.length
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = a[i]! + c
  return out
}

/** `f(a)` elementwise. */
export const mapK = (a: Float64Array, f: (x: number) => number): Float64Array => {
  const n = a.length
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = f(a[i]!)
  return out
}

/** `f(a, b)` elementwise. */
export const zipWithK = (a: Float64Array, b: Float64Array, f: (x: number, y: number) => number): Float64Array => {
  const n = a.length
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = f(a[i]!, b[i]!)
  return out
}

/** How a row vector combines with each row of a matrix. */
export type RowOp = 'add' | 'sub' | 'mul' | 'div'

/** `a[i, j] op row[j]` for a `[rows, cols]` matrix `a`. */
export const rowwiseK = (a: Float64Array, row: Float64Array, rows: number, cols: number, op: RowOp): Float64Array => {
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

/** `a·b` for `a` `[m, k]` and `b` `[k, n]`: an `[m, n]` result. */
export const matmulK = (a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array => {
  const out = new Float64Array(m * n)
  for (let i = 0; i < m; i++) {
    const oi = i * n
    const ai = i * k
    let p = 0
    for (; p + 3 < k; p += 4) {
      const a0 = a[ai + p]!
      const a1 = a[ai + p + 1]!
      const a2 = a[ai + p + 2]!
      const a3 = a[ai + p + 3]!
      const b0 = p * n
      const b1 = b0 + n
      const b2 = b1 + n
      const b3 = b2 + n
      for (let j = 0; j < n; j++) out[oi + j] = out[oi + j]! + a0 * b[b0 + j]! + a1 * b[b1 + j]! + a2 * b[b2 + j]! + a3 * b[b3 + j]!
    }
    for (; p < k; p++) {
      const aip = a[ai + p]!
      const bp = p * n
      for (let j = 0; j < n; j++) out[oi + j] = out[oi + j]! + aip * b[bp + j]!
    }
  }
  return out
}

/** `aᵀ·b` for `a` `[k, m]` and `b` `[k, n]`: an `[m, n]` result, without forming `aᵀ`. */
export const matmulTNK = (a: Float64Array, b: Float64Array, k: number, m: number, n: number): Float64Array => {
  const out = new Float64Array(m * n)
  let p = 0
  for (; p + 3 < k; p += 4) {
    const a0 = p * m
    const a1 = a0 + m
    const a2 = a1 + m
    const a3 = a2 + m
    const b0 = p * n
    const b1 = b0 + n
    const b2 = b1 + n
    const b3 = b2 + n
    for (let i = 0; i < m; i++) {
      const c0 = a[a0 + i]!
      const c1 = a[a1 + i]!
      const c2 = a[a2 + i]!
      const c3 = a[a3 + i]!
      const oi = i * n
      for (let j = 0; j < n; j++) out[oi + j] = out[oi + j]! + c0 * b[b0 + j]! + c1 * b[b1 + j]! + c2 * b[b2 + j]! + c3 * b[b3 + j]!
    }
  }
  for (; p < k; p++) {
    const ap = p * m
    const bp = p * n
    for (let i = 0; i < m; i++) {
      const api = a[ap + i]!
      const oi = i * n
      for (let j = 0; j < n; j++) out[oi + j] = out[oi + j]! + api * b[bp + j]!
    }
  }
  return out
}

/** `a·bᵀ` for `a` `[m, k]` and `b` `[n, k]`: an `[m, n]` result, without forming `bᵀ`. */
export const matmulNTK = (a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array => {
  const out = new Float64Array(m * n)
  for (let i = 0; i < m; i++) {
    const ai = i * k
    for (let j = 0; j < n; j++) {
      const bj = j * k
      let s = 0
      let p = 0
      for (; p + 3 < k; p += 4) {
        s = s + a[ai + p]! * b[bj + p]! + a[ai + p + 1]! * b[bj + p + 1]! + a[ai + p + 2]! * b[bj + p + 2]! + a[ai + p + 3]! * b[bj + p + 3]!
      }
      for (; p < k; p++) s += a[ai + p]! * b[bj + p]!
      out[i * n + j] = s
    }
  }
  return out
}

/** The transpose of a `[rows, cols]` matrix. */
export const transposeK = (a: Float64Array, rows: number, cols: number): Float64Array => {
  const out = new Float64Array(rows * cols)
  for (let i = 0; i < rows; i++) {
    const ai = i * cols
    for (let j = 0; j < cols; j++) out[j * rows + i] = a[ai + j]!
  }
  return out
}

/** The sum of all elements, left to right. */
export const sumK = (a: Float64Array): number => {
  let s = 0
  for (let i = 0; i < a.length; i++) s += a[i]!
  return s
}

/**
 * Sums along the middle axis of an array viewed as `[outer, len, inner]`: an `[outer, inner]`
 * result, each sum taken in index order.
 */
export const sumAxisK = (a: Float64Array, outer: number, len: number, inner: number): Float64Array => {
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

/** For each row of a `[rows, cols]` matrix, the column of its largest element (the first, on ties). */
export const argmaxRowsK = (a: Float64Array, rows: number, cols: number): Int32Array => {
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
