import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/data/Batching.js'

describe('constructors', () => {
  it('do not shuffle nor drop unless asked', () => {
    expect(_.fullBatch()).toEqual({ _tag: 'FullBatch', shuffle: false })
    expect(_.stochastic()).toEqual({ _tag: 'Stochastic', shuffle: false })
    expect(_.miniBatch(8)).toEqual({ _tag: 'MiniBatch', size: 8, dropLast: false, shuffle: false })
  })

  it('take the options given', () => {
    expect(_.fullBatch({ shuffle: true }).shuffle).toBe(true)
    expect(_.stochastic({ shuffle: true }).shuffle).toBe(true)
    expect(_.miniBatch(4, { shuffle: true, dropLast: true })).toEqual({
      _tag: 'MiniBatch',
      size: 4,
      dropLast: true,
      shuffle: true
    })
  })
})

describe('batchSize', () => {
  it('is n for full batch, 1 for stochastic, the size for a mini-batch', () => {
    expect(_.batchSize(10)(_.fullBatch())).toEqual(E.right(10))
    expect(_.batchSize(10)(_.stochastic())).toEqual(E.right(1))
    expect(_.batchSize(10)(_.miniBatch(4))).toEqual(E.right(4))
  })

  it('allows a mini-batch of the whole data set', () => {
    expect(_.batchSize(10)(_.miniBatch(10))).toEqual(E.right(10))
  })

  it.each([0, -3, 2.5, NaN, 11, Infinity])('rejects a mini-batch of %s samples out of 10', (size) => {
    expect(_.batchSize(10)(_.miniBatch(size))).toEqual(
      E.left({
        _tag: 'InvalidBatchSize',
        size,
        samples: 10,
        message: `batch size is ${String(size)}; expected an integer from 1 to 10, the number of samples`
      })
    )
  })
})

describe('destructors', () => {
  it('drop the last batch only for a mini-batch that asks to', () => {
    expect(
      [_.fullBatch(), _.stochastic(), _.miniBatch(3), _.miniBatch(3, { dropLast: true })].map(_.dropsLast)
    ).toEqual([false, false, false, true])
  })

  it('describe each batching in words', () => {
    expect(_.showBatching(_.fullBatch())).toBe('full batch')
    expect(_.showBatching(_.stochastic({ shuffle: true }))).toBe('stochastic, shuffled')
    expect(_.showBatching(_.miniBatch(8, { shuffle: true, dropLast: true }))).toBe(
      'mini-batch of 8, shuffled, last dropped'
    )
  })
})
