import { describe, expect, expectTypeOf, it } from 'vitest'
import { unsafeMake } from '../../src/tensor/Tensor.js'
import * as _ from '../../src/tree/Tree.js'

const tensor = (shape: ReadonlyArray<number>, xs: ReadonlyArray<number>) => unsafeMake(shape, Float64Array.from(xs))

describe('Tree', () => {
  describe('leaves and paths', () => {
    it('visits record keys in sorted order, whatever order they were written in', () => {
      expect(_.leaves({ w2: 0.2, w1: 0.15 })).toEqual([
        { path: 'w1', leaf: 0.15 },
        { path: 'w2', leaf: 0.2 }
      ])
      expect(_.paths({ b: 1, a: 2 })).toEqual(_.paths({ a: 2, b: 1 }))
    })

    it('sorts keys as strings, so w10 comes before w2 and "10" before "9"', () => {
      const seed = Object.fromEntries(Array.from({ length: 12 }, (_x, i) => [`w${i + 1}`, i + 1]))
      expect(_.paths(seed)).toEqual(['w1', 'w10', 'w11', 'w12', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7', 'w8', 'w9'])
      expect(_.paths({ 9: 1, 10: 2 })).toEqual(['10', '9'])
    })

    it('names array items by index and nested keys with dots', () => {
      const w = tensor([2, 2], [1, 2, 3, 4])
      expect(
        _.paths({
          layers: [
            { w, b: 0 },
            { w, b: 1 }
          ],
          out: { w }
        })
      ).toEqual(['layers.0.b', 'layers.0.w', 'layers.1.b', 'layers.1.w', 'out.w'])
    })

    it('gives a bare leaf the empty path and an empty node no leaves', () => {
      expect(_.leaves(3)).toEqual([{ path: '', leaf: 3 }])
      expect(_.paths({})).toEqual([])
      expect(_.paths([])).toEqual([])
      expect(_.paths({ a: {}, b: [] })).toEqual([])
    })
  })

  describe('size', () => {
    it('counts one per number and every element of every tensor', () => {
      expect(_.size({ w1: 0.15, w2: 0.2 })).toBe(2)
      expect(_.size({ hidden: { w: tensor([3, 2], [1, 2, 3, 4, 5, 6]), b: tensor([2], [0, 0]) }, c: 1 })).toBe(9)
      expect(_.size({ empty: tensor([0, 3], []) })).toBe(0)
      expect(_.size([])).toBe(0)
    })
  })

  describe('reduce', () => {
    it('folds the scalars in flatten order, tensors row-major', () => {
      const tree = { z: 5, a: tensor([2, 2], [1, 2, 3, 4]), m: [6, 7] }
      expect(_.reduce([] as ReadonlyArray<number>, (acc, x) => [...acc, x])(tree)).toEqual([1, 2, 3, 4, 6, 7, 5])
      expect(_.reduce(0, (acc: number, x) => acc + x)(tree)).toBe(28)
    })

    it('answers the initial value for a tree without scalars', () => {
      expect(_.reduce(42, (acc: number, x) => acc + x)({ a: [] })).toBe(42)
    })
  })

  describe('refinements', () => {
    it('tells leaves from inner nodes', () => {
      expect(_.isLeaf(1)).toBe(true)
      expect(_.isLeaf(tensor([1], [1]))).toBe(true)
      expect(_.isLeaf([1])).toBe(false)
      expect(_.isLeaf({ a: 1 })).toBe(false)
      expect(_.isTreeArray([1])).toBe(true)
      expect(_.isTreeArray({ 0: 1 })).toBe(false)
    })
  })

  describe('types', () => {
    it('accepts records declared with `type`, nested records and arrays of records', () => {
      type Dense = { readonly w: ReturnType<typeof tensor>; readonly b: ReturnType<typeof tensor> }
      type Mlp = { readonly hidden: Dense; readonly out: Dense; readonly layers: ReadonlyArray<Dense> }
      expectTypeOf<Mlp>().toExtend<_.Tree>()
      expectTypeOf<{ w1: number; w2: number }>().toExtend<_.Tree>()
      expectTypeOf<ReadonlyArray<{ w: number }>>().toExtend<_.Tree>()
      expectTypeOf<{ w: string }>().not.toExtend<_.Tree>()
      expectTypeOf(_.leaves).returns.toEqualTypeOf<ReadonlyArray<_.LeafEntry>>()
    })
  })
})

describe('walks over deep and stray values (regressions)', () => {
  const deep = (depth: number): Record<string, unknown> => {
    let u: Record<string, unknown> = { w: 1 }
    for (let i = 0; i < depth; i++) u = { a: u }
    return u
  }

  it('walks without recursion, so thousands of levels do not overflow the stack', () => {
    expect(_.size(deep(_.MAX_DEPTH - 1) as never)).toBe(1)
    expect(_.size(deep(100_000) as never)).toBe(0)
    expect(_.leaves(deep(3) as never)).toEqual([{ path: 'a.a.a.w', leaf: 1 }])
  })

  it('skips what is not a tree instead of walking into it (a string field)', () => {
    const standardizer = { _tag: 'Standardizer', mean: 1, std: 2 }
    expect(_.size(standardizer as never)).toBe(2)
    expect(_.size(null as never)).toBe(0)
  })

  it('finds the first stray node with its path', () => {
    expect(_.firstStray({ a: [1, 'x'] })).toEqual({ path: 'a.1', found: '"x"' })
    expect(_.firstStray(deep(_.MAX_DEPTH + 5))?.found).toBe(`nesting deeper than ${_.MAX_DEPTH}`)
    expect(_.firstStray({ a: [1, tensor([1], [2])] })).toBeUndefined()
  })

  it('rebuilds a deep tree in flatten order', () => {
    const t = deep(_.MAX_DEPTH - 1)
    const rebuilt = _.unsafeRebuild(t as never, [7])
    expect(_.leaves(rebuilt).map((e) => e.leaf)).toEqual([7])
    expect(_.paths(rebuilt)).toEqual(_.paths(t as never))
    expect(_.unsafeRebuild({ b: [1, 2], a: 3 }, [4, 5, 6])).toEqual({ a: 4, b: [5, 6] })
  })

  const throwing = (key: string): object =>
    Object.defineProperty({ w: 1 }, key, {
      enumerable: true,
      get: () => {
        throw new Error(`the ${key} getter was read`)
      }
    })

  it('reads a getter that throws as a stray, in the walk and in the rebuild alike', () => {
    expect(_.firstStray({ a: throwing('b') })).toEqual({ path: 'a.b', found: 'a getter that throws' })
    expect(_.leaves({ a: throwing('b') } as never)).toEqual([{ path: 'a.w', leaf: 1 }])
    // a getter of _tag makes no tensor: the record is walked, its _tag a stray
    expect(_.firstStray(throwing('_tag'))).toEqual({ path: '_tag', found: 'a getter that throws' })
    expect(_.unsafeRebuild({ a: throwing('b') } as never, [2])).toEqual({ a: { b: undefined, w: 2 } })
  })

  it('rebuilds an array past the node budget as it is, as the walk skips it, without looping over it', () => {
    const huge = new Array(2 ** 32 - 1)
    expect(_.size(huge)).toBe(0)
    const rebuilt = _.unsafeRebuild({ a: huge, b: 1 } as never, [5]) as { readonly a: unknown; readonly b: number }
    expect(rebuilt.a).toBe(huge)
    expect(rebuilt.b).toBe(5)
    expect(_.unsafeRebuild([1, , 3] as never, [4, 5])).toEqual([4, undefined, 5])
  })
})
