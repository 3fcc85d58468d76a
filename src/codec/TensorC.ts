/**
 * Tensors as JSON: `{ "shape": [2, 3], "data": [1, 2, 3, 4, 5, 6] }`, row-major, each element
 * encoded by `Float64C` (so −0 survives as `"-0"`). Decoding checks everything a tensor
 * constructor checks (a valid shape, data that fills it, finite elements) and refuses unknown
 * keys; `TensorOfShapeC` also demands one shape.
 *
 * Law: `decode(JSON.parse(JSON.stringify(encode(x))))` is `x`: same shape, same bytes.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { isTensor, sameShape, unsafeMake, validateShape, type Shape, type Tensor } from '../tensor/Tensor.js'
import { showShape } from '../tensor/TensorError.js'
import { describe, ownValue } from '../tensor/describe.js'
import { encodeFloat64, float64Expected, readFloat64, type Float64Json } from './Float64C.js'
import { unexpectedKeys } from './exact.js'
import { refusing } from './refusing.js'
import * as E from '#fp-ts/Either.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The encoded form of a tensor.
 *
 * @category model
 * @since 0.1.0
 */
export interface TensorJson {
  readonly shape: ReadonlyArray<number>
  readonly data: ReadonlyArray<Float64Json>
}

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const isObject = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

/** The elements of `data` as a fresh array, or the index of the first that is not a double. */
const readData = (data: ReadonlyArray<unknown>): Float64Array | number => {
  const out = new Float64Array(data.length)
  for (let i = 0; i < data.length; i++) {
    const x = readFloat64(data[i])
    if (x === undefined) return i
    out[i] = x
  }
  return out
}

/** The shape at `c`, checked (valid, and `expected` when given), with its element count. */
const validateShapeAt = (
  expected: Shape | undefined,
  shape: unknown,
  c: t.Context
): t.Validation<readonly [Shape, number]> => {
  if (!Array.isArray(shape)) return t.failure(shape, c, `expected a list of dimensions, got ${describe(shape)}`)
  const size = validateShape(shape)
  if (size._tag === 'Left') return t.failure(shape, c, size.left.message)
  if (expected !== undefined && !sameShape(expected, shape as Shape)) {
    return t.failure(shape, c, `expected shape ${showShape(expected)}, got ${showShape(shape as Shape)}`)
  }
  return t.success([shape as Shape, size.right])
}

/** The `size` elements at `c`, read into a fresh array. */
const validateDataAt = (size: number, data: unknown, c: t.Context): t.Validation<Float64Array> => {
  if (!Array.isArray(data) || data.length !== size) {
    return t.failure(data, c, `expected ${size} values, got ${Array.isArray(data) ? data.length : describe(data)}`)
  }
  const read = readData(data)
  if (typeof read !== 'number') return t.success(read)
  return t.failure(
    data[read],
    t.appendContext(c, String(read), t.unknown, data[read]),
    `${float64Expected}, got ${describe(data[read])}`
  )
}

const validateTensor =
  (expected: Shape | undefined) =>
  (u: unknown, c: t.Context): t.Validation<Tensor> => {
    const at = (key: string, v: unknown) => t.appendContext(c, key, t.unknown, v)
    if (!isObject(u))
      return t.failure(
        u,
        c,
        `expected ${expected === undefined ? 'a tensor' : `a tensor of shape ${showShape(expected)}`}, got ${describe(u)}`
      )
    const extra = unexpectedKeys(u, ['data', 'shape'])
    if (extra !== undefined)
      return t.failure(ownValue(u, extra), at(extra, ownValue(u, extra)), 'unexpected key in a tensor { shape, data }')
    const shape = validateShapeAt(expected, ownValue(u, 'shape'), at('shape', ownValue(u, 'shape')))
    if (shape._tag === 'Left') return shape
    const data = validateDataAt(shape.right[1], ownValue(u, 'data'), at('data', ownValue(u, 'data')))
    return data._tag === 'Left' ? data : t.success(unsafeMake(shape.right[0], data.right))
  }

/**
 * The encoded form of a tensor: its shape and its elements as `Float64Json`.
 *
 * @internal
 */
export const encodeTensor = (x: Tensor): TensorJson => ({
  shape: x.shape.slice(),
  data: Array.from(x.data, encodeFloat64)
})

const tensorCodec = (name: string, expected: Shape | undefined): t.Type<Tensor, TensorJson, unknown> =>
  new t.Type<Tensor, TensorJson, unknown>(
    name,
    (u): u is Tensor =>
      isTensor(u) && (expected === undefined || sameShape(expected, u.shape)) && u.data.every((x) => x - x === 0),
    validateTensor(expected),
    encodeTensor
  )

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * A tensor of any valid shape.
 *
 * @example
 * import { Codec } from 'gradfold'
 * Codec.TensorC.decode({ shape: [2], data: [0.5, '-0'] }) // right: a [2] tensor holding 0.5 and −0
 * Codec.TensorC.decode({ shape: [2], data: [0.5] }) // left: data: expected 2 values, got 1
 *
 * @category codecs
 * @since 0.1.0
 */
export const TensorC: t.Type<Tensor, TensorJson, unknown> = tensorCodec('Tensor', undefined)

/**
 * A tensor of exactly the given shape.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Codec.TensorOfShapeC([2, 2]).decode({ shape: [4], data: [1, 2, 3, 4] }) // left: shape: expected shape [2, 2], got [4]
 *
 * @category codecs
 * @since 0.1.0
 */
export const TensorOfShapeC = (shape: Shape): t.Type<Tensor, TensorJson, unknown> => {
  const valid = validateShape(shape)
  return E.isLeft(valid)
    ? refusing('Tensor of an invalid shape', `no tensor has this shape: ${valid.left.message}`)
    : tensorCodec(`Tensor${showShape(shape)}`, Object.freeze(shape.slice()))
}
