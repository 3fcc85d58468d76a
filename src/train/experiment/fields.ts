/**
 * The building blocks of the experiment config's codec: numbers with a stated range, closed
 * records that refuse unknown keys, records tagged by a name, and the report that turns every
 * refusal into its own line, `path: expected …, got …`.
 *
 * Laws: a closed record reports every unknown key and every refused field, not only the first;
 * a record tagged by an unknown name reports the names it knows; `problems(errors)` has one line
 * per distinct path.
 *
 * @since 0.2.0
 */
import * as t from 'io-ts'
import { contextPath } from '../../codec/DecodeError.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The codecs of a closed record, one per key.
 *
 * @category model
 * @since 0.2.0
 */
export type Fields = Readonly<Record<string, t.Mixed>>

/**
 * What a closed record of `F` decodes to.
 *
 * @category model
 * @since 0.2.0
 */
export type Closed<F extends Fields> = { readonly [K in keyof F]: t.TypeOf<F[K]> }

/** The key every section may carry to explain itself; it is kept and never read. */
export const COMMENT = '$comment'

// -------------------------------------------------------------------------------------
// numbers and names
// -------------------------------------------------------------------------------------

/**
 * A number for which `holds` is true; the message says what was expected (`a positive finite
 * number`) and the report adds what was found.
 *
 * @category fields
 * @since 0.2.0
 */
export const number = (expected: string, holds: (x: number) => boolean): t.Type<number, number, unknown> =>
  new t.Type<number, number, unknown>(
    expected,
    (u): u is number => typeof u === 'number' && holds(u),
    (u, c) => (typeof u === 'number' && holds(u) ? t.success(u) : t.failure(u, c, `expected ${expected}`)),
    (x) => x
  )

/** @category fields @since 0.2.0 */
export const positive = number('a positive finite number', (x) => Number.isFinite(x) && x > 0)
/** @category fields @since 0.2.0 */
export const nonNegativeRange = number('a finite number ≥ 0', (x) => Number.isFinite(x) && x >= 0)
/** @category fields @since 0.2.0 */
export const fraction = number('a number strictly between 0 and 1', (x) => x > 0 && x < 1)
/** @category fields @since 0.2.0 */
export const fractionOrZero = number('a number ≥ 0 and < 1', (x) => x >= 0 && x < 1)
/** @category fields @since 0.2.0 */
export const unitClosed = number('a number between 0 and 1', (x) => x >= 0 && x <= 1)
/** @category fields @since 0.2.0 */
export const positiveInteger = number('a whole number ≥ 1', (x) => Number.isSafeInteger(x) && x >= 1)
/** @category fields @since 0.2.0 */
export const seed = number('a whole number from 0 to 2^32 − 1', (x) => Number.isInteger(x) && x >= 0 && x <= 0xffffffff)

/**
 * One of the given strings.
 *
 * @category fields
 * @since 0.2.0
 */
export const oneOf = <const N extends string>(names: ReadonlyArray<N>): t.Type<N, N, unknown> => {
  const expected = `one of ${names.map((n) => JSON.stringify(n)).join(', ')}`
  return new t.Type<N, N, unknown>(
    expected,
    (u): u is N => typeof u === 'string' && (names as ReadonlyArray<string>).includes(u),
    (u, c) =>
      typeof u === 'string' && (names as ReadonlyArray<string>).includes(u)
        ? t.success(u as N)
        : t.failure(u, c, `expected ${expected}`),
    (x) => x
  )
}

/** @category fields @since 0.2.0 */
export const text = new t.Type<string, string, unknown>(
  'text',
  (u): u is string => typeof u === 'string' && u.length > 0,
  (u, c) => (typeof u === 'string' && u.length > 0 ? t.success(u) : t.failure(u, c, 'expected a non-empty string')),
  (x) => x
)

/**
 * A record of any values (a row of a table, keyed by column name).
 *
 * @category fields
 * @since 0.3.0
 */
export const anyRecord = new t.Type<Readonly<Record<string, unknown>>, Readonly<Record<string, unknown>>, unknown>(
  'a record',
  (u): u is Readonly<Record<string, unknown>> => isRecord(u),
  (u, c) => (isRecord(u) ? t.success(u) : t.failure(u, c, 'expected a record of cells by column name')),
  (x) => x
)

/** @category fields @since 0.2.0 */
export const bool = new t.Type<boolean, boolean, unknown>(
  'boolean',
  (u): u is boolean => typeof u === 'boolean',
  (u, c) => (typeof u === 'boolean' ? t.success(u) : t.failure(u, c, 'expected true or false')),
  (x) => x
)

/**
 * `codec`'s value, or `null` for "not used".
 *
 * @category fields
 * @since 0.2.0
 */
export const orNull = <A, O>(codec: t.Type<A, O, unknown>): t.Type<A | null, O | null, unknown> =>
  new t.Type<A | null, O | null, unknown>(
    `${codec.name} or null`,
    (u): u is A | null => u === null || codec.is(u),
    (u, c) => (u === null ? t.success(null) : codec.validate(u, c)),
    (a) => (a === null ? null : codec.encode(a))
  )

/**
 * An array whose items `item` decodes; every refused item is reported at its index.
 *
 * @category fields
 * @since 0.2.0
 */
export const list = <A, O>(
  item: t.Type<A, O, unknown>,
  minLength = 0
): t.Type<ReadonlyArray<A>, ReadonlyArray<O>, unknown> =>
  new t.Type<ReadonlyArray<A>, ReadonlyArray<O>, unknown>(
    `a list of ${item.name}`,
    (u): u is ReadonlyArray<A> => Array.isArray(u) && u.length >= minLength && u.every(item.is),
    (u, c) => {
      if (!Array.isArray(u) || u.length < minLength)
        return t.failure(u, c, `expected a list of at least ${minLength} item${minLength === 1 ? '' : 's'}`)
      const errors: Array<t.ValidationError> = []
      const values: Array<A> = []
      u.forEach((x, i) => {
        const r = item.validate(x, t.appendContext(c, String(i), item, x))
        if (r._tag === 'Left') errors.push(...r.left)
        else values.push(r.right)
      })
      return errors.length > 0 ? t.failures(errors) : t.success(values)
    },
    (a) => a.map((x) => item.encode(x))
  )

/**
 * A field a closed record may leave out: `codec`'s value, or `fallback` when the key is absent.
 *
 * @category fields
 * @since 0.3.0
 */
export const optional = <A, O>(codec: t.Type<A, O, unknown>, fallback: A): Optional<A, O> =>
  Object.assign(
    new t.Type<A, O, unknown>(
      codec.name,
      codec.is,
      (u, c) => codec.validate(u, c),
      (a) => codec.encode(a)
    ),
    { fallback }
  )

/**
 * A codec with the value a closed record takes when its key is absent.
 *
 * @category model
 * @since 0.3.0
 */
export type Optional<A, O> = t.Type<A, O, unknown> & { readonly fallback: A }

const isOptional = (codec: t.Any): codec is Optional<unknown, unknown> => 'fallback' in codec

// -------------------------------------------------------------------------------------
// records
// -------------------------------------------------------------------------------------

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

/**
 * A record with exactly the keys of `fields` (and, optionally, `"$comment"`): each unknown key
 * and each refused field is its own error. The comment is dropped on decoding.
 *
 * @category records
 * @since 0.2.0
 */
export const closed = <F extends Fields>(name: string, fields: F): t.Type<Closed<F>, Closed<F>, unknown> => {
  const keys = Object.keys(fields)
  return new t.Type<Closed<F>, Closed<F>, unknown>(
    name,
    (u): u is Closed<F> =>
      isRecord(u) && keys.every((k) => (isOptional(fields[k]!) && !(k in u)) || (fields[k] as t.Any).is(u[k])),
    (u, c) => {
      if (!isRecord(u)) return t.failure(u, c, `expected ${name} (a record)`)
      const errors: Array<t.ValidationError> = []
      const out: Record<string, unknown> = {}
      for (const k of Object.keys(u)) {
        if (k === COMMENT || keys.includes(k)) continue
        errors.push({
          value: u[k],
          context: t.appendContext(c, k, t.unknown, u[k]),
          message: `unknown key in ${name}; expected ${keys.map((x) => JSON.stringify(x)).join(', ')}`
        })
      }
      for (const k of keys) {
        const codec = fields[k] as t.Any
        const context = t.appendContext(c, k, codec, u[k])
        if (!(k in u)) {
          if (isOptional(codec)) out[k] = codec.fallback
          else errors.push({ value: undefined, context, message: `missing; expected ${codec.name}` })
          continue
        }
        const r = codec.validate(u[k], context)
        if (r._tag === 'Left') errors.push(...r.left)
        else out[k] = r.right
      }
      return errors.length > 0 ? t.failures(errors) : t.success(out as Closed<F>)
    },
    (a) => Object.fromEntries(keys.map((k) => [k, (fields[k] as t.Any).encode(a[k])])) as Closed<F>
  )
}

/**
 * A record whose `tag` key names its kind, each kind a closed record of its own fields; an
 * unknown kind is reported at the tag with the kinds there are.
 *
 * @category records
 * @since 0.2.0
 */
export const tagged = <const Tag extends string, const Kinds extends Readonly<Record<string, Fields>>>(
  name: string,
  tag: Tag,
  kinds: Kinds
): t.Type<TaggedOf<Tag, Kinds>, TaggedOf<Tag, Kinds>, unknown> => {
  const names = Object.keys(kinds)
  const kindC = oneOf(names)
  const codecs = Object.fromEntries(
    names.map((k) => [k, closed(`${name} "${k}"`, { [tag]: oneOf([k]), ...kinds[k] })])
  ) as Record<string, t.Mixed>
  return new t.Type<TaggedOf<Tag, Kinds>, TaggedOf<Tag, Kinds>, unknown>(
    name,
    (u): u is TaggedOf<Tag, Kinds> => isRecord(u) && kindC.is(u[tag]) && codecs[u[tag] as string]!.is(u),
    (u, c) => {
      if (!isRecord(u)) return t.failure(u, c, `expected ${name} (a record with "${tag}")`)
      const kind = u[tag]
      return kindC.is(kind)
        ? codecs[kind]!.validate(u, c)
        : t.failure(kind, t.appendContext(c, tag, kindC, kind), `expected ${kindC.name}`)
    },
    (a) => codecs[a[tag] as string]!.encode(a)
  )
}

/**
 * What a tagged record decodes to.
 *
 * @category model
 * @since 0.2.0
 */
export type TaggedOf<Tag extends string, Kinds extends Readonly<Record<string, Fields>>> = {
  readonly [K in keyof Kinds & string]: { readonly [T in Tag]: K } & Closed<Kinds[K]>
}[keyof Kinds & string]

// -------------------------------------------------------------------------------------
// reporting
// -------------------------------------------------------------------------------------

/** A value as a message shows it: a number or short string as written, anything else by its kind. */
const showValue = (u: unknown): string =>
  typeof u === 'number' || typeof u === 'boolean' || u === null
    ? String(u)
    : typeof u === 'string'
      ? u.length <= 24
        ? JSON.stringify(u)
        : `a string of ${u.length} characters`
      : Array.isArray(u)
        ? `a list of ${u.length} item${u.length === 1 ? '' : 's'}`
        : u === undefined
          ? 'nothing'
          : 'a record'

const found = (e: t.ValidationError): string =>
  e.value === undefined && (e.message?.startsWith('missing') === true || e.message?.includes(', got ') === true)
    ? ''
    : `, got ${showValue(e.value)}`

/**
 * One line per refused path, in the order they were found: `optimizer.lr: expected a positive
 * finite number, got -0.1`. (Not a gradfold export: the command's own.)
 *
 * @category reporting
 * @since 0.2.0
 */
export const problems = (errors: t.Errors): ReadonlyArray<string> => {
  const lines: Array<string> = []
  const seen = new Set<string>()
  for (const e of errors) {
    const path = contextPath(e.context)
    if (seen.has(path)) continue
    seen.add(path)
    const message = e.message ?? `expected ${e.context[e.context.length - 1]?.type.name ?? 'a value'}`
    lines.push(`${path === '' ? '(root)' : path}: ${message}${found(e)}`)
  }
  return lines
}
