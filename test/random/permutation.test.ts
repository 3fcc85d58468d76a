import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { integers } from '../../src/random/integers.js'
import * as _ from '../../src/random/permutation.js'
import { k0, right } from './helpers.js'

describe('permutation', () => {
  it('swaps place 1 with a place drawn from 0..1 when n = 2', () => {
    const [j] = right(integers(1, 2)(k0))
    expect(right(_.permutation(2)(k0))).toEqual(j === 0 ? [1, 0] : [0, 1])
  })

  it('holds every number below n once', () => {
    const p = right(_.permutation(100)(k0))
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_x, i) => i))
  })

  it('moves something for a key and a long enough list', () => {
    const p = right(_.permutation(20)(k0))
    expect(p.some((x, i) => x !== i)).toBe(true)
  })

  it('is [] for 0 and [0] for 1', () => {
    expect(right(_.permutation(0)(k0))).toEqual([])
    expect(right(_.permutation(1)(k0))).toEqual([0])
  })

  it.each([-1, 2.5, Number.NaN, 2 ** 25 + 1])('answers n = %s with a Left naming n', (n) => {
    expect(_.permutation(n)(k0)).toEqual(
      E.left({
        _tag: 'InvalidArgument',
        op: 'permutation',
        message: `permutation: n is ${String(n)}; expected an integer from 0 to 33554432`
      })
    )
  })
})
