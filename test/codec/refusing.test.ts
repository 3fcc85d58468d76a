import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decode } from '../../src/codec/DecodeError.js'
import { exactTuple, exactType } from '../../src/codec/exact.js'
import { Float64C } from '../../src/codec/Float64C.js'
import { jsonFirst } from '../../src/codec/JsonC.js'
import * as _ from '../../src/codec/refusing.js'
import { TensorOfShapeC } from '../../src/codec/TensorC.js'
import { getLeft } from '../either.js'

describe('refusing', () => {
  it('refuses every value, with its reason', () => {
    const codec = _.refusing('Nothing', 'nothing decodes')
    fc.assert(
      fc.property(fc.anything(), (u) => {
        expect(codec.is(u)).toBe(false)
        expect(getLeft(decode(codec)(u)).message).toBe('(root): nothing decodes')
      })
    )
  })
})

describe('codec factories given arguments of the wrong type, as they arrive from JSON', () => {
  it('answer a codec that refuses everything, saying why, rather than throwing', () => {
    expect(getLeft(decode(TensorOfShapeC([-1]))({ shape: [-1], data: [] })).message).toMatch(
      /no tensor has this shape: invalid shape \[-1\]/
    )
    expect(getLeft(decode(TensorOfShapeC('2' as never))({ shape: [2], data: [1, 2] }))._tag).toBe('DecodeError')
    expect(getLeft(decode(exactType(null as never, 'R'))({})).message).toMatch(/built from null; expected a record/)
    expect(getLeft(decode(exactType({ w: 1 } as never, 'R'))({ w: 1 })).message).toMatch(/a record of codecs/)
    expect(getLeft(decode(exactType({ w: Float64C }, 3 as never))({ w: 1 })).message).toMatch(/named 3/)
    expect(getLeft(decode(exactTuple('C' as never, 'T'))([])).message).toMatch(/expected a list of codecs/)
    expect(getLeft(decode(jsonFirst(undefined as never))(1)).message).toMatch(/built from nothing; expected a codec/)
  })

  it('isCodec holds for io-ts codecs and for nothing that merely looks like one', () => {
    expect(_.isCodec(Float64C)).toBe(true)
    expect(_.isCodec({ validate: 1, is: 1, encode: 1 })).toBe(false)
    expect(_.isCodec(null)).toBe(false)
  })
})
