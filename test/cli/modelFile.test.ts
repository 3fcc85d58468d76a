import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Data, NN, Random, Tensor } from '../../src/index.js'
import * as _ from '../../src/cli/modelFile.js'
import { getLeft, getRight } from '../either.js'

const sameBits = (a: unknown, b: unknown): boolean => {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b)
  if (a instanceof Float64Array && b instanceof Float64Array)
    return a.length === b.length && a.every((x, i) => Object.is(x, b[i]))
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const ka = Object.keys(a)
    return ka.length === Object.keys(b).length && ka.every((k) => sameBits((a as any)[k], (b as any)[k]))
  }
  return a === b
}

const modelOf = (seed: number, bias: boolean): _.ModelFile => {
  const network = { sizes: [3, 4, 2], activations: ['tanh', 'identity'] as const, bias }
  const params = getRight(E.chainW((k: Random.Key) => getRight(NN.mlp(network)).init(k))(Random.key(seed)))
  const mean = getRight(Tensor.fromArray([3])([0.5, -1, 2]))
  const std = getRight(Tensor.fromArray([3])([1, 0.25, 3]))
  return {
    network,
    loss: 'softmaxCrossEntropy',
    features: ['a', 'b', 'c'],
    label: 'kind',
    classes: ['no', 'yes'],
    standardizer: { _tag: 'Standardizer', mean, std },
    params
  }
}

describe('model files', () => {
  it('read back what was written, bit for bit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.boolean(), (seed, bias) => {
        const m = modelOf(seed, bias)
        return sameBits(getRight(_.fromText('m.json')(_.toText(m))), m)
      }),
      { numRuns: 20 }
    )
  })

  it('name the path of what is wrong', () => {
    const text = JSON.parse(_.toText(modelOf(0, true)))
    text.network.sizes = [3, 5, 2]
    expect(getLeft(_.fromText('m.json')(JSON.stringify(text))).message).toMatch(
      /^m\.json: params\.0\.(w|b)\.shape: expected shape \[5\]/
    )
    expect(getLeft(_.fromText('m.json')('{')).message).toBe('m.json: not JSON')
  })

  it('give class probabilities that sum to 1 for raw rows, standardised as in training', () => {
    const m = modelOf(3, true)
    const x = getRight(Tensor.fromArray([2, 3])([0.5, -1, 2, 1.5, -0.75, 5]))
    const p = getRight(_.outputsOf(m)(x))
    expect(p.shape).toEqual([2, 2])
    // each row's softmax sums to 1 up to the rounding of two additions and a division
    for (let r = 0; r < 2; r++)
      expect(Math.abs(p.data[2 * r]! + p.data[2 * r + 1]! - 1)).toBeLessThanOrEqual(4 * Number.EPSILON)
    const z = getRight(E.chainW(Data.applyStandardizer(m.standardizer!))(Data.make(x, getRight(Tensor.zeros([2, 1])))))
    const logits = getRight(getRight(_.mlpOf(m)).predict(m.params)(z.inputs))
    expect(p.data[0]! > p.data[1]!).toBe(logits.data[0]! > logits.data[1]!)
  })
})
