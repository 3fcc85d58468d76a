/**
 * Guards for arguments that may arrive as anything at all: plain JavaScript data read from JSON
 * through `any` (an options record, a row of numbers, a name), or a value the library built (a
 * data set, an optimizer) that a caller replaced by junk. Each guard is a {@link Kind}: a test
 * and the words a message uses for what was expected, the same shape as an optimizer's
 * hyperparameter range, so that a constructor checks every argument the same way and each
 * module wraps the first wrong one in its own error (`InvalidArgument`, `InvalidHyperparameter`).
 *
 * The guards of a library-built value ({@link tagged}) are structural and O(1): they read the
 * `_tag` the library's constructors write, nothing deeper. The guards of plain data read no more
 * than they test (an array's items only for {@link arrayOf}), never call into the value (no
 * `toString`, no getters: see `describe`), so they are total.
 *
 * Laws: every `Kind`'s `test` is total; `firstWrong(checks)` is `undefined` exactly when every
 * check's test holds, else the first check whose test fails.
 *
 * Shared across layers: each export is internal to the library, not part of its API.
 *
 * @since 0.2.0
 */
import * as E from '#fp-ts/Either.js'
import { describe, ownValue } from './describe.js'
import { MAX_ELEMENTS } from './Tensor.js'
import { invalidArgument, type InvalidArgument } from './TensorError.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What an argument must be: a total test, and the words for it in a message (`a record`, `an
 * array of numbers`).
 *
 * @internal
 */
export interface Kind {
  readonly expected: string
  readonly test: (u: unknown) => boolean
  /** A record's fields, each of its kind: a refusal names the first wrong one. */
  readonly fields?: ReadonlyArray<readonly [string, Kind]>
}

/**
 * One argument to check: its name as the caller wrote it, its value, its kind.
 *
 * @internal
 */
export type Check = readonly [name: string, value: unknown, kind: Kind]

/**
 * An argument that is not of its kind.
 *
 * @internal
 */
export interface Wrong {
  readonly name: string
  readonly value: unknown
  readonly expected: string
}

// -------------------------------------------------------------------------------------
// kinds
// -------------------------------------------------------------------------------------

/**
 * An object that is not an array (`null` is not one): an options record, a config.
 *
 * @internal
 */
export const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

/** @internal */
export const record: Kind = { expected: 'a record', test: isRecord }

/**
 * The first own key of `u` that is a getter (JSON makes none, but a value from `any` may hold
 * one that throws when read), or `undefined`: looked for before a record's fields are read.
 *
 * @internal
 */
export const firstGetter = (u: object): string | undefined => {
  for (const key of Object.keys(u)) {
    const d = Object.getOwnPropertyDescriptor(u, key)
    if (d !== undefined && !('value' in d)) return key
  }
  return undefined
}

/**
 * The error of a record holding a getter: `op: name.key is a getter; expected a value`, or
 * `undefined` when `u` is no record or holds none.
 *
 * @internal
 */
export const getterIn = (op: string, name: string, u: unknown): InvalidArgument | undefined => {
  const key = isRecord(u) ? firstGetter(u) : undefined
  return key === undefined ? undefined : invalidArgument(op, `${name}.${key} is a getter; expected a value`)
}

/** @internal */
export const array: Kind = { expected: 'an array', test: Array.isArray }

/** @internal */
export const string: Kind = { expected: 'a string', test: (u) => typeof u === 'string' }

/** @internal */
export const boolean: Kind = { expected: 'true or false', test: (u) => typeof u === 'boolean' }

/** @internal */
export const number: Kind = { expected: 'a number', test: (u) => typeof u === 'number' }

/** @internal */
export const finite: Kind = { expected: 'a finite number', test: Number.isFinite }

/** @internal */
export const func: Kind = { expected: 'a function', test: (u) => typeof u === 'function' }

/**
 * `undefined` (the argument left out, its default taken) or `kind`.
 *
 * @internal
 */
export const optional = (kind: Kind): Kind => ({
  expected: `${kind.expected} or nothing`,
  test: (u) => u === undefined || kind.test(u)
})

/**
 * One kind or the other.
 *
 * @internal
 */
export const either = (a: Kind, b: Kind): Kind => ({
  expected: `${a.expected} or ${b.expected}`,
  test: (u) => a.test(u) || b.test(u)
})

/**
 * An array whose every item is of `kind` (O(length): plain data only), of at most
 * `MAX_ELEMENTS` items: the length is bounded before the items are looked at, as an array may
 * declare 2^32 − 1 of them.
 *
 * @internal
 */
export const arrayOf = (kind: Kind, plural: string): Kind => ({
  expected: `an array of ${plural}`,
  test: (u) => Array.isArray(u) && u.length <= MAX_ELEMENTS && u.every((x) => kind.test(x))
})

/**
 * A value the library built, known by the `_tag` its constructor writes (O(1)): `what` names
 * the type and the constructor that makes it (`a data set (Data.fromRows, Data.make)`).
 *
 * @internal
 */
export const tagged = (tag: string, what: string): Kind => ({
  expected: what,
  test: (u) => typeof u === 'object' && u !== null && ownValue(u, '_tag') === tag
})

/**
 * A `Left`, or a `Right` holding a value of `kind`: what a validating constructor answered, given
 * where its result is taken (O(1) beyond `kind`).
 *
 * @internal
 */
export const resultOf = (kind: Kind): Kind => ({
  expected: `the Either a constructor answered`,
  test: (u) =>
    isRecord(u) &&
    (ownValue(u, '_tag') === 'Left' || (ownValue(u, '_tag') === 'Right' && kind.test(ownValue(u, 'right'))))
})

/**
 * A record with the `fields` named (O(fields)): the structural guard of a library value that
 * carries no `_tag` (a gradient transformation's `init` and `update`, a training state).
 *
 * @internal
 */
export const withFields = (what: string, fields: ReadonlyArray<readonly [string, Kind]>): Kind => ({
  expected: what,
  test: (u) => {
    if (!isRecord(u)) return false
    // a plain loop: a resumed run tests its config at every call
    for (let i = 0; i < fields.length; i++) if (!fields[i]![1].test(u[fields[i]![0]])) return false
    return true
  },
  fields
})

/** The innermost wrong field of a record that is not of its kind, named by its path. */
const innermost = (name: string, value: unknown, kind: Kind): Wrong => {
  const wrong = isRecord(value) ? kind.fields?.find(([k, f]) => !f.test(value[k])) : undefined
  return wrong === undefined || !isRecord(value)
    ? { name, value, expected: kind.expected }
    : innermost(`${name}.${wrong[0]}`, value[wrong[0]], wrong[1])
}

// -------------------------------------------------------------------------------------
// checks
// -------------------------------------------------------------------------------------

/**
 * The first argument that is not of its kind, or `undefined`.
 *
 * @internal
 */
export const firstWrong = (checks: ReadonlyArray<Check>): Wrong | undefined => {
  for (const [name, value, kind] of checks) if (!kind.test(value)) return innermost(name, value, kind)
  return undefined
}

/**
 * How a message says what is wrong: `options is null; expected a record`.
 *
 * @internal
 */
export const showWrong = (w: Wrong): string => `${w.name} is ${describe(w.value)}; expected ${w.expected}`

/**
 * Right when every argument is of its kind; otherwise an `InvalidArgument` from `op` naming the
 * first that is not.
 *
 * @internal
 */
export const checkArguments = (op: string, checks: ReadonlyArray<Check>): E.Either<InvalidArgument, void> => {
  const w = firstWrong(checks)
  return w === undefined ? E.right(undefined) : E.left(invalidArgument(op, showWrong(w)))
}

/**
 * `build()` when every argument is of its kind: the checks at the boundary of a function that
 * answers an `Either` of its own.
 *
 * @internal
 */
export const guarded = <L, A>(
  op: string,
  checks: ReadonlyArray<Check>,
  build: () => E.Either<L, A>
): E.Either<L | InvalidArgument, A> => {
  const w = firstWrong(checks)
  return w === undefined ? build() : E.left(invalidArgument(op, showWrong(w)))
}
