/**
 * The plumbing of `optim/` that `Optim` leaves out: the states and their codecs, the default
 * hyperparameters, the hyperparameter ranges and their validation, the block and optimizer
 * catalogs with their entries, the flat rules the fused path runs, masks, and the error
 * constructors. For writing a transformation of your own.
 *
 * @since 0.3.0
 */
export {
  emptyState,
  EmptyStateC,
  type LearningRateOf,
  type StateCodec,
  type StateOf
} from './GradientTransformation.js'
export {
  invalidHyperparameter,
  mismatchWith,
  nonFiniteIn,
  stateMismatch,
  type InvalidHyperparameter,
  type StateMismatch
} from './OptimError.js'
export {
  validateFields,
  closedUnitIntervalRange,
  countRange,
  finiteRange,
  nonNegativeRange,
  positiveRange,
  positiveCountRange,
  unitIntervalRange,
  validated,
  type Field,
  type Range
} from './hyperparameters.js'
export { learningRateAt, ScaleByLearningRateStateC, type ScaleByLearningRateState } from './scaleByLearningRate.js'
export {
  chainResults,
  type AnyTransformation,
  type ChainResultsState,
  type ChainState,
  type TransformationResult
} from './chain.js'
export { TraceMomentumStateC, type TraceMomentumState } from './traceMomentum.js'
export { ADAM_DEFAULTS, ScaleByAdamStateC, type ScaleByAdamState } from './scaleByAdam.js'
export { RMS_DEFAULTS, ScaleByRmsStateC, type ScaleByRmsState } from './scaleByRms.js'
export { RSS_DEFAULTS, ScaleByRssStateC, type ScaleByRssState } from './scaleByRss.js'
export { validateMask, type Mask, type MaskOf } from './masked.js'
export {
  flatRuleOf,
  fromTree,
  type FlatLayout,
  type FlatLoader,
  type FlatRule,
  type FlatStage,
  type FlatStep
} from './FlatRule.js'
export {
  isBlockEntry,
  isChainSpec,
  isOptimizerEntry,
  type BlockEntry,
  type BlockSpec,
  type ChainSpec,
  type FieldKind,
  type OptimizerEntry
} from './Entry.js'
export { blocks, optimizers } from './catalog.js'
export {
  type AdagradState,
  type AdamState,
  type AdamWState,
  type MomentumState,
  type RmspropState,
  type SgdState
} from './alias.js'
export { type MultiStepsState } from './multiSteps.js'
export {
  ADAMAX_DEFAULTS,
  adamaxEntry,
  scaleByAdamaxBlock,
  ScaleByAdamaxStateC,
  type AdamaxState,
  type ScaleByAdamaxState
} from './adamax.js'
export {
  LION_DEFAULTS,
  lionEntry,
  scaleByLionBlock,
  ScaleByLionStateC,
  type LionState,
  type ScaleByLionState
} from './lion.js'
