import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { fullBatch, miniBatch } from '../../../src/data/Batching.js'
import { scaleByLearningRate } from '../../../src/optim/scaleByLearningRate.js'
import { split } from '../../../src/random/Key.js'
import { fit, fitFrom, start } from '../../../src/train/loop/fit.js'
import * as _ from '../../../src/train/loop/inputs.js'
import { getLeft, getRight } from '../../either.js'
import { data, linear, runKey, zeroLinear } from '../fixtures.js'

const optimizer = getRight(scaleByLearningRate(0.1))
const config = { model: linear, optimizer, batching: fullBatch(), maxEpochs: 2 }

describe('validateRun', () => {
  it('passes what a run is normally given', () => {
    expect(E.isRight(_.validateRun(config, zeroLinear, runKey, data))).toBe(true)
  })

  it('refuses a malformed key (k0: NaN) before the first step, so no unreadable checkpoint is written (regression)', () => {
    const bad = { _tag: 'Key', k0: Number.NaN, k1: 0 } as never
    expect(getLeft(fit(config)(zeroLinear, bad, data)).message).toContain('the key is a record')
    const progress = start(config)(zeroLinear, runKey)
    const resumed = fitFrom(config)({ ...progress, state: { ...progress.state, key: bad } }, data)
    expect(getLeft(resumed)._tag).toBe('InvalidArgument')
  })

  it('answers a Left, not a TypeError, for null or a string where a data set, an optimizer or a size belongs (regression)', () => {
    for (const [c, d] of [
      [config, null],
      [config, 'iris'],
      [{ ...config, optimizer: null }, data],
      [{ ...config, optimizer: 'adam' }, data],
      [{ ...config, model: null }, data],
      [{ ...config, maxEpochs: null }, data],
      [{ ...config, maxEpochs: '10' }, data],
      [{ ...config, batching: null }, data],
      [{ ...config, batching: 'full' }, data],
      [{ ...config, validation: 'test' }, data],
      [null, data]
    ] as const) {
      expect(E.isLeft(fit(c as never)(zeroLinear, runKey, d as never))).toBe(true)
    }
    expect(E.isLeft(miniBatch(null as never))).toBe(true)
    expect(E.isLeft(miniBatch('8' as never))).toBe(true)
    expect(E.isLeft(split(null as never)(runKey))).toBe(true)
  })

  it('refuses parameters that are not a tree', () => {
    expect(getLeft(_.validateRun(config, { w: 'x' }, runKey, data)).message).toContain('at w they hold "x"')
  })
})

describe('validateProgress', () => {
  it('passes a progress made by start, and refuses anything else', () => {
    expect(E.isRight(_.validateProgress(start(config)(zeroLinear, runKey)))).toBe(true)
    for (const p of [null, {}, { state: null }, 'x']) expect(E.isLeft(_.validateProgress(p))).toBe(true)
    expect(E.isLeft(fitFrom(config)(null as never, data))).toBe(true)
  })
})
