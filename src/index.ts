/**
 * gradfold: neural-network parameter optimization as pure functions over immutable, typed
 * parameter records. Each layer of the library is one namespace, in the order the layers
 * stand on one another.
 *
 * @since 0.1.0
 */
export * as Tensor from './tensor/index.js'
export * as Random from './random/index.js'
export * as Tree from './tree/index.js'
export * as Codec from './codec/index.js'
export * as AD from './ad/index.js'
export * as NN from './nn/index.js'
export * as Optim from './optim/index.js'
export * as Data from './data/index.js'
export * as Train from './train/index.js'
