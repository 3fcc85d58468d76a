import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { sgd } from '../../src/optim/alias.js'
import * as _ from '../../src/optim/multiSteps.js'
import { getRight } from '../either.js'

describe('multiSteps', () => {
  it('stands still for k − 1 steps, then steps by the mean of the k gradients', () => {
    const t = getRight(_.multiSteps(3, getRight(sgd(0.5))))
    let state = t.init({ w: 0 })
    const updates: Array<number> = []
    for (const g of [1, 2, 6, 4]) {
      const [u, next] = getRight(t.update({ w: g }, state, { w: 0 }))
      updates.push((u as { w: number }).w)
      state = next
    }
    expect(updates).toEqual([0, 0, -1.5, 0])
    expect(state.miniStep).toBe(1)
  })
  it('rejects k that is not an integer ≥ 1, naming it', () => {
    const r = _.multiSteps(0, getRight(sgd(0.5)))
    expect(E.isLeft(r) && r.left.message).toMatch(/k/)
  })
  it('refuses a non-finite gradient rather than gathering it', () => {
    const t = getRight(_.multiSteps(2, getRight(sgd(0.5))))
    expect(E.isLeft(t.update({ w: NaN }, t.init({ w: 0 }), { w: 0 }))).toBe(true)
  })
})
