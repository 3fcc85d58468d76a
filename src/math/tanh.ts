/**
 * The hyperbolic tangent, the same bits on every engine: `tanh |x| = E / (E + 2)` with
 * `E = e^{2|x|} − 1` in double-double (as in `expm1`), the quotient in double-double, rounded
 * once; odd in x. Within one ulp of the true value.
 *
 * Laws: `tanh(±0) = ±0`; `tanh(±∞) = ±1`; odd; monotone; `|tanh x| ≤ 1`.
 *
 * @since 0.3.0
 */
import { pow2 } from './bits.js'
import { add, divide } from './doubleDouble.js'
import { expParts } from './extended.js'

/**
 * `tanh x`, within one ulp, with the same bits on every JavaScript engine.
 *
 * @example
 * import { Elementary } from 'gradfold'
 *
 * Elementary.tanh(0) // => 0
 * Elementary.tanh(30) // => 1
 *
 * @category elementary functions
 * @since 0.3.0
 */
export const tanh = (x: number): number => {
  if (x !== x) return x
  const ax = x < 0 ? -x : x
  if (ax < 3.725290298461914e-9) return x // |x| < 2^-28: tanh x rounds to x
  if (ax >= 22) return x < 0 ? -1 : 1 // 1 − tanh|x| < 2^-62
  const [k, s] = expParts([2 * ax, 0])
  const p = pow2(k)
  const e = add([s[0] * p, s[1] * p], [-1, 0])
  const t = divide(e, add(e, [2, 0]))[0]
  return x < 0 ? -t : t
}
