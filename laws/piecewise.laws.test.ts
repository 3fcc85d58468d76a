// Laws of the piecewise ops (src/ad/ops/piecewise.ts): away from their kinks the gradients
// agree with central differences within laws/ad.ts's GRADIENT_TOLERANCE (1e-7 relative); at a
// kink they take the stated subgradient.
import fc from 'fast-check'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import * as AD from '../src/ad/index.js'
import { unsafeMake, type Tensor } from '../src/tensor/Tensor.js'
import { getRight } from '../test/either.js'
import { t } from '../test/tensor/fixtures.js'
import { agreesWithCentralDifferences } from './ad.js'
import { uniformTensor } from './arbitraries.js'
import { lawParameters } from './config.js'

/**
 * Central differences move an element by about 6e-6 (checkGrad's step for |x| ≤ 1): elements
 * closer than this to a kink could straddle it, so such cases are skipped.
 */
const MARGIN = 1e-4

type P = { readonly a: Tensor; readonly b: Tensor }
const pairs = fc
  .integer({ min: 1, max: 6 })
  .chain((n) => fc.record({ a: uniformTensor([n], -1, 1), b: uniformTensor([n], -1, 1) }))
const clear = ({ a, b }: P): boolean =>
  a.data.every((x, i) => Math.abs(x) > MARGIN && Math.abs(x - b.data[i]!) > MARGIN)

describe('piecewise ops', () => {
  it('abs, maximum, minimum and where agree with central differences away from their kinks', () => {
    const positive = (p: AD.Traced<P>): Tensor =>
      unsafeMake(
        p.a.value.shape,
        p.a.value.data.map((x) => (x > 0 ? 1 : 0))
      )
    const fs: ReadonlyArray<(p: AD.Traced<P>) => AD.Var> = [
      (p) => pipe(p.a, AD.abs, AD.mul(p.b), AD.sum),
      (p) => pipe(p.a, AD.maximum(p.b), AD.square, AD.sum),
      (p) => pipe(p.a, AD.minimum(p.b), AD.exp, AD.sum),
      (p) => AD.sum(AD.where(positive(p))(AD.square(p.a), p.b))
    ]
    fc.assert(
      fc.property(pairs, (params) => {
        fc.pre(clear(params))
        return fs.every((f) => agreesWithCentralDifferences(f, params))
      }),
      lawParameters
    )
  })

  it('take the stated subgradient at a kink: 0 for |0|, half to each operand of a tie', () => {
    expect(getRight(AD.grad((p: AD.Traced<{ x: number }>) => AD.abs(p.x))({ x: 0 }))).toEqual({ x: 0 })
    const tie = (op: typeof AD.maximum) =>
      getRight(AD.grad((p: AD.Traced<{ x: number; y: number }>) => pipe(p.x, op(p.y)))({ x: 2, y: 2 }))
    expect(tie(AD.maximum)).toEqual({ x: 0.5, y: 0.5 })
    expect(tie(AD.minimum)).toEqual({ x: 0.5, y: 0.5 })
  })

  it('where routes the gradient to the branch it takes, element by element', () => {
    const g = getRight(
      AD.grad((p: AD.Traced<P>) => AD.sum(AD.where(t([1, 0, 1]))(p.a, p.b)))({ a: t([1, 2, 3]), b: t([4, 5, 6]) })
    )
    expect([...g.a.data, ...g.b.data]).toEqual([1, 0, 1, 0, 1, 0])
  })
})
