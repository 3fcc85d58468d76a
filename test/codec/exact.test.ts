import * as t from 'io-ts'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { CountC } from '../../src/codec/CountC.js'
import { decode } from '../../src/codec/DecodeError.js'
import * as _ from '../../src/codec/exact.js'
import { Float64C } from '../../src/codec/Float64C.js'
import { getLeft, getRight } from '../either.js'

describe('exactType', () => {
  const C = _.exactType({ count: CountC, lr: Float64C }, 'State')

  it('decodes the declared keys in their order and encodes each with its codec', () => {
    expect(Object.keys(getRight(decode(C)({ lr: 0.5, count: 2 })))).toEqual(['count', 'lr'])
    expect(C.encode({ count: 1, lr: -0 })).toEqual({ count: 1, lr: '-0' })
    expectTypeOf<t.TypeOf<typeof C>>().toEqualTypeOf<{ readonly count: number; readonly lr: number }>()
  })

  it('refuses an unknown key, a missing key and a non-record, naming where', () => {
    expect(getLeft(decode(C)({ count: 1, lr: 0, mu: 0 }))).toMatchObject({
      path: 'mu',
      message: 'mu: unexpected key in State'
    })
    expect(getLeft(decode(C)({ count: 1 })).path).toBe('lr')
    expect(getLeft(decode(C)(null)).message).toBe('(root): expected State (a record), got null')
    expect([C.is({ count: 1, lr: 0 }), C.is({ count: 1, lr: 0, x: 1 }), C.is([])]).toEqual([true, false, false])
  })
})

describe('exactTuple', () => {
  const C = _.exactTuple([CountC, Float64C], 'Pair')

  it('decodes exactly its items, each with its codec', () => {
    expect(getRight(decode(C)([1, '-0']))).toEqual([1, -0])
    expect(C.encode([2, -0])).toEqual([2, '-0'])
    expectTypeOf<t.TypeOf<typeof C>>().toEqualTypeOf<readonly [number, number]>()
  })

  it('refuses another length and names a bad item', () => {
    expect(getLeft(decode(C)([1])).message).toBe('(root): expected Pair (2 items), got an array of 1 item')
    expect(getLeft(decode(C)([1, 2, 3]))._tag).toBe('DecodeError')
    expect(getLeft(decode(C)([-1, 2])).path).toBe('0')
  })
})
