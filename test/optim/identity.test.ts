import { describe, expect, it } from 'vitest'
import * as _ from '../../src/optim/identity.js'
import { getLeft, getRight } from '../either.js'

describe('identity', () => {
  it('answers the gradient as the updates and keeps an empty state', () => {
    const g = { w: -0, b: [1.5] }
    const [u, s] = getRight(_.identity.update(g, _.identity.init({ w: 1, b: [2] }), { w: 1, b: [2] }))
    expect(u).toBe(g)
    expect(s).toEqual({})
  })

  it('still checks its gradient: structure and finiteness', () => {
    expect(getLeft(_.identity.update({ w: 1, b: [] }, {}, { w: 1, b: [2] }))).toMatchObject({
      _tag: 'StructureMismatch',
      path: 'b.0'
    })
    expect(getLeft(_.identity.update({ w: Number.NaN }, {}, { w: 1 }))).toMatchObject({
      _tag: 'NonFinite',
      where: 'identity: gradient at w'
    })
  })
})
