import { describe, expect, it } from 'vitest'
import * as _ from '../../src/tensor/broadcast.js'
import { getLeft, getRight } from '../either.js'
import { t, values } from './fixtures.js'

const x = t([
  [1, 2, 3],
  [4, 5, 6]
])
const row = t([10, 20, 30])

describe('row broadcasts', () => {
  it('combine a row vector with every row', () => {
    expect(values(getRight(_.addRow(row)(x)))).toEqual([11, 22, 33, 14, 25, 36])
    expect(values(getRight(_.subRow(row)(x)))).toEqual([-9, -18, -27, -6, -15, -24])
    expect(values(getRight(_.mulRow(row)(x)))).toEqual([10, 40, 90, 40, 100, 180])
    expect(values(getRight(_.divRow(t([1, 2, 4]))(x)))).toEqual([1, 1, 0.75, 4, 2.5, 1.5])
  })

  it('reject a row whose length is not the column count', () => {
    const e = getLeft(_.addRow(t([1, 2]))(x))
    expect(e.message).toBe('addRow: needs a matrix [rows, cols] and a row vector [cols] (shapes [2, 3] and [2])')
  })

  it('answer NonFinite for a division by a zero column', () => {
    expect(getLeft(_.divRow(t([1, 0, 1]))(x))).toMatchObject({ _tag: 'NonFinite', index: 1 })
  })
})
