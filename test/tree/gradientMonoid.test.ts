import * as E from 'fp-ts/lib/Either.js'
import { concatAll, type Monoid } from 'fp-ts/lib/Monoid.js'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { unsafeMake, type Tensor } from '../../src/tensor/Tensor.js'
import * as _ from '../../src/tree/gradientMonoid.js'
import type { TreeError } from '../../src/tree/TreeError.js'

const tensor = (shape: ReadonlyArray<number>, xs: ReadonlyArray<number>) => unsafeMake(shape, Float64Array.from(xs))
const template = { w: tensor([2], [9, 9]), b: 9 }

describe('getSumMonoid', () => {
  const M = _.getSumMonoid(template)

  it("has the template's zeros as empty", () => {
    expect(M.empty).toEqual(E.right({ b: 0, w: tensor([2], [0, 0]) }))
  })

  it('adds two gradients', () => {
    const g1 = { w: tensor([2], [1, 2]), b: 3 }
    const g2 = { w: tensor([2], [10, 20]), b: 30 }
    expect(M.concat(E.right(g1), E.right(g2))).toEqual(E.right({ b: 33, w: tensor([2], [11, 22]) }))
    expect(concatAll(M)([E.right(g1), E.right(g2), E.right(g1)])).toEqual(E.right({ b: 36, w: tensor([2], [12, 24]) }))
  })

  it('lets the leftmost Left win', () => {
    const bad1 = E.left({ _tag: 'SizeMismatch', expected: 1, actual: 2, message: 'one' } as const)
    const bad2 = E.left({ _tag: 'SizeMismatch', expected: 1, actual: 3, message: 'two' } as const)
    expect(M.concat(bad1, M.empty)).toBe(bad1)
    expect(M.concat(M.empty, bad2)).toBe(bad2)
    expect(M.concat(bad1, bad2)).toBe(bad1)
  })

  it('answers a Left for two gradients of different shapes, naming the path', () => {
    const wide = { w: tensor([3], [1, 2, 3]), b: 1 }
    expect(M.concat(M.empty, E.right(wide))).toEqual(
      E.left(expect.objectContaining({ _tag: 'StructureMismatch', path: 'w', reason: 'shape' }))
    )
  })

  it('answers a NonFinite when a sum overflows', () => {
    const big = E.right({ w: tensor([2], [1, 1.5e308]), b: 0 })
    expect(M.concat(big, big)).toEqual(E.left(expect.objectContaining({ _tag: 'NonFinite', where: 'w', index: 1 })))
  })

  it("is typed by the template's type", () => {
    expectTypeOf(M).toEqualTypeOf<Monoid<E.Either<TreeError, { w: Tensor; b: number }>>>()
    expectTypeOf(_.getSumMonoid(0)).toEqualTypeOf<Monoid<E.Either<TreeError, number>>>()
  })
})

describe('sumAll', () => {
  it('sums a list of gradients left to right, and answers zeros for none', () => {
    expect(
      _.sumAll({ w1: 0, w2: 0 })([
        { w1: 1, w2: 2 },
        { w1: 3, w2: 4 }
      ])
    ).toEqual(E.right({ w1: 4, w2: 6 }))
    expect(_.sumAll(template)([])).toEqual(E.right({ b: 0, w: tensor([2], [0, 0]) }))
  })

  it('names the path where a gradient does not fit the template', () => {
    const grads = [
      { w: tensor([2], [1, 2]), b: 1 },
      { w: tensor([1, 2], [1, 2]), b: 1 }
    ]
    expect(_.sumAll(template)(grads)).toEqual(E.left(expect.objectContaining({ path: 'w', reason: 'shape' })))
  })
})

describe('sumAll given values of the wrong type, as they arrive from JSON', () => {
  it('answers a Left for trees that are no array', () => {
    const e = _.sumAll({ w: 0 })(null as never)
    expect(E.isLeft(e) && e.left.message).toBe('Tree.sumAll: the list of trees is null; expected an array of trees')
  })
})

describe('sumAll on a list declaring 2^32 − 1 trees', () => {
  it('answers a Left before looping over it', () => {
    const e = _.sumAll({ w: 0 })(new Array(2 ** 32 - 1))
    expect(E.isLeft(e) && e.left.message).toBe('Tree.sumAll: the list has 4294967295 trees; expected at most 33554432')
  })
})
