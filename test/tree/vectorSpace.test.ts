import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { unsafeMake, type Tensor } from '../../src/tensor/Tensor.js'
import type { NonFinite } from '../../src/tensor/TensorError.js'
import type { StructureMismatch, TreeError } from '../../src/tree/TreeError.js'
import * as _ from '../../src/tree/vectorSpace.js'

const tensor = (shape: ReadonlyArray<number>, xs: ReadonlyArray<number>) => unsafeMake(shape, Float64Array.from(xs))
const a = { w: tensor([2, 2], [1, 2, 3, 4]), b: 10 }
const b = { w: tensor([2, 2], [0.5, 0.25, -1, 2]), b: 4 }
const weights = (r: Record<string, number>) => r

describe('zerosLike', () => {
  it('answers +0 in every place, with the same structure', () => {
    expect(_.zerosLike(a)).toEqual({ b: 0, w: tensor([2, 2], [0, 0, 0, 0]) })
    expect(_.zerosLike([{ x: -3 }])).toEqual([{ x: 0 }])
    expect(Object.is(_.zerosLike(-3), 0)).toBe(true)
  })
})

describe('add, sub, scale, addScaled', () => {
  it('add(b)(a) is a + b', () => {
    expect(pipe(a, _.add(b))).toEqual(E.right({ b: 14, w: tensor([2, 2], [1.5, 2.25, 2, 6]) }))
  })

  it('sub(b)(a) is a − b', () => {
    expect(pipe(a, _.sub(b))).toEqual(E.right({ b: 6, w: tensor([2, 2], [0.5, 1.75, 4, 2]) }))
  })

  it('scale(c) multiplies every scalar by c', () => {
    expect(_.scale(-2)(a)).toEqual(E.right({ b: -20, w: tensor([2, 2], [-2, -4, -6, -8]) }))
  })

  it('addScaled(c, b)(a) is a + c·b: one gradient step', () => {
    expect(pipe(a, _.addScaled(-2, b))).toEqual(E.right({ b: 2, w: tensor([2, 2], [0, 1.5, 5, 0]) }))
    expect(pipe({ w1: 0.15 }, _.addScaled(-0.5, { w1: 0.1 }))).toEqual(E.right({ w1: 0.15 - 0.5 * 0.1 }))
  })

  it('answers a StructureMismatch naming the path when the trees differ', () => {
    expect(_.add(weights({ w1: 1 }))(weights({ w1: 1, w2: 2 }))).toEqual(
      E.left(expect.objectContaining({ path: 'w2', reason: 'missing' }))
    )
    expect(_.sub({ w: tensor([4], [1, 2, 3, 4]), b: 1 })(a)).toEqual(
      E.left(expect.objectContaining({ path: 'w', reason: 'shape' }))
    )
    expect(_.addScaled(1, weights({ w1: 1, w0: 0 }))(weights({ w1: 1 }))).toEqual(
      E.left(expect.objectContaining({ path: 'w0', reason: 'extra' }))
    )
  })

  it('answers a NonFinite naming the leaf when a result overflows', () => {
    expect(_.scale(1e308)({ w1: 1, w2: 2 })).toEqual(
      E.left(expect.objectContaining({ _tag: 'NonFinite', where: 'w2', index: 0, value: Infinity }))
    )
    expect(_.add({ w: tensor([2], [0, 1e308]) })({ w: tensor([2], [0, 1e308]) })).toEqual(
      E.left(expect.objectContaining({ where: 'w', index: 1, value: Infinity }))
    )
    expect(_.addScaled(1e300, { a: 1e10 })({ a: 0 })).toEqual(E.left(expect.objectContaining({ where: 'a' })))
  })

  it('answers a NonFinite for a non-finite factor instead of passing NaN on', () => {
    expect(_.scale(NaN)({ w: 1 })).toEqual(E.left(expect.objectContaining({ where: 'w', value: NaN })))
    expect(_.scale(Infinity)({ w: 0 })).toEqual(E.left(expect.objectContaining({ where: 'w' })))
  })

  it('never writes into its inputs and answers fresh tensors', () => {
    const r = pipe(a, _.addScaled(0.5, b))
    expect(a.w.data).toEqual(Float64Array.from([1, 2, 3, 4]))
    expect(b.w.data).toEqual(Float64Array.from([0.5, 0.25, -1, 2]))
    expect(E.isRight(r) && r.right.w.data !== a.w.data && r.right.w.data !== b.w.data).toBe(true)
  })

  it('agrees with the unchecked variants on trees of one structure', () => {
    expect(_.add(b)(a)).toEqual(E.right(_.unsafeAdd(b)(a)))
    expect(_.sub(b)(a)).toEqual(E.right(_.unsafeSub(b)(a)))
    expect(_.scale(3)(a)).toEqual(E.right(_.unsafeScale(3)(a)))
    expect(_.addScaled(3, b)(a)).toEqual(E.right(_.unsafeAddScaled(3, b)(a)))
  })
})

describe('dot, sumSquares, norm', () => {
  it('dot(b)(a) is Σ aᵢ·bᵢ', () => {
    expect(pipe(a, _.dot(b))).toEqual(E.right(0.5 + 0.5 - 3 + 8 + 40))
    expect(_.dot({})({})).toEqual(E.right(0))
  })

  it('dot answers a StructureMismatch or, when it overflows, a NonFinite naming dot', () => {
    expect(_.dot(weights({ w1: 1 }))(weights({ w2: 1 }))).toEqual(
      E.left(expect.objectContaining({ _tag: 'StructureMismatch', path: 'w1' }))
    )
    expect(_.dot({ a: 1e200, b: 1e200 })({ a: 1e200, b: 1e200 })).toEqual(
      E.left(expect.objectContaining({ _tag: 'NonFinite', where: 'dot result', value: Infinity }))
    )
  })

  it('sumSquares is Σ aᵢ², and answers a NonFinite when it overflows', () => {
    expect(_.sumSquares({ w1: 3, w2: tensor([1], [4]) })).toEqual(E.right(25))
    expect(_.sumSquares({ a: 1e200 })).toEqual(E.left(expect.objectContaining({ where: 'sumSquares result' })))
  })

  it('norm is the L2 norm', () => {
    expect(_.norm({ w1: 3, w2: tensor([1], [-4]) })).toEqual(E.right(5))
    expect(_.norm({ a: [] })).toEqual(E.right(0))
    expect(_.norm({ a: 0, b: tensor([2], [0, 0]) })).toEqual(E.right(0))
  })

  it('norm scales by the largest magnitude, so that it neither overflows nor underflows', () => {
    // Σ aᵢ² overflows to Infinity here, and underflows to 0 below; the norm does neither
    expect(_.norm(tensor([4], [1e200, 1e200, -1e200, 1e200]))).toEqual(E.right(2e200))
    expect(_.norm(tensor([4], [1e-200, -1e-200, 1e-200, 1e-200]))).toEqual(E.right(2e-200))
    expect(_.norm({ a: 5e-324 })).toEqual(E.right(5e-324))
    expect(_.norm({ a: Number.MAX_VALUE })).toEqual(E.right(Number.MAX_VALUE))
  })

  it('norm answers a NonFinite only when the norm itself exceeds the largest double', () => {
    expect(_.norm({ a: Number.MAX_VALUE, b: Number.MAX_VALUE })).toEqual(
      E.left(expect.objectContaining({ where: 'norm result' }))
    )
  })

  it('agrees with the unchecked variants', () => {
    expect(_.dot(b)(a)).toEqual(E.right(_.unsafeDot(b)(a)))
    expect(_.norm(a)).toEqual(E.right(_.unsafeNorm(a)))
    expect(_.sumSquares(a)).toEqual(E.right(_.unsafeSumSquares(a)))
  })
})

describe('types', () => {
  it('keeps the record type through every operation', () => {
    type P = { w: Tensor; b: number }
    expectTypeOf(_.zerosLike(a)).toEqualTypeOf<P>()
    expectTypeOf(_.zerosLike(3)).toEqualTypeOf<number>()
    expectTypeOf(_.add(b)(a)).toEqualTypeOf<E.Either<TreeError, P>>()
    expectTypeOf(_.sub(b)(a)).toEqualTypeOf<E.Either<TreeError, P>>()
    expectTypeOf(_.scale(2)(a)).toEqualTypeOf<E.Either<NonFinite | StructureMismatch, P>>()
    expectTypeOf(_.addScaled(2, b)(a)).toEqualTypeOf<E.Either<TreeError, P>>()
    expectTypeOf(_.addScaled(2, 1)(2)).toEqualTypeOf<E.Either<TreeError, number>>()
    expectTypeOf(_.dot(b)(a)).toEqualTypeOf<E.Either<TreeError, number>>()
    expectTypeOf(_.add({ hidden: { w: 0 } })({ hidden: { w: 1 } })).toEqualTypeOf<
      E.Either<TreeError, { hidden: { w: number } }>
    >()
    // @ts-expect-error: a gradient of another record type does not fit
    _.add({ w1: 1 })({ w2: 1 })
  })
})

describe('a constant of the wrong type, as it arrives from JSON', () => {
  it('scale answers a NonFinite saying what the constant was, never a throw', () => {
    const e = _.scale(2n as never)({ w1: 1 })
    expect(E.isLeft(e) && e.left._tag).toBe('NonFinite')
    expect(E.isLeft(e) && e.left.message).toBe('Tree.scale: the constant is 2n; expected a finite number')
    expect(E.isLeft(_.scale('2' as never)({ w1: 1 }))).toBe(true)
  })
})
