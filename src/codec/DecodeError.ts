/**
 * What a decoder answers when its input is not what it expects: a `DecodeError` naming the path
 * inside the input (`1.mu.hidden.w`, `data.3`) and what was expected there. io-ts reports every
 * failure with its context; `decode` keeps the first one, in input order, and says how many more
 * there were.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import type * as t from 'io-ts'
import { asText, describe, ownValue } from '../tensor/describe.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Input a codec refused. `path` is the location inside the input (`''` for the root), and
 * `message` says what was expected there and what was found.
 *
 * @category model
 * @since 0.1.0
 */
export interface DecodeError {
  readonly _tag: 'DecodeError'
  readonly path: string
  readonly message: string
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** The most entries of a context `contextPath` reads: far more than any codec nests. */
const CONTEXT_LIMIT = 1024

/**
 * The path of an io-ts context: the keys below the root, joined by `.`. The entries io-ts adds
 * for the member of a union or an intersection it tried (`0`, `1`, …) are not places in the
 * input and are left out.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import * as t from 'io-ts'
 * import * as Advanced from 'gradfold/advanced'
 * const decoded = t.type({ layers: t.array(t.number) }).decode({ layers: [4, 'eight', 3] })
 * E.isLeft(decoded) ? decoded.left.map((e) => Advanced.Codec.contextPath(e.context)) : [] // => ['layers.1']
 * // a union's members are not keys of the input: the path names the field
 * const either = t.union([t.type({ n: t.number }), t.type({ s: t.string })]).decode({ n: 'x' })
 * E.isLeft(either) ? Advanced.Codec.contextPath(either.left[0]!.context) : '' // => 'n'
 *
 * @category constructors
 * @since 0.1.0
 */
export const contextPath = (context: t.Context): string => {
  if (!Array.isArray(context)) return ''
  // a context is as long as the codecs are deep: a longer one (an array claiming 2^32 − 1
  // entries) is read up to the bound, each entry an own data property (a getter is not called)
  const n = Math.min(context.length, CONTEXT_LIMIT)
  const keys: Array<string> = []
  for (let i = 1; i < n; i++) {
    if (isMemberOf(ownValue(context, String(i - 1)))) continue
    const entry = ownValue(context, String(i))
    keys.push(asText(typeof entry === 'object' && entry !== null ? ownValue(entry, 'key') : entry))
  }
  return keys.join('.') + (context.length > CONTEXT_LIMIT ? '.…' : '')
}

/** Codecs that validate through the codec they wrap, adding no entry of their own to the context. */
const WRAPPERS: ReadonlySet<unknown> = new Set(['ReadonlyType', 'ExactType', 'RefinementType'])

/**
 * Whether the context entry is a union's or an intersection's (seen through the wrappers
 * above), whose children are its members, not keys.
 */
const isMemberOf = (parent: unknown): boolean => {
  let type = typeof parent === 'object' && parent !== null ? ownValue(parent, 'type') : undefined
  for (let depth = 0; depth < 64; depth++) {
    const tag = typeof type === 'object' && type !== null ? ownValue(type, '_tag') : undefined
    if (tag === 'UnionType' || tag === 'IntersectionType') return true
    if (!WRAPPERS.has(tag)) return false
    type = ownValue(type as object, 'type')
  }
  return false
}

const at = (path: string): string => (path === '' ? '(root)' : path)

const explain = (e: t.ValidationError): string => {
  const message = ownValue(e, 'message')
  if (message !== undefined) return asText(message)
  const last: unknown = ownValue(e.context, String(e.context.length - 1))
  const type = typeof last === 'object' && last !== null ? ownValue(last, 'type') : undefined
  const name = typeof type === 'object' && type !== null ? ownValue(type, 'name') : undefined
  return `expected ${typeof name === 'string' ? name : 'a value'}, got ${describe(ownValue(e, 'value'))}`
}

/**
 * A `DecodeError` for a non-empty list of io-ts errors: the first one, with a count of the rest.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Codec } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * pipe(Codec.Float64C.decode('x'), E.mapLeft(Advanced.Codec.decodeError))
 * // left({ _tag: 'DecodeError', path: '', message: '(root): expected a finite number (or "-0"), got "x"' })
 *
 * @category constructors
 * @since 0.1.0
 */
export const decodeError = (errors: t.Errors): DecodeError => {
  const first: unknown = Array.isArray(errors) ? ownValue(errors, '0') : undefined
  if (!isValidationError(first)) return { _tag: 'DecodeError', path: '', message: '(root): the input was refused' }
  const path = contextPath(first.context)
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length === 2 ? '' : 's'})` : ''
  return { _tag: 'DecodeError', path, message: `${at(path)}: ${explain(first)}${more}` }
}

/** An io-ts validation error: a record with a context list (what `decodeError` reads). */
const isValidationError = (u: unknown): u is t.ValidationError =>
  typeof u === 'object' && u !== null && Array.isArray(ownValue(u, 'context'))

// -------------------------------------------------------------------------------------
// decoding
// -------------------------------------------------------------------------------------

/**
 * Decodes `input` with `codec`, answering a `DecodeError` that names the path of the first
 * problem. Never throws for any JSON value.
 *
 * @example
 * import { Codec } from 'gradfold'
 * Codec.decode(Codec.TreeC({ w: 0 }))(JSON.parse('{"w": 0.5}')) // right({ w: 0.5 })
 * Codec.decode(Codec.TreeC({ w: 0, b: 0 }))(JSON.parse('{"w": 0.5}')) // left: b: expected a number, got nothing
 * Codec.decode(Codec.TreeC({ w: 0 }))(JSON.parse('{"v": 0.5}')) // left: v: unexpected key: the template has nothing here
 *
 * @category decoding
 * @since 0.1.0
 */
export const decode =
  <A, O>(codec: t.Type<A, O, unknown>) =>
  (input: unknown): E.Either<DecodeError, A> =>
    typeof (codec as { readonly decode?: unknown } | null)?.decode === 'function'
      ? E.mapLeft(decodeError)(codec.decode(input))
      : E.left({ _tag: 'DecodeError', path: '', message: `the decoder is ${describe(codec)}; expected a codec` })
