import { describe, expect, it } from 'vitest'
import { pipe } from 'fp-ts/lib/function.js'
import * as AD from '../../../src/ad/index.js'
import { fromRows } from '../../../src/data/Dataset.js'
import * as NN from '../../../src/nn/index.js'
import { threeTwoThreeBatchLoss, threeTwoThreeToMlp } from '../../../src/nn/threeTwoThree.js'
import { key } from '../../../src/random/Key.js'
import * as Tensor from '../../../src/tensor/index.js'
import * as _ from '../../../src/train/teaching/explain.js'
import { getLeft, getRight } from '../../either.js'
import { tenths } from '../../nn/fixtures.js'
import { deepCopy, bitsEqual } from '../../../laws/purity.js'

// The weights and sample of examples/backprop-by-hand.ts, whose numbers were checked by hand.
const w = tenths
const one: _.Samples = { inputs: [[1, 0.5, -1]], targets: [[1, 0, 0]] }
const σ = (z: number): number => 1 / (1 + Math.exp(-z))

describe('explainThreeTwoThree', () => {
  const e = getRight(_.explainThreeTwoThree(0.5)(w, one))
  const unit = (name: string) => e.units.find((u) => u.name === name)!.samples[0]!

  it('shows the forward pass unit by unit: h1 = σ(w1·x1 + w3·x2 + w5·x3)', () => {
    expect(unit('h1').z).toBeCloseTo(0.1 * 1 + 0.3 * 0.5 + 0.5 * -1, 15)
    expect(unit('h1').a).toBeCloseTo(σ(-0.25), 15)
    expect(unit('h1').a.toFixed(6)).toBe('0.437823')
  })

  it('names w7’s factors as the text does and they multiply to its gradient', () => {
    const w7 = e.weights[6]!
    expect(w7.name).toBe('w7')
    expect([w7.from, w7.to]).toEqual(['h1', 'ŷ1'])
    expect(w7.terms[0]!.map((f) => f.symbol)).toEqual(['∂L/∂ŷ1', '∂ŷ1/∂z1', '∂z1/∂w7'])
    const [dL, dy, dz] = w7.terms[0]!.map((f) => f.value)
    const y1 = unit('ŷ1').a
    expect(dL).toBe(y1 - 1)
    expect(dy).toBe(y1 * (1 - y1))
    expect(dz).toBe(unit('h1').a)
    expect(w7.gradient.toFixed(6)).toBe('-0.030396')
    expect(w7.updated).toBe(0.7 - 0.5 * w7.gradient)
  })

  it('lists the weights in the text’s order, w1 … w12', () => {
    expect(e.weights.map((x) => x.name)).toEqual(Object.keys(w))
  })

  it('gives the gradient and loss of valueAndGrad on the mlp form, the step training takes, bit for bit', () => {
    const x = getRight(Tensor.fromNested([[1, 0.5, -1]]))
    const y = getRight(Tensor.fromNested([[1, 0, 0]]))
    const ad = getRight(
      AD.valueAndGrad((p: AD.Traced<NN.MlpParams>) => pipe(x, NN.threeTwoThreeMlp.forward(p), NN.halfSumSquares(y)))(
        getRight(threeTwoThreeToMlp(w))
      )
    )
    const asMlp = getRight(threeTwoThreeToMlp(e.gradient))
    expect(
      bitsEqual(
        asMlp.map((l) => l.w.data),
        ad.grad.map((l) => l.w.data)
      )
    ).toBe(true)
    expect(Object.is(e.loss, ad.value)).toBe(true)
  })

  it('agrees with explainStep on the mlp form to the last bit, where the weight-by-weight sums would not', () => {
    // on this batch the weight-by-weight network's gradients (of w2 and w4) differ from the mlp form's in the last bit
    const batch: _.Samples = {
      inputs: [
        [1, 0.5, -1],
        [0.3, -0.7, 0.2],
        [0.9, 0.1, 0.4]
      ],
      targets: [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1]
      ]
    }
    const byRecord = getRight(_.explainThreeTwoThree(0.5)(w, batch))
    const byMlp = getRight(
      _.explainStep({ network: NN.threeTwoThreeMlp, learningRate: 0.5 })(
        getRight(threeTwoThreeToMlp(w)),
        getRight(fromRows(batch.inputs, batch.targets))
      )
    )
    const weightByWeight = getRight(AD.grad(threeTwoThreeBatchLoss(batch.inputs, batch.targets))(w))
    const differ = byRecord.weights.filter(
      (x) => !Object.is(x.gradient, weightByWeight[x.name as keyof NN.ThreeTwoThree])
    )
    expect(differ.map((x) => x.name)).not.toEqual([])
    expect(bitsEqual(byRecord.units, byMlp.units)).toBe(true)
    expect(bitsEqual(byRecord.weights, byMlp.weights)).toBe(true)
    expect(Object.is(byRecord.loss, byMlp.loss)).toBe(true)
  })

  it('answers mismatched samples and a bad learning rate with a Left', () => {
    expect(getLeft(_.explainThreeTwoThree(0.5)(w, { inputs: [[1, 0, 0]], targets: [] })).message).toMatch(
      /1 inputs and 0 targets/
    )
    expect(getLeft(_.explainThreeTwoThree(Number.NaN)(w, one)).message).toMatch(/learning rate is NaN/)
    expect(getLeft(_.explainThreeTwoThree(-1)(w, one))._tag).toBe('InvalidArgument')
  })

  it('answers weights that overflow with a Left, not a NaN', () => {
    const huge = { ...w, w1: Number.MAX_VALUE, w3: Number.MAX_VALUE }
    expect(getLeft(_.explainThreeTwoThree(0.5)(huge, one))._tag).toBe('NonFinite')
  })

  it('does not change the weights or samples it is given', () => {
    const before = deepCopy({ w, one })
    _.explainThreeTwoThree(0.5)(w, one)
    expect(bitsEqual(before, { w, one })).toBe(true)
  })
})

describe('explainStep', () => {
  const net = getRight(NN.mlp({ sizes: [2, 2, 2], activations: ['sigmoid', 'softmax'] }))
  const params = getRight(net.init(getRight(key(0))))

  it('names hidden and output units and biases, and softmax units have no ∂a/∂z', () => {
    const batch = getRight(
      fromRows(
        [
          [1, 2],
          [3, 4]
        ],
        [
          [1, 0],
          [0, 1]
        ]
      )
    )
    const e = getRight(
      _.explainStep({ network: net, learningRate: 0.1, loss: (y) => NN.crossEntropy(y) })(params, batch)
    )
    expect(e.units.map((u) => u.name)).toEqual(['x1', 'x2', 'h1', 'h2', 'ŷ1', 'ŷ2'])
    expect(e.weights.map((x) => x.name)).toEqual([
      'w1',
      'w2',
      'w3',
      'w4',
      'b1',
      'b2',
      'w5',
      'w6',
      'w7',
      'w8',
      'b3',
      'b4'
    ])
    expect(e.units[4]!.samples[0]!.dadz).toBeUndefined()
    expect(e.weights[10]!.terms[1]!.map((f) => f.symbol)).toEqual(['∂L/∂z1', '∂z1/∂b3'])
    expect(e.samples).toBe(2)
  })

  it('answers a batch whose width is not the network’s with a ShapeMismatch', () => {
    const batch = getRight(fromRows([[1, 2, 3]], [[1, 0]]))
    expect(getLeft(_.explainStep({ network: net, learningRate: 0.1 })(params, batch))._tag).toBe('ShapeMismatch')
  })
})
