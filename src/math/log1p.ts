/**
 * `log(1 + x)`, accurate for small x, the same bits on every engine. With `u = fl(1 + x)` and
 * its rounding error `e` (exact, by two-sum), `log(1 + x) = log u + log(1 + e/u) ≈ log u + e/u`;
 * `log u` is split as for `log`, and `e/u` enters as the kernel's correction. When
 * `√2/2 ≤ 1 + x < √2`, `f = x` itself needs no reduction. Within one ulp of the true value
 * (fdlibm's `s_log1p.c` follows the same plan).
 *
 * Laws: `log1p(0) = 0`, `log1p(−0) = −0`; `log1p(−1) = −∞`; NaN below −1; `log1p(∞) = ∞`;
 * monotone.
 *
 * @since 0.3.0
 */
import { mantissa, reduce } from './bits.js'
import { logKernel } from './logKernel.js'

/**
 * `ln(1 + x)`, within one ulp, with the same bits on every JavaScript engine.
 *
 * @example
 * import { Elementary } from 'gradfold'
 *
 * Elementary.log1p(0) // => 0
 * Elementary.log1p(1e-20) // => 1e-20
 *
 * @category elementary functions
 * @since 0.3.0
 */
export const log1p = (x: number): number => {
  if (!(x > -1)) return x === -1 ? -Infinity : NaN
  if (x === Infinity) return x
  const ax = x < 0 ? -x : x
  if (ax < 5.551115123125783e-17) return x // |x| < 2^-54: log(1 + x) rounds to x
  if (x >= -0.2928932188134524 && x < 0.41421356237309503) return logKernel(0, x, 0)
  const u = 1 + x
  const bv = u - 1
  const e = 1 - (u - bv) + (x - bv)
  const k = reduce(u)
  return logKernel(k, mantissa() - 1, e / u)
}
