/**
 * Plain JSON values: `null`, booleans, finite numbers, strings, arrays and plain records of
 * them, nested at most {@link JSON_DEPTH_LIMIT} deep and at most {@link JSON_SIZE_LIMIT} values in
 * all. What a file keeps as free-form data (a
 * training configuration, notes) is checked by this codec, so that what is written is what
 * `JSON.parse` gives back: no `undefined`, functions, NaN, infinities, BigInts or cycles.
 *
 * The walk keeps its own stack, so a deeply nested value is refused with a path, never a stack
 * overflow.
 *
 * Law: for every value it accepts, `decode(JSON.parse(JSON.stringify(x)))` equals `x`.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { describe } from '../tensor/describe.js'
import type { DecodeError } from './DecodeError.js'
import { isCodec, refusing } from './refusing.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A JSON value.
 *
 * @category model
 * @since 0.2.0
 */
export type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json }

/**
 * How deeply arrays and records may nest.
 *
 * @example
 * import { Codec } from 'gradfold'
 * Codec.JSON_DEPTH_LIMIT // => 64
 * const nested = (depth: number): Codec.Json => (depth === 0 ? 0 : [nested(depth - 1)])
 * Codec.JsonC.decode(nested(64)) // right: 64 arrays, one in the other
 * // the message names the path of the level too deep: 0.0.0…, 64 zeros long
 * Codec.JsonC.decode(nested(65)) // left: 0.0.0…: nested deeper than 64 levels
 *
 * @category constants
 * @since 0.2.0
 */
export const JSON_DEPTH_LIMIT = 64

/**
 * How many values (leaves, arrays and records) one JSON value may hold: a bound that shared
 * sub-values in memory cannot multiply past.
 *
 * @example
 * import { Codec } from 'gradfold'
 * Codec.JSON_SIZE_LIMIT // => 10000000
 * // one array shared many times in memory still counts once per place it appears
 * const row = new Array<number>(1000).fill(0)
 * Codec.JsonC.decode(new Array(20_000).fill(row)) // left: 9990: more than 10000000 values
 *
 * @category constants
 * @since 0.2.0
 */
export const JSON_SIZE_LIMIT = 10_000_000

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const isPlainRecord = (u: object): boolean => {
  const proto: unknown = Object.getPrototypeOf(u)
  return proto === Object.prototype || proto === null
}

/** The path (keys from the root) of the first part of `u` that is not JSON, and why. */
const firstNonJson = (u: unknown): readonly [ReadonlyArray<string>, string] | undefined => {
  const stack: Array<readonly [unknown, ReadonlyArray<string>]> = [[u, []]]
  let visited = 0
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [v, path] = top
    if (++visited > JSON_SIZE_LIMIT) return [path, `more than ${JSON_SIZE_LIMIT} values`]
    if (v === null || typeof v === 'boolean' || typeof v === 'string') continue
    if (typeof v === 'number') {
      if (Number.isFinite(v)) continue
      return [path, `expected a finite number, got ${describe(v)}`]
    }
    if (typeof v !== 'object') return [path, `expected a JSON value, got ${typeof v}`]
    if (path.length >= JSON_DEPTH_LIMIT) return [path, `nested deeper than ${JSON_DEPTH_LIMIT} levels`]
    if (Array.isArray(v)) {
      if (v.length > JSON_SIZE_LIMIT - visited) return [path, `more than ${JSON_SIZE_LIMIT} values`]
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], [...path, String(i)]])
    } else if (isPlainRecord(v)) {
      const keys = Object.keys(v)
      for (let i = keys.length - 1; i >= 0; i--) {
        const d = Object.getOwnPropertyDescriptor(v, keys[i] as string)
        if (d === undefined || !('value' in d)) return [[...path, keys[i] as string], 'expected a value, got a getter']
        stack.push([d.value, [...path, keys[i] as string]])
      }
    } else return [path, 'expected a plain record or an array']
  }
  return undefined
}

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * A JSON value, checked all the way down.
 *
 * @example
 * import { Codec } from 'gradfold'
 * Codec.JsonC.decode({ epochs: 10, layers: [4, 8, 3] }) // right({ epochs: 10, layers: [4, 8, 3] })
 * Codec.JsonC.decode({ epochs: Number.NaN }) // left: epochs: expected a finite number, got NaN
 *
 * @category codecs
 * @since 0.2.0
 */
export const JsonC: t.Type<Json, Json, unknown> = new t.Type<Json, Json, unknown>(
  'Json',
  (u): u is Json => firstNonJson(u) === undefined,
  (u, c) => {
    const bad = firstNonJson(u)
    if (bad === undefined) return t.success(u as Json)
    const [path, message] = bad
    const context = path.reduce<t.Context>((ctx, key) => t.appendContext(ctx, key, t.unknown), c)
    return t.failure(undefined, context, message)
  },
  (j) => j
)

// -------------------------------------------------------------------------------------
// text
// -------------------------------------------------------------------------------------

/**
 * The value JSON text stands for, or a `DecodeError` at the root saying why it is not JSON.
 *
 * @example
 * import { Codec } from 'gradfold'
 * Codec.parseJson('[1, 2]') // right([1, 2])
 * Codec.parseJson('{') // left: not JSON: …
 *
 * @category text
 * @since 0.2.0
 */
export const parseJson = (text: string): E.Either<DecodeError, unknown> =>
  E.tryCatch(
    (): unknown => JSON.parse(text),
    (e): DecodeError => ({
      _tag: 'DecodeError',
      path: '',
      message: `not JSON: ${e instanceof Error ? e.message : 'the parser failed'}`
    })
  )

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * `codec`, after a check that its input is JSON within {@link JSON_SIZE_LIMIT} values and
 * {@link JSON_DEPTH_LIMIT} levels: io-ts's array codecs visit every index of an array, so an
 * array claiming 2^32 − 1 items (or a getter that throws) is refused first.
 *
 * @example
 * import * as t from 'io-ts'
 * import { Codec } from 'gradfold'
 * Codec.jsonFirst(t.array(t.number)).decode(new Array(2 ** 32 - 1)) // left: more than 10000000 values
 *
 * @category combinators
 * @since 0.2.0
 */
export const jsonFirst = <A, O>(codec: t.Type<A, O, unknown>): t.Type<A, O, unknown> =>
  !isCodec(codec)
    ? refusing('jsonFirst', `the codec was built from ${describe(codec)}; expected a codec`)
    : new t.Type<A, O, unknown>(
        codec.name,
        codec.is,
        (u, c) => {
          const json = JsonC.validate(u, c)
          return json._tag === 'Left' ? json : codec.validate(u, c)
        },
        codec.encode
      )
