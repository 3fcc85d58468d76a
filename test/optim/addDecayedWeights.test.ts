import { describe, expect, it } from 'vitest'
import * as _ from '../../src/optim/addDecayedWeights.js'
import { getLeft, getRight } from '../either.js'

describe('addDecayedWeights', () => {
  it('answers u + wd·p', () => {
    const t = getRight(_.addDecayedWeights(0.5))
    expect(getRight(t.update({ w: 1, b: [-1] }, t.init({ w: 4, b: [2] }), { w: 4, b: [2] }))[0]).toEqual({
      b: [0],
      w: 3
    })
  })

  it('passes the updates through untouched at wd = 0, as PyTorch skips the term', () => {
    const t = getRight(_.addDecayedWeights(0))
    const g = { w: -0 }
    expect(getRight(t.update(g, t.init({ w: 5 }), { w: 5 }))[0]).toBe(g)
  })

  it('refuses a negative or non-finite decay', () => {
    expect(getLeft(_.addDecayedWeights(-0.01)).message).toBe(
      'addDecayedWeights: weightDecay is -0.01; expected a finite number ≥ 0'
    )
    expect(getLeft(_.addDecayedWeights(Number.NaN))).toMatchObject({ field: 'weightDecay' })
  })

  it('refuses parameters of another structure than the updates', () => {
    const t = getRight(_.addDecayedWeights(0.1))
    expect(getLeft(t.update({ w: 1 }, {}, { w: 1, b: 2 } as unknown as { w: number }))).toMatchObject({
      _tag: 'StructureMismatch',
      path: 'b'
    })
  })
})
