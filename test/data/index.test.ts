import { describe, expect, it } from 'vitest'
import * as _ from '../../src/data/index.js'
import * as Gradfold from '../../src/index.js'

describe('data index', () => {
  it('exports the public API and none of the unchecked helpers', () => {
    expect(Object.keys(_).sort()).toEqual(
      [
        'CENTRE',
        'applyStandardizer',
        'batchAt',
        'batchIndices',
        'batchSize',
        'blocks',
        'batches',
        'checkBatching',
        'checkDataset',
        'checkWidths',
        'classNames',
        'dropsLast',
        'emptyDataset',
        'features',
        'fitStandardizer',
        'foldBatches',
        'fromLabels',
        'fromRecords',
        'fromRows',
        'fromTable',
        'fullBatch',
        'inputsOfTable',
        'invalidBatchSize',
        'invalidLabel',
        'invalidTable',
        'iris',
        'irisRows',
        'labels',
        'make',
        'miniBatch',
        'oneHot',
        'outputs',
        'plan',
        'recordsTable',
        'showBatching',
        'shuffledBatches',
        'shuffleOrder',
        'size',
        'slice',
        'standardizeInputs',
        'standardizeSplit',
        'stochastic',
        'take',
        'threeClass',
        'threeClassInputs',
        'threeClassLabels',
        'threeClusters',
        'trainTestSplit',
        'withNames',
        'xor',
        'PreparationC',
        'applyPreparation',
        'fitPreparation',
        'isMissing',
        'kFold',
        'penguins',
        'preparedNames',
        'trainValidationTestSplit'
      ].sort()
    )
  })

  it('is the Data namespace of the package', () => {
    expect(Gradfold.Data).toBe(_)
  })
})
