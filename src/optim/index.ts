/**
 * The public face of `optim/`: gradient transformations as pure `(init, update)` pairs, the
 * blocks they are made of, the optimizers built from those blocks, learning-rate schedules,
 * masks, and `applyUpdates`, the one function that makes new parameters.
 *
 * @since 0.1.0
 */
export {
  gradientTransformation,
  type EmptyState,
  type GradientTransformation,
  type Update
} from './GradientTransformation.js'
export { type OptimError } from './OptimError.js'
export { applyUpdates } from './applyUpdates.js'
export { identity } from './identity.js'
export { scale } from './scale.js'
export { scaleByLearningRate, type LearningRate } from './scaleByLearningRate.js'
export {
  constant,
  cosineDecay,
  exponentialDecay,
  joinSchedules,
  linearWarmup,
  piecewiseConstant,
  type Schedule
} from './schedules.js'
export { chain } from './chain.js'
export { traceMomentum } from './traceMomentum.js'
export { scaleByAdam, type AdamOptions } from './scaleByAdam.js'
export { scaleByRms, type RmsOptions } from './scaleByRms.js'
export { scaleByRss, type RssOptions } from './scaleByRss.js'
export { addDecayedWeights } from './addDecayedWeights.js'
export { clipByGlobalNorm } from './clipByGlobalNorm.js'
export { clipByValue } from './clipByValue.js'
export { masked } from './masked.js'
export { freeze } from './freeze.js'
export { adamax, scaleByAdamax, type AdamaxOptions } from './adamax.js'
export { lion, scaleByLion, type LionOptions } from './lion.js'
export { adagrad, adam, adamw, momentum, nesterov, rmsprop, sgd, type AnyOptimizer, type Optimizer } from './alias.js'
export { multiSteps } from './multiSteps.js'
export { decodeOptimizer, OptimizerSpecC, encodeOptimizer, type OptimizerSpec } from './OptimizerSpec.js'
