/**
 * Laws of the portable elementary functions (`Elementary`): each is within one ulp of the true
 * value, measured against an exact BigInt reference computed here (`elementaryReference.ts`,
 * about 2^-250 relative); each monotone function is monotone; and each gives fixed bits, told
 * by a hash of its results over fixed arguments, the same on every engine.
 *
 * @since 0.3.0
 */
import * as Elementary from '../src/math/index.js'
import * as Reference from './elementaryReference.js'

/** The one-argument elementary functions, by name. */
export type UnaryName = 'cosPi' | 'exp' | 'expm1' | 'log' | 'log1p' | 'log2' | 'tanh'

/** Each function with its exact reference (for arguments where the result is finite and not a special case). */
const unary: Readonly<Record<UnaryName, readonly [(x: number) => number, (x: number) => Reference.Fixed]>> = {
  cosPi: [Elementary.cosPi, Reference.cosPi],
  exp: [Elementary.exp, Reference.exp],
  expm1: [Elementary.expm1, Reference.expm1],
  log: [Elementary.log, Reference.log],
  log1p: [Elementary.log1p, Reference.log1p],
  log2: [Elementary.log2, Reference.log2],
  tanh: [Elementary.tanh, Reference.tanh]
}

/**
 * The distance in ulps between `Elementary[name](x)` and the true value, for a finite x inside
 * the function's domain, other than 0 (where the functions are exact, and laws/elementary's
 * special points check them).
 *
 * @example
 * import { ElementaryLaws } from 'gradfold/laws'
 * // fdlibm's method rounds e^1 up: 2.7182818284590455, 0.69 ulp above e
 * ElementaryLaws.ulpError('exp', 1) < 1 // => true
 *
 * @category laws
 * @since 0.3.0
 */
export const ulpError = (name: UnaryName, x: number): number => {
  const [f, reference] = unary[name]
  return Reference.ulpError(f(x), reference(x))
}

/**
 * `Elementary[name](x)` is within one ulp of the true value.
 *
 * @example
 * import { ElementaryLaws } from 'gradfold/laws'
 * ElementaryLaws.withinOneUlp('log')(0.1) // => true
 *
 * @category laws
 * @since 0.3.0
 */
export const withinOneUlp =
  (name: UnaryName) =>
  (x: number): boolean =>
    ulpError(name, x) <= 1

/**
 * The distance in ulps between `Elementary.pow(x, y)` and the true value, for a finite x > 0 and a
 * finite y (0 when the true value is so far out of range that ∞ or 0 is its rounding, and the
 * function gave it).
 *
 * @example
 * import { ElementaryLaws } from 'gradfold/laws'
 * // Adam's bias correction: β₂ to the power of the step
 * ElementaryLaws.powUlpError(0.999, 1000) < 1 // => true
 *
 * @category laws
 * @since 0.3.0
 */
export const powUlpError = (x: number, y: number): number => {
  const reference = Reference.pow(x, y)
  const a = Elementary.pow(x, y)
  return typeof reference === 'number' ? (Object.is(a, reference) ? 0 : Infinity) : Reference.ulpError(a, reference)
}

/**
 * `a ≤ b` implies `f(a) ≤ f(b)` for the monotone function `Elementary[name]` (all of these but
 * `cosPi`, which {@link decreasingOnHalfTurn} covers).
 *
 * @example
 * import { ElementaryLaws } from 'gradfold/laws'
 * ElementaryLaws.monotone('tanh')(0.5, 0.5000000000000001) // => true
 *
 * @category laws
 * @since 0.3.0
 */
export const monotone =
  (name: UnaryName) =>
  (a: number, b: number): boolean => {
    const f = unary[name][0]
    return a > b || f(a) <= f(b)
  }

/**
 * `0 ≤ a ≤ b ≤ 1` implies `cosPi(a) ≥ cosPi(b)`: cos(π t) falls over the half-turn.
 *
 * @example
 * import { ElementaryLaws } from 'gradfold/laws'
 * ElementaryLaws.decreasingOnHalfTurn(0.25, 0.75) // => true
 *
 * @category laws
 * @since 0.3.0
 */
export const decreasingOnHalfTurn = (a: number, b: number): boolean =>
  !(0 <= a && a <= b && b <= 1) || Elementary.cosPi(a) >= Elementary.cosPi(b)

/**
 * The next double above a finite x (the smallest subnormal above ±0).
 *
 * @example
 * import { ElementaryLaws } from 'gradfold/laws'
 * ElementaryLaws.nextUp(1) // => 1.0000000000000002
 *
 * @category helpers
 * @since 0.3.0
 */
export const nextUp = (x: number): number => {
  if (x === 0) return Number.MIN_VALUE
  const bits = new BigInt64Array(new Float64Array([x]).buffer)
  bits[0] = x > 0 ? bits[0]! + 1n : bits[0]! - 1n
  return new Float64Array(bits.buffer)[0]!
}
