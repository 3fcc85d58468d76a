/**
 * The plumbing of `codec/` that `Codec` leaves out: the JSON limits and readers, the exact-record
 * combinators the library's codecs are made of, the shaped-tensor codec and the error
 * constructors. For writing a codec of your own.
 *
 * @since 0.3.0
 */
export { decodeError, contextPath } from './DecodeError.js'
export { type Float64Json } from './Float64C.js'
export { TensorOfShapeC } from './TensorC.js'
export { exactTuple, exactType, type Props } from './exact.js'
export { JSON_DEPTH_LIMIT, JSON_SIZE_LIMIT, jsonFirst, parseJson, plainFirst } from './JsonC.js'
