/**
 * The plumbing of `tensor/` that `Tensor` leaves out: the error constructors and their tags, the
 * shape checks, the size limits, the row-broadcast and transposed products the kernels are made
 * of, and `kernels`, the loops over typed arrays every operation ends in. For writing an op of
 * your own or a kernel.
 *
 * @since 0.3.0
 */
export { MAX_ELEMENTS, MAX_RANK, validateFinite, validateLength, sameShape, validateShape } from './Tensor.js'
export { asText, describeThrown } from './describe.js'
export {
  dataLengthMismatch,
  invalidArgument,
  invalidShape,
  nonFinite,
  shapeMismatch,
  showShape,
  type DataLengthMismatch,
  type InvalidArgument,
  type InvalidShape,
  type NonFinite,
  type ShapeMismatch
} from './TensorError.js'
export { divRow, mulRow, subRow } from './broadcast.js'
export { matmulNT, matmulTN } from './matmul.js'
/** The loops over typed arrays every tensor operation ends in, for custom ops (`AD.customOp`) to build on. */
export * as kernels from './kernels.js'
