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
  checkDataset,
  checkWidths,
  classNames,
  features,
  fromLabels,
  fromRows,
  labels,
  make,
  outputs,
  size,
  withNames,
  type Dataset,
  type Names
} from './Dataset.js'
export {
  emptyDataset,
  invalidBatchSize,
  invalidLabel,
  invalidTable,
  type DataError,
  type InvalidTable,
  type EmptyDataset,
  type InvalidBatchSize,
  type InvalidLabel
} from './DataError.js'
export { slice, take } from './select.js'
export { oneHot } from './oneHot.js'
export {
  batchSize,
  dropsLast,
  fullBatch,
  miniBatch,
  checkBatching,
  showBatching,
  stochastic,
  type Batching,
  type BatchingOptions,
  type FullBatch,
  type MiniBatch,
  type MiniBatchOptions,
  type Stochastic
} from './Batching.js'
export {
  batchAt,
  batches,
  batchIndices,
  foldBatches,
  plan,
  shuffleOrder,
  type Batch,
  type EpochPlan
} from './EpochPlan.js'
export {
  kFold,
  trainTestSplit,
  trainValidationTestSplit,
  type Split,
  type SplitOptions,
  type ThreeWayOptions,
  type ThreeWaySplit
} from './split.js'
export {
  applyStandardizer,
  fitStandardizer,
  standardizeInputs,
  standardizeSplit,
  type StandardizedSplit,
  type Standardizer
} from './Standardizer.js'
export { CENTRE, threeClusters, type ThreeClustersOptions } from './threeClusters.js'
export { threeClass, threeClassInputs, threeClassLabels } from './threeClass.js'
export { blocks, shuffledBatches, type Chunks, type ShuffleOptions } from './stream.js'
export {
  fromRecords,
  fromTable,
  inputsOfTable,
  recordsTable,
  type InputsOptions,
  type Table,
  type TableInputs,
  type TableOptions
} from './table.js'
export { iris, irisRows } from './iris.js'
export { penguins } from './penguins.js'
export {
  applyPreparation,
  fitPreparation,
  isMissing,
  PreparationC,
  preparedNames,
  type MissingPolicy,
  type PreparedColumn,
  type PreparedRows,
  type Preparation,
  type PreparationOptions
} from './Preparation.js'
export { xor } from './xor.js'
