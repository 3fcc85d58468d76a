/**
 * `gradfold/laws`: gradfold's laws as predicates, with the fast-check arbitraries that drive
 * them, for users who want to check their own layers, losses and optimizers the way gradfold
 * checks its own. Needs `fast-check` (a peer dependency of this entry point).
 *
 * @example
 * import fc from 'fast-check'
 * import { AD } from 'gradfold'
 * import { ADLaws } from 'gradfold/laws'
 * // my own op, checked against central differences:
 * // fc.assert(fc.property(myInputs, (p) => ADLaws.agreesWithCentralDifferences(myLoss, p)))
 *
 * @since 0.1.0
 */
export { lawParameters, lawRuns, lawSeed } from './config.js'
export * as Arbitraries from './arbitraries.js'
export * as Purity from './purity.js'
export * as TensorLaws from './tensor.js'
export * as RandomLaws from './random.js'
export * as TreeLaws from './tree.js'
export * as CodecLaws from './codec.js'
export * as ADLaws from './ad.js'
export * as NNLaws from './nn.js'
export * as OptimLaws from './optim.js'
export * as DataLaws from './data.js'
export * as TrainLaws from './train.js'
export * as ModelFileLaws from './modelFile.js'
export * as ShardLaws from './shards.js'
export * as MultiStepsLaws from './multiSteps.js'
export * as StreamLaws from './stream.js'
