import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { unsafeMake, type Tensor } from '../../src/tensor/Tensor.js'
import type { TreeError } from '../../src/tree/TreeError.js'
import * as _ from '../../src/tree/zipWith.js'

const tensor = (shape: ReadonlyArray<number>, xs: ReadonlyArray<number>) => unsafeMake(shape, Float64Array.from(xs))

describe('zipWith', () => {
  it('combines the scalars at the same place, a first and b second', () => {
    const a = { w: tensor([2], [10, 20]), b: 5, layers: [1] }
    const b = { layers: [100], b: 1, w: tensor([2], [1, 2]) }
    expect(pipe(a, _.zipWith((x, y) => x - y)(b))).toEqual(E.right({ b: 4, layers: [-99], w: tensor([2], [9, 18]) }))
  })

  it('answers a StructureMismatch naming the path instead of combining different trees', () => {
    const sub = _.zipWith((x, y) => x - y)
    const weights = (r: Record<string, number>) => r
    expect(sub(weights({ w1: 3 }))(weights({ w1: 1, w2: 2 }))).toEqual(
      E.left(expect.objectContaining({ _tag: 'StructureMismatch', path: 'w2', reason: 'missing' }))
    )
    // same element count, different shapes: refused, not silently paired up
    expect(sub({ w: tensor([3, 2], [1, 2, 3, 4, 5, 6]) })({ w: tensor([2, 3], [1, 2, 3, 4, 5, 6]) })).toEqual(
      E.left(expect.objectContaining({ path: 'w', reason: 'shape' }))
    )
    expect(sub({ w: tensor([3], [1, 2, 3]) })({ w: tensor([2], [1, 2]) })).toEqual(
      E.left(expect.objectContaining({ path: 'w' }))
    )
  })

  it('answers a NonFinite naming the leaf where the function gave NaN or an infinity', () => {
    expect(_.zipWith((x, y) => x / y)({ a: 1, b: tensor([2], [1, 0]) })({ a: 1, b: tensor([2], [1, 1]) })).toEqual(
      E.left(expect.objectContaining({ _tag: 'NonFinite', where: 'b', index: 1, value: Infinity }))
    )
  })

  it('agrees with its unchecked variant on trees of one structure', () => {
    const a = { w: tensor([2], [1, 2]), b: 3 }
    const b = { w: tensor([2], [4, 5]), b: 6 }
    const f = (x: number, y: number) => x * y + 1
    expect(_.zipWith(f)(b)(a)).toEqual(E.right(_.unsafeZipWith(f)(b)(a)))
  })

  it('keeps the type, and refuses to compile for two records of different types', () => {
    expectTypeOf(_.zipWith((x, y) => x + y)({ w1: 1 })({ w1: 2 })).toEqualTypeOf<E.Either<TreeError, { w1: number }>>()
    expectTypeOf(_.zipWith((x, y) => x + y)(1)(2)).toEqualTypeOf<E.Either<TreeError, number>>()
    // @ts-expect-error: a { w2 } is not a { w1 }
    _.zipWith((x, y) => x + y)({ w1: 1 })({ w2: 2 })
  })
})

describe('zipWith3', () => {
  it('combines three trees in the order a, b, c', () => {
    const p = { w: tensor([2], [1, 1]), s: 1 }
    const v = { w: tensor([2], [4, 16]), s: 4 }
    const g = { w: tensor([2], [2, 4]), s: 0.5 }
    expect(pipe(p, _.zipWith3((p, v, g) => p - g / Math.sqrt(v))(v, g))).toEqual(
      E.right({ s: 0.75, w: tensor([2], [0, 0]) })
    )
  })

  it('names a mismatch in either of the other trees', () => {
    const f = (x: number, y: number, z: number) => x + y + z
    expect(_.zipWith3(f)({ a: 1, b: 2 }, { a: 1 })({ a: 1, b: 2 })).toEqual(
      E.left(expect.objectContaining({ path: 'b', reason: 'missing' }))
    )
    expect(_.zipWith3(f)({ a: [1] }, { a: [1] })({ a: [1, 2] })).toEqual(
      E.left(expect.objectContaining({ path: 'a.1', reason: 'missing' }))
    )
  })

  it('answers a NonFinite for a NaN result, and agrees with its unchecked variant', () => {
    const f = (x: number, y: number, z: number) => x * y - z
    expect(_.zipWith3(() => NaN)(1, 1)(1)).toEqual(
      E.left(expect.objectContaining({ _tag: 'NonFinite', where: '(root)' }))
    )
    const [a, b, c] = [{ w: tensor([1], [2]) }, { w: tensor([1], [3]) }, { w: tensor([1], [4]) }]
    expect(_.zipWith3(f)(b, c)(a)).toEqual(E.right(_.unsafeZipWith3(f)(b, c)(a)))
    expect(_.unsafeZipWith3(f)(b, c)(a).w.data).toEqual(Float64Array.from([2]))
  })

  it('keeps the type', () => {
    const m = { layers: [{ w: tensor([1], [0]) }] }
    expectTypeOf(_.zipWith3((a, b, c) => a + b + c)(m, m)(m)).toEqualTypeOf<
      E.Either<TreeError, { layers: { w: Tensor }[] }>
    >()
  })
})

describe('a function of the wrong type, as it arrives from JSON', () => {
  it('zipWith answers a Left naming it, never a throw', () => {
    const e = _.zipWith('+' as never)({ w: 1 })({ w: 2 })
    expect(E.isLeft(e) && e.left.message).toBe('Tree.zipWith: f is "+"; expected a function')
  })
})
