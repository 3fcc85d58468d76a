/**
 * Scalar formulas shared by the elementwise ops and the fused ops built on them, so that a
 * fused op computes bit for bit what the ops it fuses compute.
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
