/**
 * `cos(π t)`, the same bits on every engine, for the cosine schedule's `cos(π · step / steps)`.
 * The argument is taken in half-turns, so the reduction is exact: `t mod 2` (JavaScript's `%` is
 * exact), then the symmetries `cos(π(2 − t)) = cos(π t)`, `cos(π(1 − t)) = −cos(π t)` and
 * `cos(π t) = sin(π(1/2 − t))`, each subtraction exact by Sterbenz's lemma, leave `u ∈ [0, 1/4]`.
 * Then `x = π u` in double-double (π in two parts, Dekker's product), and the Taylor series of
 * cos or sin on `|x| ≤ π/4`, the leading terms in double-double: within one ulp of the true
 * value.
 *
 * Laws: `cosPi(0) = 1`, `cosPi(1) = −1`, `cosPi(1/2) = 0`; even; period 2; `|cosPi t| ≤ 1`;
 * non-increasing on [0, 1].
 *
 * @since 0.3.0
 */
import { add, fastTwoSum, twoProduct, twoSum } from './doubleDouble.js'

const PI_HI = 3.141592653589793
const PI_LO = 1.2246467991473532e-16
/** (−1)^n / (2n)! for n = 2…11, and (−1)^n / (2n + 1)! for n = 1…10. */
const COS_TAIL: ReadonlyArray<number> = Array.from({ length: 10 }, (_, i) => {
  let f = 1
  for (let n = 2; n <= 2 * (i + 2); n++) f *= n
  return (i % 2 === 0 ? 1 : -1) / f
})
const SIN_TAIL: ReadonlyArray<number> = Array.from({ length: 10 }, (_, i) => {
  let f = 1
  for (let n = 2; n <= 2 * (i + 1) + 1; n++) f *= n
  return (i % 2 === 0 ? -1 : 1) / f
})

/** Horner's rule for Σ c[i] z^i. */
const series = (c: ReadonlyArray<number>, z: number): number => {
  let s = c[c.length - 1]!
  for (let i = c.length - 2; i >= 0; i--) s = c[i]! + z * s
  return s
}

/** cos(π u) or sin(π u) for u ∈ [0, 1/4]. */
const kernel = (u: number, sine: boolean): number => {
  const [ph, pe] = twoProduct(PI_HI, u)
  const [xh, xl] = fastTwoSum(ph, pe + PI_LO * u)
  const [zh, ze] = twoProduct(xh, xh)
  const zl = ze + 2 * xh * xl
  if (sine) return xh + (xl + xh * zh * series(SIN_TAIL, zh))
  const [wh, wl] = twoSum(1, -0.5 * zh)
  return add([wh, wl], [-0.5 * zl, zh * zh * series(COS_TAIL, zh)])[0]
}

/**
 * `cos(π t)` for any double t, within one ulp, with the same bits on every JavaScript engine.
 *
 * @example
 * import { Elementary } from 'gradfold'
 *
 * Elementary.cosPi(0) // => 1
 * Elementary.cosPi(1 / 3) // => 0.5
 * Elementary.cosPi(1) // => -1
 *
 * @category elementary functions
 * @since 0.3.0
 */
export const cosPi = (t: number): number => {
  if (!Number.isFinite(t)) return NaN
  let v = (t < 0 ? -t : t) % 2
  if (v > 1) v = 2 - v
  const sign = v > 0.5 ? -1 : 1
  if (v > 0.5) v = 1 - v
  const r = v <= 0.25 ? kernel(v, false) : kernel(0.5 - v, true)
  return sign * r
}
