import { describe, expect, it } from 'vitest'
import * as Advanced from '../../src/optim/advanced.js'
import * as _ from '../../src/optim/index.js'
import * as oneFileOptimizers from '../../src/optim/optimizers.js'
import { Optim } from '../../src/index.js'

describe('optim index', () => {
  it('exports the public API and none of the internals (and all of each one-file optimizer module)', () => {
    // what the layer exports, between `optim/index.ts` and the plumbing in `optim/advanced.ts`
    expect([...Object.keys(_), ...Object.keys(Advanced)].sort()).toEqual(
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
        'validateFields',
        'decodeOptimizer',
        'OptimizerSpecC',
        'encodeOptimizer',
        'clipByGlobalNorm',
        'clipByValue',
        'closedUnitIntervalRange',
        'constant',
        'cosineDecay',
        'countRange',
        'emptyState',
        'exponentialDecay',
        'finiteRange',
        'freeze',
        'gradientTransformation',
        'identity',
        'invalidHyperparameter',
        'joinSchedules',
        'learningRateAt',
        'linearWarmup',
        'validateMask',
        'masked',
        'mismatchWith',
        'momentum',
        'multiSteps',
        'nesterov',
        'nonFiniteIn',
        'nonNegativeRange',
        'piecewiseConstant',
        'positiveRange',
        'positiveCountRange',
        'rmsprop',
        'scale',
        'scaleByAdam',
        'scaleByLearningRate',
        'scaleByRms',
        'scaleByRss',
        'sgd',
        'stateMismatch',
        'traceMomentum',
        'unitIntervalRange',
        'validated'
      ].sort()
    )
  })

  it('is the package’s Optim namespace', () => {
    expect(Optim.adam).toBe(_.adam)
  })
})
