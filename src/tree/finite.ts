/**
 * Finiteness: a tree is finite when every scalar in it is (no NaN, no infinity). The training
 * loop checks its parameters and gradients every step, so the check is a plain loop over each
 * leaf's data that builds the path of a leaf only when it has found a bad element.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import type { NonFinite } from '../tensor/TensorError.js'
import { firstNonFinite } from '../tensor/Tensor.js'
import {
  checkedEndo,
  firstStray,
  leafList,
  leaves,
  type CheckedTreeEndo,
  type Leaf,
  type LeafEntry,
  type Tree
} from './Tree.js'
import { nonFiniteLeaf, structureMismatch, type StructureMismatch } from './TreeError.js'

const firstBadIndex = (leaf: Leaf): number =>
  typeof leaf === 'number' ? (leaf - leaf === 0 ? -1 : 0) : firstNonFinite(leaf.data)

const valueAt = (leaf: Leaf, i: number): number => (typeof leaf === 'number' ? leaf : (leaf.data[i] as number))

/**
 * The first non-finite scalar in flatten order, as a `NonFinite` naming its leaf's path and its
 * index in that leaf, or `undefined` when every scalar is finite. Nodes that are not part of a
 * tree are not visited: {@link validateFinite} looks for them first.
 *
 * @internal
 */
export const findNonFinite = (tree: Tree): NonFinite | undefined => {
  const list = leafList(tree)
  for (let k = 0; k < list.length; k++) {
    const leaf = list[k] as Leaf
    const i = firstBadIndex(leaf)
    if (i >= 0) return nonFiniteLeaf((leaves(tree)[k] as LeafEntry).path, i, valueAt(leaf, i))
  }
  return undefined
}

/**
 * Right with the tree when every scalar in it is finite; otherwise a `NonFinite` whose `where`
 * is the path of the first leaf (in flatten order) holding a NaN or an infinity, and whose
 * `index` is the element's flat index in that leaf. A value that is not a tree at all (a string
 * field, `null`, nesting deeper than `MAX_DEPTH`) answers a `StructureMismatch` naming the path.
 *
 * @example
 * import { Tree } from 'gradfold'
 * Tree.validateFinite({ w1: 0.15, w2: NaN }) // left: w2: element 0 is NaN; only finite numbers are allowed
 *
 * @category validation
 * @since 0.1.0
 */
export const validateFinite: CheckedTreeEndo<NonFinite | StructureMismatch> = checkedEndo((tree) => {
  const stray = firstStray(tree)
  if (stray !== undefined)
    return E.left(structureMismatch(stray.path, 'kind', 'a number, a tensor, an array or a record', stray.found))
  const bad = findNonFinite(tree)
  return bad === undefined ? E.right(tree) : E.left(bad)
})
