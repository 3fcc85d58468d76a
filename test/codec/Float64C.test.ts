import { describe, expect, it } from 'vitest'
import * as _ from '../../src/codec/Float64C.js'
import { decode } from '../../src/codec/DecodeError.js'
import { getLeft, getRight } from '../either.js'

describe('Float64C', () => {
  it('writes −0 as "-0" and every other finite double as itself', () => {
    expect(JSON.stringify([-0, 0, 5e-324, -1.7976931348623157e308, 0.1].map(_.Float64C.encode))).toBe(
      '["-0",0,5e-324,-1.7976931348623157e+308,0.1]'
    )
  })

  it('reads "-0" back as −0', () => {
    expect(Object.is(getRight(decode(_.Float64C)('-0')), -0)).toBe(true)
  })

  it('refuses NaN, infinities (null in JSON), other strings and other kinds', () => {
    for (const u of [Number.NaN, Infinity, null, '0', '-0.0', true, [], {}])
      expect(getLeft(decode(_.Float64C)(u))._tag).toBe('DecodeError')
    expect(getLeft(decode(_.Float64C)(null)).message).toBe('(root): expected a finite number (or "-0"), got null')
  })

  it('is a guard for finite numbers', () => {
    expect([_.Float64C.is(-0), _.Float64C.is(Infinity), _.Float64C.is('-0')]).toEqual([true, false, false])
  })
})
