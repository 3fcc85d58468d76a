// Laws of model files: the JSON text round trip gives every part back, floats bit for bit;
// decoding never throws, whatever value it is given; a prediction is the network's forward pass
// on the standardised rows.
import * as E from 'fp-ts/lib/Either.js'
import { decode } from '../src/codec/DecodeError.js'
import { ModelFileC, decodeModel, encodeModel, type ModelFile } from '../src/train/files/ModelFile.js'
import type { Tensor } from '../src/tensor/Tensor.js'

const sameBits = (a: Tensor, b: Tensor): boolean =>
  a.shape.length === b.shape.length &&
  a.shape.every((d, i) => d === b.shape[i]) &&
  a.data.length === b.data.length &&
  a.data.every((x, i) => Object.is(x, b.data[i]))

/**
 * Two model files hold the same parts, every float compared by `Object.is`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { NN, Random, Train } from 'gradfold'
 * import { ModelFileLaws } from 'gradfold/laws'
 * // a small trained-or-not network as a model file
 * const model = pipe(
 *   E.Do,
 *   E.apS('net', NN.mlp({ sizes: [3, 4, 3], activations: ['tanh', 'softmax'] })),
 *   E.apSW('key', Random.key(0)),
 *   E.bindW('params', ({ net, key }) => net.init(key)),
 *   E.chainW(({ net, params }) => Train.modelFile({ net, loss: 'crossEntropy', params, classes: ['a', 'b', 'c'] }))
 * )
 * pipe(model, E.map((m) => ModelFileLaws.sameModel(m, m))) // right(true)
 */
export const sameModel = (a: ModelFile, b: ModelFile): boolean =>
  JSON.stringify(a.architecture) === JSON.stringify(b.architecture) &&
  a.params.length === b.params.length &&
  a.params.every((l, i) => {
    const m = b.params[i]
    if (m === undefined || !sameBits(l.w, m.w)) return false
    return l.b === undefined ? m.b === undefined : m.b !== undefined && sameBits(l.b, m.b)
  }) &&
  (a.standardizer === null
    ? b.standardizer === null
    : b.standardizer !== null &&
      sameBits(a.standardizer.mean, b.standardizer.mean) &&
      sameBits(a.standardizer.std, b.standardizer.std)) &&
  JSON.stringify(a.classes) === JSON.stringify(b.classes) &&
  JSON.stringify(a.featureNames) === JSON.stringify(b.featureNames) &&
  a.metadata.gradfoldVersion === b.metadata.gradfoldVersion &&
  JSON.stringify(a.metadata.training) === JSON.stringify(b.metadata.training) &&
  Object.keys(a.metadata.metrics).length === Object.keys(b.metadata.metrics).length &&
  Object.entries(a.metadata.metrics).every(([k, v]) => Object.is(v, b.metadata.metrics[k]))

/**
 * `decodeModel(encodeModel(m))` is `m`, bit for bit.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { NN, Random, Train } from 'gradfold'
 * import { ModelFileLaws } from 'gradfold/laws'
 * // a small trained-or-not network as a model file
 * const model = pipe(
 *   E.Do,
 *   E.apS('net', NN.mlp({ sizes: [3, 4, 3], activations: ['tanh', 'softmax'] })),
 *   E.apSW('key', Random.key(0)),
 *   E.bindW('params', ({ net, key }) => net.init(key)),
 *   E.chainW(({ net, params }) => Train.modelFile({ net, loss: 'crossEntropy', params, classes: ['a', 'b', 'c'] }))
 * )
 * pipe(model, E.map(ModelFileLaws.roundTrips)) // right(true)
 */
export const roundTrips = (m: ModelFile): boolean => {
  const back = decodeModel(encodeModel(m))
  return E.isRight(back) && sameModel(m, back.right)
}

/**
 * Decoding any value answers Right or a Left with a message; it never throws.
 *
 * @example
 * import { ModelFileLaws } from 'gradfold/laws'
 * // whatever the text held, decoding answers an Either and never throws
 * [null, {}, { format: 'gradfold-model/1' }, [1, 2], 'model'].every(ModelFileLaws.decodeIsTotal) // => true
 */
export const decodeIsTotal = (u: unknown): boolean => {
  const r = decode(ModelFileC)(u)
  return E.isRight(r) || typeof r.left.message === 'string'
}
