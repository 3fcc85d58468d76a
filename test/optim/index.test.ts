import { describe, expect, it } from 'vitest'
import * as _ from '../../src/optim/index.js'
import * as oneFileOptimizers from '../../src/optim/optimizers.js'
import { Optim } from '../../src/index.js'

describe('optim index', () => {
  it('exports the public API and none of the internals (and all of each one-file optimizer module)', () => {
    expect(Object.keys(_).sort()).toEqual(
      [
        ...Object.keys(oneFileOptimizers),
        'ADAM_DEFAULTS',
        'RMS_DEFAULTS',
        'RSS_DEFAULTS',
        'EmptyStateC',
        'ScaleByAdamStateC',
        'ScaleByLearningRateStateC',
        'ScaleByRmsStateC',
        'ScaleByRssStateC',
        'TraceMomentumStateC',
        'adagrad',
        'adam',
        'adamw',
        'addDecayedWeights',
        'applyUpdates',
        'blocks',
        'flatRuleOf',
        'fromTree',
        'isBlockEntry',
        'isChainSpec',
        'isOptimizerEntry',
        'optimizers',
        'chain',
        'chainResults',
        'checkFields',
        'fromSpec',
        'OptimizerSpecC',
        'specOf',
        'clipByGlobalNorm',
        'clipByValue',
        'closedUnitInterval',
        'constant',
        'cosineDecay',
        'count',
        'emptyState',
        'exponentialDecay',
        'finite',
        'freeze',
        'gradientTransformation',
        'identity',
        'invalidHyperparameter',
        'join',
        'learningRateAt',
        'linearWarmup',
        'maskOf',
        'masked',
        'mismatchWith',
        'momentum',
        'multiSteps',
        'nesterov',
        'nonFiniteIn',
        'nonNegative',
        'piecewiseConstant',
        'positive',
        'positiveCount',
        'rmsprop',
        'scale',
        'scaleByAdam',
        'scaleByLearningRate',
        'scaleByRms',
        'scaleByRss',
        'sgd',
        'stateMismatch',
        'traceMomentum',
        'unitInterval',
        'validated'
      ].sort()
    )
  })

  it('is the package’s Optim namespace', () => {
    expect(Optim.adam).toBe(_.adam)
  })
})
