import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, expectTypeOf, it } from 'vitest'
import * as _ from '../../src/optim/applyUpdates.js'
import { unsafeMake, type Tensor } from '../../src/tensor/Tensor.js'
import { getLeft, getRight } from '../either.js'

const tensor = (shape: ReadonlyArray<number>, xs: ReadonlyArray<number>): Tensor =>
  unsafeMake(shape, Float64Array.from(xs))

describe('applyUpdates', () => {
  it('adds the updates to the parameters, leaf by leaf, keeping the type', () => {
    const p = { w: tensor([2], [1, 2]), b: 0.5 }
    const next = getRight(pipe(p, _.applyUpdates({ w: tensor([2], [-0.5, 0.25]), b: 0.5 })))
    expect(next).toEqual({ b: 1, w: tensor([2], [0.5, 2.25]) })
    expectTypeOf(next).toEqualTypeOf<{ w: Tensor; b: number }>()
  })

  it('leaves a parameter bit for bit under a −0 update, −0 included, and writes nothing it was given', () => {
    const p = { a: -0, b: 0, c: 3.5 }
    const u = { a: -0, b: -0, c: -0 }
    const next = getRight(_.applyUpdates(u)(p))
    expect([Object.is(next.a, -0), Object.is(next.b, 0), next.c]).toEqual([true, true, 3.5])
    expect([p, u]).toEqual([
      { a: -0, b: 0, c: 3.5 },
      { a: -0, b: -0, c: -0 }
    ])
  })

  it('refuses updates of another structure, naming the path', () => {
    const e = getLeft(_.applyUpdates({ w: tensor([3], [1, 2, 3]) })({ w: tensor([2], [1, 2]) }))
    expect(e).toMatchObject({ _tag: 'StructureMismatch', path: 'w', reason: 'shape' })
    expect(e.message).toBe(
      'applyUpdates: at w, the parameters have a tensor of shape [2] and the updates a tensor of shape [3]'
    )
  })

  it('answers a NonFinite naming the parameter leaf that overflowed', () => {
    expect(getLeft(_.applyUpdates({ layers: [{ w: 1e308 }] })({ layers: [{ w: 1e308 }] })).message).toBe(
      'applyUpdates: new parameter layers.0.w: element 0 is Infinity; only finite numbers are allowed'
    )
  })
})
