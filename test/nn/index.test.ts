import { describe, expect, it } from 'vitest'
import * as root from '../../src/index.js'
import * as Advanced from '../../src/nn/advanced.js'
import * as _ from '../../src/nn/index.js'

describe('nn/index', () => {
  it('exports the layers, losses and initialisers, and no internals', () => {
    // what the layer exports, between `nn/index.ts` and the plumbing in `nn/advanced.ts`
    expect([...Object.keys(_), ...Object.keys(Advanced)].sort()).toEqual(
      [
        'DEFAULT_LEAKY_SLOPE',
        'LOSS_NAMES',
        'LossNameC',
        'LossSpecC',
        'activate',
        'activationRule',
        'binaryCrossEntropy',
        'validateActivation',
        'constant',
        'crossEntropy',
        'dense',
        'denseActivation',
        'fans',
        'glorotNormal',
        'glorotUniform',
        'halfSumSquares',
        'heNormal',
        'heUniform',
        'huber',
        'identity',
        'initializer',
        'Information',
        'leakyRelu',
        'lossByName',
        'lossNameOf',
        'meanAbsoluteError',
        'mlp',
        'mse',
        'negativeSlope',
        'normal',
        'relu',
        'showActivation',
        'sigmoid',
        'sigmoidBinaryCrossEntropy',
        'softmax',
        'softmaxCrossEntropy',
        'sparseSoftmaxCrossEntropy',
        'tanh',
        'threeTwoThreeForward',
        'threeTwoThreeFromMlp',
        'threeTwoThreeBatchLoss',
        'threeTwoThreeLoss',
        'threeTwoThreeOutputsLoss',
        'threeTwoThreeMlp',
        'threeTwoThreeToMlp',
        'uniform',
        'zeros'
      ].sort()
    )
  })

  it('is the NN namespace of the package', () => {
    expect(root.NN.mlp).toBe(_.mlp)
  })
})
