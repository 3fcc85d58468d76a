import * as E from 'fp-ts/lib/Either.js'
import { getRight } from '../../either.js'
import { describe, expect, it } from 'vitest'
import { threeClass } from '../../../src/data/threeClass.js'
import { mlp } from '../../../src/nn/mlp.js'
import { key } from '../../../src/random/Key.js'
import { lossAndGrad } from '../../../src/train/Model.js'
import { decodeModelSpec, type ModelSpec } from '../../../src/train/files/ModelSpec.js'
import * as _ from '../../../src/train/parallel/shards.js'

const spec: ModelSpec = { sizes: [3, 4, 3], activations: ['tanh', 'identity'], loss: 'softmaxCrossEntropy' }
const params = getRight(getRight(mlp(spec)).init(getRight(key(3))))

describe('splitShards', () => {
  it('cuts a batch into shards of the size asked for, the last one smaller', () => {
    expect(_.splitShards(4)(10)).toEqual(
      E.right([
        { start: 0, end: 4 },
        { start: 4, end: 8 },
        { start: 8, end: 10 }
      ])
    )
  })
  it('rejects a shard size that is not a positive integer', () => {
    expect(E.isLeft(_.splitShards(0)(10))).toBe(true)
    expect(E.isLeft(_.splitShards(2.5)(10))).toBe(true)
  })
})

describe('combineShards', () => {
  it('adds along the fixed tree and divides by the batch size', () => {
    expect(
      _.combineShards(2)([
        { value: 1, grad: { w: 2 } },
        { value: 3, grad: { w: 6 } }
      ])
    ).toEqual(E.right({ value: 2, grad: { w: 4 } }))
  })
  it('answers a Left, not a throw, when there is nothing to combine', () => {
    expect(E.isLeft(_.combineShards(2)([]))).toBe(true)
  })
})

describe('shardedLossAndGrad', () => {
  it('agrees with the mean-loss gradient of the same model to 1e-12', () => {
    // The mean loss divides each sample's δ by 30 inside the pullback; the shards divide the
    // sum once at the end: the two differ by a few roundings of terms of size ~1.
    const reference = getRight(lossAndGrad(getRight(decodeModelSpec(spec)).model)(threeClass)(params))
    const sharded = getRight(getRight(_.shardedLossAndGrad(spec, 8))(threeClass)(params))
    expect(Math.abs(sharded.value - reference.value)).toBeLessThan(1e-12)
    const a = sharded.grad[0]!.w.data
    const b = reference.grad[0]!.w.data
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-12)
  })
  it('rejects a bad shard size before any batch is seen', () => {
    expect(E.isLeft(_.shardedLossAndGrad(spec, -1))).toBe(true)
  })
})
