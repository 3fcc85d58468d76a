/**
 * The plumbing of `data/` that `Data` leaves out: the error constructors and their tags, the epoch
 * plan (batch orders, indices, folds over batches), the streaming shuffles, the table readers'
 * parts, the preparation's pieces and the raw rows of the bundled sets. For writing a loader or a
 * batching of your own.
 *
 * @since 0.3.0
 */
export { validateWidths, type Names } from './Dataset.js'
export {
  emptyDataset,
  invalidBatchSize,
  invalidLabel,
  invalidTable,
  type InvalidTable,
  type EmptyDataset,
  type InvalidBatchSize,
  type InvalidLabel
} from './DataError.js'
export {
  batchSize,
  dropsLast,
  validateBatching,
  showBatching,
  type BatchingOptions,
  type FullBatch,
  type MiniBatch,
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
export { type ThreeWayOptions } from './split.js'
export { standardizeInputs, type StandardizedSplit } from './Standardizer.js'
export { CENTRE, type ThreeClustersOptions } from './threeClusters.js'
export { threeClassInputs, threeClassLabels } from './threeClass.js'
export { blocks, shuffledBatches, type Chunks, type ShuffleOptions } from './stream.js'
export { inputsOfTable, recordsTable, type InputsOptions, type TableInputs } from './table.js'
export { irisRows } from './iris.js'
export {
  isMissing,
  PreparationC,
  preparedNames,
  type MissingPolicy,
  type PreparedColumn,
  type PreparedRows
} from './Preparation.js'
