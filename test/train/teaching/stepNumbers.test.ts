import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import * as AD from '../../../src/ad/index.js'
import * as NN from '../../../src/nn/index.js'
import { key } from '../../../src/random/Key.js'
import * as Tensor from '../../../src/tensor/index.js'
import * as _ from '../../../src/train/teaching/stepNumbers.js'
import { bitsEqual } from '../../../laws/purity.js'
import { getLeft, getRight } from '../../either.js'

const x = getRight(
  Tensor.fromNested([
    [1, -2],
    [0.5, 0.25]
  ])
)
const y = getRight(
  Tensor.fromNested([
    [1, 0],
    [0, 1]
  ])
)

describe('stepNumbers', () => {
  const net = getRight(NN.mlp({ sizes: [2, 3, 2], activations: ['sigmoid', 'softmax'] }))
  const params = getRight(net.init(getRight(key(7))))
  const loss = (t: Tensor.Tensor) => NN.crossEntropy(t)

  it('answers valueAndGrad’s loss and gradient, bit for bit', () => {
    const step = getRight(_.stepNumbers(net, loss, params, { inputs: x, targets: y }))
    const ad = getRight(AD.valueAndGrad((p: AD.Traced<NN.MlpParams>) => pipe(x, net.forward(p), loss(y)))(params))
    expect(bitsEqual({ value: step.loss, grad: step.gradient }, ad)).toBe(true)
  })

  it('reads a layer’s activations, and a softmax layer’s outputs, as the forward pass computes them', () => {
    const step = getRight(_.stepNumbers(net, loss, params, { inputs: x, targets: y }))
    const [hidden, out] = step.layers
    const predicted = getRight(net.predict(params)(x))
    expect(bitsEqual(out!.a, predicted.data)).toBe(true)
    expect(bitsEqual(hidden!.below, x.data)).toBe(true)
    expect(bitsEqual(out!.below, hidden!.a)).toBe(true)
    expect(out!.dadz).toBeUndefined()
  })

  it('refuses a network whose forward pass does not read a layer’s weights with a dense op', () => {
    const one = getRight(NN.mlp({ sizes: [2, 2], activations: ['softmax'] }))
    // a softmax layer whose weights are first transposed: no op reads them as [x, W, b?]
    const odd: NN.Mlp = {
      ...one,
      forward: (p) => (input) => pipe(input, AD.matmul(AD.transpose(AD.transpose(p[0]!.w))), AD.softmax)
    }
    const w = getRight(
      Tensor.fromNested([
        [1, 0],
        [0, 1]
      ])
    )
    const refused = getLeft(_.stepNumbers(odd, loss, [{ w }], { inputs: x, targets: y }))
    expect(refused.message).toMatch(/layer 1's weights are not read by a dense layer/)
  })
})
