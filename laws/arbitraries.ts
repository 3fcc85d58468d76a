/**
 * fast-check arbitraries for gradfold's laws: finite doubles, shapes, tensors, keys, parameter
 * records and data sets. Users draw from the same generators to run the laws on their own code.
 *
 * Split by concept under `laws/arbitraries/`; this module gathers them, so that
 * `gradfold/laws`' `Arbitraries` holds every one.
 *
 * @since 0.1.0
 */
export * from './arbitraries/numbers.js'
export * from './arbitraries/tensors.js'
export * from './arbitraries/keys.js'
export * from './arbitraries/trees.js'
export * from './arbitraries/data.js'
export * from './arbitraries/networks.js'
export * from './arbitraries/optimizers.js'
export * from './arbitraries/flatRule.js'
