/**
 * Parameter trees: records of numbers and tensors, their traversals, flattening, vector-space
 * operations and the gradient monoid. The public API of `src/tree`; the `unsafe` variants and
 * other `@internal` helpers are imported from their modules by the library itself.
 *
 * @since 0.1.0
 */
export {
  isLeaf,
  isTreeArray,
  leaves,
  MAX_NODES,
  paths,
  reduce,
  size,
  type CheckedTreeBinary,
  type CheckedTreeEndo,
  type Leaf,
  type LeafEntry,
  type Params,
  type Tree,
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
  type StructureMismatchReason,
  type TreeError
} from './TreeError.js'
export { sameStructure } from './structure.js'
export { checkFinite } from './finite.js'
export { map, mapLeaves } from './map.js'
export { zipWith, zipWith3, type CheckedTreeTernary } from './zipWith.js'
export { flatten, unflatten } from './flatten.js'
export { add, addScaled, dot, norm, scale, sub, sumSquares, zerosLike } from './vectorSpace.js'
export { getSumMonoid, sumAll } from './gradientMonoid.js'
