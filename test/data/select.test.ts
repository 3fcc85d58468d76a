import { describe, expect, it } from 'vitest'
import * as _ from '../../src/data/select.js'
import { sharesNoBuffer } from '../../laws/purity.js'
import { counting, firstColumn, left, right, rowsOf } from './helpers.js'

const d = counting(5)

describe('take', () => {
  it('takes the rows at the indices, in their order, repeats included', () => {
    const t = right(_.take([3, 0, 3])(d))
    expect(rowsOf(t.inputs)).toEqual([
      [3, 30],
      [0, 0],
      [3, 30]
    ])
    expect(rowsOf(t.targets)).toEqual([[1.5], [0], [1.5]])
  })

  it('answers in fresh arrays', () => {
    expect(sharesNoBuffer(right(_.take([0, 1])(d)), [d])).toBe(true)
  })

  it('rejects an empty list of indices', () => {
    expect(left(_.take([])(d))).toMatchObject({ _tag: 'EmptyDataset', where: 'take' })
  })

  it.each([5, -1, 1.5, NaN])('names index %s, out of range, by its position', (bad) => {
    expect(left(_.take([0, bad])(d))).toEqual({
      _tag: 'InvalidArgument',
      op: 'take',
      message: `take: index 1 is ${String(bad)}; expected an integer from 0 to 4`
    })
  })
})

describe('slice', () => {
  it('takes consecutive rows start … end − 1', () => {
    expect(firstColumn(right(_.slice(1, 4)(d)))).toEqual([1, 2, 3])
    expect(firstColumn(right(_.slice(0, 5)(d)))).toEqual([0, 1, 2, 3, 4])
  })

  it('answers in fresh arrays', () => {
    expect(sharesNoBuffer(right(_.slice(0, 5)(d)), [d])).toBe(true)
  })

  it.each([
    [2, 2],
    [3, 1],
    [-1, 2],
    [0, 6],
    [0.5, 2]
  ])('rejects rows %s to %s', (start, end) => {
    expect(left(_.slice(start, end)(d)).message).toBe(
      `slice: rows ${start} to ${end}; expected integers 0 ≤ start < end ≤ 5`
    )
  })

  it('equals take of the same consecutive indices', () => {
    expect(right(_.slice(1, 4)(d))).toEqual(right(_.take([1, 2, 3])(d)))
  })
})
