/**
 * The errors a parameter-tree operation can answer with. Each names the leaf it is about by its
 * path (`hidden.w`, `layers.0.b`; see {@link Tree.paths}), so that a person can find it.
 *
 * - `StructureMismatch`: two trees that an operation combines differ at `path`;
 * - `SizeMismatch`: a flat vector whose length is not the number of scalars in the template;
 * - `NonFinite` (shared with the tensor module): a NaN or an infinity; its `where` is the path of
 *   the leaf that holds it (or the name of the op whose scalar result it is), and `index` the flat
 *   index inside that leaf (0 for a number leaf).
 *
 * @since 0.1.0
 */
import { asText, describe } from '../tensor/describe.js'
import { nonFinite, type InvalidArgument, type NonFinite } from '../tensor/TensorError.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * How two trees differ at the first path where they do:
 * - `missing`: the template has a key or item there, the other tree has none;
 * - `extra`: the other tree has a key or item there, the template has none;
 * - `kind`: a number against a tensor, a record against an array, and so on;
 * - `shape`: two tensors of different shapes.
 *
 * @category model
 * @since 0.1.0
 */
export type StructureMismatchReason = 'missing' | 'extra' | 'kind' | 'shape'

/**
 * Two trees whose structures differ. `path` is the first differing path in flatten order (`''`
 * for the root); `expected` describes what the template holds there, `actual` the other tree.
 *
 * @category model
 * @since 0.1.0
 */
export interface StructureMismatch {
  readonly _tag: 'StructureMismatch'
  readonly path: string
  readonly reason: StructureMismatchReason
  readonly expected: string
  readonly actual: string
  readonly message: string
}

/**
 * A flat vector whose length is not the template's number of scalars.
 *
 * @category model
 * @since 0.1.0
 */
export interface SizeMismatch {
  readonly _tag: 'SizeMismatch'
  readonly expected: number
  readonly actual: number
  readonly message: string
}

/**
 * An `InvalidArgument` is an argument of the wrong type (a function expected, a number, a list
 * of trees), as it may arrive from JSON through `any`.
 *
 * @category model
 * @since 0.1.0
 */
export type TreeError = StructureMismatch | SizeMismatch | NonFinite | InvalidArgument

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * How a path reads in a message: the path itself, or `(root)` for the empty path.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Tree.showPath('layers.0.w') // => 'layers.0.w'
 * Advanced.Tree.showPath('') // => '(root)'
 *
 * @category constructors
 * @since 0.1.0
 */
export const showPath = (path: string): string => (path === '' ? '(root)' : asText(path))

/**
 * A `StructureMismatch` error: at `path` the trees differ (`reason`), with what was expected and what was found.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tree } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Tree.structureMismatch('w2', 'missing', 'a leaf', 'nothing').message // => 'trees differ at w2: expected a leaf, got nothing'
 * // what adding two parameter records of different keys answers
 * pipe({ w1: 1, w2: 2 }, Tree.add({ w1: 1 })) // left: trees differ at …
 *
 * @category constructors
 * @since 0.1.0
 */
export const structureMismatch = (
  path: string,
  reason: StructureMismatchReason,
  expected: string,
  actual: string
): StructureMismatch => ({
  _tag: 'StructureMismatch',
  path,
  reason,
  expected,
  actual,
  message: `trees differ at ${showPath(path)}: expected ${asText(expected)}, got ${asText(actual)}`
})

/**
 * A `SizeMismatch` error: the tree holds `expected` numbers and the flat vector `actual`.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Tree.sizeMismatch(3, 2).message // => 'the tree holds 3 numbers, the flat vector has 2'
 *
 * @category constructors
 * @since 0.1.0
 */
export const sizeMismatch = (expected: number, actual: number): SizeMismatch => ({
  _tag: 'SizeMismatch',
  expected,
  actual,
  message: `the tree holds ${describe(expected)} numbers, the flat vector has ${describe(actual)}`
})

/**
 * A non-finite value in the leaf at `path`, at flat index `index` of that leaf.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Tree.nonFiniteLeaf('layers.0.w', 3, Number.NaN).message // => 'layers.0.w: element 3 is NaN; only finite numbers are allowed'
 *
 * @category constructors
 * @since 0.1.0
 */
export const nonFiniteLeaf = (path: string, index: number, value: number): NonFinite =>
  nonFinite(showPath(path), index, value)

/**
 * A non-finite scalar result of `op` (an overflowing `dot`, say).
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Tree.nonFiniteResult('dot', Infinity).message // => 'dot result: element 0 is Infinity; only finite numbers are allowed'
 *
 * @category constructors
 * @since 0.1.0
 */
export const nonFiniteResult = (op: string, value: number): NonFinite => nonFinite(`${asText(op)} result`, 0, value)
