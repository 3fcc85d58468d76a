// One step by hand on the least-squares fixture: the gradient of the batch, the optimizer's
// update, the new parameters, the loss of the batch before the update; the two halves of a
// step (a gradient from elsewhere, then applyGradient) are the same step; failures name their
// phase and keep the state before the step.
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { unsafeSlice } from '../../../src/data/select.js'
import { scaleByLearningRate } from '../../../src/optim/scaleByLearningRate.js'
import { lossAndGrad } from '../../../src/train/Model.js'
import * as _ from '../../../src/train/loop/step.js'
import { initialState } from '../../../src/train/bookkeeping/TrainState.js'
import { bitsEqual } from '../../../laws/purity.js'
import { getLeft, getRight } from '../../either.js'
import { t } from '../../tensor/fixtures.js'
import { data, linear, runKey, zeroLinear, type Linear } from '../fixtures.js'

const sgd = getRight(scaleByLearningRate(0.1))
const start = initialState(sgd)(zeroLinear, runKey)
// the first two points, (0, 0) → 1 and (1, 0) → 3: at w = 0, b = 0 the residuals are −1 and −3,
// so the mean squared error is 5 and its gradient is (2/2)·Σ r·x: dw = (−3, 0), db = −4
const batch = unsafeSlice(0, 2, data)

describe('step', () => {
  it('takes the gradient step and counts it', () => {
    const r = getRight(_.stepReport(linear, sgd)(start, batch))
    expect(r.loss).toBe(5)
    expect(Array.from(r.state.params.w.data)).toEqual([0.30000000000000004, 0])
    expect(Array.from(r.state.params.b.data)).toEqual([0.4])
    expect(r.state.step).toBe(1)
    expect(r.state.epoch).toBe(0)
    expect(r.state.optState).toEqual({ count: 1 })
  })

  it('step is stepReport without the loss', () => {
    const a = getRight(_.step(linear, sgd)(start, batch))
    expect(bitsEqual(a, getRight(_.stepReport(linear, sgd)(start, batch)).state)).toBe(true)
  })

  it('a gradient from elsewhere, applied, is the same step', () => {
    const vg = lossAndGrad(linear)(batch)(start.params)
    expect(bitsEqual(_.applyGradient(sgd)(start, vg), _.stepReport(linear, sgd)(start, batch))).toBe(true)
    const halves = _.stepWith((b, p: Linear) => lossAndGrad(linear)(b)(p), sgd)(start, batch)
    expect(bitsEqual(halves, _.stepReport(linear, sgd)(start, batch))).toBe(true)
  })

  it('leaves its inputs as they were', () => {
    const before = structuredClone(start)
    _.stepReport(linear, sgd)(start, batch)
    expect(bitsEqual(start, before)).toBe(true)
  })

  it('a gradient that fails ends the step in the gradient phase, with the state before it', () => {
    const wide = {
      w: t([
        [0, 0],
        [0, 0]
      ]),
      b: t([0, 0])
    }
    const e = getLeft(_.stepReport(linear, sgd)(initialState(sgd)(wide, runKey), batch))
    expect(e).toMatchObject({ phase: 'gradient', epoch: 1, step: 1 })
    expect(e.lastGood.params).toBe(wide)
  })

  it('an update that overflows ends the step as Diverged, in the update phase', () => {
    const huge = getRight(scaleByLearningRate(1e308))
    const e = getLeft(_.stepReport(linear, huge)(initialState(huge)(zeroLinear, runKey), batch))
    expect(e._tag).toBe('Diverged')
    expect(['update', 'apply']).toContain(e.phase)
    expect(
      E.isLeft(
        _.applyGradient(huge)(
          initialState(huge)(zeroLinear, runKey),
          E.right({ value: 1, grad: { w: t([[1e308], [0]]), b: t([0]) } })
        )
      )
    ).toBe(true)
  })
})
