import fc from 'fast-check'
import { describe as suite, expect, it } from 'vitest'
import * as _ from '../../src/tensor/describe.js'

suite('describe', () => {
  it('shows numbers, short strings and short BigInts as written', () => {
    expect(_.describe(Number.NaN)).toBe('NaN')
    expect(_.describe(-Infinity)).toBe('-Infinity')
    expect(_.describe('x')).toBe('"x"')
    expect(_.describe(12n)).toBe('12n')
    expect(_.describe(true)).toBe('true')
    expect(_.describe(null)).toBe('null')
    expect(_.describe(undefined)).toBe('nothing')
  })

  it('shows long strings and BigInts by their length', () => {
    expect(_.describe('x'.repeat(100))).toBe('a string of 100 characters')
    expect(_.describe(-(10n ** 40n))).toBe('a BigInt of 41 digits')
  })

  it('shows objects by their kind without calling into them', () => {
    expect(_.describe(JSON.parse('{"toString": 1, "valueOf": 2}'))).toBe('a record')
    const hostile = Object.defineProperty({}, 'toString', {
      get: () => {
        throw new Error('read')
      }
    })
    expect(_.describe(hostile)).toBe('a record')
    expect(_.describe([1, 2, 3])).toBe('an array of 3 items')
    expect(_.describe({ _tag: 'Tensor', shape: [2, 'x'], data: new Float64Array(0) })).toBe(
      'a tensor of shape [2, "x"]'
    )
    expect(_.describe(() => 1)).toBe('a function')
    expect(_.describe(Symbol('s'))).toBe('a symbol')
  })

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withBoxedValues: true, withNullPrototype: true }), (u) => {
        expect(typeof _.describe(u)).toBe('string')
      })
    )
  })
})
