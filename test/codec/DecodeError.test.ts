import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/codec/DecodeError.js'
import { Float64C } from '../../src/codec/Float64C.js'
import { getLeft, getRight } from '../either.js'

describe('decode', () => {
  const C = t.type({ a: Float64C, b: t.array(Float64C) })

  it('answers the decoded value', () => {
    expect(getRight(_.decode(C)({ a: 1, b: ['-0'] }))).toEqual({ a: 1, b: [-0] })
  })

  it('names the path of the first problem and counts the others', () => {
    expect(getLeft(_.decode(C)({ a: 'x', b: [1, null, Infinity] }))).toEqual({
      _tag: 'DecodeError',
      path: 'a',
      message: 'a: expected a finite number (or "-0"), got "x" (and 2 more errors)'
    })
    expect(getLeft(_.decode(C)({ a: 1, b: [1, null] })).message).toBe(
      'b.1: expected a finite number (or "-0"), got null'
    )
  })

  it('describes a refused value without printing it whole, and names io-ts’s own types', () => {
    expect(getLeft(_.decode(t.number)('x'.repeat(100))).message).toBe(
      '(root): expected number, got a string of 100 characters'
    )
    expect(getLeft(_.decode(t.number)([1, 2, 3])).message).toBe('(root): expected number, got an array of 3 items')
    expect(getLeft(_.decode(t.string)(3)).message).toBe('(root): expected string, got 3')
  })

  it('reads the path of an io-ts context', () => {
    expect(
      _.contextPath([
        { key: '', type: t.unknown },
        { key: 'mu', type: t.unknown },
        { key: '0', type: t.unknown }
      ])
    ).toBe('mu.0')
  })

  it('leaves out the members of unions and intersections, which are not places in the input', () => {
    const member = t.union([t.type({ n: Float64C }), t.type({ s: t.string })])
    const both = t.intersection([t.type({ loss: Float64C }), t.partial({ extra: t.array(Float64C) })])
    expect(getLeft(_.decode(t.type({ m: member }))({ m: { n: 'x' } })).path).toBe('m.n')
    expect(getLeft(_.decode(t.array(both))([{ loss: 1, extra: [1, 'y'] }])).path).toBe('0.extra.1')
    // a tuple's indices are places in the input and stay
    expect(getLeft(_.decode(t.tuple([t.string, member]))(['a', { n: null }])).path).toBe('1.n')
  })
})

describe('arguments of the wrong type, as they arrive from JSON', () => {
  it('decode answers a Left for a decoder that is no codec', () => {
    for (const u of [null, undefined, {}, { decode: 1 }, 'Float64C']) {
      const e = getLeft(_.decode(u as never)(1))
      expect(e.message).toMatch(/^the decoder is .+; expected a codec$/)
    }
  })

  it('contextPath and decodeError read anything without throwing', () => {
    expect(_.contextPath(null as never)).toBe('')
    expect(_.contextPath([{ key: '' }, { key: 'w' }, JSON.parse('{"key": {"toString": 1}}')] as never)).toBe(
      'w.a record'
    )
    expect(_.decodeError(null as never).message).toBe('(root): the input was refused')
    expect(_.decodeError([{ context: 'x' }] as never).message).toBe('(root): the input was refused')
    expect(_.decodeError([{ context: [], message: JSON.parse('{"toString": 1}') }] as never).message).toBe(
      '(root): a record'
    )
  })
})
