/**
 * gradfold: neural-network parameter optimization as pure functions over immutable, typed
 * parameter records. Each layer of the library is one namespace, in the order the layers
 * stand on one another. Each namespace holds what a user trains, saves and predicts with; the
 * plumbing (the epoch as a cursor, kernels, shards, states, codecs, error constructors) is in
 * `gradfold/advanced`, under the same namespace names.
 *
 * @module gradfold
 * @since 0.1.0
 */

/** Elementary functions (exp, log, tanh, pow, …) with the same bits on every JavaScript engine. */
export * as Elementary from './math/index.js'
/** Immutable tensors, their validating constructors and the operations on them. */
export * as Tensor from './tensor/index.js'
/** Pure, splittable randomness: keys and the draws they give. */
export * as Random from './random/index.js'
/** Parameter trees: records of numbers and tensors, their traversals and vector-space operations. */
export * as Tree from './tree/index.js'
/** io-ts codecs for the values that cross a boundary (JSON files, checkpoints, configs). */
export * as Codec from './codec/index.js'
/** Reverse-mode differentiation over parameter records: `valueAndGrad` and the differentiable ops. */
export * as AD from './ad/index.js'
/** Neural-network building blocks: activations, dense layers, initialisers, MLPs, losses, information theory. */
export * as NN from './nn/index.js'
/** Gradient transformations, the optimizers built from them, schedules and `applyUpdates`. */
export * as Optim from './optim/index.js'
/** Data sets, batchings (full, stochastic, mini-batch), splits, encodings and the bundled data sets. */
export * as Data from './data/index.js'
/** Training as a fold: the step, the epoch, the run, stop rules, metrics and checkpoints. */
export * as Train from './train/index.js'
