/**
 * The natural logarithm from `+ − × ÷` alone, so that it gives the same bits on every engine
 * and version. `Math.log` cannot promise that: ECMAScript leaves its accuracy to the
 * implementation, and V8 has moved it from its fdlibm port to LLVM's libc, which round some
 * arguments differently. IEEE 754 fixes every basic operation used here, and JavaScript never
 * fuses a multiply and an add, so this function is a fixed map from doubles to doubles.
 *
 * The method is the classical one of fdlibm's `e_log.c` (Sun Microsystems, 1993):
 * write `x = 2^k · (1 + f)` with `√2/2 ≤ 1 + f < √2`; with `s = f / (2 + f)`,
 * `log(1 + f) = 2 atanh(s) = f − f²/2 + s · (f²/2 + R(s²))`, where `R` is a degree-7 minimax
 * polynomial in `s²` (|error| < 2^-58.45); `k · ln 2` is added in two parts so that it is exact.
 * The result is within one ulp of the true logarithm.
 *
 * @internal
 * @since 0.1.0
 */

const LN2_HI = 6.9314718036912381649e-1 // ln 2 rounded to 32 significant bits: k · LN2_HI is exact
const LN2_LO = 1.90821492927058770002e-10 // ln 2 − LN2_HI
const LG1 = 6.66666666666673513e-1
const LG2 = 3.999999999940941908e-1
const LG3 = 2.857142874366239149e-1
const LG4 = 2.222219843214978396e-1
const LG5 = 1.818357216161805012e-1
const LG6 = 1.531383769920937332e-1
const LG7 = 1.479819860511658591e-1

/** Scratch for reading and writing a double's words; endianness is fixed by DataView. */
const scratch = new DataView(new ArrayBuffer(8))

/**
 * `log(x)` for a positive, finite, normal double `x` (x ≥ 2^-1022): the only arguments the
 * random module gives it. Anything else is outside its contract.
 *
 * @internal
 */
export const portableLog = (x: number): number => {
  scratch.setFloat64(0, x)
  const hx = scratch.getUint32(0)
  const mantissaHigh = hx & 0x000fffff
  // i is 0x100000 when the mantissa is about √2 or more (high bits ≥ 0x6a09c): it is then halved into [√2/2, 1)
  const i = (mantissaHigh + 0x95f64) & 0x100000
  const k = (hx >>> 20) - 1023 + (i >>> 20)
  scratch.setUint32(0, mantissaHigh | (i ^ 0x3ff00000))
  const f = scratch.getFloat64(0) - 1
  const s = f / (2 + f)
  const z = s * s
  const w = z * z
  const r = w * (LG2 + w * (LG4 + w * LG6)) + z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)))
  const hfsq = 0.5 * f * f
  return k * LN2_HI - (hfsq - (s * (hfsq + r) + k * LN2_LO) - f)
}
