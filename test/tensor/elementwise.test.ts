import { describe, expect, it } from 'vitest'
import * as _ from '../../src/tensor/elementwise.js'
import { getLeft, getRight } from '../either.js'
import { t, values } from './fixtures.js'

const a = t([
  [1, 2],
  [3, 4]
])
const b = t([
  [10, 20],
  [30, 40]
])

describe('binary operations', () => {
  it('adds, subtracts, multiplies and divides element by element', () => {
    expect(values(getRight(_.add(b)(a)))).toEqual([11, 22, 33, 44])
    expect(values(getRight(_.sub(b)(a)))).toEqual([-9, -18, -27, -36])
    expect(values(getRight(_.mul(b)(a)))).toEqual([10, 40, 90, 160])
    expect(values(getRight(_.div(a)(b)))).toEqual([10, 10, 10, 10])
    expect(values(getRight(_.zipWith((x, y) => x * 100 + y)(b)(a)))).toEqual([110, 220, 330, 440])
  })

  it('rejects two shapes that differ, naming the op and both shapes', () => {
    const e = getLeft(_.add(t([1, 2, 3, 4]))(a))
    expect(e._tag).toBe('ShapeMismatch')
    expect(e.message).toBe('add: shapes must be equal (shapes [2, 2] and [4])')
  })

  it('answers NonFinite for a division by zero and for an overflow', () => {
    expect(
      getLeft(
        _.div(
          t([
            [1, 0],
            [1, 1]
          ])
        )(a)
      )
    ).toMatchObject({ _tag: 'NonFinite', where: 'div', index: 1 })
    expect(getLeft(_.mul(t([1e200]))(t([1e200])))._tag).toBe('NonFinite')
  })
})

describe('with a constant', () => {
  it('scales and shifts', () => {
    expect(values(getRight(_.scale(0.5)(a)))).toEqual([0.5, 1, 1.5, 2])
    expect(values(getRight(_.addScalar(-1)(a)))).toEqual([0, 1, 2, 3])
  })

  it('refuses a non-finite constant', () => {
    expect(getLeft(_.scale(Number.NaN)(a))._tag).toBe('InvalidArgument')
    expect(getLeft(_.addScalar(Number.POSITIVE_INFINITY)(a))._tag).toBe('InvalidArgument')
  })
})

describe('unary operations', () => {
  it('negates, takes magnitudes, squares, exponentiates, takes logs and roots', () => {
    expect(values(_.neg(a))).toEqual([-1, -2, -3, -4])
    expect(values(_.abs(t([-1, 2])))).toEqual([1, 2])
    expect(values(getRight(_.square(a)))).toEqual([1, 4, 9, 16])
    expect(values(getRight(_.exp(t([0, 1]))))).toEqual([1, Math.E])
    expect(values(getRight(_.log(t([1, Math.E]))))).toEqual([0, 1])
    expect(values(getRight(_.sqrt(t([4, 9]))))).toEqual([2, 3])
  })

  it('answers NonFinite for a log of zero, a root of a negative, an overflowing exp or a NaN-returning map', () => {
    expect(getLeft(_.log(t([1, 0])))).toMatchObject({ _tag: 'NonFinite', where: 'log', index: 1 })
    expect(getLeft(_.sqrt(t([-1])))._tag).toBe('NonFinite')
    expect(getLeft(_.exp(t([1000])))._tag).toBe('NonFinite')
    expect(getLeft(_.map(() => Number.NaN)(a))._tag).toBe('NonFinite')
  })
})

describe('arguments of the wrong type, as they arrive from JSON', () => {
  it('answers a Left, never a throw, for an operand that is no tensor', () => {
    const junk = [null, undefined, 3, '3', [1, 2], JSON.parse('{"_tag": "Tensor", "shape": [2, 2]}')]
    for (const u of junk) {
      expect(getLeft(_.add(u as never)(a)).message).toMatch(/^add: b is .+; expected a tensor$/)
      expect(getLeft(_.add(a)(u as never)).message).toMatch(/^add: a is .+; expected a tensor$/)
      expect(getLeft(_.square(u as never))._tag).toBe('InvalidArgument')
      expect(getLeft(_.scale(2)(u as never))._tag).toBe('InvalidArgument')
    }
  })

  it('refuses a constant that is no finite number, and a function that is none', () => {
    expect(getLeft(_.scale(2n as never)(a)).message).toBe('scale: the constant is 2n; expected a finite number')
    expect(getLeft(_.addScalar(JSON.parse('{"toString": 1}'))(a)).message).toMatch(/the constant is a record/)
    expect(getLeft(_.map(null as never)(a)).message).toBe('map: f is null; expected a function')
    expect(getLeft(_.zipWith('+' as never)(b)(a)).message).toBe('zipWith: f is "+"; expected a function')
  })
})
