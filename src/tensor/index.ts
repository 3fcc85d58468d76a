/**
 * The public face of `tensor/`: the immutable `Tensor`, its validating constructors, and the
 * operations on it. Everything here is total: errors come back as `TensorError` values.
 *
 * @since 0.1.0
 */
export {
  MAX_ELEMENTS,
  MAX_RANK,
  checkFinite,
  checkLength,
  fromArray,
  full,
  isTensor,
  item,
  ones,
  rank,
  sameShape,
  scalar,
  size,
  toArray,
  validateShape,
  zeros,
  zerosLike,
  type Shape,
  type Tensor
} from './Tensor.js'
export * from './TensorError.js'
export * from './elementwise.js'
export * from './broadcast.js'
export * from './matmul.js'
export * from './reduce.js'
export * from './compare.js'
export * from './nested.js'
export { asText, describe, describeThrown } from './describe.js'
/** The loops over typed arrays every tensor operation ends in, for custom ops (`AD.customOp`) to build on. */
export * as kernels from './kernels.js'
