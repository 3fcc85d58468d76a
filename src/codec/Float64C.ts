/**
 * A float64 that survives JSON exactly. `JSON.stringify` writes the shortest decimal that reads
 * back as the same double, so every finite double round-trips bit for bit, except −0, which it
 * writes as `0`. This codec encodes −0 as the string `"-0"` and every other finite number as
 * itself, and decodes only those: NaN, infinities and other strings are refused.
 *
 * Law: `decode(JSON.parse(JSON.stringify(encode(x))))` is `x`, by `Object.is`, for every finite x.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { describe } from '../tensor/describe.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The encoded form: a finite number, or `"-0"` for negative zero.
 *
 * @category model
 * @since 0.1.0
 */
export type Float64Json = number | '-0'

// -------------------------------------------------------------------------------------
// kernels
// -------------------------------------------------------------------------------------

/**
 * The encoded form of one double.
 *
 * @internal
 */
export const encodeFloat64 = (x: number): Float64Json => (Object.is(x, -0) ? '-0' : x)

/**
 * The double an encoded value stands for, or `undefined` when it stands for none.
 *
 * @internal
 */
export const readFloat64 = (u: unknown): number | undefined => {
  if (typeof u === 'number') return u - u === 0 ? u : undefined
  return u === '-0' ? -0 : undefined
}

/**
 * What a decoder says about a value that is not an encoded double.
 *
 * @internal
 */
export const float64Expected = 'expected a finite number (or "-0")'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * A finite double, −0 included.
 *
 * @example
 * import { Codec } from 'gradfold'
 * JSON.stringify(Codec.Float64C.encode(-0)) // '"-0"'
 * Codec.Float64C.decode('-0') // right(-0)
 * // JSON writes NaN and ±∞ as null:
 * Codec.Float64C.decode(null) // left: expected a finite number (or "-0"), got null
 *
 * @category codecs
 * @since 0.1.0
 */
export const Float64C: t.Type<number, Float64Json, unknown> = new t.Type<number, Float64Json, unknown>(
  'Float64',
  (u): u is number => typeof u === 'number' && u - u === 0,
  (u, c) => {
    const x = readFloat64(u)
    return x === undefined ? t.failure(u, c, `${float64Expected}, got ${describe(u)}`) : t.success(x)
  },
  encodeFloat64
)
