/**
 * The public face of `optim/`: gradient transformations as pure `(init, update)` pairs, the
 * blocks they are made of, the optimizers built from those blocks, learning-rate schedules,
 * masks, and `applyUpdates`, the one function that makes new parameters.
 *
 * @since 0.1.0
 */
export {
  emptyState,
  EmptyStateC,
  gradientTransformation,
  type EmptyState,
  type GradientTransformation,
  type LearningRateOf,
  type StateCodec,
  type StateOf,
  type Update
} from './GradientTransformation.js'
export {
  invalidHyperparameter,
  mismatchWith,
  nonFiniteIn,
  stateMismatch,
  type InvalidHyperparameter,
  type OptimError,
  type StateMismatch
} from './OptimError.js'
export {
  checkFields,
  closedUnitInterval,
  count,
  finite,
  nonNegative,
  positive,
  positiveCount,
  unitInterval,
  validated,
  type Field,
  type Range
} from './hyperparameters.js'
export { applyUpdates } from './applyUpdates.js'
export { identity } from './identity.js'
export { scale } from './scale.js'
export {
  learningRateAt,
  scaleByLearningRate,
  ScaleByLearningRateStateC,
  type LearningRate,
  type ScaleByLearningRateState
} from './scaleByLearningRate.js'
export {
  constant,
  cosineDecay,
  exponentialDecay,
  join,
  linearWarmup,
  piecewiseConstant,
  type Schedule
} from './schedules.js'
export {
  chain,
  chainResults,
  type AnyTransformation,
  type ChainResultsState,
  type ChainState,
  type TransformationResult
} from './chain.js'
export { traceMomentum, TraceMomentumStateC, type TraceMomentumState } from './traceMomentum.js'
export {
  ADAM_DEFAULTS,
  scaleByAdam,
  ScaleByAdamStateC,
  type AdamOptions,
  type ScaleByAdamState
} from './scaleByAdam.js'
export { RMS_DEFAULTS, scaleByRms, ScaleByRmsStateC, type RmsOptions, type ScaleByRmsState } from './scaleByRms.js'
export { RSS_DEFAULTS, scaleByRss, ScaleByRssStateC, type RssOptions, type ScaleByRssState } from './scaleByRss.js'
export { addDecayedWeights } from './addDecayedWeights.js'
export { clipByGlobalNorm } from './clipByGlobalNorm.js'
export { clipByValue } from './clipByValue.js'
export { masked, maskOf, type Mask, type MaskOf } from './masked.js'
export { freeze } from './freeze.js'
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
export * from './optimizers.js'
export {
  adagrad,
  adam,
  adamw,
  momentum,
  nesterov,
  rmsprop,
  sgd,
  type AdagradState,
  type AdamState,
  type AdamWState,
  type AnyOptimizer,
  type MomentumState,
  type Optimizer,
  type RmspropState,
  type SgdState
} from './alias.js'
export { multiSteps, type MultiStepsState } from './multiSteps.js'
export { fromSpec, OptimizerSpecC, specOf, type OptimizerSpec } from './OptimizerSpec.js'
