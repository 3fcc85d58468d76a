/**
 * Neural-network building blocks on top of `ad/`: activations, the dense layer (fused with
 * its activation), initialisers that take an explicit key, the MLP builder, losses (on
 * predictions and, stably, from logits) and the founding text's 3-2-3 network spelled out
 * weight by weight.
 *
 * @since 0.1.0
 */
export {
  identity,
  leakyRelu,
  relu,
  sigmoid,
  softmax,
  tanh,
  type Activation,
  type ActivationName
} from './activations.js'
export { dense, type Dense } from './dense.js'
export {
  constant,
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  normal,
  uniform,
  zeros,
  type InitError,
  type Initializer,
  type InitName
} from './init.js'
export { mlp, type Mlp, type MlpConfig, type MlpParams } from './mlp.js'
export { crossEntropy, halfSumSquares, mse, type Loss, type Reduction } from './losses.js'
export { sigmoidBinaryCrossEntropy, softmaxCrossEntropy, sparseSoftmaxCrossEntropy } from './logitLosses.js'
export { binaryCrossEntropy, huber, meanAbsoluteError } from './robustLosses.js'
export { lossByName, type LossName, type LossSpec } from './lossName.js'
export { threeTwoThreeForward, threeTwoThreeLoss, threeTwoThreeMlp, type ThreeTwoThree } from './threeTwoThree.js'
/** Information theory: entropy, cross-entropy and Kullback–Leibler divergence of distributions, in any base. */
export * as Information from './information.js'
