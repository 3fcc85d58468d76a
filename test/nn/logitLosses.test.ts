import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as AD from '../../src/ad/index.js'
import * as _ from '../../src/nn/logitLosses.js'
import { crossEntropy } from '../../src/nn/losses.js'
import type { Tensor } from '../../src/tensor/Tensor.js'
import { getLeft, getRight } from '../either.js'
import { t, values } from '../tensor/fixtures.js'

type P = { readonly z: Tensor }
const at = (loss: (z: AD.Var) => AD.Var, z: Tensor) => getRight(AD.valueAndGrad((p: AD.Traced<P>) => loss(p.z))({ z }))

describe('softmaxCrossEntropy', () => {
  it('is the cross-entropy in nats of softmax(z), batch mean or sum', () => {
    const z = t([
      [0, 0, 0],
      [0, Math.log(3), 0]
    ])
    const y = t([
      [1, 0, 0],
      [0, 1, 0]
    ])
    expect(at(_.softmaxCrossEntropy(y), z).value).toBeCloseTo((Math.log(3) + Math.log(5 / 3)) / 2, 15)
    expect(at(_.softmaxCrossEntropy(y, { reduction: 'sum' }), z).value).toBeCloseTo(Math.log(3) + Math.log(5 / 3), 15)
  })

  it('has gradient (softmax(z) − y) / batch', () => {
    const g = values(
      at(
        _.softmaxCrossEntropy(
          t([
            [0, 1, 0],
            [0, 0, 1]
          ])
        ),
        t([
          [0, 0, 0],
          [0, 0, 0]
        ])
      ).grad.z
    )
    ;[1 / 3, -2 / 3, 1 / 3, 1 / 3, 1 / 3, -2 / 3].forEach((e, i) => expect(g[i]!).toBeCloseTo(e / 2, 15))
  })

  it('gives finite, exact losses and gradients for logits of size 1000', () => {
    const z = t([[1000, 0, -1000]])
    expect(at(_.softmaxCrossEntropy(t([[1, 0, 0]])), z)).toMatchObject({ value: 0 })
    const wrong = at(_.softmaxCrossEntropy(t([[0, 1, 0]])), z)
    expect(wrong.value).toBe(1000)
    expect(values(wrong.grad.z)).toEqual([1, -1, 0])
    expect(at(_.softmaxCrossEntropy(t([[0, 0, 1]])), z).value).toBe(2000)
  })

  it('where crossEntropy of softmax finds a log of 0', () => {
    const e = getLeft(
      AD.value((p: AD.Traced<P>) => crossEntropy(t([[0, 0, 1]]))(AD.softmax(p.z)))({ z: t([[1000, 0, -1000]]) })
    )
    expect(e).toMatchObject({ _tag: 'NonFinite', where: 'crossEntropy' })
  })

  it('differentiates logits and a traced target, also for targets that do not sum to 1', () => {
    const f = (p: AD.Traced<{ z: Tensor; y: Tensor }>) => _.softmaxCrossEntropy(p.y)(p.z)
    const check = getRight(
      AD.checkGrad(f)({
        z: t([
          [0.3, -1.2, 2],
          [1, 0, -1]
        ]),
        y: t([
          [0.2, 0.9, 0.4],
          [0, 0.5, 0]
        ])
      })
    )
    expect(check.checked).toBe(12)
    expect(check.maxRelativeError).toBeLessThan(1e-7)
  })

  it('answers a Left naming the op when logits and targets differ in shape', () => {
    const e = getLeft(AD.value((p: AD.Traced<P>) => _.softmaxCrossEntropy(t([[1, 0]]))(p.z))({ z: t([[1, 2, 3]]) }))
    expect(e).toMatchObject({ _tag: 'ShapeMismatch', op: 'softmaxCrossEntropy' })
  })
})

describe('sigmoidBinaryCrossEntropy', () => {
  it('is −[y ln σ(z) + (1 − y) ln(1 − σ(z))], per sample the mean over outputs', () => {
    expect(at(_.sigmoidBinaryCrossEntropy(t([[1, 0]])), t([[0, 0]])).value).toBeCloseTo(Math.LN2, 15)
    const z = t([
      [2, -1],
      [0.5, 3]
    ])
    const y = t([
      [1, 0],
      [0.25, 1]
    ])
    const bce = (zi: number, yi: number): number =>
      -(yi * Math.log(1 / (1 + Math.exp(-zi))) + (1 - yi) * Math.log(1 - 1 / (1 + Math.exp(-zi))))
    const perSample = [(bce(2, 1) + bce(-1, 0)) / 2, (bce(0.5, 0.25) + bce(3, 1)) / 2]
    expect(at(_.sigmoidBinaryCrossEntropy(y), z).value).toBeCloseTo((perSample[0]! + perSample[1]!) / 2, 14)
    expect(at(_.sigmoidBinaryCrossEntropy(y, { reduction: 'sum' }), z).value).toBeCloseTo(
      perSample[0]! + perSample[1]!,
      14
    )
  })

  it('gives finite, exact losses and gradients for logits of size 1000', () => {
    const r = at(_.sigmoidBinaryCrossEntropy(t([[1, 1, 0, 0]])), t([[1000, -1000, 1000, -1000]]))
    expect(r.value).toBe((0 + 1000 + 1000 + 0) / 4)
    expect(values(r.grad.z)).toEqual([0, -0.25, 0.25, 0])
  })

  it('differentiates the target too, when it is traced', () => {
    const f = (p: AD.Traced<{ z: Tensor; y: Tensor }>) => _.sigmoidBinaryCrossEntropy(p.y)(p.z)
    const check = getRight(
      AD.checkGrad(f)({
        z: t([
          [0.3, -1.2],
          [2, 0.1]
        ]),
        y: t([
          [0.2, 0.5],
          [1, 0]
        ])
      })
    )
    expect(check.maxRelativeError).toBeLessThan(1e-7)
  })

  it('answers a Left for an empty batch', () => {
    expect(E.isLeft(AD.value((p: AD.Traced<P>) => _.sigmoidBinaryCrossEntropy(p.z)(p.z))({ z: t([[]]) }))).toBe(true)
  })
})
