/**
 * The public face of `codec/`: io-ts codecs for the values that cross a boundary (JSON files,
 * checkpoints, configs) and the `DecodeError` a refused input becomes. Floats survive JSON bit
 * for bit, −0 included; trees and tensors decode against a template and name the first path
 * where the input differs from it.
 *
 * @since 0.1.0
 */
export { decode, type DecodeError } from './DecodeError.js'
export { Float64C } from './Float64C.js'
export { CountC } from './CountC.js'
export { TensorC, type TensorJson } from './TensorC.js'
export { TreeC, type TreeJson } from './TreeC.js'
export { JsonC, type Json } from './JsonC.js'
