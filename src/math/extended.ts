/**
 * The logarithm and the exponential in double-double precision, about 2^-100 relative, for the
 * functions whose last bit they decide: `pow` (a product `y · log x` of up to 745 in size is
 * exponentiated, so log must be known far past 53 bits), `log2`, `expm1` and `tanh` (which
 * subtract 1 from an exponential). Built from the exact transformations of `doubleDouble.ts`
 * and Taylor series whose coefficients are exact ratios of integers, so no constant here was
 * fitted.
 *
 * - `logParts(x)`: `x = 2^k · m`, `√2/2 ≤ m < √2`; with `s = (m − 1)/(m + 1)`, `|s| ≤ 0.1716`,
 *   `log m = 2 atanh s = 2s + 2s³/3 + 2s⁵/5 + …`, summed to `s²⁹` (the rest is below 2^-76
 *   relative), with s, s² and the first two terms in double-double.
 * - `expParts(p)`: `p = k · ln 2 + r`, `|r| ≤ ln2/2 + ε`; `e^r = 1 + r + r²(1/2 + r/6 + … + r¹⁵/17!)`,
 *   the last factor's tail in double, the rest in double-double.
 *
 * @internal
 * @since 0.3.0
 */
import { type DD, add, divide, fastTwoSum, multiply, ratio, twoProduct, twoSum } from './doubleDouble.js'
import { mantissa, reduce } from './bits.js'

/** ln 2 rounded to 32 significant bits, so that k · LN2_HI is exact for |k| < 2^21. */
export const LN2_HI = 6.9314718036912381649e-1
/** ln 2 − LN2_HI, rounded. */
export const LN2_LO = 1.90821492927058770002e-10
/** ln 2 as a double-double. */
export const LN2: DD = [6.931471805599452862e-1, 2.319046813846299558e-17]
/** 1 / ln 2 as a double-double. */
export const INV_LN2: DD = [1.4426950408889634, 2.0355273740931033e-17]

const TWO_THIRDS = ratio(2, 3)
const TWO_FIFTHS = ratio(2, 5)
/** 2/7, 2/9, …, 2/29: the atanh series' coefficients past the first two. */
const ATANH_TAIL: ReadonlyArray<number> = Array.from({ length: 12 }, (_, i) => 2 / (7 + 2 * i))
/** 1/3!, 1/4!, …, 1/17! (each n! is exact in double up to 18!). */
const EXP_TAIL: ReadonlyArray<number> = Array.from({ length: 15 }, (_, i) => {
  let f = 1
  for (let n = 2; n <= i + 3; n++) f *= n
  return 1 / f
})

/**
 * `log x` for a positive, finite double as `[k, log m]` with `log x = k · ln 2 + log m`, log m a
 * double-double. Subnormal arguments are scaled up by 2^54 first.
 */
export const logParts = (x: number): readonly [k: number, logM: DD] => {
  const sub = x < 2.2250738585072014e-308
  const k0 = reduce(sub ? x * 18014398509481984 : x)
  const f = mantissa() - 1 // exact: m ∈ [√2/2, √2)
  // s = f / (2 + f), in double-double: 2 + f is split exactly first
  const s = divide([f, 0], fastTwoSum(2, f))
  const z = multiply(s, s)
  let v = ATANH_TAIL[ATANH_TAIL.length - 1]!
  for (let i = ATANH_TAIL.length - 2; i >= 0; i--) v = ATANH_TAIL[i]! + z[0] * v
  const w = add(TWO_THIRDS, multiply(z, add(TWO_FIFTHS, twoProduct(z[0], v))))
  const tail = multiply(multiply(z, s), w)
  return [sub ? k0 - 54 : k0, add([2 * s[0], 2 * s[1]], tail)]
}

/** `log x` as a double-double, for a positive, finite double x. */
export const logDD = (x: number): DD => {
  const [k, logM] = logParts(x)
  return add(add(twoProduct(k, LN2_HI), [k * LN2_LO, 0]), logM)
}

/**
 * `e^p` for a double-double p with |p| < 746 as `[k, e^r]`: `e^p = 2^k · e^r`, e^r a
 * double-double in [0.7, 1.42].
 */
export const expParts = (p: DD): readonly [k: number, expR: DD] => {
  const k = Math.round(p[0] * INV_LN2[0])
  // p − k·ln 2: k · LN2_HI is exact, and so is its difference from p's head (|k| ≤ 1077)
  const r = add(twoSum(p[0] - k * LN2_HI, p[1]), twoProduct(-k, LN2_LO))
  let q = EXP_TAIL[EXP_TAIL.length - 1]!
  for (let i = EXP_TAIL.length - 2; i >= 0; i--) q = EXP_TAIL[i]! + r[0] * q
  const h = fastTwoSum(0.5, r[0] * q)
  return [k, add(fastTwoSum(1, r[0]), add([0, r[1]], multiply(multiply(r, r), h)))]
}
