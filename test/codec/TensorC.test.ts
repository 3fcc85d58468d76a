import { describe, expect, it } from 'vitest'
import { decode } from '../../src/codec/DecodeError.js'
import * as _ from '../../src/codec/TensorC.js'
import { unsafeMake } from '../../src/tensor/Tensor.js'
import { getLeft, getRight } from '../either.js'

describe('TensorC', () => {
  it('writes { shape, data } with −0 as "-0", and reads it back to the same bytes', () => {
    const x = unsafeMake([2, 2], Float64Array.of(1, -0, 2.5, -3))
    const json = JSON.stringify(_.TensorC.encode(x))
    expect(json).toBe('{"shape":[2,2],"data":[1,"-0",2.5,-3]}')
    const back = getRight(decode(_.TensorC)(JSON.parse(json)))
    expect(back.shape).toEqual([2, 2])
    expect(new Uint8Array(back.data.buffer)).toEqual(new Uint8Array(x.data.buffer))
  })

  it('reads a rank-0 tensor and an empty one', () => {
    expect(Array.from(getRight(decode(_.TensorC)({ shape: [], data: [4] })).data)).toEqual([4])
    expect(getRight(decode(_.TensorC)({ shape: [0, 3], data: [] })).shape).toEqual([0, 3])
  })

  it('names what is wrong: the shape, the data’s length, an element, an unknown key', () => {
    const cases: ReadonlyArray<readonly [unknown, string, string]> = [
      [{ shape: [2, -1], data: [] }, 'shape', 'dimension 1 is -1'],
      [{ shape: 'x', data: [] }, 'shape', 'expected a list of dimensions'],
      [{ shape: [3], data: [1, 2] }, 'data', 'expected 3 values, got 2'],
      [{ shape: [2], data: [1, 'NaN'] }, 'data.1', 'got "NaN"'],
      [{ shape: [1], data: [1], dtype: 'f64' }, 'dtype', 'unexpected key'],
      [[1, 2], '', 'expected a tensor, got an array of 2 items']
    ]
    for (const [u, path, text] of cases) {
      const e = getLeft(decode(_.TensorC)(u))
      expect(e.path).toBe(path)
      expect(e.message).toContain(text)
    }
  })

  it('refuses a bogus shape before asking for memory', () => {
    expect(getLeft(decode(_.TensorC)({ shape: [1e6, 1e6], data: [] })).message).toContain('more than')
  })
})

describe('TensorOfShapeC', () => {
  it('accepts only its shape', () => {
    expect(getRight(decode(_.TensorOfShapeC([2]))({ shape: [2], data: [1, 2] })).shape).toEqual([2])
    expect(getLeft(decode(_.TensorOfShapeC([2, 2]))({ shape: [4], data: [1, 2, 3, 4] })).message).toBe(
      'shape: expected shape [2, 2], got [4]'
    )
    expect(_.TensorOfShapeC([2]).is(unsafeMake([1, 2], Float64Array.of(1, 2)))).toBe(false)
  })
})

describe('TensorC on hostile JSON (regressions)', () => {
  it('answers a Left, never a throw, for objects String() cannot show and for BigInts', () => {
    for (const u of [
      JSON.parse('{"toString": 1}'),
      JSON.parse('{"shape": {"toString": 1}, "data": []}'),
      JSON.parse('{"shape": [1], "data": [{"valueOf": 1}]}'),
      { shape: [1n], data: [] },
      { shape: [1], data: [1n] },
      { shape: [0, 2 ** 40], data: [] },
      { shape: [2 ** 27], data: new Array(2 ** 32 - 1) }
    ]) {
      expect(getLeft(decode(_.TensorC)(u))._tag).toBe('DecodeError')
    }
  })
})
