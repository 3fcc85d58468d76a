/**
 * The exponential, the same bits on every engine: a fixed sequence of IEEE 754 operations, so
 * that V8, JavaScriptCore and SpiderMonkey, whose `Math.exp` may differ in the last bit, agree.
 * The method is the table-driven one of Tang (1989), as modern libms use it: with `N = 128`,
 * `x = (k / N) · ln 2 + r`, `|r| ≤ ln2 / 2N` (ln 2 in two parts so that `k · ln2 / N` is exact),
 * `k = N·m + j`; then `e^x = 2^m · 2^{j/N} · e^r`. The 128 values `2^{j/N}` are computed once, as
 * double-double pairs, by the double-double exponential of `extended.ts` (no stored constants),
 * and `e^r − 1` is its Taylor polynomial of degree 6 (the rest is below 2^-70). The result is
 * `T_hi + (T_lo + T_hi · (e^r − 1))`, rounded once: within 0.52 ulp of the true value where it
 * is normal (0.509 the worst seen over 6·10^4 arguments), within one ulp in the subnormal range,
 * where the scaling rounds a second time.
 *
 * Laws: `exp(0) = 1`; `exp(−∞) = 0`, `exp(∞) = ∞`, `exp(NaN)` is NaN; monotone (non-decreasing).
 *
 * @since 0.3.0
 */
import { scale } from './bits.js'
import { expParts, LN2, LN2_HI, LN2_LO } from './extended.js'
import { twoProduct } from './doubleDouble.js'

const N = 128
const N_OVER_LN2 = 184.6649652337873 // 128 / ln 2, rounded: only chooses k
const STEP_HI = LN2_HI / N // exact: k · STEP_HI is exact for |k| < 2^21
const STEP_LO = LN2_LO / N

/** 2^{j/128} for j = 0…127 as [hi, lo] pairs, hi + lo within 2^-100 of the true value. */
const TABLE: Float64Array = (() => {
  const t = new Float64Array(2 * N)
  for (let j = 0; j < N; j++) {
    const [p, e] = twoProduct(j, LN2[0])
    const [k, s] = expParts([p / N, (e + j * LN2[1]) / N])
    t[2 * j] = k === 0 ? s[0] : 2 * s[0]
    t[2 * j + 1] = k === 0 ? s[1] : 2 * s[1]
  }
  return t
})()

const C3 = 1 / 6
const C4 = 1 / 24
const C5 = 1 / 120
const C6 = 1 / 720
/** The largest x whose exponential is finite, and the smallest whose exponential rounds above 0. */
const OVERFLOW = 7.09782712893383973096e2
const UNDERFLOW = -7.4513321910194110842e2

/**
 * `e^x`, within one ulp, with the same bits on every JavaScript engine.
 *
 * @example
 * import { Elementary } from 'gradfold'
 *
 * Elementary.exp(0) // => 1
 * Elementary.exp(1) // => 2.718281828459045
 *
 * @category elementary functions
 * @since 0.3.0
 */
export const exp = (x: number): number => {
  if (!(x <= OVERFLOW)) return x !== x ? x : Infinity
  if (x < UNDERFLOW) return 0
  const k = Math.round(x * N_OVER_LN2)
  const r = x - k * STEP_HI - k * STEP_LO
  const j = k & (N - 1)
  const p = r + r * r * (0.5 + r * (C3 + r * (C4 + r * (C5 + r * C6))))
  const hi = TABLE[2 * j]!
  const y = hi + (TABLE[2 * j + 1]! + hi * p)
  return scale(y, (k - j) / N)
}
