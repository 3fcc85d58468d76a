import { describe, expect, expectTypeOf, it } from 'vitest'
import { decode } from '../../src/codec/DecodeError.js'
import * as _ from '../../src/codec/TreeC.js'
import { unsafeMake, type Tensor } from '../../src/tensor/Tensor.js'
import { getLeft, getRight } from '../either.js'

const tensor = (shape: ReadonlyArray<number>, xs: ReadonlyArray<number>): Tensor =>
  unsafeMake(shape, Float64Array.from(xs))
const template = { hidden: { w: tensor([2, 1], [0, 0]), b: 0 }, layers: [0, 0] }

describe('TreeC', () => {
  it('writes records with sorted keys, and reads a tree of the template’s type back bit for bit', () => {
    const x = { layers: [-0, 1], hidden: { b: 0.5, w: tensor([2, 1], [1, -2]) } }
    const C = _.TreeC(template)
    const json = JSON.stringify(C.encode(x))
    expect(json).toBe('{"hidden":{"b":0.5,"w":{"shape":[2,1],"data":[1,-2]}},"layers":["-0",1]}')
    const back = getRight(decode(C)(JSON.parse(json)))
    expect(back).toEqual(x)
    expect(Object.is(back.layers[0], -0)).toBe(true)
    expectTypeOf(back).toEqualTypeOf<typeof template>()
    expectTypeOf(getRight(decode(_.TreeC(3))(1))).toEqualTypeOf<number>()
  })

  it('names the path where the input leaves the template', () => {
    const C = _.TreeC(template)
    const cases: ReadonlyArray<readonly [unknown, string, string]> = [
      [
        { hidden: { b: 0, w: { shape: [1, 2], data: [1, 2] } }, layers: [0, 0] },
        'hidden.w.shape',
        'expected shape [2, 1], got [1, 2]'
      ],
      [
        { hidden: { b: 0, w: { shape: [2, 1], data: [1, 2] } }, layers: [0] },
        'layers',
        'expected an array of 2 items, got an array of 1 item'
      ],
      [
        { hidden: { w: { shape: [2, 1], data: [1, 2] } }, layers: [0, 0] },
        'hidden.b',
        'expected a number, got nothing'
      ],
      [{ hidden: { b: 0, w: { shape: [2, 1], data: [1, 2] }, c: 1 }, layers: [0, 0] }, 'hidden.c', 'unexpected key'],
      [
        { hidden: { b: [0], w: { shape: [2, 1], data: [1, 2] } }, layers: [0, 0] },
        'hidden.b',
        'got an array of 1 item'
      ],
      [[], '', 'expected a record, got an array of 0 items']
    ]
    for (const [u, path, text] of cases) {
      const e = getLeft(decode(C)(u))
      expect(e.path).toBe(path)
      expect(e.message).toContain(text)
    }
  })

  it('does not take inherited properties for the template’s keys', () => {
    expect(getLeft(decode(_.TreeC({ constructor: 0 }))({})).path).toBe('constructor')
  })

  it('is a guard for finite trees of the template’s structure', () => {
    const C = _.TreeC({ w: 0 })
    expect([C.is({ w: 1 }), C.is({ w: Number.NaN }), C.is({ v: 1 }), C.is('x')]).toEqual([true, false, false, false])
  })
})

describe('TreeC on values and templates that are not trees (regressions)', () => {
  const standardizer = { _tag: 'Standardizer', mean: tensor([2], [1, 2]), std: tensor([2], [3, 4]) }

  it('encodes a value with a string field without overflowing the stack', () => {
    const C = _.TreeC(standardizer as never)
    expect(() => C.encode(standardizer as never)).not.toThrow()
  })

  it('refuses every input when the template is not a tree, naming the stray path', () => {
    const C = _.TreeC(standardizer as never)
    expect(getLeft(decode(C)(JSON.parse(JSON.stringify(C.encode(standardizer as never))))).message).toContain(
      'the template is not a parameter tree: at _tag'
    )
    expect(C.is(standardizer)).toBe(false)
  })

  it('decodes nesting a thousand levels deep, and refuses a template deeper than MAX_DEPTH', () => {
    let shallow: Record<string, unknown> = { w: 1 }
    for (let i = 0; i < 900; i++) shallow = { a: shallow }
    expect(getRight(decode(_.TreeC(shallow as never))(JSON.parse(JSON.stringify(shallow))))).toEqual(shallow)
    let deep: Record<string, unknown> = { w: 1 }
    for (let i = 0; i < 100_000; i++) deep = { a: deep }
    const C = _.TreeC(deep as never)
    expect(getLeft(decode(C)(deep))._tag).toBe('DecodeError')
    expect(() => C.encode(deep as never)).not.toThrow()
  })

  it('answers a Left, never a throw, for JSON objects String() cannot show', () => {
    expect(getLeft(decode(_.TreeC({ w: 0 }))(JSON.parse('{"w": {"toString": 1}}')))._tag).toBe('DecodeError')
    expect(getLeft(decode(_.TreeC({ w: 0 }))({ w: 1n }))._tag).toBe('DecodeError')
    expect(getLeft(decode(_.TreeC({ w: 0 }))(JSON.parse('{"w": 1, "__proto__": 2}')))._tag).toBe('DecodeError')
  })
})
