/**
 * `gradfold/advanced`: the plumbing the root entry's namespaces leave out, under the same
 * namespace names. A newcomer reads `gradfold`; this entry is for writing your own op, kernel,
 * transformation, loader or training loop: the epoch as a cursor (`Train.openEpoch`,
 * `Train.advance`, `Train.closeEpoch`), the fused kernels, gradient shards, the states of the
 * optimizers and their codecs, the hyperparameter ranges, the error constructors and the
 * codecs of the files.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Optim.countRange.test(3) // => true
 *
 * @module gradfold/advanced
 * @since 0.3.0
 */

/** The tensor layer's plumbing: error constructors, shape checks, size limits, the typed-array kernels. */
export * as Tensor from './tensor/advanced.js'
/** The key's words, its equality and guard, and the raw 32-bit draws. */
export * as Random from './random/advanced.js'
/** The tree layer's plumbing: error constructors, checked-function types, guards. */
export * as Tree from './tree/advanced.js'
/** The codecs' building blocks: JSON limits and readers, exact records, error constructors. */
export * as Codec from './codec/advanced.js'
/** The differentiation layer's plumbing: activation rules, kernels of custom ops, compiled programs. */
export * as AD from './ad/advanced.js'
/** The network layer's plumbing: names and codecs a configuration reads, fused operands, the 3-2-3 conversions. */
export * as NN from './nn/advanced.js'
/** The optimizers' plumbing: states and codecs, defaults, ranges, catalogs, flat rules, masks. */
export * as Optim from './optim/advanced.js'
/** The data layer's plumbing: error constructors, epoch plans, streaming shuffles, table parts. */
export * as Data from './data/advanced.js'
/** The training layer's plumbing: the epoch cursor, fused kernels, shards, codecs, the experiment's parts. */
export * as Train from './train/advanced.js'
