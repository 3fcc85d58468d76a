import { describe, expect, it } from 'vitest'
import * as _ from '../../laws/purity.js'

describe('deepCopy', () => {
  it('copies typed arrays, arrays, records, maps and sets without sharing any of them', () => {
    const data = Float64Array.from([1, 2])
    const value = { t: { data, shape: [2] }, list: [1, [2]], m: new Map([['k', [1]]]), s: new Set([data]) }
    const copy = _.deepCopy(value)
    expect(_.bitsEqual(copy, value)).toBe(true)
    expect(copy.t.data).not.toBe(data)
    expect(copy.t.data.buffer).not.toBe(data.buffer)
    expect(copy.list[1]).not.toBe(value.list[1])
    expect(copy.m.get('k')).not.toBe(value.m.get('k'))
    expect(_.sharesNoBuffer(copy, [value])).toBe(true)
  })

  it('keeps prototypes, frozenness, shared references and cycles', () => {
    const shared = [1]
    const cyclic: { self?: unknown; a: ReadonlyArray<number>; b: ReadonlyArray<number> } = { a: shared, b: shared }
    cyclic.self = cyclic
    const copy = _.deepCopy(cyclic)
    expect(copy.self).toBe(copy)
    expect(copy.a).toBe(copy.b)
    const frozen = Object.freeze({ x: 1 })
    expect(Object.isFrozen(_.deepCopy(frozen))).toBe(true)
    class Point {
      constructor(readonly x: number) {}
    }
    expect(_.deepCopy(new Point(1))).toBeInstanceOf(Point)
  })

  it('copies a view of part of a buffer as that part only', () => {
    const whole = Float64Array.from([1, 2, 3, 4])
    const part = whole.subarray(1, 3)
    const copy = _.deepCopy(part)
    expect(copy).toEqual(Float64Array.from([2, 3]))
    expect(_.bitsEqual(copy, part)).toBe(true)
  })
})

describe('bitsEqual', () => {
  it('compares numbers bit for bit: NaN equals NaN, −0 differs from +0', () => {
    expect(_.bitsEqual(NaN, NaN)).toBe(true)
    expect(_.bitsEqual(0, -0)).toBe(false)
    expect(_.bitsEqual(Float64Array.from([0]), Float64Array.from([-0]))).toBe(false)
    expect(_.bitsEqual(Float64Array.from([1]), Float32Array.from([1]))).toBe(false)
  })

  it('sees a changed element, an added key, a reordered key and a different prototype', () => {
    expect(_.bitsEqual({ a: [1, 2] }, { a: [1, 3] })).toBe(false)
    expect(_.bitsEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false)
    expect(_.bitsEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false)
    expect(_.bitsEqual([1], { 0: 1, length: 1 })).toBe(false)
    expect(_.bitsEqual(new Map([[1, 2]]), new Map([[1, 3]]))).toBe(false)
  })
})

describe('leavesInputsUnchanged', () => {
  it('is true for a pure call and false for one that writes into an input', () => {
    const t = { data: Float64Array.from([1, 2]) }
    expect(_.leavesInputsUnchanged([t], () => t.data.map((x) => 2 * x))).toBe(true)
    expect(
      _.leavesInputsUnchanged([t], () => {
        t.data[1] = 3
      })
    ).toBe(false)
    const r: Record<string, number> = { a: 1 }
    expect(
      _.leavesInputsUnchanged([r], () => {
        r['b'] = 2
      })
    ).toBe(false)
  })
})

describe('sharesNoBuffer', () => {
  it('is false when the result reaches an input’s memory, even through a view', () => {
    const data = Float64Array.from([1, 2, 3])
    expect(_.sharesNoBuffer({ out: data }, [{ data }])).toBe(false)
    expect(_.sharesNoBuffer([data.subarray(1)], [data])).toBe(false)
    expect(_.sharesNoBuffer({ out: data.slice() }, [{ data }])).toBe(true)
  })
})
