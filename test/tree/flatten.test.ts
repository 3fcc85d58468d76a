import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { unsafeMake, type Tensor } from '../../src/tensor/Tensor.js'
import * as _ from '../../src/tree/flatten.js'
import type { TreeError } from '../../src/tree/TreeError.js'

const tensor = (shape: ReadonlyArray<number>, xs: ReadonlyArray<number>) => unsafeMake(shape, Float64Array.from(xs))

describe('flatten', () => {
  it('lays the scalars out in flatten order: sorted keys, array items by index, tensors row-major', () => {
    const tree = { out: { w: tensor([2, 2], [1, 2, 3, 4]), b: 5 }, hidden: [6, tensor([1, 2], [7, 8])] }
    expect(_.flatten(tree)).toEqual(Float64Array.from([6, 7, 8, 5, 1, 2, 3, 4]))
    expect(_.flatten({})).toEqual(new Float64Array(0))
    expect(_.flatten(-0)).toEqual(Float64Array.from([-0]))
  })

  it('answers a fresh array: writing into it leaves the tree alone', () => {
    const w = tensor([2], [1, 2])
    const flat = _.flatten(w)
    expect(flat.buffer).not.toBe(w.data.buffer)
    flat[0] = 99
    expect(w.data).toEqual(Float64Array.from([1, 2]))
  })
})

describe('unflatten', () => {
  const template = { out: { w: tensor([2, 2], [0, 0, 0, 0]), b: 0 }, hidden: [0, tensor([1, 2], [0, 0])] }

  it("puts the values back in the template's structure", () => {
    expect(_.unflatten(template)([6, 7, 8, 5, 1, 2, 3, 4])).toEqual(
      E.right({ hidden: [6, tensor([1, 2], [7, 8])], out: { b: 5, w: tensor([2, 2], [1, 2, 3, 4]) } })
    )
    expect(_.unflatten({ w1: 0, w2: 0 })(Float64Array.from([0.15, 0.2]))).toEqual(E.right({ w1: 0.15, w2: 0.2 }))
  })

  it('copies the values, so the flat vector stays the caller’s', () => {
    const flat = Float64Array.from([1, 2])
    const r = _.unflatten({ w: tensor([2], [0, 0]) })(flat)
    flat[0] = 99
    expect(r).toEqual(E.right({ w: tensor([2], [1, 2]) }))
  })

  it('answers a SizeMismatch for a vector too short or too long', () => {
    expect(_.unflatten(template)([1, 2, 3])).toEqual(
      E.left({
        _tag: 'SizeMismatch',
        expected: 8,
        actual: 3,
        message: 'the tree holds 8 numbers, the flat vector has 3'
      })
    )
    expect(_.unflatten({ a: 0 })([1, 2])).toEqual(
      E.left(expect.objectContaining({ _tag: 'SizeMismatch', expected: 1, actual: 2 }))
    )
  })

  it('answers a NonFinite naming the leaf and the index in it', () => {
    expect(_.unflatten(template)([6, 7, 8, 5, 1, 2, NaN, 4])).toEqual(
      E.left(expect.objectContaining({ _tag: 'NonFinite', where: 'out.w', index: 2 }))
    )
    expect(_.unflatten({ a: 0 })([Infinity])).toEqual(E.left(expect.objectContaining({ where: 'a', index: 0 })))
  })

  it('keeps the template’s type', () => {
    expectTypeOf(_.unflatten(template)).returns.toEqualTypeOf<
      E.Either<TreeError, { out: { w: Tensor; b: number }; hidden: (number | Tensor)[] }>
    >()
    expectTypeOf(_.unflatten(0)).returns.toEqualTypeOf<E.Either<TreeError, number>>()
  })
})

describe('unflatten given values of the wrong type, as they arrive from JSON', () => {
  it('answers a Left for a flat vector that is no array of numbers', () => {
    const template = { w1: 0, w2: 0 }
    const e = _.unflatten(template)(null as never)
    expect(E.isLeft(e) && e.left.message).toBe('unflatten: the flat vector is null; expected an array of numbers')
    const s = _.unflatten(template)([1, '2'] as never)
    expect(E.isLeft(s) && s.left.message).toBe('unflatten: element 1 of the flat vector is "2"; expected a number')
    expect(E.isLeft(_.unflatten(template)({ length: 2 } as never))).toBe(true)
  })
})
