/**
 * `Var`: a value inside a function being differentiated. It holds the forward value (a
 * tensor; a scalar is a rank-0 tensor) and where it stands on the tape of the call that
 * traces it. Vars are made by `valueAndGrad` (one per parameter leaf) and by the ops of
 * `ad/ops`; a `Tensor` or a plain number given to an op is a constant.
 *
 * @since 0.1.0
 */
import { isTensor, unsafeMake, type Tensor } from '../tensor/Tensor.js'
import type { Tape } from './tape.js'
import { abort } from './AdError.js'
import { describe, ownValue } from '../tensor/describe.js'
import { invalidArgument } from '../tensor/TensorError.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A traced value: `tape` is undefined for a constant.
 *
 * @category model
 * @since 0.1.0
 */
export interface Var {
  readonly _tag: 'Var'
  readonly value: Tensor
  /**
   * The tape of the call that traces it; undefined for a constant.
   *
   * @internal
   */
  readonly tape: Tape | undefined
  /**
   * Its place on the tape; −1 for a constant.
   *
   * @internal
   */
  readonly id: number
}

/**
 * What an op accepts: a traced value, or a constant tensor or number.
 *
 * @category model
 * @since 0.1.0
 */
export type Operand = Var | Tensor | number

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A constant: no gradient flows into it.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Tensor } from 'gradfold'
 * // 3·x with the 3 held constant: the gradient flows to x alone
 * pipe(
 *   Tensor.scalar(3),
 *   E.chainW((three) => AD.valueAndGrad((p: AD.Traced<{ x: number }>) => pipe(p.x, AD.mul(AD.constant(three))))({ x: 2 }))
 * ) // right({ value: 6, grad: { x: 3 } })
 *
 * @category constructors
 * @since 0.1.0
 */
export const constant = (value: Tensor): Var => ({ _tag: 'Var', value, tape: undefined, id: -1 })

const scalarTensor = (x: number): Tensor => unsafeMake([], Float64Array.of(x))

/**
 * While a program is traced (`ad/program.ts`), the values handed to the traced function are
 * guarded twins; `unwrap` answers the plain value behind one (undefined for anything else).
 *
 * @internal
 */
export const guarding: { current: { readonly unwrap: (u: object) => Var | undefined } | undefined } = {
  current: undefined
}

/**
 * Any operand as a `Var`: numbers and tensors become constants. Anything else stops the trace with
 * an `InvalidArgument` (which `valueAndGrad` answers as a Left), so junk from JSON never reaches a loop.
 *
 * @example
 * import { AD } from 'gradfold'
 * const two = AD.lift(2)
 * two.value // => 2: a rank-0 tensor, shown as its one number
 * AD.toNumber(two) // => 2
 *
 * @category constructors
 * @since 0.1.0
 */
export const lift = (x: Operand): Var =>
  (guarding.current !== undefined && typeof x === 'object' && x !== null ? guarding.current.unwrap(x) : undefined) ??
  (typeof x === 'number'
    ? constant(scalarTensor(x))
    : isTensor(x)
      ? constant(x)
      : isVar(x) && isTensor(x.value)
        ? x
        : abort(invalidArgument('AD', `an operand is ${describe(x)}; expected a Var, a tensor or a number`)))

/**
 * `make(c)`, an op with the constant `c`; when `c` is no number (it came from JSON through
 * `any`), an op that stops the trace saying what it was instead.
 *
 * @internal
 */
export const withConstant = (
  op: string,
  name: string,
  c: number,
  make: (c: number) => (x: Operand) => Var
): ((x: Operand) => Var) =>
  typeof c === 'number' ? make(c) : () => abort(invalidArgument(op, `${name} is ${describe(c)}; expected a number`))

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * The forward value of a `Var` as a number, when it holds one element (e.g. a loss).
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD } from 'gradfold'
 * // ops on constants compute at once, with no gradient
 * AD.toNumber(pipe(AD.lift(3), AD.square)) // => 9
 *
 * @category destructors
 * @since 0.1.0
 */
export const toNumber = (v: Var): number =>
  (isVar(v) && isTensor(v.value) ? v.value : lift(v).value).data[0] ?? Number.NaN

/**
 * Whether a value is a `Var`.
 *
 * @example
 * import { AD } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.AD.isVar(AD.lift(2)) // => true
 * Advanced.AD.isVar(2) // => false
 *
 * @category refinements
 * @since 0.1.0
 */
export const isVar = (u: unknown): u is Var => typeof u === 'object' && u !== null && ownValue(u, '_tag') === 'Var'
