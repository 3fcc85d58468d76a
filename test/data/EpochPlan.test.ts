import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import { fullBatch, unsafeMiniBatch, stochastic } from '../../src/data/Batching.js'
import * as _ from '../../src/data/EpochPlan.js'
import { foldIn } from '../../src/random/Key.js'
import { permutation } from '../../src/random/permutation.js'
import { counting, firstColumn, k0, k1, left, right } from './helpers.js'
import { bitsEqual } from '../../laws/purity.js'

const d = counting(10)
const indicesOf = (p: _.EpochPlan): ReadonlyArray<ReadonlyArray<number>> =>
  Array.from({ length: p.batchCount }, (_x, i) => right(_.batchIndices(i)(p)))

describe('plan without shuffling', () => {
  it('cuts mini-batches as consecutive slices, keeping the last, smaller one', () => {
    const p = right(_.plan(unsafeMiniBatch(4))(d, k0, 0))
    expect([p.batchSize, p.batchCount]).toEqual([4, 3])
    expect(indicesOf(p)).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9]
    ])
    expect(firstColumn(right(_.batchAt(2)(p)))).toEqual([8, 9])
  })

  it('hands out views of the data set (no copy), the same batch every epoch', () => {
    const first = right(_.plan(unsafeMiniBatch(4))(d, k0, 0))
    const later = right(_.plan(unsafeMiniBatch(4))(d, k1, 5))
    const b = right(_.batchAt(1)(first))
    expect(b.inputs.data.buffer).toBe(d.inputs.data.buffer)
    expect(b.inputs.data.byteOffset).toBe(4 * d.inputs.shape[1]! * 8)
    expect(right(_.batchAt(1)(later))).toBe(b)
    expect(right(_.batchAt(1)(right(_.plan(unsafeMiniBatch(3))(d, k0, 0)))).inputs.shape[0]).toBe(3)
  })

  it('drops the last, smaller batch when asked, and only it', () => {
    const p = right(_.plan(unsafeMiniBatch(4, { dropLast: true }))(d, k0, 0))
    expect(indicesOf(p)).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7]
    ])
    expect(right(_.plan(unsafeMiniBatch(5, { dropLast: true }))(d, k0, 0)).batchCount).toBe(2)
  })

  it('gives one batch of everything for full batch, and one sample per batch for stochastic', () => {
    expect(indicesOf(right(_.plan(fullBatch())(d, k0, 0)))).toEqual([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]])
    expect(indicesOf(right(_.plan(stochastic())(d, k0, 0)))).toEqual(Array.from({ length: 10 }, (_x, i) => [i]))
  })

  it('does not use the key', () => {
    expect(_.batches(right(_.plan(unsafeMiniBatch(3))(d, k0, 0)))).toEqual(
      _.batches(right(_.plan(unsafeMiniBatch(3))(d, k1, 7)))
    )
  })
})

describe('plan with shuffling', () => {
  it('orders epoch k by permutation(n) drawn from foldIn(k)(key)', () => {
    const order = right(pipe(foldIn(3)(k0), E.chain(permutation(10))))
    expect(right(_.shuffleOrder(10)(k0, 3))).toEqual(order)
    const p = right(_.plan(unsafeMiniBatch(4, { shuffle: true }))(d, k0, 3))
    expect(indicesOf(p)).toEqual([order.slice(0, 4), order.slice(4, 8), order.slice(8)])
    expect(firstColumn(right(_.batchAt(1)(p)))).toEqual(order.slice(4, 8))
  })

  it('draws a different order for the next epoch and for another key', () => {
    const order = (k: typeof k0, epoch: number) => right(_.shuffleOrder(10)(k, epoch))
    expect(order(k0, 1)).not.toEqual(order(k0, 0))
    expect(order(k1, 0)).not.toEqual(order(k0, 0))
  })

  it('reorders the rows of a full batch too', () => {
    const p = right(_.plan(fullBatch({ shuffle: true }))(d, k0, 0))
    expect(firstColumn(right(_.batchAt(0)(p)))).toEqual(right(_.shuffleOrder(10)(k0, 0)))
  })
})

describe('plan rejects bad input before drawing anything', () => {
  it('a batch size of 0, and takes the whole set for a batch larger than it', () => {
    expect(left(_.plan(unsafeMiniBatch(0))(d, k0, 0))._tag).toBe('InvalidBatchSize')
    expect(E.map((p: _.EpochPlan) => [p.batchSize, p.batchCount])(_.plan(unsafeMiniBatch(11))(d, k0, 0))).toEqual(
      E.right([10, 1])
    )
  })

  it.each([-1, 0.5, NaN, 2 ** 53])('epoch %s', (epoch) => {
    expect(_.plan(fullBatch())(d, k0, epoch)).toEqual(
      E.left({
        _tag: 'InvalidArgument',
        op: 'plan',
        message: `plan: epoch is ${String(epoch)}; expected a non-negative safe integer`
      })
    )
  })
})

describe('batchAt and batchIndices', () => {
  const p = right(_.plan(unsafeMiniBatch(4))(d, k0, 0))

  it.each([-1, 3, 1.5])('reject batch %s of an epoch of 3', (i) => {
    const message = `batch ${i} of an epoch of 3; expected an integer from 0 to 2`
    expect(_.batchAt(i)(p)).toEqual(E.left({ _tag: 'InvalidArgument', op: 'batchAt', message: `batchAt: ${message}` }))
    expect(_.batchIndices(i)(p)).toEqual(
      E.left({ _tag: 'InvalidArgument', op: 'batchIndices', message: `batchIndices: ${message}` })
    )
  })

  it('agree with batches', () => {
    expect(_.batches(p)).toEqual([0, 1, 2].map((i) => right(_.batchAt(i)(p))))
  })
})

describe('foldBatches', () => {
  it('folds over the batches in order', () => {
    const p = right(_.plan(unsafeMiniBatch(4))(d, k0, 0))
    const seen = _.foldBatches([] as ReadonlyArray<string>, (acc, batch, i) =>
      E.right([...acc, `${i}:${firstColumn(batch).join(',')}`])
    )(p)
    expect(seen).toEqual(E.right(['0:0,1,2,3', '1:4,5,6,7', '2:8,9']))
  })

  it('stops at the first Left and answers it', () => {
    const p = right(_.plan(stochastic())(d, k0, 0))
    let calls = 0
    const r = _.foldBatches(0, (acc, _batch, i) => {
      calls++
      return i === 3 ? E.left(`stopped at ${i}`) : E.right(acc + 1)
    })(p)
    expect(r).toEqual(E.left('stopped at 3'))
    expect(calls).toBe(4)
  })

  it('runs a stochastic epoch over 100 000 samples in a flat loop', () => {
    const big = counting(100_000)
    const r = pipe(
      _.plan(stochastic({ shuffle: true }))(big, k0, 0),
      E.chainW(_.foldBatches(0, (acc, batch) => E.right(acc + (batch.inputs.data[0] as number))))
    )
    expect(r).toEqual(E.right((100_000 * 99_999) / 2))
  })
})

describe('planner', () => {
  it('answers what plan answers, at every epoch, for any batching (valid or not) and epoch', () => {
    const batching = fc
      .record({ size: fc.integer({ min: 0, max: 12 }), shuffle: fc.boolean(), dropLast: fc.boolean() })
      .map(({ size, shuffle, dropLast }) => unsafeMiniBatch(size, { shuffle, dropLast: dropLast && size <= 10 }))
    const epoch = fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.constantFrom(-1, 1.5, Number.NaN, 2 ** 60))
    fc.assert(
      fc.property(batching, fc.array(epoch, { minLength: 1, maxLength: 4 }), (b, epochs) => {
        const planOf = _.planner(b)(d, k1)
        return epochs.every((e) => bitsEqual(planOf(e), _.plan(b)(d, k1, e)))
      })
    )
  })
})
