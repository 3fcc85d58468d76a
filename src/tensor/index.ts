/**
 * The public face of `tensor/`: the immutable `Tensor`, its validating constructors, and the
 * operations on it. Everything here is total: errors come back as `TensorError` values.
 *
 * @since 0.1.0
 */
export {
  fromArray,
  full,
  isTensor,
  item,
  ones,
  rank,
  scalar,
  size,
  toArray,
  zeros,
  zerosLike,
  type Shape,
  type Tensor
} from './Tensor.js'
export { type TensorError } from './TensorError.js'
export * from './elementwise.js'
export { addRow } from './broadcast.js'
export { matmul, transpose } from './matmul.js'
export * from './reduce.js'
export * from './compare.js'
export * from './nested.js'
export { describe } from './describe.js'
