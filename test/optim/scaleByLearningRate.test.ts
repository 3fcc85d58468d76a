import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import { decode } from '../../src/codec/DecodeError.js'
import * as _ from '../../src/optim/scaleByLearningRate.js'
import { piecewiseConstant } from '../../src/optim/schedules.js'
import { getLeft, getRight } from '../either.js'

describe('scaleByLearningRate', () => {
  it('answers −lr·g and counts the updates', () => {
    const t = getRight(_.scaleByLearningRate(0.1))
    const [u, s] = getRight(t.update({ w: 2, b: -1 }, t.init({ w: 0, b: 0 }), { w: 0, b: 0 }))
    expect(u).toEqual({ b: 0.1, w: -0.2 })
    expect(s).toEqual({ count: 1 })
    expect(getRight(t.update({ w: 2, b: -1 }, s, { w: 0, b: 0 }))[1]).toEqual({ count: 2 })
  })

  it('asks a schedule for the rate at the number of updates done', () => {
    const t = getRight(pipe(piecewiseConstant({ boundaries: [2], values: [1, 0.5] }), E.chain(_.scaleByLearningRate)))
    let s = t.init({ w: 0 })
    const us: Array<number> = []
    for (let k = 0; k < 4; k++) {
      const [u, next] = getRight(t.update({ w: 1 }, s, { w: 0 }))
      us.push(u.w)
      s = next
    }
    expect(us).toEqual([-1, -1, -0.5, -0.5])
  })

  it('refuses a negative or non-finite rate, and a schedule’s bad rate at the step it occurs', () => {
    expect(getLeft(_.scaleByLearningRate(-1)).message).toBe(
      'scaleByLearningRate: lr is -1; expected a finite number ≥ 0'
    )
    expect(getLeft(_.scaleByLearningRate(Infinity))).toMatchObject({ field: 'lr' })
    const t = getRight(_.scaleByLearningRate((step) => 1 / (3 - step)))
    expect(getLeft(t.update({ w: 1 }, { count: 3 }, { w: 0 })).message).toBe(
      'scaleByLearningRate (schedule at step 3): lr is Infinity; expected a finite number ≥ 0'
    )
  })

  it('reads the rate in force from a state', () => {
    expect(getRight(_.learningRateAt((step) => 0.5 ** step)({ count: 3 }))).toBe(0.125)
    expect(getRight(_.learningRateAt(0.01)({ count: 1000 }))).toBe(0.01)
    expect(getLeft(_.learningRateAt(() => -1)({ count: 0 }))._tag).toBe('InvalidHyperparameter')
  })

  it('keeps its state as { count }, decoded exactly and refused otherwise', () => {
    expect(getRight(decode(_.ScaleByLearningRateStateC)(JSON.parse(JSON.stringify({ count: 12 }))))).toEqual({
      count: 12
    })
    expect(getLeft(decode(_.ScaleByLearningRateStateC)({ count: -1 })).path).toBe('count')
    expect(getLeft(decode(_.ScaleByLearningRateStateC)({ count: 1, lr: 0.1 })).path).toBe('lr')
  })
})
