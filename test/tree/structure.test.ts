import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { unsafeMake, type Tensor } from '../../src/tensor/Tensor.js'
import * as _ from '../../src/tree/structure.js'
import type { Tree } from '../../src/tree/Tree.js'
import type { StructureMismatch } from '../../src/tree/TreeError.js'

const tensor = (shape: ReadonlyArray<number>, xs: ReadonlyArray<number>) => unsafeMake(shape, Float64Array.from(xs))
const w = tensor([2, 3], [1, 2, 3, 4, 5, 6])
const wT = tensor([3, 2], [1, 2, 3, 4, 5, 6])
const b = tensor([3], [0, 0, 0])

const mismatch = (template: Tree, tree: Tree): StructureMismatch => {
  const r = _.sameStructure(template)(tree)
  if (E.isRight(r)) throw new Error('expected a mismatch')
  return r.left
}

describe('sameStructure', () => {
  it('answers the tree itself when paths, kinds and shapes agree (values may differ)', () => {
    const tree = { out: { w: wT, b: 7 }, hidden: { w, b } }
    expect(_.sameStructure({ hidden: { b, w }, out: { b: 1, w: wT } })(tree)).toStrictEqual(E.right(tree))
    expect(_.sameStructure([1, [2]])([3, [4]])).toEqual(E.right([3, [4]]))
    expect(_.sameStructure({})({})).toEqual(E.right({}))
  })

  it('names a missing key', () => {
    const m = mismatch({ hidden: { w, b } }, { hidden: { w } })
    expect(m).toMatchObject({
      _tag: 'StructureMismatch',
      path: 'hidden.b',
      reason: 'missing',
      expected: 'a tensor of shape [3]',
      actual: 'nothing'
    })
    expect(m.message).toBe('trees differ at hidden.b: expected a tensor of shape [3], got nothing')
  })

  it('names an extra key', () => {
    expect(mismatch({ w1: 1 }, { w1: 1, w2: 2 })).toMatchObject({
      path: 'w2',
      reason: 'extra',
      expected: 'nothing',
      actual: 'a number'
    })
  })

  it('names a number where a tensor should be, and the other way round', () => {
    expect(mismatch({ out: { b } }, { out: { b: 0 } })).toMatchObject({
      path: 'out.b',
      reason: 'kind',
      expected: 'a tensor of shape [3]',
      actual: 'a number'
    })
    expect(mismatch({ out: 0 }, { out: b })).toMatchObject({
      path: 'out',
      reason: 'kind',
      actual: 'a tensor of shape [3]'
    })
  })

  it('names two tensors of different shapes, even with the same number of elements', () => {
    expect(mismatch({ w }, { w: wT })).toMatchObject({
      path: 'w',
      reason: 'shape',
      expected: 'a tensor of shape [2, 3]',
      actual: 'a tensor of shape [3, 2]'
    })
  })

  it('names the first missing or extra item of arrays of different lengths', () => {
    expect(mismatch({ layers: [1, 2] }, { layers: [1] })).toMatchObject({ path: 'layers.1', reason: 'missing' })
    expect(mismatch({ layers: [1] }, { layers: [1, 2, 3] })).toMatchObject({ path: 'layers.1', reason: 'extra' })
    expect(mismatch([{ w: 1 }], [{ w: 1 }, 2])).toMatchObject({ path: '1', reason: 'extra', actual: 'a number' })
  })

  it('names a record against an array, and the root', () => {
    expect(mismatch({ layers: [1] }, { layers: { 0: 1 } })).toMatchObject({
      path: 'layers',
      reason: 'kind',
      expected: 'an array of 1 item',
      actual: 'a record'
    })
    const root = mismatch(1, { a: 1 })
    expect(root).toMatchObject({ path: '', reason: 'kind', expected: 'a number', actual: 'a record' })
    expect(root.message).toBe('trees differ at (root): expected a number, got a record')
  })

  it('reports the first difference in flatten order', () => {
    // 'a' sorts before 'z': the shape difference at a is reported, not the missing z
    expect(mismatch({ z: 1, a: w }, { a: wT })).toMatchObject({ path: 'a', reason: 'shape' })
    expect(mismatch({ a: 1, z: w }, { z: wT })).toMatchObject({ path: 'a', reason: 'missing' })
    // 'b' is missing from the tree and 'c' is extra in it: b comes first
    expect(mismatch({ a: 1, b: 2 }, { a: 1, c: 2 })).toMatchObject({ path: 'b', reason: 'missing' })
    expect(mismatch({ a: 1, c: 2 }, { a: 1, b: 2 })).toMatchObject({ path: 'b', reason: 'extra' })
  })

  it('does not throw on values outside the Tree type (a tree that lied about its type)', () => {
    const liar = { w: undefined, b: null, c: 'x' } as unknown as Tree
    expect(mismatch({ w: 1 }, liar)).toMatchObject({ path: 'b', reason: 'extra', actual: 'null' })
    expect(mismatch({ b: 1, c: 1, w: 1 }, liar)).toMatchObject({ path: 'b', reason: 'kind', actual: 'null' })
    expect(mismatch({ c: [1] }, { c: 'x' } as unknown as Tree)).toMatchObject({ path: 'c', actual: '"x"' })
    expect(mismatch({ c: { d: 1 } }, { c: undefined } as unknown as Tree)).toMatchObject({
      path: 'c',
      actual: 'nothing'
    })
  })

  it("types its answer as the template's type", () => {
    const template = { hidden: { w, b }, lr: 0.1 }
    expectTypeOf(_.sameStructure(template)).returns.toEqualTypeOf<
      E.Either<StructureMismatch, { hidden: { w: Tensor; b: Tensor }; lr: number }>
    >()
    expectTypeOf(_.sameStructure(3)).returns.toEqualTypeOf<E.Either<StructureMismatch, number>>()
  })
})
