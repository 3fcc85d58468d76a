import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { bits } from '../../src/random/bits.js'
import * as _ from '../../src/random/integers.js'
import { k0, right } from './helpers.js'

describe('integers', () => {
  it('reduces each accepted word modulo n and skips refused words', () => {
    const n = 3 * 2 ** 30 // words from 3 · 2^30 up are refused; key(0)'s 4th word is one
    const w = Array.from(right(bits(5)(k0)))
    expect((w[3] as number) >= n).toBe(true)
    expect(right(_.integers(4, n)(k0))).toEqual([w[0], w[1], w[2], w[4]])
  })

  it('stays in 0..n−1', () => {
    expect(right(_.integers(500, 7)(k0)).every((x) => Number.isInteger(x) && x >= 0 && x < 7)).toBe(true)
  })

  it('gives the raw words for n = 2^32 and zeros for n = 1', () => {
    expect(right(_.integers(6, 2 ** 32)(k0))).toEqual(Array.from(right(bits(6)(k0))))
    expect(right(_.integers(3, 1)(k0))).toEqual([0, 0, 0])
  })

  it('draws nothing for count 0', () => {
    expect(right(_.integers(0, 5)(k0))).toEqual([])
  })

  it.each([
    [-1, 5, 'integers: count is -1; expected an integer from 0 to 33554432'],
    [1.5, 5, 'integers: count is 1.5; expected an integer from 0 to 33554432'],
    [3, 0, 'integers: n is 0; expected an integer from 1 to 4294967296'],
    [3, 2 ** 32 + 1, 'integers: n is 4294967297; expected an integer from 1 to 4294967296'],
    [3, Number.NaN, 'integers: n is NaN; expected an integer from 1 to 4294967296']
  ])('answers count %s, n %s with a Left naming the argument', (count, n, message) => {
    expect(_.integers(count, n)(k0)).toEqual(E.left({ _tag: 'InvalidArgument', op: 'integers', message }))
  })
})

describe('randint', () => {
  it('is the first of integers', () => {
    for (const n of [1, 2, 6, 1000, 3 * 2 ** 30]) expect(right(_.randint(n)(k0))).toBe(right(_.integers(3, n)(k0))[0])
  })

  it.each([0, -3, 0.5, Number.POSITIVE_INFINITY])('answers n = %s with a Left naming n', (n) => {
    expect(_.randint(n)(k0)).toEqual(
      E.left({
        _tag: 'InvalidArgument',
        op: 'randint',
        message: `randint: n is ${String(n)}; expected an integer from 1 to 4294967296`
      })
    )
  })
})
