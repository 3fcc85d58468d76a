import { describe, expect, it } from 'vitest'
import { decode } from '../../src/codec/DecodeError.js'
import * as _ from '../../src/optim/scaleByAdam.js'
import { getLeft, getRight } from '../either.js'

describe('scaleByAdam', () => {
  it('makes the first update g/(|g| + ε): bias correction undoes the zero start', () => {
    const t = getRight(_.scaleByAdam({}))
    const [u, s] = getRight(t.update({ a: 2, b: -1e-3 }, t.init({ a: 0, b: 0 }), { a: 0, b: 0 }))
    expect(u.a).toBeCloseTo(2 / (2 + 1e-8), 15)
    expect(u.b).toBeCloseTo(-1e-3 / (1e-3 + 1e-8), 15)
    expect(s.count).toBe(1)
  })

  it('follows m̂/(√v̂ + ε) on a second step, ε outside the root', () => {
    const t = getRight(_.scaleByAdam({ b1: 0.5, b2: 0.75, eps: 0.1 }))
    const s1 = getRight(t.update({ w: 2 }, t.init({ w: 0 }), { w: 0 }))[1]
    const [u, s2] = getRight(t.update({ w: 0 }, s1, { w: 0 }))
    // m: 1, then 0.5; v: 1, then 0.75; m̂ = 0.5/0.75; v̂ = 0.75/(1 − 0.5625) = 12/7
    expect(s2).toEqual({ count: 2, mu: { w: 0.5 }, nu: { w: 0.75 } })
    expect(u.w).toBeCloseTo(0.5 / 0.75 / (Math.sqrt(12 / 7) + 0.1), 14)
  })

  it('refuses β outside [0, 1) and ε ≤ 0, naming the field', () => {
    expect(getLeft(_.scaleByAdam({ b1: 1 }))).toMatchObject({ where: 'scaleByAdam', field: 'b1' })
    expect(getLeft(_.scaleByAdam({ b2: -0.5 }))).toMatchObject({ field: 'b2' })
    expect(getLeft(_.scaleByAdam({ eps: 0 }))).toMatchObject({ field: 'eps' })
  })

  it('answers a NonFinite naming nu when g² overflows, instead of a silent zero update', () => {
    const t = getRight(_.scaleByAdam({}))
    expect(getLeft(t.update({ w: 1e200 }, t.init({ w: 0 }), { w: 0 })).message).toBe(
      'scaleByAdam: state nu at w: element 0 is Infinity; only finite numbers are allowed'
    )
  })

  it('refuses a state made for other parameters, and decodes only a state of the parameters’ structure', () => {
    const t = getRight(_.scaleByAdam({}))
    expect(getLeft(t.update({ w: [1, 2] }, t.init({ w: [0] }), { w: [0, 0] }))).toMatchObject({
      _tag: 'StateMismatch',
      field: 'mu',
      path: 'w.1'
    })
    const C = _.ScaleByAdamStateC({ w: [0, 0] })
    expect(getLeft(decode(C)({ count: 1, mu: { w: [0, 0] }, nu: { w: [0] } })).path).toBe('nu.w')
    expect(getLeft(decode(C)({ count: 1.5, mu: { w: [0, 0] }, nu: { w: [0, 0] } })).path).toBe('count')
  })
})
