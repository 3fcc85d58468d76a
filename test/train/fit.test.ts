import { describe, expect, it } from 'vitest'
import { fullBatch, miniBatch } from '../../src/data/Batching.js'
import { make } from '../../src/data/Dataset.js'
import { sgd } from '../../src/optim/alias.js'
import { piecewiseConstant } from '../../src/optim/schedules.js'
import { scaleByLearningRate } from '../../src/optim/scaleByLearningRate.js'
import * as _ from '../../src/train/fit.js'
import { lossBelow } from '../../src/train/stopRules.js'
import { getLeft, getRight } from '../either.js'
import { t } from '../tensor/fixtures.js'
import { data, linear, runKey, zeroLinear } from './fixtures.js'

const sgdBlock = (lr: number) => getRight(scaleByLearningRate(lr))

describe('fit', () => {
  it('fits a least-squares problem and says why it stopped', () => {
    const r = getRight(
      _.fit({
        model: linear,
        optimizer: sgdBlock(0.1),
        batching: fullBatch(),
        maxEpochs: 2000,
        stop: lossBelow(1e-20)
      })(zeroLinear, runKey, data)
    )
    expect(r.stopReason._tag).toBe('LossBelow')
    expect(Array.from(r.state.params.w.data).map((x) => +x.toFixed(9))).toEqual([2, -1])
    expect(+r.state.params.b.data[0]!.toFixed(9)).toBe(1)
    expect(r.history.length).toBe(r.state.epoch)
    expect(r.history.at(-1)!.train.loss).toBeLessThan(1e-20)
  })

  it('stops at maxEpochs, with one history record per epoch and one step per batch', () => {
    const r = getRight(
      _.fit({ model: linear, optimizer: sgdBlock(0.05), batching: miniBatch(3), maxEpochs: 4 })(
        zeroLinear,
        runKey,
        data
      )
    )
    expect(r.stopReason).toEqual({ _tag: 'MaxEpochs', epochs: 4 })
    expect(r.history.map((h) => [h.epoch, h.step])).toEqual([
      [1, 3],
      [2, 6],
      [3, 9],
      [4, 12]
    ])
  })

  it('keeps the best parameters by the monitored loss', () => {
    const r = getRight(
      _.fit({ model: linear, optimizer: sgdBlock(0.05), batching: fullBatch(), maxEpochs: 5 })(zeroLinear, runKey, data)
    )
    expect(r.best!.epoch).toBe(5)
    expect(r.best!.params).toBe(r.state.params)
  })
})

describe('the learning rate in the history', () => {
  it('is what the optimizer says is in force, or null when it cannot say', () => {
    const schedule = getRight(piecewiseConstant({ boundaries: [2], values: [0.1, 0.01] }))
    const r = getRight(
      _.fit({ model: linear, optimizer: getRight(sgd(schedule)), batching: fullBatch(), maxEpochs: 3 })(
        zeroLinear,
        runKey,
        data
      )
    )
    expect(r.history.map((h) => h.learningRate)).toEqual([0.1, 0.01, 0.01])
    const plain = getRight(
      _.fit({ model: linear, optimizer: sgdBlock(0.1), batching: fullBatch(), maxEpochs: 1 })(zeroLinear, runKey, data)
    )
    expect(plain.history[0]!.learningRate).toBeNull()
  })
})

describe('bad input fails before any training', () => {
  it('a batch larger than the data', () => {
    expect(
      getLeft(
        _.fit({ model: linear, optimizer: sgdBlock(0.1), batching: miniBatch(9), maxEpochs: 1 })(
          zeroLinear,
          runKey,
          data
        )
      )._tag
    ).toBe('InvalidBatchSize')
  })

  it('targets whose width does not match the model', () => {
    const wide = getRight(make(data.inputs, t(Array.from({ length: 8 }, () => [1, 2]))))
    const e = getLeft(
      _.fit({ model: linear, optimizer: sgdBlock(0.1), batching: fullBatch(), maxEpochs: 1 })(zeroLinear, runKey, wide)
    )
    expect(e._tag).toBe('ShapeMismatch')
  })

  it('a maxEpochs that is not a whole number ≥ 1', () => {
    expect(
      getLeft(
        _.fit({ model: linear, optimizer: sgdBlock(0.1), batching: fullBatch(), maxEpochs: Number.NaN })(
          zeroLinear,
          runKey,
          data
        )
      ).message
    ).toContain('maxEpochs')
  })
})

describe('divergence', () => {
  it('ends the run naming the epoch, the step and where, with the last good state', () => {
    const e = getLeft(
      _.fit({ model: linear, optimizer: sgdBlock(1e3), batching: fullBatch(), maxEpochs: 1000 })(
        zeroLinear,
        runKey,
        data
      )
    )
    expect(e._tag).toBe('Diverged')
    if (e._tag !== 'Diverged') return
    expect(e.step).toBe(e.lastGood.step + 1)
    expect(e.epoch).toBe(e.lastGood.epoch + 1)
    expect(e.message).toMatch(/^diverged at epoch \d+, step \d+/)
    expect(Array.from(e.lastGood.params.w.data).every(Number.isFinite)).toBe(true)
  })
})
