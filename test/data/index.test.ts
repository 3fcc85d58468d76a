import { describe, expect, it } from 'vitest'
import * as Advanced from '../../src/data/advanced.js'
import * as _ from '../../src/data/index.js'
import * as Gradfold from '../../src/index.js'

describe('data index', () => {
  it('exports the public API and none of the unchecked helpers', () => {
    // what the layer exports, between `data/index.ts` and the plumbing in `data/advanced.ts`
    expect([...Object.keys(_), ...Object.keys(Advanced)].sort()).toEqual(
      [
        'CENTRE',
        'applyStandardizer',
        'batchAt',
        'batchIndices',
        'batchSize',
        'blocks',
        'batches',
        'validateBatching',
        'validateDataset',
        'validateWidths',
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
