import { describe, expect, it } from 'vitest'
import * as _ from '../../src/tensor/matmul.js'
import { getLeft, getRight } from '../either.js'
import { t, values } from './fixtures.js'

const a = t([
  [1, 2, 3],
  [4, 5, 6]
]) // [2, 3]
const b = t([
  [7, 8],
  [9, 10],
  [11, 12]
]) // [3, 2]

describe('matmul', () => {
  it('multiplies [2, 3] by [3, 2] as written by hand', () => {
    const c = getRight(_.matmul(b)(a))
    expect(c.shape).toEqual([2, 2])
    expect(values(c)).toEqual([58, 64, 139, 154])
  })

  it('rejects inner dimensions that differ, naming both shapes', () => {
    const e = getLeft(_.matmul(a)(a))
    expect(e.message).toBe('matmul: inner dimensions 3 and 2 differ (shapes [2, 3] and [2, 3])')
  })

  it('rejects operands that are not matrices', () => {
    expect(getLeft(_.matmul(t([1, 2, 3]))(a))._tag).toBe('ShapeMismatch')
  })
})

describe('transposed products', () => {
  it('matmulTN is aᵀ·b and matmulNT is a·bᵀ', () => {
    expect(values(getRight(_.matmulTN(a)(a)))).toEqual([17, 22, 27, 22, 29, 36, 27, 36, 45])
    expect(values(getRight(_.matmulNT(a)(a)))).toEqual([14, 32, 32, 77])
  })

  it('reject leading or trailing dimensions that differ', () => {
    expect(getLeft(_.matmulTN(b)(a))._tag).toBe('ShapeMismatch')
    expect(getLeft(_.matmulNT(b)(a))._tag).toBe('ShapeMismatch')
  })
})

describe('transpose', () => {
  it('swaps rows and columns', () => {
    const at = getRight(_.transpose(a))
    expect(at.shape).toEqual([3, 2])
    expect(values(at)).toEqual([1, 4, 2, 5, 3, 6])
  })

  it('rejects a vector', () => {
    expect(getLeft(_.transpose(t([1, 2])))._tag).toBe('ShapeMismatch')
  })
})

describe('the size of a product (regression)', () => {
  it('refuses a product beyond the element ceiling before allocating it', () => {
    const tall = t(Array.from({ length: 2 ** 17 }, () => [] as Array<number>)) // [2^17, 0]
    const wide = getRight(_.transpose(tall)) // [0, 2^17]
    expect(getLeft(_.matmul(wide)(tall))._tag).toBe('ShapeMismatch') // [2^17, 2^17]: 2^34 elements
    expect(getLeft(_.matmulNT(tall)(tall))._tag).toBe('ShapeMismatch')
    expect(getRight(_.matmul(tall)(wide)).shape).toEqual([0, 0])
  })
})
