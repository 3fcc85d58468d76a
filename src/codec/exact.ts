/**
 * Closed shapes: records that refuse keys they do not declare and tuples that refuse any other
 * length. io-ts's `type` ignores extra keys and `exact` strips them; a checkpoint with a key
 * nobody expects is more likely a checkpoint of something else, so these refuse it and name the
 * key.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { describe, ownValue } from '../tensor/describe.js'
import { isCodec, refusing } from './refusing.js'

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

/**
 * The first key of `u` (in sorted order) that is not in `allowed`, or `undefined`.
 *
 * @internal
 */
export const unexpectedKeys = (u: object, allowed: ReadonlyArray<string>): string | undefined =>
  Object.keys(u)
    .sort()
    .find((k) => !allowed.includes(k))

const isObject = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

/** Runs every validation, collecting all errors, or the values in order. */
const collect = (results: ReadonlyArray<t.Validation<unknown>>): t.Validation<ReadonlyArray<unknown>> => {
  const errors: Array<t.ValidationError> = []
  const values: Array<unknown> = []
  for (const r of results) {
    if (r._tag === 'Left') errors.push(...r.left)
    else values.push(r.right)
  }
  return errors.length > 0 ? t.failures(errors) : t.success(values)
}

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The props of a closed record: a codec per key.
 *
 * @category model
 * @since 0.1.0
 */
export type Props = Readonly<Record<string, t.Mixed>>

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/** Why a combinator's codecs or name are refused, or `undefined` when every one is a codec and the name a string. */
/** The most codecs one record or tuple codec is built from. */
const MAX_CODECS = 65_536

const refusedArguments =
  (codecs: ReadonlyArray<unknown> | undefined, name: unknown, expected: string) =>
  (given: unknown): string | undefined =>
    // at most MAX_CODECS, counted before they are looked at: a list may declare 2^32 − 1 items
    codecs === undefined || codecs.length > MAX_CODECS || !codecs.every(isCodec)
      ? `the codec was built from ${describe(given)}; expected ${expected}`
      : typeof name !== 'string'
        ? `the codec was named ${describe(name)}; expected a string`
        : undefined

/**
 * A record with exactly the keys of `props`, each decoded by its codec; an unknown key is an
 * error at that key. Decoded records have their keys in the order of `props`.
 *
 * @example
 * import { Codec } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * const C = Advanced.Codec.exactType({ count: Codec.CountC }, 'State')
 * C.decode({ count: 2 }) // right({ count: 2 })
 * C.decode({ count: 2, mu: 0 }) // left: mu: unexpected key in State
 *
 * @category codecs
 * @since 0.1.0
 */
export const exactType = <P extends Props>(
  props: P,
  name: string
): t.Type<{ readonly [K in keyof P]: t.TypeOf<P[K]> }, { readonly [K in keyof P]: t.OutputOf<P[K]> }, unknown> => {
  // Own data values only: a getter (from `any`) reads as no codec instead of running.
  const codecs = isObject(props) ? Object.keys(props).map((k) => ownValue(props, k)) : undefined
  const why = refusedArguments(codecs, name, 'a record of codecs')(props)
  if (why !== undefined) return refusing('exactType', why)
  const keys = Object.keys(props)
  type A = { readonly [K in keyof P]: t.TypeOf<P[K]> }
  return new t.Type<A, { readonly [K in keyof P]: t.OutputOf<P[K]> }, unknown>(
    name,
    (u): u is A =>
      isObject(u) && unexpectedKeys(u, keys) === undefined && keys.every((k) => (props[k] as t.Any).is(u[k])),
    (u, c) => {
      if (!isObject(u)) return t.failure(u, c, `expected ${name} (a record), got ${describe(u)}`)
      const extra = unexpectedKeys(u, keys)
      if (extra !== undefined)
        return t.failure(
          ownValue(u, extra),
          t.appendContext(c, extra, t.unknown, ownValue(u, extra)),
          `unexpected key in ${name}`
        )
      const decoded = collect(
        keys.map((k) => {
          const v = ownValue(u, k)
          return (props[k] as t.Any).validate(v, t.appendContext(c, k, props[k] as t.Any, v))
        })
      )
      return decoded._tag === 'Left'
        ? decoded
        : t.success(Object.fromEntries(keys.map((k, i) => [k, decoded.right[i]])) as A)
    },
    (a) =>
      Object.fromEntries(keys.map((k) => [k, (props[k] as t.Any).encode(a[k])])) as {
        readonly [K in keyof P]: t.OutputOf<P[K]>
      }
  )
}

/**
 * A tuple of exactly `codecs.length` items, item `i` decoded by `codecs[i]`.
 *
 * @example
 * import { Codec } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Codec.exactTuple([Codec.CountC, Codec.Float64C], 'Pair').decode([1, 0.5]) // right([1, 0.5])
 * Advanced.Codec.exactTuple([Codec.CountC, Codec.Float64C], 'Pair').decode([1]) // left: expected Pair (2 items), got an array of 1 item
 *
 * @category codecs
 * @since 0.1.0
 */
export const exactTuple = <const Cs extends ReadonlyArray<t.Mixed>>(
  codecs: Cs,
  name: string
): t.Type<{ readonly [K in keyof Cs]: t.TypeOf<Cs[K]> }, { readonly [K in keyof Cs]: t.OutputOf<Cs[K]> }, unknown> => {
  type A = { readonly [K in keyof Cs]: t.TypeOf<Cs[K]> }
  const why = refusedArguments(Array.isArray(codecs) ? codecs : undefined, name, 'a list of codecs')(codecs)
  if (why !== undefined) return refusing('exactTuple', why)
  const n = codecs.length
  return new t.Type<A, { readonly [K in keyof Cs]: t.OutputOf<Cs[K]> }, unknown>(
    name,
    (u): u is A => Array.isArray(u) && u.length === n && codecs.every((codec, i) => codec.is(u[i])),
    (u, c) => {
      if (!Array.isArray(u) || u.length !== n)
        return t.failure(u, c, `expected ${name} (${n} item${n === 1 ? '' : 's'}), got ${describe(u)}`)
      const decoded = collect(
        codecs.map((codec, i) => codec.validate(u[i], t.appendContext(c, String(i), codec, u[i])))
      )
      return decoded._tag === 'Left' ? decoded : t.success(decoded.right as unknown as A)
    },
    (a) =>
      codecs.map((codec, i) => codec.encode((a as ReadonlyArray<unknown>)[i])) as unknown as {
        readonly [K in keyof Cs]: t.OutputOf<Cs[K]>
      }
  )
}
