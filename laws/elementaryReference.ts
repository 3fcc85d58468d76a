/**
 * Exact references for the elementary functions, in BigInt fixed point: a real number is
 * `r · 2^-f` with `r` a BigInt and `f` chosen per argument so that the value carries at least
 * 250 significant bits. Every series here has exact rational coefficients and is summed until
 * its terms vanish at that precision, so the reference is within a few units of 2^-250 relative
 * of the true value: far below the half-ulp (2^-53) a double can resolve. The references read a
 * double's bits exactly (`DataView`), and use no floating-point function beyond that.
 *
 * - `e^x`: `x = k · ln 2 + r`, `e^r = Σ rⁿ/n!`, times 2^k.
 * - `log y`: `y = 2^k · m`, `√2/2 ≤ m < √2`, `log m = 2 Σ s^{2n+1}/(2n + 1)` with
 *   `s = (m − 1)/(m + 1)`, plus `k · ln 2`; `ln 2 = 2 atanh(1/3)` to 2000 bits.
 * - `log1p`, `log2`, `expm1`, `tanh`, `pow` from those, with the exact `1 + x`, the Taylor series
 *   of `e^x − 1` for small x, `(e^{2x} − 1)/(e^{2x} + 1)` and `e^{y · log x}`.
 *
 * @internal
 * @since 0.3.0
 */

/** A real number `r · 2^-f`. */
export interface Fixed {
  readonly r: bigint
  readonly f: number
}

const view = new DataView(new ArrayBuffer(8))

/** A finite double as `m · 2^e`, m an integer with |m| < 2^53, exactly. */
export const parts = (x: number): { readonly m: bigint; readonly e: number } => {
  view.setFloat64(0, x)
  const hi = view.getUint32(0)
  const biased = (hi >>> 20) & 0x7ff
  const bits = (BigInt(hi & 0xfffff) << 32n) | BigInt(view.getUint32(4))
  const m = biased === 0 ? bits : bits | (1n << 52n)
  return { m: hi >>> 31 === 1 ? -m : m, e: biased === 0 ? -1074 : biased - 1075 }
}

/** v · 2^by, truncated toward zero when by < 0. */
const shift = (v: bigint, by: number): bigint => (by >= 0 ? v << BigInt(by) : v / (1n << BigInt(-by)))

/** The number of bits of |v| (0 for 0). */
export const bitLength = (v: bigint): number => (v === 0n ? 0 : (v < 0n ? -v : v).toString(2).length)

const LN2_BITS = 2000
/** ln 2 · 2^2000, from `ln 2 = 2 Σ 3^-(2n+1)/(2n + 1)`. */
const LN2_BIG: bigint = (() => {
  const one = 1n << BigInt(LN2_BITS + 16)
  let sum = 0n
  let power = one / 3n
  for (let n = 0n; power > 0n; n++) {
    sum += power / (2n * n + 1n)
    power /= 9n
  }
  return (2n * sum) >> 16n
})()

const ln2At = (f: number): bigint => LN2_BIG >> BigInt(LN2_BITS - f)

/** The working precision of the exponential's reduced argument. */
const W = 320

/** e^{X · 2^-w}, for |X · 2^-w| < 2^20. */
const expFixed = (x: bigint, w: number): Fixed => {
  const xw = shift(x, W - w)
  const k = Math.round(Number(shift(xw, 40 - W)) / 2 ** 40 / Math.LN2)
  const r = xw - BigInt(k) * ln2At(W)
  const one = 1n << BigInt(W)
  let sum = one
  let term = one
  for (let n = 1n; term !== 0n; n++) {
    term = (term * r) / n / one
    sum += term
  }
  return { r: sum, f: W - k }
}

/** log(Y · 2^-g) for Y > 0. */
const logFixed = (y: bigint, g: number): Fixed => {
  const k0 = bitLength(y) - 1 - g
  // m = y / 2^k0 ∈ [1, 2); halve it (k + 1) when m² ≥ 2
  const k = y * y >= 1n << BigInt(2 * (g + k0) + 1) ? k0 + 1 : k0
  const w = Math.max(g + k, 0) + 300
  const m = shift(y, w - g - k)
  const one = 1n << BigInt(w)
  const s = ((m - one) << BigInt(w)) / (m + one)
  const s2 = (s * s) / one
  let sum = 0n
  let term = s
  for (let n = 1n; term !== 0n; n += 2n) {
    sum += term / n
    term = (term * s2) / one
  }
  return { r: 2n * sum + BigInt(k) * ln2At(w), f: w }
}

/** `e^x` for a finite double x. */
export const exp = (x: number): Fixed => expFixed(shift(parts(x).m, parts(x).e + W), W)

/** `log x` for a finite double x > 0. */
export const log = (x: number): Fixed => {
  const { m, e } = parts(x)
  return logFixed(m, -e)
}

/** `log(1 + x)` for a finite double x > −1, 1 + x exact. */
export const log1p = (x: number): Fixed => {
  const { m, e } = parts(x)
  return e >= 0 ? logFixed((m << BigInt(e)) + 1n, 0) : logFixed((1n << BigInt(-e)) + m, -e)
}

/** `log₂ x` for a finite double x > 0. */
export const log2 = (x: number): Fixed => {
  const l = log(x)
  return { r: (l.r << BigInt(l.f)) / ln2At(l.f), f: l.f }
}

/** ⌊log₂ |x|⌋ for a finite double x ≠ 0. */
const exponentOf = (x: number): number => {
  const { m, e } = parts(x)
  return bitLength(m) - 1 + e
}

/** e^x − 1 by its Taylor series, for |x| < 1/4, x ≠ 0, with 320 bits past x's leading bit. */
const expm1Series = (x: number): Fixed => {
  const w = W - exponentOf(x)
  const xf = shift(parts(x).m, parts(x).e + w)
  const one = 1n << BigInt(w)
  let sum = 0n
  let term = xf
  for (let n = 2n; term !== 0n; n++) {
    sum += term
    term = (term * xf) / n / one
  }
  return { r: sum, f: w }
}

/** `e^x − 1` for a finite double x ≠ 0. */
export const expm1 = (x: number): Fixed => {
  if (x > -0.25 && x < 0.25) return expm1Series(x)
  const e = exp(x)
  return e.f >= 0 ? { r: e.r - (1n << BigInt(e.f)), f: e.f } : e
}

/** `tanh x` for a finite double x ≠ 0. */
export const tanh = (x: number): Fixed => {
  const ax = Math.abs(x)
  const sign = x < 0 ? -1n : 1n
  if (ax > 40) return { r: sign, f: 0 } // 1 − tanh|x| < 2^-114
  if (ax < 0.125) {
    const e = expm1Series(2 * ax)
    return { r: (sign * (e.r << BigInt(e.f))) / (e.r + (2n << BigInt(e.f))), f: e.f }
  }
  const e = exp(2 * ax)
  const one = 1n << BigInt(e.f)
  return { r: (sign * ((e.r - one) << BigInt(W))) / (e.r + one), f: W }
}

/** `x^y` for finite doubles x > 0 and y: a Fixed, or the infinity or zero it rounds to far out of range. */
export const pow = (x: number, y: number): Fixed | number => {
  const l = log(x)
  const { m, e } = parts(y)
  const p = shift(m * l.r, W - (l.f - e))
  const approx = Number(shift(p, 40 - W)) / 2 ** 40
  if (approx > 720) return Infinity
  if (approx < -760) return 0
  return expFixed(p, W)
}

/** π · 2^2000, by Machin: π = 16 atan(1/5) − 4 atan(1/239). */
const PI_BIG: bigint = (() => {
  const one = 1n << BigInt(LN2_BITS + 16)
  const atanInverse = (n: bigint): bigint => {
    let sum = 0n
    let power = one / n
    for (let k = 0n; power > 0n; k++) {
      sum += (k % 2n === 0n ? 1n : -1n) * (power / (2n * k + 1n))
      power /= n * n
    }
    return sum
  }
  return (16n * atanInverse(5n) - 4n * atanInverse(239n)) >> 16n
})()

/** `cos(π t)` for a finite double t: the half-turns reduced exactly, then cos or sin of π·u. */
export const cosPi = (t: number): Fixed => {
  const { m, e } = parts(Math.abs(t))
  const g = Math.max(0, -e)
  const one = 1n << BigInt(g)
  let u = (m << BigInt(e + g)) % (2n * one)
  if (u > one) u = 2n * one - u
  const sign = u > one / 2n ? -1n : 1n
  if (u > one / 2n) u = one - u
  const sine = 4n * u > one
  if (sine) u = one / 2n - u
  const w = g + W
  const unit = 1n << BigInt(w)
  const x = (u * (PI_BIG >> BigInt(LN2_BITS - w))) >> BigInt(g)
  const x2 = (x * x) / unit
  let sum = 0n
  let term = sine ? x : unit
  for (let n = sine ? 2n : 1n; term !== 0n; n += 2n) {
    sum += term
    term = -((term * x2) / unit) / (n * (n + 1n))
  }
  return { r: sign * sum, f: w }
}

/**
 * The distance from a double to a reference, in units in the last place of the true value
 * (ulps of the subnormal grid below 2^-1022); ±∞ counts as ±2^1024.
 */
export const ulpError = (a: number, ref: Fixed): number => {
  if (a !== a) return Infinity
  // ±∞ is the right rounding of anything at least MAX_VALUE + ulp/2 = 2^1024 − 2^970 in size
  if ((a === Infinity && ref.r > 0n) || (a === -Infinity && ref.r < 0n)) {
    const r = ref.r < 0n ? -ref.r : ref.r
    if (ref.f <= -970 || r >= ((1n << 54n) - 1n) << BigInt(970 + ref.f)) return 0
  }
  const { m, e } = a === Infinity ? { m: 1n, e: 1024 } : a === -Infinity ? { m: -1n, e: 1024 } : parts(a)
  // raise the reference's precision until a is exact in it
  const f = Math.max(ref.f, -e)
  const r = ref.r << BigInt(f - ref.f)
  const av = m << BigInt(e + f)
  const top = r === 0n ? -1074 : bitLength(r) - 1 - f
  const ulpExponent = Math.max(top - 52, -1074)
  const diff = av > r ? av - r : r - av
  return Number(shift(diff, 32 - (ulpExponent + f))) / 2 ** 32
}
