import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import * as AD from '../../src/ad/index.js'
import * as _ from '../../src/nn/dense.js'
import type { Tensor } from '../../src/tensor/Tensor.js'
import { getLeft, getRight } from '../either.js'
import { t, values } from '../tensor/fixtures.js'

const x = t([
  [1, 2],
  [3, -4]
])
const layer: _.Dense = {
  w: t([
    [1, 0, -1],
    [0.5, 2, 1]
  ]),
  b: t([0.1, 0.2, 0.3])
}

describe('dense', () => {
  it('computes x·W + b, [batch, in] → [batch, out]', () => {
    const y = getRight(AD.evaluate((p: AD.Traced<_.Dense>) => _.dense(p)(x))(layer))
    expect(y.shape).toEqual([2, 3])
    expect(values(y)).toEqual([2 + 0.1, 4 + 0.2, 1 + 0.3, 1 + 0.1, -8 + 0.2, -7 + 0.3])
  })

  it('works without a bias', () => {
    const y = getRight(AD.evaluate((p: AD.Traced<_.Dense>) => _.dense(p)(x))({ w: layer.w }))
    expect(values(y)).toEqual([2, 4, 1, 1, -8, -7])
  })

  it('differentiates W by xᵀ·g, b by the column sums of g and x by g·Wᵀ', () => {
    type P = { readonly layer: _.Dense; readonly x: Tensor }
    const g = getRight(AD.grad((p: AD.Traced<P>) => AD.sum(_.dense(p.layer)(p.x)))({ layer, x }))
    expect(values(g.layer.w)).toEqual([4, 4, 4, -2, -2, -2])
    expect(values(g.layer.b!)).toEqual([2, 2, 2])
    expect(values(g.x)).toEqual([0, 3.5, 0, 3.5])
  })

  it('answers a Left naming dense and every shape when they do not fit', () => {
    const e = getLeft(AD.evaluate((p: AD.Traced<_.Dense>) => _.dense(p)(t([[1, 2, 3]])))(layer))
    expect(e).toMatchObject({ _tag: 'ShapeMismatch', op: 'dense' })
    expect(e.message).toContain('[1, 3] and [2, 3] and [3]')
    const bias = getLeft(AD.evaluate((p: AD.Traced<_.Dense>) => _.dense(p)(x))({ w: layer.w, b: t([1, 2]) }))
    expect(bias.message).toContain('[2, 2] and [2, 3] and [2]')
  })

  it('answers a Left naming the op when the output overflows', () => {
    const e = getLeft(
      AD.evaluate((p: AD.Traced<_.Dense>) => _.denseActivation('tanh')(p)(t([[1e308, 1e308]])))({ w: t([[10], [10]]) })
    )
    expect(e).toMatchObject({ _tag: 'NonFinite', where: 'dense+tanh' })
  })
})

describe('denseActivation', () => {
  const run = (a: Parameters<typeof _.denseActivation>[0]) =>
    values(getRight(AD.evaluate((p: AD.Traced<_.Dense>) => _.denseActivation(a)(p)(x))(layer)))
  const z = [2 + 0.1, 4 + 0.2, 1 + 0.3, 1 + 0.1, -8 + 0.2, -7 + 0.3]

  it('applies the activation to x·W + b', () => {
    run('sigmoid').forEach((y, i) => expect(y).toBeCloseTo(1 / (1 + Math.exp(-z[i]!)), 15))
    expect(run('tanh')).toEqual(z.map(Math.tanh))
    expect(run('relu')).toEqual(z.map((v) => (v > 0 ? v : 0 * v)))
    expect(run({ leakyRelu: 0.1 })).toEqual(z.map((v) => (v > 0 ? v : 0.1 * v)))
    expect(run('identity')).toEqual(z)
  })

  it('equals the unfused pipeline in value and gradient for a sigmoid layer', () => {
    const fused = (p: AD.Traced<_.Dense>) => pipe(x, _.denseActivation('sigmoid')(p), AD.sum)
    const unfused = (p: AD.Traced<_.Dense>) => pipe(x, AD.matmul(p.w), AD.addRow(p.b!), AD.sigmoid, AD.sum)
    expect(getRight(AD.valueAndGrad(fused)(layer))).toEqual(getRight(AD.valueAndGrad(unfused)(layer)))
  })
})
