import { describe, expect, it } from 'vitest'
import * as root from '../../src/index.js'
import * as _ from '../../src/nn/index.js'

describe('nn/index', () => {
  it('exports the layers, losses and initialisers, and no internals', () => {
    expect(Object.keys(_).sort()).toEqual(
      [
        'DEFAULT_LEAKY_SLOPE',
        'LOSS_NAMES',
        'LossNameC',
        'LossSpecC',
        'activate',
        'activationRule',
        'binaryCrossEntropy',
        'checkActivation',
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
