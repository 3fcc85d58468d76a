import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/random/bits.js'
import { k0, right } from './helpers.js'

describe('bits', () => {
  it("starts key(0)'s stream with the Random123 answer for key 0, counter 0", () => {
    expect(Array.from(right(_.bits(2)(k0)))).toEqual([0x6b200159, 0x99ba4efe])
  })

  it('gives a prefix of the longer draw', () => {
    expect(Array.from(right(_.bits(3)(k0)))).toEqual(Array.from(right(_.bits(8)(k0))).slice(0, 3))
  })

  it('answers a fresh array each time', () => {
    const a = right(_.bits(4)(k0))
    const b = right(_.bits(4)(k0))
    expect(a).not.toBe(b)
    a[0] = 0
    expect(b[0]).toBe(0x6b200159)
  })

  it('draws nothing for count 0', () => {
    expect(right(_.bits(0)(k0)).length).toBe(0)
  })

  it.each([-1, 2.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 25 + 1])(
    'answers count %s with a Left naming count',
    (n) => {
      expect(_.bits(n)(k0)).toEqual(
        E.left({
          _tag: 'InvalidArgument',
          op: 'bits',
          message: `bits: count is ${String(n)}; expected an integer from 0 to 33554432`
        })
      )
    }
  )
})
