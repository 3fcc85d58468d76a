import { describe, expect, it } from 'vitest'
import * as AD from '../../src/ad/index.js'
import * as _ from '../../src/nn/losses.js'
import type { Tensor } from '../../src/tensor/Tensor.js'
import { getLeft, getRight } from '../either.js'
import { t, values } from '../tensor/fixtures.js'

type P = { readonly yhat: Tensor }
const lossAt = (loss: (yhat: AD.Var) => AD.Var, yhat: Tensor): number =>
  getRight(AD.value((p: AD.Traced<P>) => loss(p.yhat))({ yhat }))
const gradAt = (loss: (yhat: AD.Var) => AD.Var, yhat: Tensor): ReadonlyArray<number> =>
  values(getRight(AD.grad((p: AD.Traced<P>) => loss(p.yhat))({ yhat })).yhat)

describe('mse', () => {
  const yhat = t([
    [1, 2, 2],
    [0, 0, 3]
  ])
  const y = t([
    [0, 0, 0],
    [0, 0, 0]
  ])

  it('is per sample the mean over outputs of (ŷ − y)², then the batch mean or sum', () => {
    expect(lossAt(_.mse(y), yhat)).toBe((9 / 3 + 9 / 3) / 2)
    expect(lossAt(_.mse(y, { reduction: 'sum' }), yhat)).toBe(9 / 3 + 9 / 3)
  })

  it('has gradient 2(ŷ − y) / (batch · outputs)', () => {
    expect(gradAt(_.mse(y), yhat)).toEqual([2, 4, 4, 0, 0, 6].map((v) => v / 6))
  })

  it('reads a vector as one sample', () => {
    expect(lossAt(_.mse(t([1, 1])), t([2, 3]))).toBe(2.5)
  })

  it('answers a Left naming mse and both shapes when they differ', () => {
    const e = getLeft(AD.value((p: AD.Traced<P>) => _.mse(t([[1, 2]]))(p.yhat))({ yhat: t([[1, 2, 3]]) }))
    expect(e).toMatchObject({ _tag: 'ShapeMismatch', op: 'mse' })
    expect(e.message).toContain('[1, 3] and [1, 2]')
  })
})

describe('halfSumSquares', () => {
  it('is the founding text’s ½ Σ (ŷ − y)² per sample, then the batch mean or sum', () => {
    const yhat = t([
      [1, 2, 2],
      [0, 0, 3]
    ])
    const y = t([
      [0, 0, 0],
      [0, 0, 1]
    ])
    expect(lossAt(_.halfSumSquares(y), yhat)).toBe((4.5 + 2) / 2)
    expect(lossAt(_.halfSumSquares(y, { reduction: 'sum' }), yhat)).toBe(4.5 + 2)
    expect(gradAt(_.halfSumSquares(y), yhat)).toEqual([0.5, 1, 1, 0, 0, 1])
  })
})

describe('crossEntropy', () => {
  const yhat = t([
    [0.5, 0.25, 0.25],
    [0.125, 0.75, 0.125]
  ])
  const y = t([
    [0, 1, 0],
    [1, 0, 0]
  ])

  it('is −Σ y log ŷ per sample: natural log by default, bits with base 2', () => {
    expect(lossAt(_.crossEntropy(y), yhat)).toBeCloseTo((Math.log(4) + Math.log(8)) / 2, 15)
    expect(lossAt(_.crossEntropy(y, { base: 2 }), yhat)).toBe((2 + 3) / 2)
    expect(lossAt(_.crossEntropy(y, { base: 2, reduction: 'sum' }), yhat)).toBe(5)
  })

  it('has gradient −y / (ŷ · ln base · batch)', () => {
    expect(gradAt(_.crossEntropy(y), yhat)).toEqual([-0, -2, -0, -4, -0, -0])
    gradAt(_.crossEntropy(y, { base: 2 }), yhat).forEach((g, i) =>
      expect(g).toBeCloseTo([0, -2, 0, -4, 0, 0][i]! / Math.LN2, 14)
    )
  })

  it('accepts a prediction of 0 where the target is 0: 0 · log 0 = 0, and no gradient flows into it', () => {
    const zeros = t([
      [0.5, 0.5, 0],
      [0.5, 0, 0.5]
    ])
    const half = t([
      [0, 1, 0],
      [1, 0, 0]
    ])
    for (const base of [undefined, 2] as const) {
      const loss = _.crossEntropy(half, base === undefined ? {} : { base })
      expect(lossAt(loss, zeros)).toBe(base === 2 ? 1 : Math.log(2))
      expect(gradAt(loss, zeros).map((g) => g === 0)).toEqual([true, false, true, false, true, true])
    }
  })

  it('gives, where every prediction is positive, the bits of −Σ y · log ŷ written with mul and log', () => {
    const old = (base: 'e' | 2) => (p: AD.Var) =>
      AD.div(2)(AD.neg(AD.sum(AD.mul(y)(base === 2 ? AD.log2(p) : AD.log(p)))))
    for (const base of ['e', 2] as const) {
      const now = _.crossEntropy(y, base === 2 ? { base } : {})
      expect(Object.is(lossAt(now, yhat), lossAt(old(base), yhat))).toBe(true)
      gradAt(now, yhat).forEach((g, i) => expect(Object.is(g, gradAt(old(base), yhat)[i])).toBe(true))
    }
  })

  it('answers a Left naming crossEntropy for a probability of 0 where the target is not 0', () => {
    const e = getLeft(
      AD.value((p: AD.Traced<P>) => _.crossEntropy(y)(p.yhat))({
        yhat: t([
          [0.5, 0, 0.5],
          [0.5, 0.5, 0]
        ])
      })
    )
    expect(e).toMatchObject({ _tag: 'NonFinite', where: 'crossEntropy', index: 1 })
    expect(e.message).toContain('crossEntropy: prediction element 1 is 0 where the target is 1')
    expect(e.message).toContain('softmaxCrossEntropy')
  })

  it('answers a Left for a negative prediction, even where the target is 0', () => {
    const e = getLeft(
      AD.value((p: AD.Traced<P>) => _.crossEntropy(y)(p.yhat))({
        yhat: t([
          [-0.5, 1, 0.5],
          [1, 0, 0]
        ])
      })
    )
    expect(e).toMatchObject({ _tag: 'NonFinite', where: 'crossEntropy', index: 0 })
  })
})
