/**
 * The power function, the same bits on every engine, with ECMAScript's `Math.pow` special cases
 * (including `pow(x, ±0) = 1` for every x, and NaN for `pow(±1, ±∞)`). For a finite base
 * `x > 0`, `x^y = e^{y · ln x}` with `ln x` in double-double (`extended.ts`, about 2^-100
 * relative), `y · ln x` formed exactly by Dekker's product, and the exponential of that
 * double-double in double-double, rounded once: within one ulp of the true value (subnormal
 * results within one ulp of the subnormal grid). A negative base gives NaN unless y is an
 * integer, and then `±|x|^y` by y's parity.
 *
 * Laws: `pow(x, 1) = x`; `pow(2, n) = 2^n` exactly; `pow(x, y)` is monotone in y for x > 1.
 *
 * @since 0.3.0
 */
import { scale } from './bits.js'
import { add, twoProduct } from './doubleDouble.js'
import { expParts, logDD } from './extended.js'

/** An odd integer (every double of magnitude 2^53 or more is even). */
const isOdd = (y: number): boolean => Number.isInteger(y) && y % 2 !== 0

/** x^y for a finite x > 0 and a finite y. */
const positive = (x: number, y: number): number => {
  if (x === 1) return 1
  const l = logDD(x)
  const head = y * l[0]
  if (head > 710) return Infinity
  if (head < -746) return 0
  const [k, s] = expParts(add(twoProduct(y, l[0]), [y * l[1], 0]))
  return scale(s[0], k)
}

/** x^y for ±∞ and ±0 bases (y finite, not 0). */
const edge = (x: number, y: number): number => {
  const big = x === Infinity || x === -Infinity
  const magnitude = y > 0 === big ? Infinity : 0
  return x < 0 || Object.is(x, -0) ? (isOdd(y) ? -magnitude : magnitude) : magnitude
}

/**
 * `x^y`, within one ulp, with the same bits on every JavaScript engine.
 *
 * @example
 * import { Elementary } from 'gradfold'
 *
 * Elementary.pow(2, 10) // => 1024
 * Elementary.pow(0.9, 2) // => 0.81
 * Elementary.pow(-2, 3) // => -8
 *
 * @category elementary functions
 * @since 0.3.0
 */
export const pow = (x: number, y: number): number => {
  if (y === 0) return 1
  if (x !== x || y !== y) return NaN
  if (y === Infinity || y === -Infinity) {
    const ax = x < 0 ? -x : x
    return ax === 1 ? NaN : ax > 1 === y > 0 ? Infinity : 0
  }
  if (x === 0 || x === Infinity || x === -Infinity) return edge(x, y)
  if (x > 0) return positive(x, y)
  if (!Number.isInteger(y)) return NaN
  const m = positive(-x, y)
  return isOdd(y) ? -m : m
}
