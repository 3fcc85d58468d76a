/**
 * Tensor guards at the boundary (built on the generic kinds of `guards.ts`): the checks an
 * export makes on an argument that may have arrived from JSON through `any`, so that a value of
 * the wrong type answers a Left naming what was expected instead of throwing somewhere inside. Every layer above uses these rather than writing its own.
 *
 * Each guard is O(1) (a `typeof`, a `_tag`, an `Array.isArray`): they stand in front of the
 * arithmetic on every call, so none of them walks the data.
 *
 * Laws: a guard answers `right(u)` exactly when its refinement holds for `u`, and never throws
 * (its message is built with `describe`, through `showWrong`).
 *
 * @since 0.2.0
 */
import * as E from '#fp-ts/Either.js'
import { isRecord, showWrong } from './guards.js'
import { isTensor, type Tensor } from './Tensor.js'
import { invalidArgument, type InvalidArgument } from './TensorError.js'

// -------------------------------------------------------------------------------------
// refinements
// -------------------------------------------------------------------------------------

/** The one refinement of a record, shared with the kinds of `guards.ts`. @internal */
export { isRecord }

// -------------------------------------------------------------------------------------
// errors
// -------------------------------------------------------------------------------------

/**
 * The error of an argument of the wrong type: `op: name is <what it is>; expected <what>`.
 *
 * @internal
 */
export const wrongType =
  (op: string, name: string, expected: string) =>
  (u: unknown): InvalidArgument =>
    invalidArgument(op, showWrong({ name, value: u, expected }))

/** `u._tag`, or `undefined` when reading it throws (a getter from `any`). */
const tagOf = (u: Readonly<Record<string, unknown>>): unknown => {
  try {
    return u['_tag']
  } catch {
    return undefined
  }
}

/**
 * The error of an argument that is no tensor. A record that JSON spelt with `_tag: 'Tensor'`
 * is said to be one, so that the message does not read "a tensor; expected a tensor".
 *
 * @internal
 */
export const notATensor = (op: string, name: string, u: unknown): InvalidArgument =>
  isRecord(u) && tagOf(u) === 'Tensor'
    ? invalidArgument(
        op,
        `${name} is a record tagged Tensor but not one (its data is no Float64Array); expected a tensor`
      )
    : wrongType(op, name, 'a tensor')(u)

// -------------------------------------------------------------------------------------
// guards
// -------------------------------------------------------------------------------------

/**
 * Right when `u` is a tensor (one of this library's constructors built it).
 *
 * @internal
 */
export const tensorArgument =
  (op: string, name: string) =>
  (u: unknown): E.Either<InvalidArgument, Tensor> =>
    isTensor(u) ? E.right(u) : E.left(notATensor(op, name, u))

/**
 * Right when both are tensors; otherwise the first that is not, named `a` or `b` as the op's
 * documentation names them. For the binary ops: `a` is the data-last argument.
 *
 * @internal
 */
export const tensorPair =
  (op: string) =>
  (a: unknown, b: unknown): InvalidArgument | undefined =>
    !isTensor(a) ? notATensor(op, 'a', a) : !isTensor(b) ? notATensor(op, 'b', b) : undefined

/**
 * An options record: `undefined` is the empty record (every option at its default); a record
 * is itself; anything else is a Left.
 *
 * @internal
 */
export const optionsArgument =
  (op: string) =>
  <O extends object>(u: O | undefined): E.Either<InvalidArgument, Partial<O>> =>
    u === undefined
      ? E.right({})
      : isRecord(u)
        ? E.right(u)
        : E.left(wrongType(op, 'the options record', 'a record of options or nothing')(u))
