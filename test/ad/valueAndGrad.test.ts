import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, expectTypeOf, it } from 'vitest'
import * as AD from '../../src/ad/index.js'
import * as _ from '../../src/ad/valueAndGrad.js'
import type { Tensor } from '../../src/tensor/Tensor.js'
import { getLeft, getRight } from '../either.js'
import { t, values } from '../tensor/fixtures.js'

describe('valueAndGrad on a record of numbers', () => {
  const f = (p: _.Traced<{ w: number; b: number }>) => pipe(p.w, AD.mul(3), AD.add(p.b), AD.square)

  it('gives the value and the chain rule’s gradient, typed like the parameters', () => {
    const r = getRight(_.valueAndGrad(f)({ w: 1, b: 1 }))
    expect(r.value).toBe(16)
    expect(r.grad).toEqual({ b: 8, w: 24 })
    expectTypeOf(r.grad).toEqualTypeOf<{ w: number; b: number }>()
  })

  it('gives bit-identical answers when called twice', () => {
    const once = getRight(_.valueAndGrad(f)({ w: 0.3, b: -0.7 }))
    const twice = getRight(_.valueAndGrad(f)({ w: 0.3, b: -0.7 }))
    expect(Object.is(once.grad.w, twice.grad.w) && Object.is(once.grad.b, twice.grad.b)).toBe(true)
  })

  it('sums the gradients of a value used twice', () => {
    const g = getRight(_.grad((p: _.Traced<{ x: number }>) => pipe(p.x, AD.mul(p.x), AD.add(p.x)))({ x: 3 }))
    expect(g.x).toBe(7)
  })

  it('gives a zero gradient to a leaf the function does not use', () => {
    expect(getRight(_.grad((p: _.Traced<{ x: number; y: number }>) => AD.square(p.x))({ x: 2, y: 5 }))).toEqual({
      x: 4,
      y: 0
    })
  })
})

describe('valueAndGrad on tensor records', () => {
  it('differentiates x·W + b summed, leaf by leaf', () => {
    const x = t([
      [1, 2],
      [3, 4]
    ])
    const loss = (p: _.Traced<{ w: Tensor; b: Tensor }>) => pipe(x, AD.matmul(p.w), AD.addRow(p.b), AD.sum)
    const r = getRight(
      _.valueAndGrad(loss)({
        w: t([
          [1, 0],
          [0, 1]
        ]),
        b: t([0.5, -0.5])
      })
    )
    expect(r.value).toBe(10)
    expect(values(r.grad.w)).toEqual([4, 4, 6, 6])
    expect(values(r.grad.b)).toEqual([2, 2])
    expect(r.grad.w.shape).toEqual([2, 2])
  })

  it('runs a graph of 10^5 ops without growing the stack', () => {
    const long = (p: _.Traced<{ x: number }>) => {
      let v = p.x
      for (let i = 0; i < 100_000; i++) v = AD.add(1e-5)(AD.mul(0.99999)(v))
      return v
    }
    const g = getRight(_.grad(long)({ x: 1 }))
    expect(g.x).toBeCloseTo(0.99999 ** 100_000, 12)
  })
})

describe('bad input and misuse answer Left', () => {
  it('names both shapes of a mismatch inside the function', () => {
    const bad = (p: _.Traced<{ a: Tensor; b: Tensor }>) => AD.sum(AD.add(p.b)(p.a))
    const e = getLeft(_.valueAndGrad(bad)({ a: t([1, 2]), b: t([1, 2, 3]) }))
    expect(e._tag).toBe('ShapeMismatch')
    expect(e.message).toContain('[2] and [3]')
  })

  it('names the parameter leaf that holds NaN', () => {
    const e = getLeft(_.valueAndGrad((p: _.Traced<{ u: { v: number } }>) => AD.square(p.u.v))({ u: { v: Number.NaN } }))
    expect(e).toMatchObject({ _tag: 'NonFiniteLeaf', path: 'u.v', what: 'parameter' })
  })

  it('names the op that produced a non-finite value', () => {
    const e = getLeft(_.valueAndGrad((p: _.Traced<{ x: number }>) => AD.log(p.x))({ x: 0 }))
    expect(e).toMatchObject({ _tag: 'NonFinite', where: 'log' })
  })

  it('refuses a function whose result is not a single value', () => {
    const e = getLeft(_.valueAndGrad((p: _.Traced<{ x: Tensor }>) => p.x)({ x: t([1, 2]) }))
    expect(e._tag).toBe('InvalidFunction')
    expect(e.message).toContain('[2]')
  })

  it('turns a throw inside the function into a Left', () => {
    const e = getLeft(
      _.valueAndGrad((_p: _.Traced<{ x: number }>): AD.Var => {
        throw new Error('boom')
      })({ x: 1 })
    )
    expect(e.message).toContain('boom')
  })

  it('refuses values carried over from another call', () => {
    let leaked: AD.Var | undefined
    E.isRight(_.valueAndGrad((p: _.Traced<{ x: number }>) => (leaked = AD.square(p.x)))({ x: 1 }))
    const e = getLeft(_.valueAndGrad((p: _.Traced<{ x: number }>) => AD.add(p.x)(leaked!))({ x: 1 }))
    expect(e._tag).toBe('InvalidFunction')
  })
})

describe('evaluate and value', () => {
  it('run the forward pass alone', () => {
    const net = (p: _.Traced<{ w: Tensor }>) => pipe(t([[1, 1]]), AD.matmul(p.w), AD.sigmoid)
    const out = getRight(_.evaluate(net)({ w: t([[0], [0]]) }))
    expect(values(out)).toEqual([0.5])
    expect(getRight(_.value((p: _.Traced<{ x: number }>) => AD.square(p.x))({ x: 3 }))).toBe(9)
  })
})
