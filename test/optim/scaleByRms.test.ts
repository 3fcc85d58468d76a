import { describe, expect, it } from 'vitest'
import * as _ from '../../src/optim/scaleByRms.js'
import { getLeft, getRight } from '../either.js'

describe('scaleByRms', () => {
  it('keeps v ← α·v + (1 − α)·g² from 0 and answers g/(√v + ε)', () => {
    const t = getRight(_.scaleByRms({ decay: 0.75, eps: 0.5 }))
    const [u1, s1] = getRight(t.update({ w: 2 }, t.init({ w: 0 }), { w: 0 }))
    expect(s1).toEqual({ nu: { w: 1 } })
    expect(u1).toEqual({ w: 2 / 1.5 })
    const [u2, s2] = getRight(t.update({ w: -4 }, s1, { w: 0 }))
    expect(s2).toEqual({ nu: { w: 4.75 } })
    expect(u2.w).toBe(-4 / (Math.sqrt(4.75) + 0.5))
  })

  it('uses PyTorch’s defaults α = 0.99, ε = 1e-8', () => {
    const t = getRight(_.scaleByRms({}))
    const [u, s] = getRight(t.update({ w: 2 }, t.init({ w: 0 }), { w: 0 }))
    expect((s.nu as { w: number }).w).toBeCloseTo(0.04, 15)
    expect(u.w).toBeCloseTo(2 / (0.2 + 1e-8), 12)
  })

  it('refuses α outside [0, 1) and ε ≤ 0', () => {
    expect(getLeft(_.scaleByRms({ decay: 1 }))).toMatchObject({ field: 'decay' })
    expect(getLeft(_.scaleByRms({ eps: -1 }))).toMatchObject({ field: 'eps' })
  })
})
