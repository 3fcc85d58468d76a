/**
 * The exponential, the same bits on every engine: a fixed sequence of IEEE 754 operations,
 * so that V8, JavaScriptCore and SpiderMonkey, whose `Math.exp` may differ in the last bit,
 * agree. The method is the classical one of fdlibm's `e_exp.c` (Sun Microsystems, 1993),
 * written anew: `x = k · ln 2 + r` with `|r| ≤ ln2/2` (ln 2 in two parts so that `k · ln 2`
 * is exact); on that interval `r · (e^r + 1)/(e^r − 1) = 2 + r² · P(r²)` for a degree-5 minimax
 * polynomial `P` (|error| < 2^-59), so `c = r − r² · P(r²)` gives `e^r = 1 + r + r · c/(2 − c)`;
 * then `e^x = 2^k · e^r`. Within one ulp of the true value.
 *
 * Laws: `exp(0) = 1`; `exp(−∞) = 0`, `exp(∞) = ∞`, `exp(NaN)` is NaN; monotone (non-decreasing).
 *
 * @since 0.3.0
 */
import { scale } from './bits.js'
import { LN2_HI, LN2_LO } from './extended.js'

const INV_LN2 = 1.442695040888963387
const P1 = 1.66666666666666019037e-1
const P2 = -2.77777777770155933842e-3
const P3 = 6.61375632143793436117e-5
const P4 = -1.6533902205465251539e-6
const P5 = 4.13813679705723846039e-8
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
  const ax = x < 0 ? -x : x
  if (ax < 3.725290298461914e-9) return 1 + x // |x| < 2^-28: e^x rounds to 1 + x
  const k = ax < 0.34657359027997264 ? 0 : Math.round(x * INV_LN2)
  const hi = x - k * LN2_HI
  const lo = k * LN2_LO
  const r = hi - lo
  const z = r * r
  const c = r - z * (P1 + z * (P2 + z * (P3 + z * (P4 + z * P5))))
  const y = 1 - (lo - (r * c) / (2 - c) - hi)
  return k === 0 ? y : scale(y, k)
}
