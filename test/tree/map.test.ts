import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { unsafeMake, type Tensor } from '../../src/tensor/Tensor.js'
import type { NonFinite } from '../../src/tensor/TensorError.js'
import * as _ from '../../src/tree/map.js'
import type { Leaf } from '../../src/tree/Tree.js'
import type { StructureMismatch, TreeError } from '../../src/tree/TreeError.js'

const tensor = (shape: ReadonlyArray<number>, xs: ReadonlyArray<number>) => unsafeMake(shape, Float64Array.from(xs))

const get = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`expected a Right, got ${JSON.stringify(e.left)}`)
  return e.right
}

describe('map', () => {
  it('applies the function to every scalar, inside tensors too', () => {
    const w = tensor([2, 2], [1, 2, 3, 4])
    const r = get(_.map((x) => 10 * x)({ hidden: { w, b: 0.5 }, layers: [1, 2] }))
    expect(r).toEqual({ hidden: { w: tensor([2, 2], [10, 20, 30, 40]), b: 5 }, layers: [10, 20] })
    expect(r.hidden.w.data).not.toBe(w.data)
    expect(w.data).toEqual(Float64Array.from([1, 2, 3, 4]))
  })

  it('answers a NonFinite naming the leaf where the function gave NaN', () => {
    expect(_.map(Math.log)({ w1: 1, w2: -1 })).toEqual(
      E.left(expect.objectContaining({ _tag: 'NonFinite', where: 'w2', index: 0 }))
    )
    expect(_.map((x) => 1 / x)({ out: { w: tensor([3], [1, 0, 2]) } })).toEqual(
      E.left(expect.objectContaining({ where: 'out.w', index: 1, value: Infinity }))
    )
  })

  it('keeps a key named __proto__ as a plain key', () => {
    const tree = JSON.parse('{"__proto__": 1, "a": 2}') as Record<string, number>
    const r = get(_.map((x) => 2 * x)(tree))
    expect(Object.getPrototypeOf(r)).toBe(Object.prototype)
    expect(Object.keys(r)).toEqual(['__proto__', 'a'])
    expect(Object.getOwnPropertyDescriptor(r, '__proto__')?.value).toBe(2)
  })

  it('preserves the type of a record, a nested record and an array', () => {
    expectTypeOf(_.map((x) => x)({ w1: 0.15, w2: 0.2 })).toEqualTypeOf<
      E.Either<NonFinite | StructureMismatch, { w1: number; w2: number }>
    >()
    const mlp = { hidden: { w: tensor([1], [1]), b: tensor([1], [1]) }, out: { w: tensor([1], [1]), b: 0 } }
    expectTypeOf(_.map((x) => x)(mlp)).toEqualTypeOf<
      E.Either<NonFinite | StructureMismatch, { hidden: { w: Tensor; b: Tensor }; out: { w: Tensor; b: number } }>
    >()
    type Layers = ReadonlyArray<{ readonly w: Tensor; readonly b: Tensor }>
    const layers: Layers = []
    expectTypeOf(_.map((x) => x)(layers)).toEqualTypeOf<E.Either<NonFinite | StructureMismatch, Layers>>()
    // a bare literal is widened: the result of map is any number, not 3
    expectTypeOf(_.map((x) => x)(3)).toEqualTypeOf<E.Either<NonFinite | StructureMismatch, number>>()
  })
})

describe('mapLeaves', () => {
  it('replaces each leaf by the function of the leaf and its path', () => {
    const w = tensor([2], [1, 2])
    const seen: Array<string> = []
    const r = _.mapLeaves((leaf, path) => {
      seen.push(path)
      return path.endsWith('b') ? 0 : leaf
    })({ out: { w, b: 0.5 }, hidden: { w, b: 0.25 } })
    expect(r).toEqual(E.right({ hidden: { b: 0, w }, out: { b: 0, w } }))
    expect(seen).toEqual(['hidden.b', 'hidden.w', 'out.b', 'out.w'])
  })

  it('refuses a leaf function that changes a kind or a shape, naming the path', () => {
    const tree = { a: 1, w: tensor([2], [1, 2]) }
    expect(_.mapLeaves((leaf, path) => (path === 'a' ? tensor([1], [1]) : leaf))(tree)).toEqual(
      E.left(expect.objectContaining({ _tag: 'StructureMismatch', path: 'a', reason: 'kind' }))
    )
    expect(_.mapLeaves((leaf: Leaf) => (typeof leaf === 'number' ? leaf : tensor([1, 2], [1, 2])))(tree)).toEqual(
      E.left(expect.objectContaining({ _tag: 'StructureMismatch', path: 'w', reason: 'shape' }))
    )
  })

  it('refuses a non-finite leaf, naming the path', () => {
    expect(_.mapLeaves(() => NaN)({ layers: [1] })).toEqual(
      E.left(expect.objectContaining({ _tag: 'NonFinite', where: 'layers.0' }))
    )
  })

  it('preserves the type of the tree', () => {
    expectTypeOf(_.mapLeaves((l) => l)({ w1: 0.15 })).toEqualTypeOf<E.Either<TreeError, { w1: number }>>()
  })
})

describe('a function of the wrong type, as it arrives from JSON', () => {
  it('mapLeaves answers a Left naming it, never a throw', () => {
    const e = _.mapLeaves(null as never)({ w: 1 })
    expect(E.isLeft(e) && e.left.message).toBe('Tree.mapLeaves: f is null; expected a function')
  })
})
