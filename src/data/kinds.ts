/**
 * The structural guards of the values the data layer takes from a caller, each O(1): a data
 * set, a plan, a standardiser are known by the `_tag` their validating constructors write, a
 * tensor and a key by their own refinements. A function that takes one checks it at its
 * boundary, so that junk in its place (from JSON, through `any`) answers an `InvalidArgument`
 * naming the argument and the constructor that makes the right thing.
 *
 * Shared across layers: each export is internal to the library, not part of its API.
 *
 * @since 0.2.0
 */
import { isKey } from '../random/Key.js'
import { func, isRecord, tagged, withFields, type Kind } from '../tensor/guards.js'
import { ownValue } from '../tensor/describe.js'
import { isTensor } from '../tensor/Tensor.js'

const datasetTag = tagged('Dataset', 'a data set (Data.make, Data.fromRows, Data.fromLabels, …)')

/**
 * Tagged `Dataset`, with tensors of inputs and targets (own fields: a record that JSON or `any`
 * tagged so holds no rows to read).
 *
 * @internal
 */
export const datasetKind: Kind = {
  expected: datasetTag.expected,
  test: (u) =>
    datasetTag.test(u) && isTensor(ownValue(u as object, 'inputs')) && isTensor(ownValue(u as object, 'targets'))
}

/** @internal */
export const tensorKind: Kind = { expected: 'a tensor (Tensor.fromArray, Tensor.make, …)', test: isTensor }

/** @internal */
export const keyKind: Kind = { expected: 'a key (Random.key)', test: isKey }

/** @internal */
export const planKind: Kind = tagged('EpochPlan', 'an epoch plan (Data.plan)')

/** @internal */
export const standardizerKind: Kind = tagged('Standardizer', 'a standardiser (Data.fitStandardizer)')

/** @internal */
export const splitKind: Kind = withFields('a split (Data.trainTestSplit)', [
  ['train', datasetKind],
  ['test', datasetKind]
])

const batchingTags: ReadonlyArray<unknown> = ['FullBatch', 'Stochastic', 'MiniBatch']

/** @internal */
export const batchingKind: Kind = {
  expected: 'a batching (Data.fullBatch, Data.stochastic, Data.miniBatch)',
  // its own `_tag` read once (no getter run), then looked up
  test: (u) => typeof u === 'object' && u !== null && batchingTags.includes(ownValue(u, '_tag'))
}

/** @internal */
export const chunksKind: Kind = {
  expected: 'an async iterable of data sets',
  test: (u) => isRecord(u) && func.test((u as { readonly [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator])
}
