/**
 * Parameter trees: records of numbers and tensors, their traversals, flattening, vector-space
 * operations and the gradient monoid. The public API of `src/tree`; the `unsafe` variants and
 * other `@internal` helpers are imported from their modules by the library itself.
 *
 * @since 0.1.0
 */
export { leaves, paths, reduce, size, type Leaf, type Params, type Tree } from './Tree.js'
export { type TreeError } from './TreeError.js'
export { sameStructure } from './structure.js'
export { validateFinite } from './finite.js'
export { map, mapLeaves } from './map.js'
export { zipWith } from './zipWith.js'
export { flatten, unflatten } from './flatten.js'
export { add, addScaled, dot, norm, scale, sub, sumSquares, zerosLike } from './vectorSpace.js'
export { getSumMonoid, sumAll } from './gradientMonoid.js'
