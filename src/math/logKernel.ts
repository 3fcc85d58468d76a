/**
 * The common core of `log` and `log1p`, the method of fdlibm's `e_log.c` (Sun Microsystems,
 * 1993) written anew: for `1 + f = m ∈ [√2/2, √2)` and `s = f / (2 + f)`,
 * `log(1 + f) = 2 atanh(s) = f − f²/2 + s · (f²/2 + R(s²))`, where `R` is a degree-7 minimax
 * polynomial in `s²` (|error| < 2^-58.45); `k · ln 2` is added in two parts so that it is exact,
 * and `c`, a correction of `1 + f` below its last bit, is added beside `k · ln 2`'s low part.
 *
 * @internal
 * @since 0.3.0
 */
import { LN2_HI, LN2_LO } from './extended.js'

const LG1 = 6.66666666666673513e-1
const LG2 = 3.999999999940941908e-1
const LG3 = 2.857142874366239149e-1
const LG4 = 2.222219843214978396e-1
const LG5 = 1.818357216161805012e-1
const LG6 = 1.531383769920937332e-1
const LG7 = 1.479819860511658591e-1

/** `k · ln 2 + log(1 + f) + c`, for `1 + f ∈ [√2/2, √2)` and a correction `|c| ≤ ulp(1 + f)`. */
export const logKernel = (k: number, f: number, c: number): number => {
  const s = f / (2 + f)
  const z = s * s
  const w = z * z
  const r = w * (LG2 + w * (LG4 + w * LG6)) + z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)))
  const hfsq = 0.5 * f * f
  return k * LN2_HI - (hfsq - (s * (hfsq + r) + (k * LN2_LO + c)) - f)
}
