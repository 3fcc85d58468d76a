/**
 * The plumbing of `tree/` that `Tree` leaves out: the error constructors and their tags, the
 * checked-function types, the size limit and the guards a traversal uses. For writing a traversal
 * of your own.
 *
 * @since 0.3.0
 */
export {
  isLeaf,
  isTreeArray,
  MAX_NODES,
  type CheckedTreeBinary,
  type CheckedTreeEndo,
  type LeafEntry,
  type TreeEndo,
  type TreeRecord
} from './Tree.js'
export {
  nonFiniteLeaf,
  nonFiniteResult,
  showPath,
  sizeMismatch,
  structureMismatch,
  type SizeMismatch,
  type StructureMismatch,
  type StructureMismatchReason
} from './TreeError.js'
export { zipWith3, type CheckedTreeTernary } from './zipWith.js'
