import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { make } from '../src/data/Dataset.js'
import * as NN from '../src/nn/index.js'
import { explainStep, explainThreeTwoThree, type Explanation } from '../src/train/teaching/explain.js'
import { arbKey, networkCase, uniformDouble, uniformTensor } from './arbitraries.js'
import { lawParameters } from './config.js'
import * as _ from './explain.js'
import { lossNamed } from './nn.js'
import { handInput, handLabel, tenths, threeTwoThreeOf } from '../test/nn/fixtures.js'
import * as Advanced from '../src/advanced.js'

const rate = uniformDouble(0, 2)
const unit = uniformDouble(-1, 1)
const triple = fc.tuple(unit, unit, unit)
const label = fc
  .integer({ min: 0, max: 2 })
  .map((k): Advanced.NN.Triple => [k === 0 ? 1 : 0, k === 1 ? 1 : 0, k === 2 ? 1 : 0])
const weights = fc.array(uniformDouble(-2, 2), { minLength: 12, maxLength: 12 }).map(threeTwoThreeOf)
const samples = fc
  .array(fc.tuple(triple, label), { minLength: 1, maxLength: 6 })
  .map((rows) => ({ inputs: rows.map(([x]) => x), targets: rows.map(([, y]) => y) }))

/** A generated network case as the network, its loss, its parameters and its batch. */
const caseParts = fc.tuple(networkCase(), rate).map(([c, eta]) => {
  const network = NN.mlp({ sizes: c.sizes, activations: c.activations, bias: c.bias })
  const batch = make(c.x, c.y)
  if (E.isLeft(network) || E.isLeft(batch)) throw new Error('a generated case is not a network')
  const loss = (y: Parameters<ReturnType<typeof lossNamed>>[0]) => lossNamed(c.loss)(y, { reduction: c.reduction })
  return { network: network.right, loss, params: c.params, batch: batch.right, eta }
})

/** An MLP initialised from a generated key (glorot weights, biases drawn too) and a uniform batch. */
const seeded = fc
  .record({
    key: arbKey,
    hidden: fc.integer({ min: 1, max: 6 }),
    n: fc.integer({ min: 1, max: 5 }),
    activation: fc.constantFrom<NN.Activation>('sigmoid', 'tanh', 'relu', 'leakyRelu'),
    eta: rate
  })
  .chain(({ key, hidden, n, activation, eta }) =>
    fc.record({ x: uniformTensor([n, 4], -2, 2), y: uniformTensor([n, 3], 0, 1) }).map(({ x, y }) => {
      const network = NN.mlp({ sizes: [4, hidden, 3], activations: [activation, 'sigmoid'], biasInit: 'glorotUniform' })
      const params = E.isRight(network) ? network.right.init(key) : E.left(undefined)
      const batch = make(x, y)
      if (E.isLeft(network) || E.isLeft(params) || E.isLeft(batch)) throw new Error('a seeded case is not a network')
      return { network: network.right, params: params.right, batch: batch.right, eta }
    })
  )

/** A law of one explanation, on explanations of generated networks and of the founding text's network. */
const holdsOnBoth = (law: (e: Explanation<unknown>) => boolean) =>
  fc.property(caseParts, weights, samples, ({ network, loss, params, batch, eta }, w, s) => {
    const mlp = explainStep({ network, loss, learningRate: eta })(params, batch)
    const record = explainThreeTwoThree(eta)(w, s)
    return E.isRight(mlp) && E.isRight(record) && law(mlp.right) && law(record.right)
  })

describe('an explanation shows the numbers training computes', () => {
  it('explainStep’s gradient and loss are valueAndGrad’s and its update one sgd step, bit for bit, on generated networks', () => {
    fc.assert(
      fc.property(caseParts, ({ network, loss, params, batch, eta }) =>
        _.explainStepIsTheADStep(network, loss, params, batch, eta)
      ),
      lawParameters
    )
  })

  it('explainStep is the AD step on networks initialised from generated keys', () => {
    fc.assert(
      fc.property(seeded, ({ network, params, batch, eta }) =>
        _.explainStepIsTheADStep(network, (y) => NN.mse(y), params, batch, eta)
      ),
      lawParameters
    )
  })

  it('explainStep’s loss and updated parameters are Train.stepReport’s with sgd, bit for bit, on generated networks', () => {
    fc.assert(
      fc.property(caseParts, ({ network, loss, params, batch, eta }) =>
        _.explainStepIsTrainStep(network, loss, params, batch, eta)
      ),
      lawParameters
    )
  })

  it('explainThreeTwoThree is the AD step of the network’s mlp form, bit for bit, on one sample or a batch', () => {
    fc.assert(
      fc.property(weights, samples, rate, (w, s, eta) => _.explainThreeTwoThreeIsTheADStep(w, s, eta)),
      lawParameters
    )
  })

  it('explainThreeTwoThree is explainStep on the mlp form, every number bit for bit', () => {
    fc.assert(
      fc.property(weights, samples, rate, (w, s, eta) => _.explainThreeTwoThreeIsExplainStep(w, s, eta)),
      lawParameters
    )
  })

  it('every weight’s gradient is the sum over samples of its factors’ products, within the stated tolerance', () => {
    fc.assert(holdsOnBoth(_.factorsMultiplyToTheGradient), lawParameters)
  })

  it('every unit’s weighted sum is Σ w·a + b over the weights that reach it', () => {
    fc.assert(holdsOnBoth(_.sumsAreTheWeightedInputs), lawParameters)
  })

  it('every unit’s error term is ∂L/∂a · ∂a/∂z, and every weight’s gradient the sum over samples of ∂z/∂w · δ', () => {
    fc.assert(holdsOnBoth(_.errorTermsAreTheChainRule), lawParameters)
  })

  it('the tolerance is tight enough to see a wrong factor', () => {
    const e = explainThreeTwoThree(0.5)(tenths, { inputs: [handInput], targets: [handLabel] })
    if (E.isLeft(e)) throw new Error(e.left.message)
    const nudged = {
      ...e.right,
      weights: e.right.weights.map((x, i) =>
        i === 6
          ? { ...x, terms: [x.terms[0]!.map((f, k) => (k === 0 ? { ...f, value: f.value * (1 + 1e-14) } : f))] }
          : x
      )
    }
    expect(_.factorsMultiplyToTheGradient(e.right)).toBe(true)
    expect(_.factorsMultiplyToTheGradient(nudged)).toBe(false)
  })
})
