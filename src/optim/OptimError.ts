/**
 * The errors an optimizer can answer with. Each is a plain value with a `_tag` and a `message`
 * that names what a person has to look at: the transformation, the hyperparameter or state
 * field, the parameter leaf's path.
 *
 * - `InvalidHyperparameter`: a constructor's argument (or a schedule's value at some step) is out
 *   of its range: a negative or non-finite learning rate, a β outside [0, 1), an ε ≤ 0, …;
 * - `StateMismatch`: a state tree (Adam's `mu`, a momentum `trace`, …) whose structure is not
 *   the parameters' structure, for instance a state made for other parameters;
 * - `StructureMismatch` (from `Tree`): gradients or updates whose structure is not the
 *   parameters';
 * - `NonFinite` (from `Tensor`): a NaN or an infinity in a gradient, an update, a state or a new
 *   parameter; `where` names the transformation, what was being computed and the leaf's path.
 *
 * @since 0.1.0
 */
import { asText, describe } from '../tensor/describe.js'
import { nonFinite, type NonFinite } from '../tensor/TensorError.js'
import type { StructureMismatch, StructureMismatchReason } from '../tree/TreeError.js'
import { showPath } from '../tree/TreeError.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A hyperparameter outside its range. `where` is the constructor (`adam`, `scaleByAdam`,
 * `cosineDecay`, …), `field` the argument's name as the caller wrote it (`lr`, `b1`,
 * `boundaries.2`), `expected` the range.
 *
 * @category model
 * @since 0.1.0
 */
export interface InvalidHyperparameter {
  readonly _tag: 'InvalidHyperparameter'
  readonly where: string
  readonly field: string
  readonly value: unknown
  readonly expected: string
  readonly message: string
}

/**
 * A state tree whose structure differs from the parameters' at `path`. `field` names the tree
 * inside the state (`mu`, `nu`, `trace`, `sumOfSquares`).
 *
 * @category model
 * @since 0.1.0
 */
export interface StateMismatch {
  readonly _tag: 'StateMismatch'
  readonly where: string
  readonly field: string
  readonly path: string
  readonly reason: StructureMismatchReason
  readonly message: string
}

/**
 * @category model
 * @since 0.1.0
 */
export type OptimError = InvalidHyperparameter | StateMismatch | StructureMismatch | NonFinite

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const show = describe

/**
 * An `InvalidHyperparameter` error: `where`'s `field` is `value`, not `expected`.
 *
 * @example
 * import { Optim } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Optim.invalidHyperparameter('adam', 'lr', -1, 'a finite number ≥ 0').message // => 'adam: lr is -1; expected a finite number ≥ 0'
 * Optim.adam({ lr: -1 }) // left: adam: lr is -1; expected a finite number ≥ 0
 *
 * @category constructors
 * @since 0.1.0
 */
export const invalidHyperparameter = (
  where: string,
  field: string,
  value: unknown,
  expected: string
): InvalidHyperparameter => ({
  _tag: 'InvalidHyperparameter',
  where,
  field,
  value,
  expected,
  message: `${asText(where)}: ${asText(field)} is ${show(value)}; expected ${asText(expected)}`
})

/**
 * The parameters' structure and a state tree's, differing as `m` says.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * const m = Advanced.Tree.structureMismatch('w2', 'missing', 'a leaf', 'nothing')
 * Advanced.Optim.stateMismatch('adam', 'mu', m).message // => "adam: at w2, the parameters have a leaf and the state's mu nothing"
 *
 * @category constructors
 * @since 0.1.0
 */
export const stateMismatch = (where: string, field: string, m: StructureMismatch): StateMismatch => ({
  _tag: 'StateMismatch',
  where,
  field,
  path: m.path,
  reason: m.reason,
  message: `${where}: at ${showPath(m.path)}, the parameters have ${m.expected} and the state's ${field} ${m.actual}`
})

/**
 * A structure mismatch between the parameters and `what` (`the gradient`, `the updates`), said
 * from `where`.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * const m = Advanced.Tree.structureMismatch('w2', 'missing', 'a leaf', 'nothing')
 * Advanced.Optim.mismatchWith('sgd', 'the gradient', m).message // => 'sgd: at w2, the parameters have a leaf and the gradient nothing'
 *
 * @category constructors
 * @since 0.1.0
 */
export const mismatchWith = (where: string, what: string, m: StructureMismatch): StructureMismatch => ({
  ...m,
  message: `${where}: at ${showPath(m.path)}, the parameters have ${m.expected} and ${what} ${m.actual}`
})

/**
 * A non-finite value found in `what` (`gradient`, `update`, `state mu`, `parameter`), said from
 * `where`; `found` is the tree module's report, which names the leaf.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Optim.nonFiniteIn('sgd', 'gradient', Advanced.Tree.nonFiniteLeaf('w', 0, Number.NaN)).message // => 'sgd: gradient w: element 0 is NaN; only finite numbers are allowed'
 *
 * @category constructors
 * @since 0.1.0
 */
export const nonFiniteIn = (where: string, what: string, found: NonFinite): NonFinite =>
  nonFinite(`${where}: ${what} ${found.where}`, found.index, found.value)
