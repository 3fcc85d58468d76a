import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/random/bernoulli.js'
import { uniform } from '../../src/random/uniform.js'
import { k0, right } from './helpers.js'

describe('bernoulli', () => {
  it('is 1 exactly where the uniform draw of the same key is below p', () => {
    const u = Array.from(right(uniform([3, 4])(k0)).data)
    const b = right(_.bernoulli(0.4, [3, 4])(k0))
    expect(b.shape).toEqual([3, 4])
    expect(Array.from(b.data)).toEqual(u.map((x) => (x < 0.4 ? 1 : 0)))
  })

  it('gives all zeros for p = 0 and all ones for p = 1', () => {
    expect(Array.from(right(_.bernoulli(0, [50])(k0)).data)).toEqual(new Array(50).fill(0))
    expect(Array.from(right(_.bernoulli(1, [50])(k0)).data)).toEqual(new Array(50).fill(1))
  })

  it.each([-0.1, 1.01, Number.NaN, Number.POSITIVE_INFINITY])('answers p = %s with a Left naming p', (p) => {
    expect(_.bernoulli(p, [2])(k0)).toEqual(
      E.left({
        _tag: 'InvalidArgument',
        op: 'bernoulli',
        message: `bernoulli: p is ${String(p)}; expected a probability from 0 to 1`
      })
    )
  })

  it('answers a bad shape with InvalidShape', () => {
    const r = _.bernoulli(0.5, [-2])(k0)
    expect(E.isLeft(r) && r.left._tag).toBe('InvalidShape')
  })
})
