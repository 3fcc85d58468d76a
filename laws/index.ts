/**
 * `gradfold/laws`: gradfold's laws as predicates, with the fast-check arbitraries that drive
 * them, for users who want to check their own layers, losses and optimizers the way gradfold
 * checks its own. Needs `fast-check` (a peer dependency of this entry point).
 *
 * @example
 * import fc from 'fast-check'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD } from 'gradfold'
 * import { ADLaws } from 'gradfold/laws'
 * // a function of my own, its gradient checked against central differences at generated points
 * const myLoss = (p: AD.Traced<{ x: number }>) => pipe(p.x, AD.square, AD.mul(3))
 * const law = fc.property(fc.double({ min: -10, max: 10, noNaN: true }), (x) => ADLaws.agreesWithCentralDifferences(myLoss, { x }))
 * fc.check(law, { seed: 1, numRuns: 50 }).failed // => false
 *
 * @module gradfold/laws
 * @since 0.1.0
 */

export { lawParameters, lawRuns, lawSeed } from './config.js'
/** fast-check arbitraries: finite doubles, shapes, tensors, keys, parameter records and data sets. */
export * as Arbitraries from './arbitraries.js'
/** Purity, checked: no function changes what it was given, and what it hands back is its own. */
export * as Purity from './purity.js'
/** Laws of `Elementary`: within one ulp of an exact BigInt reference, monotone. */
export * as ElementaryLaws from './elementary.js'
/** Laws of `Tensor`, as predicates over generated tensors. */
export * as TensorLaws from './tensor.js'
/** Laws of `Random`: determinism and independence of split keys. */
export * as RandomLaws from './random.js'
/** Laws of parameter trees: vector-space laws, the gradient monoid, exact flatten round trips. */
export * as TreeLaws from './tree.js'
/** Laws of the codecs: JSON round trips are exact, bit for bit. */
export * as CodecLaws from './codec.js'
/** Laws of `AD`: gradients agree with central differences and the first-order approximation. */
export * as ADLaws from './ad.js'
/** Laws of `NN`: gradients of whole networks and losses, and the equations between ways of writing one network. */
export * as NNLaws from './nn.js'
/** Laws of gradient transformations and optimizers. */
export * as OptimLaws from './optim.js'
/** Laws of `Data`: batchings, shuffles and splits. */
export * as DataLaws from './data.js'
/** Laws of `Train`: a run is a deterministic fold that resumes bit for bit from a checkpoint. */
export * as TrainLaws from './train.js'
/** Laws of model files: the JSON text round trip gives every part back, floats bit for bit. */
export * as ModelFileLaws from './modelFile.js'
/** Laws of data-parallel gradients: any number of threads gives the one-thread gradient, bit for bit. */
export * as ShardLaws from './shards.js'
/** Laws of flat rules: each transformation's flat rule is its tree rule, bit for bit. */
export * as FlatRuleLaws from './flatRule.js'
/** Laws of gradient accumulation (`Optim.multiSteps`). */
export * as MultiStepsLaws from './multiSteps.js'
/** Laws of data read as a stream of chunks: results do not depend on how the stream was chunked. */
export * as StreamLaws from './stream.js'
