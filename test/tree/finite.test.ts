import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { unsafeMake, type Tensor } from '../../src/tensor/Tensor.js'
import type { NonFinite } from '../../src/tensor/TensorError.js'
import type { StructureMismatch } from '../../src/tree/TreeError.js'
import * as _ from '../../src/tree/finite.js'
import { getLeft } from '../either.js'

const tensor = (shape: ReadonlyArray<number>, xs: ReadonlyArray<number>) => unsafeMake(shape, Float64Array.from(xs))

describe('validateFinite', () => {
  it('answers the same tree when every scalar is finite', () => {
    const tree = { hidden: { w: tensor([2], [1, -2]), b: 0 }, out: [1e308, -5e-324] }
    expect(_.validateFinite(tree)).toStrictEqual(E.right(tree))
    expect(_.validateFinite({})).toEqual(E.right({}))
  })

  it('names the path of a number leaf holding NaN', () => {
    expect(_.validateFinite({ w1: 0.15, w2: NaN })).toEqual(
      E.left({
        _tag: 'NonFinite',
        where: 'w2',
        index: 0,
        value: NaN,
        message: 'w2: element 0 is NaN; only finite numbers are allowed'
      })
    )
  })

  it('names the tensor leaf and the element index of an infinity', () => {
    const tree = { layers: [{ w: tensor([2, 2], [1, 2, 3, 4]) }, { w: tensor([2, 2], [1, 2, -Infinity, 4]) }] }
    expect(_.validateFinite(tree)).toEqual(
      E.left(expect.objectContaining({ _tag: 'NonFinite', where: 'layers.1.w', index: 2, value: -Infinity }))
    )
  })

  it('reports the first bad scalar in flatten order', () => {
    const tree = { z: NaN, a: tensor([3], [0, Infinity, NaN]) }
    expect(_.validateFinite(tree)).toEqual(E.left(expect.objectContaining({ where: 'a', index: 1, value: Infinity })))
  })

  it('names the root of a bare leaf', () => {
    expect(_.validateFinite(NaN)).toEqual(E.left(expect.objectContaining({ where: '(root)', index: 0 })))
    expect(_.validateFinite(tensor([2], [0, NaN]))).toEqual(
      E.left(expect.objectContaining({ where: '(root)', index: 1 }))
    )
  })

  it('keeps the type of the tree', () => {
    expectTypeOf(_.validateFinite({ w: tensor([1], [1]), b: 1 })).toEqualTypeOf<
      E.Either<NonFinite | StructureMismatch, { w: Tensor; b: number }>
    >()
    expectTypeOf(_.validateFinite(1)).toEqualTypeOf<E.Either<NonFinite | StructureMismatch, number>>()
  })
})

describe('validateFinite on deep and stray values (regressions)', () => {
  const deep = (depth: number): unknown => {
    let u: unknown = { w: 1 }
    for (let i = 0; i < depth; i++) u = { a: u }
    return u
  }

  it('answers a Left for nesting deeper than MAX_DEPTH instead of overflowing the stack', () => {
    expect(getLeft(_.validateFinite(deep(100_000) as never))._tag).toBe('StructureMismatch')
  })

  it('answers a Left naming a field that is not part of a tree', () => {
    expect(getLeft(_.validateFinite({ _tag: 'Standardizer', mean: 1 } as never)).message).toContain(
      'trees differ at _tag'
    )
    expect(getLeft(_.validateFinite(null as never))._tag).toBe('StructureMismatch')
  })
})
