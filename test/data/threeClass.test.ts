import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { fullBatch, unsafeMiniBatch, stochastic } from '../../src/data/Batching.js'
import { labels, make } from '../../src/data/Dataset.js'
import * as _ from '../../src/data/threeClass.js'
import { threeClusters } from '../../src/data/threeClusters.js'
import * as kernels from '../../src/tensor/kernels.js'
import { key, split2 } from '../../src/random/Key.js'
import { normal } from '../../src/random/normal.js'
import { k0, right, rowsOf } from './helpers.js'
import { accuracy, meanLoss, train } from './seedNetwork.js'

describe('threeClass', () => {
  it('is a valid data set of 30 samples, 3 features and 3 one-hot classes', () => {
    expect(make(_.threeClass.inputs, _.threeClass.targets)).toEqual(E.right(_.threeClass))
    expect([_.threeClass.inputs.shape, _.threeClass.targets.shape]).toEqual([
      [30, 3],
      [30, 3]
    ])
  })

  it('has row i of class i mod 3', () => {
    expect(labels(_.threeClass)).toEqual(_.threeClassLabels)
    expect(_.threeClassLabels).toEqual(Array.from({ length: 30 }, (_x, i) => i % 3))
  })

  it('is threeClusters({ perClass: 10 })(key(0)) rounded to two decimals', () => {
    const drawn = rowsOf(right(threeClusters({ perClass: 10 })(k0)).inputs)
    expect(rowsOf(_.threeClass.inputs)).toEqual(drawn.map((row) => row.map((x) => Math.round(x * 100) / 100)))
    expect(rowsOf(_.threeClass.inputs)).toEqual(_.threeClassInputs)
  })

  it('is separable through the origin: the largest feature of each row is its class', () => {
    expect(Array.from(kernels.argmaxRows(_.threeClass.inputs.data, { rows: 30, cols: 3 }))).toEqual(_.threeClassLabels)
  })

  it('cannot be changed through the exported rows', () => {
    expect(
      Object.isFrozen(_.threeClassInputs) &&
        _.threeClassInputs.every(Object.isFrozen) &&
        Object.isFrozen(_.threeClassLabels)
    ).toBe(true)
  })

  it("is learnt to accuracy 1 by the seed's 3-2-3 network in each of the three modes, the loss falling", () => {
    const [shuffleKey, initKey] = split2(right(key(2)))
    const init = Float64Array.from(right(normal([12], { std: 0.5 })(initKey)).data)
    for (const [batching, lr] of [
      [stochastic({ shuffle: true }), 0.5],
      [unsafeMiniBatch(6, { shuffle: true }), 2],
      [fullBatch(), 5]
    ] as const) {
      const { epochs, w } = train(batching, lr, 300)(_.threeClass, shuffleKey, init)
      expect(accuracy(w, _.threeClass)).toBe(1)
      expect(epochs).toBeLessThan(100)
      expect(meanLoss(w, _.threeClass)).toBeLessThan(meanLoss(init, _.threeClass))
    }
  })
})
