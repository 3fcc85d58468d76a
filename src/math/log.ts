/**
 * The natural logarithm, the same bits on every engine: `x = 2^k · m` with `√2/2 ≤ m < √2`
 * (an exact split of the double's bits; subnormals are scaled up by 2^54 first), then the
 * fdlibm method of `logKernel.ts`. Within one ulp of the true value. ECMAScript leaves
 * `Math.log`'s accuracy to the engine, and engines (and versions of one engine) round some
 * arguments differently; this function is a fixed map from doubles to doubles.
 *
 * Laws: `log(1) = 0`; `log(0) = −∞`; `log(x) ` is NaN for `x < 0` and NaN; `log(∞) = ∞`;
 * monotone (non-decreasing).
 *
 * @since 0.3.0
 */
import { mantissa, reduce } from './bits.js'
import { logKernel } from './logKernel.js'

/**
 * `ln x`, within one ulp, with the same bits on every JavaScript engine.
 *
 * @example
 * import { Elementary } from 'gradfold'
 *
 * Elementary.log(1) // => 0
 * Elementary.log(2) // => 0.6931471805599453
 *
 * @category elementary functions
 * @since 0.3.0
 */
export const log = (x: number): number => {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN
  if (x === Infinity) return x
  if (x < 2.2250738585072014e-308) {
    const k = reduce(x * 18014398509481984) - 54 // 2^54 lifts a subnormal into the normal range
    return logKernel(k, mantissa() - 1, 0)
  }
  const k = reduce(x)
  return logKernel(k, mantissa() - 1, 0)
}
