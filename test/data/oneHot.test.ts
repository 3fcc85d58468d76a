import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/data/oneHot.js'
import { left, right, rowsOf } from './helpers.js'

describe('oneHot', () => {
  it('puts a 1 in the column of each label and 0 elsewhere', () => {
    const t = right(_.oneHot(3)([2, 0, 1, 2]))
    expect(t.shape).toEqual([4, 3])
    expect(rowsOf(t)).toEqual([
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1]
    ])
  })

  it('encodes no labels as an empty [0, classes] matrix', () => {
    expect(right(_.oneHot(4)([])).shape).toEqual([0, 4])
  })

  it.each([
    [3, 1],
    [-1, 1],
    [1.5, 1],
    [NaN, 1]
  ])('answers label %s with an InvalidLabel naming row %s', (bad, row) => {
    const e = left(_.oneHot(3)([0, bad, 1]))
    expect(e).toMatchObject({ _tag: 'InvalidLabel', row, classes: 3 })
    expect(e.message).toBe(`label of row ${row} is ${String(bad)}; expected an integer from 0 to 2`)
  })

  it.each([0, -2, 2.5, NaN])('answers classes = %s with an InvalidArgument', (k) => {
    expect(_.oneHot(k)([0])).toEqual(
      E.left({
        _tag: 'InvalidArgument',
        op: 'oneHot',
        message: `oneHot: classes is ${String(k)}; expected an integer of at least 1`
      })
    )
  })

  it('refuses more values than a tensor may hold before allocating them', () => {
    expect(left(_.oneHot(2 ** 20)(new Array<number>(2 ** 8).fill(0))).message).toBe(
      'oneHot: 256 labels of 1048576 classes make more than 33554432 values'
    )
  })
})

describe('firstInvalidLabel', () => {
  it('is the index of the first bad label, or −1', () => {
    expect(_.firstInvalidLabel(2, [0, 1, 1])).toBe(-1)
    expect(_.firstInvalidLabel(2, [0, 2, -1])).toBe(1)
  })
})
