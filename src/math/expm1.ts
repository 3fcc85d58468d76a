/**
 * `e^x − 1`, accurate for small x, the same bits on every engine: `e^x = 2^k · e^r` with `e^r`
 * in double-double (`extended.ts`), then `2^k · e^r − 1` in double-double (the scaling is
 * exact), rounded once. Within one ulp of the true value.
 *
 * Laws: `expm1(0) = 0`, `expm1(−0) = −0`; `expm1(−∞) = −1`; `expm1(∞) = ∞`; monotone.
 *
 * @since 0.3.0
 */
import { pow2, scale } from './bits.js'
import { add } from './doubleDouble.js'
import { expParts } from './extended.js'

/**
 * `e^x − 1`, within one ulp, with the same bits on every JavaScript engine.
 *
 * @example
 * import { Elementary } from 'gradfold'
 *
 * Elementary.expm1(0) // => 0
 * Elementary.expm1(1e-20) // => 1e-20
 *
 * @category elementary functions
 * @since 0.3.0
 */
export const expm1 = (x: number): number => {
  if (!(x <= 7.09782712893383973096e2)) return x !== x ? x : Infinity
  if (x < -40) return -1 // e^x < 2^-57: e^x − 1 rounds to −1
  const ax = x < 0 ? -x : x
  if (ax < 5.551115123125783e-17) return x // |x| < 2^-54: e^x − 1 rounds to x
  const [k, s] = expParts([x, 0])
  if (k > 1023) return scale(s[0], k)
  const p = pow2(k)
  return add([s[0] * p, s[1] * p], [-1, 0])[0]
}
