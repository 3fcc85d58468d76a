import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/math/doubleDouble.js'
import { parts } from '../../laws/elementaryReference.js'

/** A finite double as an exact rational m · 2^(e + 1074), scaled to an integer. */
const exact = (x: number): bigint => {
  const { m, e } = parts(x)
  return m << BigInt(e + 1074)
}

/** Doubles whose sums and products stay finite and away from the subnormal range. */
const moderate = fc
  .double({ min: -(2 ** 400), max: 2 ** 400, noNaN: true })
  .filter((x) => x === 0 || Math.abs(x) > 2 ** -400)

describe('doubleDouble', () => {
  it('twoSum gives the rounded sum and its exact error', () =>
    fc.assert(
      fc.property(moderate, moderate, (a, b) => {
        const [s, e] = _.twoSum(a, b)
        return s === a + b && exact(s) + exact(e) === exact(a) + exact(b)
      })
    ))

  it('twoProduct gives the rounded product and its exact error', () =>
    fc.assert(
      fc.property(moderate, moderate, (a, b) => {
        const [p, e] = _.twoProduct(a, b)
        const scale = 1n << 1074n
        return p === a * b && (exact(p) + exact(e)) * scale === exact(a) * exact(b)
      })
    ))

  it('ratio carries 2/3 past a double: 3 · (hi + lo) = 2 to about 2^-105', () => {
    const [hi, lo] = _.ratio(2, 3)
    const [p, e] = _.twoProduct(3, hi)
    expect(hi).toBe(2 / 3)
    expect(Math.abs(p - 2 + e + 3 * lo)).toBeLessThan(2 ** -104)
  })

  it('divide and multiply undo each other to about 2^-100', () => {
    const a: _.DD = [Math.PI, 1.2246467991473532e-16]
    const b: _.DD = [Math.E, 1.4456468917292502e-16]
    const back = _.multiply(_.divide(a, b), b)
    expect(Math.abs(back[0] - a[0] + (back[1] - a[1]))).toBeLessThan(2 ** -100)
  })
})
