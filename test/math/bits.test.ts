import { describe, expect, it } from 'vitest'
import * as _ from '../../src/math/bits.js'

describe('bits', () => {
  it('pow2 is 2^k exactly over the whole range, subnormals included', () => {
    expect(_.pow2(0)).toBe(1)
    expect(_.pow2(-1074)).toBe(Number.MIN_VALUE)
    expect(_.pow2(1023)).toBe(2 ** 1023)
    expect(_.pow2(-1022)).toBe(2 ** -1022)
  })

  it('scale rounds once, into the subnormals and up to ∞', () => {
    expect(_.scale(1.5, 1024)).toBe(Infinity)
    expect(_.scale(0.75, 1024)).toBe(0.75 * 2 ** 1023 * 2)
    expect(_.scale(1, -1074)).toBe(Number.MIN_VALUE)
    expect(_.scale(1.5, -1074)).toBe(2 * Number.MIN_VALUE) // 1.5 ulps: ties to even
    expect(_.scale(1.25, -1074)).toBe(Number.MIN_VALUE)
  })

  it('reduce splits x into 2^k · m with m in [0.70710564, 1.41421128) (about [√2/2, √2)), exactly', () => {
    for (const x of [1, 1.41421356237309, 1.4142112, 1.4142113, 1.5, 0.7, 3, 1e300, 2 ** -1022, 0.1]) {
      const k = _.reduce(x)
      const m = _.mantissa()
      expect(m >= 0.70710564 && m < 1.41421128).toBe(true)
      expect(m * 2 ** k).toBe(x)
    }
  })
})
