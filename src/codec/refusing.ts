/**
 * The codec a codec factory answers when its own arguments are refused (a shape that is none,
 * a record of props that are not codecs, a name that is no string): it decodes nothing, and
 * every decode answers a Left saying why, so that building a codec from bad arguments never
 * throws and never decodes anything by mistake.
 *
 * Laws: `refusing(name, why).decode(u)` is a Left for every `u`; `is` holds for nothing.
 *
 * @since 0.2.0
 */
import * as t from 'io-ts'

/**
 * A codec that refuses every input with `why`. Its encoder is never reached through a decode
 * (nothing decodes), and hands a value it is given back as it is.
 *
 * @internal
 */
export const refusing = <A, O>(name: string, why: string): t.Type<A, O, unknown> =>
  new t.Type<A, O, unknown>(
    name,
    (_u): _u is A => false,
    (u, c) => t.failure(u, c, why),
    (a) => a as unknown as O
  )

/**
 * A codec, as a factory receives it through `any`: something with `is`, `validate` and `encode`.
 *
 * @internal
 */
export const isCodec = (u: unknown): u is t.Mixed =>
  typeof u === 'object' &&
  u !== null &&
  typeof (u as { readonly validate?: unknown }).validate === 'function' &&
  typeof (u as { readonly is?: unknown }).is === 'function' &&
  typeof (u as { readonly encode?: unknown }).encode === 'function'
