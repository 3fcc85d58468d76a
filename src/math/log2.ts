/**
 * The base-2 logarithm, the same bits on every engine: `x = 2^k · m` exactly, then
 * `log2 x = k + log m · (1/ln 2)` with `log m` and `1/ln 2` in double-double (`extended.ts`),
 * rounded once at the end. Exact at powers of two; within one ulp of the true value elsewhere.
 *
 * Laws: `log2(2^k) = k`; `log2(0) = −∞`; NaN below 0; `log2(∞) = ∞`; monotone.
 *
 * @since 0.3.0
 */
import { add, multiply } from './doubleDouble.js'
import { INV_LN2, logParts } from './extended.js'

/**
 * `log₂ x`, within one ulp, with the same bits on every JavaScript engine.
 *
 * @example
 * import { Elementary } from 'gradfold'
 *
 * Elementary.log2(8) // => 3
 * Elementary.log2(0.5) // => -1
 *
 * @category elementary functions
 * @since 0.3.0
 */
export const log2 = (x: number): number => {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN
  if (x === Infinity) return x
  const [k, logM] = logParts(x)
  return add([k, 0], multiply(logM, INV_LN2))[0]
}
