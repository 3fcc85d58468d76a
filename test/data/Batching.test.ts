import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/data/Batching.js'
import { describe as _describe } from '../../src/tensor/describe.js'
import { getLeft, getRight } from '../either.js'

describe('constructors', () => {
  it('do not shuffle nor drop unless asked', () => {
    expect(_.fullBatch()).toEqual({ _tag: 'FullBatch', shuffle: false })
    expect(_.stochastic()).toEqual({ _tag: 'Stochastic', shuffle: false })
    expect(_.miniBatch(8)).toEqual(E.right({ _tag: 'MiniBatch', size: 8, dropLast: false, shuffle: false }))
  })

  it('take the options given', () => {
    expect(_.fullBatch({ shuffle: true }).shuffle).toBe(true)
    expect(_.stochastic({ shuffle: true }).shuffle).toBe(true)
    expect(getRight(_.miniBatch(4, { shuffle: true, dropLast: true }))).toEqual({
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
    expect(_.batchSize(10)(getRight(_.miniBatch(4)))).toEqual(E.right(4))
  })

  it('allows a mini-batch of the whole data set, and takes the whole set for a larger one (as tfjs and Keras do)', () => {
    expect(_.batchSize(10)(getRight(_.miniBatch(10)))).toEqual(E.right(10))
    expect(_.batchSize(10)(getRight(_.miniBatch(11)))).toEqual(E.right(10))
  })

  it.each([0, -3, 2.5, NaN, Infinity, null, '4'])('refuses a mini-batch of %s samples when it is made', (size) => {
    expect(_.miniBatch(size as number)).toEqual(
      E.left({
        _tag: 'InvalidBatchSize',
        size,
        message: `batch size is ${_describe(size)}; expected a whole number ≥ 1`
      })
    )
    expect(E.isLeft(_.batchSize(10)(_.unsafeMiniBatch(size as number)))).toBe(true)
  })

  it('answers a Left, not a TypeError, for a batching that is not one', () => {
    for (const b of [null, 'full', { _tag: 'FullBatch', shuffle: 'yes' }, { _tag: 'Other' }]) {
      expect(getLeft(_.validateBatching(b))._tag).toBe('InvalidArgument')
      expect(E.isLeft(_.batchSize(10)(b as never))).toBe(true)
      expect(_.dropsLast(b as never)).toBe(false)
      expect(_.showBatching(b as never)).toContain('not a batching')
    }
    expect(_.fullBatch(null as never)).toEqual({ _tag: 'FullBatch', shuffle: false })
  })
})

describe('destructors', () => {
  it('drop the last batch only for a mini-batch that asks to', () => {
    expect(
      [_.fullBatch(), _.stochastic(), _.unsafeMiniBatch(3), _.unsafeMiniBatch(3, { dropLast: true })].map(_.dropsLast)
    ).toEqual([false, false, false, true])
  })

  it('describe each batching in words', () => {
    expect(_.showBatching(_.fullBatch())).toBe('full batch')
    expect(_.showBatching(_.stochastic({ shuffle: true }))).toBe('stochastic, shuffled')
    expect(_.showBatching(getRight(_.miniBatch(8, { shuffle: true, dropLast: true })))).toBe(
      'mini-batch of 8, shuffled, last dropped'
    )
  })
})
