import { describe, expect, it } from 'vitest'
import * as _ from '../../src/tensor/reduce.js'
import { getLeft, getRight } from '../either.js'
import { t, values } from './fixtures.js'

const x = t([
  [1, 2, 3],
  [4, 5, 6]
])

describe('sums and means', () => {
  it('over everything', () => {
    expect(getRight(_.sum(x))).toBe(21)
    expect(getRight(_.mean(x))).toBe(3.5)
    expect(getRight(_.sum(t([])))).toBe(0)
  })

  it('along each axis of a matrix', () => {
    expect(values(getRight(_.sumAxis(0)(x)))).toEqual([5, 7, 9])
    expect(values(getRight(_.sumAxis(1)(x)))).toEqual([6, 15])
    expect(values(getRight(_.meanAxis(0)(x)))).toEqual([2.5, 3.5, 4.5])
    expect(values(getRight(_.meanAxis(1)(x)))).toEqual([2, 5])
  })

  it('along the middle axis of a rank-3 tensor', () => {
    const cube = t([
      [
        [1, 2],
        [3, 4]
      ],
      [
        [5, 6],
        [7, 8]
      ]
    ])
    const s = getRight(_.sumAxis(1)(cube))
    expect(s.shape).toEqual([2, 2])
    expect(values(s)).toEqual([4, 6, 12, 14])
  })

  it('refuse an axis the tensor does not have and the mean of nothing', () => {
    expect(getLeft(_.sumAxis(2)(x)).message).toBe('sumAxis: axis 2 is not an axis of a rank-2 tensor')
    expect(getLeft(_.meanAxis(-1)(x))._tag).toBe('InvalidArgument')
    expect(getLeft(_.mean(t([])))._tag).toBe('InvalidArgument')
    expect(getLeft(_.meanAxis(1)(t([[]]))).message).toBe('meanAxis: axis 1 has length 0')
  })

  it('answer NonFinite when a sum overflows', () => {
    expect(getLeft(_.sum(t([1.7e308, 1.7e308])))._tag).toBe('NonFinite')
  })
})

describe('argmaxRows', () => {
  it('gives the column of each row’s largest element, the first on ties', () => {
    expect(
      getRight(
        _.argmaxRows(
          t([
            [0.1, 0.7, 0.2],
            [3, 3, 1],
            [-1, -2, -0.5]
          ])
        )
      )
    ).toEqual([1, 0, 2])
  })

  it('refuses a vector', () => {
    expect(getLeft(_.argmaxRows(t([1, 2])))._tag).toBe('ShapeMismatch')
  })
})
