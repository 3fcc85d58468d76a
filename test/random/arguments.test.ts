import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { MAX_ELEMENTS } from '../../src/tensor/Tensor.js'
import * as _ from '../../src/random/arguments.js'

describe('integerIn', () => {
  const check = _.integerIn('op', 'n', 1, 10)

  it('accepts the integers of the range, ends included', () => {
    expect(check(1)).toEqual(E.right(1))
    expect(check(10)).toEqual(E.right(10))
  })

  it.each([0, 11, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses %s, naming the op, the argument and the range',
    (x) => {
      expect(check(x)).toEqual(
        E.left({
          _tag: 'InvalidArgument',
          op: 'op',
          message: `op: n is ${String(x)}; expected an integer from 1 to 10`
        })
      )
    }
  )
})

describe('count', () => {
  it('runs from 0 to MAX_ELEMENTS', () => {
    expect(_.count('op', 'count')(0)).toEqual(E.right(0))
    expect(_.count('op', 'count')(MAX_ELEMENTS)).toEqual(E.right(MAX_ELEMENTS))
    expect(E.isLeft(_.count('op', 'count')(MAX_ELEMENTS + 1))).toBe(true)
  })
})

describe('safeInteger', () => {
  it('accepts the safe integers, negative too', () => {
    expect(_.safeInteger('op', 'seed')(-Number.MAX_SAFE_INTEGER)).toEqual(E.right(-Number.MAX_SAFE_INTEGER))
  })

  it.each([2 ** 53, 0.5, Number.NaN, Number.NEGATIVE_INFINITY])('refuses %s', (x) => {
    const r = _.safeInteger('op', 'seed')(x)
    expect(E.isLeft(r) && r.left.message).toBe(`op: seed is ${String(x)}; expected a safe integer (|seed| ≤ 2^53 − 1)`)
  })
})

describe('finite', () => {
  it('accepts finite numbers and refuses NaN and infinities, naming the argument', () => {
    expect(_.finite('op', 'low')(-1e308)).toEqual(E.right(-1e308))
    for (const x of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const r = _.finite('op', 'low')(x)
      expect(E.isLeft(r) && r.left.message).toBe(`op: low is ${String(x)}; expected a finite number`)
    }
  })
})
