/**
 * The public face of `data/`: data sets of inputs and targets, the three ways of cutting an
 * epoch into batches (full, stochastic, mini-batch) with seeded shuffling, train/test splits,
 * one-hot encoding, standardisation, tables (parsed CSV or JSON records) made into data sets
 * with their class and column names, and the bundled data sets: the founding text's 3-class
 * table, Iris and XOR (the handwritten digits are an entry of their own, `gradfold/data/digits`). Everything here is total: errors come back as
 * `DataError` values.
 *
 * @since 0.1.0
 */
export {
  validateDataset,
  classNames,
  features,
  fromLabels,
  fromRows,
  labels,
  make,
  outputs,
  size,
  withNames,
  type Dataset
} from './Dataset.js'
export { type DataError } from './DataError.js'
export { slice, take } from './select.js'
export { oneHot } from './oneHot.js'
export { fullBatch, miniBatch, stochastic, type Batching, type MiniBatchOptions } from './Batching.js'
export {
  kFold,
  trainTestSplit,
  trainValidationTestSplit,
  type Split,
  type SplitOptions,
  type ThreeWaySplit
} from './split.js'
export { applyStandardizer, fitStandardizer, standardizeSplit, type Standardizer } from './Standardizer.js'
export { threeClusters } from './threeClusters.js'
export { threeClass } from './threeClass.js'
export { fromRecords, fromTable, type Table, type TableOptions } from './table.js'
export { iris } from './iris.js'
export { penguins } from './penguins.js'
export { applyPreparation, fitPreparation, type Preparation, type PreparationOptions } from './Preparation.js'
export { xor } from './xor.js'
