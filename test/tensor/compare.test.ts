import { describe, expect, it } from 'vitest'
import * as _ from '../../src/tensor/compare.js'
import { t } from './fixtures.js'

describe('equals', () => {
  it('compares bits, so 0 and −0 differ', () => {
    expect(_.equals(t([1, 0]))(t([1, 0]))).toBe(true)
    expect(_.equals(t([1, -0]))(t([1, 0]))).toBe(false)
    expect(_.equals(t([[1, 0]]))(t([1, 0]))).toBe(false)
  })
})

describe('equalsWithin', () => {
  it('accepts differences within the relative tolerance and refuses larger ones', () => {
    expect(_.equalsWithin({ rtol: 1e-12 })(t([1]))(t([1 + 1e-13]))).toBe(true)
    expect(_.equalsWithin({ rtol: 1e-12 })(t([1]))(t([1 + 1e-11]))).toBe(false)
  })

  it('uses the absolute tolerance near zero', () => {
    expect(_.equalsWithin({ rtol: 1e-12 })(t([0]))(t([1e-15]))).toBe(false)
    expect(_.equalsWithin({ rtol: 1e-12, atol: 1e-14 })(t([0]))(t([1e-15]))).toBe(true)
  })
})
