/**
 * Formulas and loops shared by the ops and the fused ops built on them, so that a fused op
 * computes bit for bit what the ops it fuses compute.
 *
 * @internal
 * @since 0.1.0
 */

/**
 * The logistic sigmoid `1 / (1 + e⁻ˣ)` of one number, without overflow for any finite `x`:
 * for negative `x` it is computed as `eˣ / (1 + eˣ)`.
 *
 * @internal
 */
export const sigmoidOf = (v: number): number => {
  if (v >= 0) return 1 / (1 + Math.exp(-v))
  const e = Math.exp(v)
  return e / (1 + e)
}

/**
 * An empty array handed back by a pullback for an input that is a constant: the reverse sweep
 * skips constants, so their gradient need not be computed.
 *
 * @internal
 */
export const NO_GRADIENT: Float64Array = new Float64Array(0)

/**
 * `logSumExp` of each row of a `[rows, cols]` array, `m + ln Σ e^(x − m)` with `m` the row's
 * maximum: neither overflows nor takes the log of an underflowed 0.
 *
 * @internal
 */
export const rowLogSumExp = (x: Float64Array, rows: number, cols: number): Float64Array => {
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
