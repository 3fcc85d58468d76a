/**
 * The plumbing of `nn/` that `NN` leaves out: the names, codecs and defaults the configuration
 * reads (loss names, activation names, slopes), the fused dense-and-activation operands, the
 * initializer by name, and the 3-2-3 network's conversions and batch losses. For reading
 * configurations and writing layers of your own.
 *
 * @since 0.3.0
 */
export {
  activate,
  activationRule,
  validateActivation,
  DEFAULT_LEAKY_SLOPE,
  negativeSlope,
  showActivation,
  type ElementwiseActivation,
  type LeakySlope
} from './activations.js'
export { denseActivation, type DenseOperands } from './dense.js'
export { fans, initializer } from './init.js'
export { type CrossEntropyOptions, type LossOptions } from './losses.js'
export { LOSS_NAMES, LossNameC, LossSpecC, lossNameOf } from './lossName.js'
export {
  threeTwoThreeFromMlp,
  threeTwoThreeBatchLoss,
  threeTwoThreeOutputsLoss,
  threeTwoThreeToMlp,
  type ThreeTwoThreeActivity,
  type Triple
} from './threeTwoThree.js'
