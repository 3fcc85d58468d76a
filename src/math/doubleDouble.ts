/**
 * Double-double arithmetic: a value carried as an unevaluated sum `hi + lo` of two doubles with
 * `|lo| ≤ ulp(hi)/2`, about 106 significant bits. The error-free transformations (Knuth's
 * two-sum, Dekker's product through Veltkamp's split) are exact in IEEE 754 double arithmetic
 * with round-to-nearest, which JavaScript guarantees and never fuses; the compound operations
 * lose a few units of 2^-104 relative at most.
 *
 * Laws: `twoSum(a, b)` gives `[s, e]` with `s = fl(a + b)` and `s + e = a + b` exactly;
 * `twoProduct(a, b)` gives `[p, e]` with `p = fl(a · b)` and `p + e = a · b` exactly (for
 * `|a|, |b| < 2^996`).
 *
 * @internal
 * @since 0.3.0
 */

/** A double-double `[hi, lo]`. */
export type DD = readonly [hi: number, lo: number]

/** `a + b` as `[fl(a + b), error]`, exactly, for any order of magnitudes. */
export const twoSum = (a: number, b: number): DD => {
  const s = a + b
  const bv = s - a
  return [s, a - (s - bv) + (b - bv)]
}

/** `a + b` as `[fl(a + b), error]`, exactly, when `|a| ≥ |b|` (or a is 0). */
export const fastTwoSum = (a: number, b: number): DD => {
  const s = a + b
  return [s, b - (s - a)]
}

/** 2^27 + 1: Veltkamp's constant, which splits a double into two halves of 26 bits. */
const SPLITTER = 134217729

/** `a · b` as `[fl(a · b), error]`, exactly (Dekker), for `|a|, |b| < 2^996`. */
export const twoProduct = (a: number, b: number): DD => {
  const p = a * b
  const ca = SPLITTER * a
  const ah = ca - (ca - a)
  const al = a - ah
  const cb = SPLITTER * b
  const bh = cb - (cb - b)
  const bl = b - bh
  return [p, ah * bh - p + ah * bl + al * bh + al * bl]
}

/** The double-double sum of two double-doubles. */
export const add = (a: DD, b: DD): DD => {
  const [s, e] = twoSum(a[0], b[0])
  const [t, f] = twoSum(a[1], b[1])
  const [u, g] = fastTwoSum(s, e + t)
  return fastTwoSum(u, g + f)
}

/** The double-double product of two double-doubles. */
export const multiply = (a: DD, b: DD): DD => {
  const [p, e] = twoProduct(a[0], b[0])
  return fastTwoSum(p, e + (a[0] * b[1] + a[1] * b[0]))
}

/** The double-double quotient of two double-doubles (b not 0). */
export const divide = (a: DD, b: DD): DD => {
  const q = a[0] / b[0]
  const [p, e] = twoProduct(q, b[0])
  return fastTwoSum(q, (a[0] - p - e + a[1] - q * b[1]) / b[0])
}

/** The double-double `n / d` for small integers (exact in double), for constants like 2/3. */
export const ratio = (n: number, d: number): DD => {
  const hi = n / d
  const [p, e] = twoProduct(hi, d)
  return [hi, (n - p - e) / d]
}
