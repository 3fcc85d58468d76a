import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { fullBatch, unsafeMiniBatch, stochastic } from '../../src/data/Batching.js'
import { labels, make, size } from '../../src/data/Dataset.js'
import * as _ from '../../src/data/threeClusters.js'
import { key, split2 } from '../../src/random/Key.js'
import { normal } from '../../src/random/normal.js'
import { k0, k1, right, rowsOf } from './helpers.js'
import { accuracy, train } from './seedNetwork.js'

const distance = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): number =>
  Math.hypot(...a.map((x, i) => x - b[i]!))
const centre = (c: number): ReadonlyArray<number> => [0, 1, 2].map((f) => (f === c ? _.CENTRE : 0))

describe('threeClusters', () => {
  it('draws 3 · perClass samples of 3 features, row i of class i mod 3', () => {
    const d = right(_.threeClusters({ perClass: 4 })(k0))
    expect(d.inputs.shape).toEqual([12, 3])
    expect(d.targets.shape).toEqual([12, 3])
    expect(labels(d)).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2])
  })

  it('has 20 samples per class by default, and is a valid data set', () => {
    const d = right(_.threeClusters()(k0))
    expect(size(d)).toBe(60)
    expect(make(d.inputs, d.targets)).toEqual(E.right(d))
  })

  it('puts every sample at its class centre when the spread is 0', () => {
    const d = right(_.threeClusters({ perClass: 2, spread: 0 })(k0))
    expect(rowsOf(d.inputs)).toEqual([0, 1, 2, 0, 1, 2].map(centre))
  })

  it('is the same for the same key and differs for another', () => {
    expect(_.threeClusters()(k0)).toEqual(_.threeClusters()(k0))
    expect(right(_.threeClusters()(k1)).inputs.data).not.toEqual(right(_.threeClusters()(k0)).inputs.data)
  })

  it('spreads each blob by the given standard deviation', () => {
    const d = right(_.threeClusters({ perClass: 2000, spread: 0.5 })(k0))
    const offsets = rowsOf(d.inputs).flatMap((row, i) => row.map((x, f) => x - centre(i % 3)[f]!))
    const sd = Math.sqrt(offsets.reduce((s, v) => s + v * v, 0) / offsets.length)
    // 18 000 normal draws: the sample sd is within 3 standard errors (0.5 / √(2 · 18 000) ≈ 0.0026)
    expect(Math.abs(sd - 0.5)).toBeLessThan(0.008)
  })

  it('places each sample nearer its own centre than any other at the default spread', () => {
    for (const k of [k0, k1]) {
      const d = right(_.threeClusters()(k))
      rowsOf(d.inputs).forEach((row, i) => {
        const mine = distance(row, centre(i % 3))
        expect([0, 1, 2].every((c) => c === i % 3 || distance(row, centre(c)) > mine)).toBe(true)
      })
    }
  })

  it.each([
    [{ perClass: 0 }, 'threeClusters: perClass is 0; expected an integer from 1 to 3728270'],
    [{ perClass: 2.5 }, 'threeClusters: perClass is 2.5; expected an integer from 1 to 3728270'],
    [{ spread: -1 }, 'threeClusters: spread is -1; expected a number from 0 to 1e100'],
    [{ spread: NaN }, 'threeClusters: spread is NaN; expected a number from 0 to 1e100']
  ])('rejects %o', (options, message) => {
    expect(_.threeClusters(options)(k0)).toEqual(E.left({ _tag: 'InvalidArgument', op: 'threeClusters', message }))
  })

  it("is learnt to accuracy 1 by the seed's 3-2-3 network without biases, in each of the three modes", () => {
    const [dataKey, initKey] = split2(right(key(2)))
    const d = right(_.threeClusters()(dataKey))
    const init = Float64Array.from(right(normal([12], { std: 0.5 })(initKey)).data)
    expect(accuracy(init, d)).toBeLessThan(1)
    for (const [batching, lr] of [
      [stochastic({ shuffle: true }), 0.5],
      [unsafeMiniBatch(6, { shuffle: true }), 2],
      [fullBatch(), 5]
    ] as const) {
      const { epochs, w } = train(batching, lr, 300)(d, dataKey, init)
      expect(accuracy(w, d)).toBe(1)
      expect(epochs).toBeLessThan(100)
    }
  })
})
