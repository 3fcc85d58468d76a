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
import * as E from '#fp-ts/Either.js'
import * as t from 'io-ts'
import { describe } from '../tensor/describe.js'
import type { DecodeError } from './DecodeError.js'
import { isCodec, refusing } from './refusing.js'
import { DEPTH_LIMIT, firstRefusal, SIZE_LIMIT, type LeafRule, type Refusal } from './walk.js'

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
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Codec.JSON_DEPTH_LIMIT // => 64
 * const nested = (depth: number): Codec.Json => (depth === 0 ? 0 : [nested(depth - 1)])
 * Codec.JsonC.decode(nested(64)) // right: 64 arrays, one in the other
 * // the message names the path of the level too deep: 0.0.0…, 64 zeros long
 * Codec.JsonC.decode(nested(65)) // left: 0.0.0…: nested deeper than 64 levels
 *
 * @category constants
 * @since 0.2.0
 */
export const JSON_DEPTH_LIMIT: number = DEPTH_LIMIT

/**
 * How many values (leaves, arrays and records) one JSON value may hold: a bound that shared
 * sub-values in memory cannot multiply past.
 *
 * @example
 * import { Codec } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Codec.JSON_SIZE_LIMIT // => 10000000
 * // one array shared many times in memory still counts once per place it appears
 * const row = new Array<number>(1000).fill(0)
 * Codec.JsonC.decode(new Array(20_000).fill(row)) // left: 9990: more than 10000000 values
 *
 * @category constants
 * @since 0.2.0
 */
export const JSON_SIZE_LIMIT: number = SIZE_LIMIT

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

/** What JSON allows at a leaf: `null`, booleans, strings and finite numbers. */
const jsonLeaf = (v: unknown): string | undefined =>
  v === null || typeof v === 'boolean' || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))
    ? undefined
    : typeof v === 'number'
      ? `expected a finite number, got ${describe(v)}`
      : `expected a JSON value, got ${typeof v}`

/** Plain data allows any leaf: what a leaf must be is the codec's to say. */
const anyLeaf = (): undefined => undefined

/** The path (keys from the root) of the first part of `u` that is not JSON, and why. */
const firstNonJson = (u: unknown): Refusal | undefined => firstRefusal(u, jsonLeaf)

/** `validate`'s failure at the place `firstRefusal` stopped. */
const refused = (c: t.Context, [path, message]: Refusal): t.Validation<never> =>
  t.failure(
    undefined,
    path.reduce<t.Context>((ctx, key) => t.appendContext(ctx, key, t.unknown), c),
    message
  )

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
    return bad === undefined ? t.success(u as Json) : refused(c, bad)
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
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Codec.parseJson('[1, 2]') // right([1, 2])
 * Advanced.Codec.parseJson('{') // left: not JSON: …
 *
 * @category text
 * @since 0.2.0
 */
export const parseJson = (text: string): E.Either<DecodeError, unknown> =>
  typeof text !== 'string'
    ? E.left({ _tag: 'DecodeError', path: '', message: `not JSON text: expected a string, got ${describe(text)}` })
    : E.tryCatch(
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

/** `codec`, after the walk with `leaf` has reached every value of its input. */
const checkedFirst = <A, O>(name: string, leaf: LeafRule, codec: t.Type<A, O, unknown>): t.Type<A, O, unknown> =>
  !isCodec(codec)
    ? refusing(name, `the codec was built from ${describe(codec)}; expected a codec`)
    : new t.Type<A, O, unknown>(
        codec.name,
        codec.is,
        (u, c) => {
          const bad = firstRefusal(u, leaf)
          return bad === undefined ? codec.validate(u, c) : refused(c, bad)
        },
        codec.encode
      )

/**
 * `codec`, after a check that its input is JSON within {@link JSON_SIZE_LIMIT} values and
 * {@link JSON_DEPTH_LIMIT} levels: io-ts's array codecs visit every index of an array, so an
 * array claiming 2^32 − 1 items (or a getter that throws) is refused first.
 *
 * @example
 * import * as t from 'io-ts'
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Codec.jsonFirst(t.array(t.number)).decode(new Array(2 ** 32 - 1)) // left: more than 10000000 values
 *
 * @category combinators
 * @since 0.2.0
 */
export const jsonFirst = <A, O>(codec: t.Type<A, O, unknown>): t.Type<A, O, unknown> =>
  checkedFirst('jsonFirst', jsonLeaf, codec)

/**
 * `codec`, after a check that its input is plain data: `codec`'s own leaves (any value: what
 * they must be is `codec`'s to say) in arrays and plain records whose items are own values,
 * within {@link JSON_SIZE_LIMIT} values and {@link JSON_DEPTH_LIMIT} levels. A getter is refused,
 * never called; so are an object of a class, an array claiming 2^32 − 1 items and a cycle. What
 * `JSON.parse` gives back always passes. (`is` is `codec`'s: it checks decoded values, which may
 * hold tensors.)
 *
 * @example
 * import * as t from 'io-ts'
 * import { Codec } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * const C = Advanced.Codec.plainFirst(t.type({ n: t.number }))
 * C.decode({ n: 1 })._tag // => 'Right'
 * const withGetter = Object.defineProperty({}, 'n', { enumerable: true, get: () => 1 })
 * Codec.decode(C)(withGetter) // left: n: expected a value, got a getter
 *
 * @category combinators
 * @since 0.3.0
 */
export const plainFirst = <A, O>(codec: t.Type<A, O, unknown>): t.Type<A, O, unknown> =>
  checkedFirst('plainFirst', anyLeaf, codec)

/**
 * Where and why `u` is not plain data (see {@link plainFirst}), or `undefined`.
 *
 * @internal
 */
export const notPlain = (u: unknown): Refusal | undefined => firstRefusal(u, anyLeaf)
