import { describe, expect, it } from 'vitest'
import * as _ from '../../src/optim/scaleByRss.js'
import { getLeft, getRight } from '../either.js'

describe('scaleByRss', () => {
  it('sums squared gradients from the initial value and answers g/(√s + ε)', () => {
    const t = getRight(_.scaleByRss({ initialAccumulatorValue: 7, eps: 1 }))
    const s0 = t.init({ w: 0, b: [0] })
    expect(s0).toEqual({ sumOfSquares: { b: [7], w: 7 } })
    const [u1, s1] = getRight(t.update({ w: 3, b: [-1] }, s0, { w: 0, b: [0] }))
    expect(s1).toEqual({ sumOfSquares: { b: [8], w: 16 } })
    expect(u1).toEqual({ b: [-1 / (Math.sqrt(8) + 1)], w: 3 / 5 })
  })

  it('answers 0, not NaN, for a zero gradient on a zero sum', () => {
    const t = getRight(_.scaleByRss({}))
    expect(getRight(t.update({ w: 0 }, t.init({ w: 0 }), { w: 0 }))[0]).toEqual({ w: 0 })
  })

  it('refuses a negative initial value and ε ≤ 0', () => {
    expect(getLeft(_.scaleByRss({ initialAccumulatorValue: -1 }))).toMatchObject({ field: 'initialAccumulatorValue' })
    expect(getLeft(_.scaleByRss({ eps: 0 }))).toMatchObject({ field: 'eps' })
  })
})
