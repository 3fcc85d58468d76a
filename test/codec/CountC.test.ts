import { describe, expect, it } from 'vitest'
import * as _ from '../../src/codec/CountC.js'
import { decode } from '../../src/codec/DecodeError.js'
import { getLeft, getRight } from '../either.js'

describe('CountC', () => {
  it('accepts integers from 0 to 2⁵³ − 1, −0 read as 0', () => {
    expect([0, 7, Number.MAX_SAFE_INTEGER].map((n) => getRight(decode(_.CountC)(n)))).toEqual([
      0,
      7,
      Number.MAX_SAFE_INTEGER
    ])
    expect(Object.is(getRight(decode(_.CountC)(-0)), 0)).toBe(true)
  })

  it('refuses negatives, fractions, unsafe integers and other kinds', () => {
    for (const u of [-1, 1.5, 2 ** 53, '3', null])
      expect(getLeft(decode(_.CountC)(u)).message).toMatch(/^\(root\): expected a count \(an integer ≥ 0\)/)
  })
})
