/**
 * fast-check arbitraries for gradfold's laws: data sets (inputs, targets, labelled
 * classification sets) and batchings.
 *
 * @since 0.2.0
 */
import fc from 'fast-check'
import { fullBatch, unsafeMiniBatch, stochastic, type Batching } from '../../src/data/Batching.js'
import { unsafeDataset, type Dataset } from '../../src/data/Dataset.js'
import { unsafeOneHot } from '../../src/data/oneHot.js'
import type { Tensor } from '../../src/tensor/Tensor.js'
import { unsafeMake } from '../../src/tensor/Tensor.js'
import { finiteDouble } from './numbers.js'

/**
 * Sizes of generated data sets: samples 1..`maxSamples` (default 40), features
 * 1..`maxFeatures` (default 4), target columns or classes 1..`maxOutputs` (default 3), values
 * with |x| ≤ `max` (default 1e3).
 *
 * @category data sets
 * @since 0.1.0
 */
export interface DatasetOptions {
  readonly maxSamples?: number
  readonly maxFeatures?: number
  readonly maxOutputs?: number
  readonly max?: number
}

/**
 * A column of `n` values: free values (3 in 6), one value repeated (1 in 6), so that constant
 * features are met too, or values close around a large offset (2 in 6: spread a millionth of
 * the offset), where centring must not lose what little spread there is.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * fc.sample(Arbitraries.column(5), { seed: 1, numRuns: 20 }).every((c) => c.length === 5) // => true
 *
 * @category data sets
 * @since 0.1.0
 */
export const column = (n: number, max = 1e3): fc.Arbitrary<ReadonlyArray<number>> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.array(finiteDouble(max), { minLength: n, maxLength: n }) },
    { weight: 1, arbitrary: finiteDouble(max).map((x) => new Array<number>(n).fill(x)) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(finiteDouble(max), fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n, maxLength: n }))
        .map(([offset, noise]) => noise.map((e) => offset + offset * 1e-6 * e))
    }
  )

/** A row-major `[n, width]` matrix made of generated columns. */
const matrixOfColumns = (n: number, width: number, max: number): fc.Arbitrary<Tensor> =>
  fc.array(column(n, max), { minLength: width, maxLength: width }).map((cols) => {
    const data = new Float64Array(n * width)
    cols.forEach((col, c) => col.forEach((x, r) => (data[r * width + c] = x)))
    return unsafeMake([n, width], data)
  })

/**
 * A data set of exactly `n` samples with real-valued targets.
 *
 * @example
 * import fc from 'fast-check'
 * import { Data } from 'gradfold'
 * import { Arbitraries } from 'gradfold/laws'
 * fc.sample(Arbitraries.datasetOfSize(3), { seed: 1, numRuns: 20 }).every((d) => Data.size(d) === 3) // => true
 *
 * @category data sets
 * @since 0.1.0
 */
export const datasetOfSize = (n: number, options: DatasetOptions = {}): fc.Arbitrary<Dataset> =>
  fc
    .tuple(fc.integer({ min: 1, max: options.maxFeatures ?? 4 }), fc.integer({ min: 1, max: options.maxOutputs ?? 3 }))
    .chain(([f, o]) => fc.tuple(matrixOfColumns(n, f, options.max ?? 1e3), matrixOfColumns(n, o, options.max ?? 1e3)))
    .map(([x, y]) => unsafeDataset(x, y))

/**
 * A data set with real-valued targets (regression).
 *
 * @example
 * import fc from 'fast-check'
 * import { Data } from 'gradfold'
 * import { Arbitraries } from 'gradfold/laws'
 * fc.sample(Arbitraries.dataset({ maxSamples: 10, maxFeatures: 2 }), { seed: 1, numRuns: 20 }).every((d) => Data.size(d) <= 10 && Data.features(d) <= 2) // => true
 *
 * @category data sets
 * @since 0.1.0
 */
export const dataset = (options: DatasetOptions = {}): fc.Arbitrary<Dataset> =>
  fc.integer({ min: 1, max: options.maxSamples ?? 40 }).chain((n) => datasetOfSize(n, options))

/**
 * Class labels with their number of classes: `classes` 1..`maxClasses`, 0..`maxLength` labels.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * fc.sample(Arbitraries.labelled(3, 10), { seed: 1, numRuns: 20 }).every(({ classes, labels }) => labels.length <= 10 && labels.every((l) => l >= 0 && l < classes)) // => true
 *
 * @category data sets
 * @since 0.1.0
 */
export const labelled = (
  maxClasses = 5,
  maxLength = 40
): fc.Arbitrary<{ readonly classes: number; readonly labels: ReadonlyArray<number> }> =>
  fc.integer({ min: 1, max: maxClasses }).chain((classes) =>
    fc.record({
      classes: fc.constant(classes),
      labels: fc.array(fc.integer({ min: 0, max: classes - 1 }), { maxLength })
    })
  )

/**
 * A classification data set: one-hot targets of 1..`maxOutputs` classes; the class counts are
 * often uneven and some classes may be missing.
 *
 * @example
 * import fc from 'fast-check'
 * import { Data } from 'gradfold'
 * import { Arbitraries } from 'gradfold/laws'
 * // one-hot targets: each row's class is the column of its 1
 * fc.sample(Arbitraries.classification(), { seed: 1, numRuns: 20 }).every((d) => Data.labels(d).every((l) => l < Data.outputs(d))) // => true
 *
 * @category data sets
 * @since 0.1.0
 */
export const classification = (options: DatasetOptions = {}): fc.Arbitrary<Dataset> =>
  fc
    .tuple(
      labelled(options.maxOutputs ?? 3, options.maxSamples ?? 40),
      fc.integer({ min: 1, max: options.maxFeatures ?? 4 })
    )
    .filter(([{ labels }]) => labels.length > 0)
    .chain(([{ classes, labels }, f]) =>
      matrixOfColumns(labels.length, f, options.max ?? 1e3).map((x) => unsafeDataset(x, unsafeOneHot(classes, labels)))
    )

/**
 * Any valid batching for `n` samples: full batch, stochastic, or mini-batches of 1..`n`, each
 * with or without shuffling, mini-batches with or without `dropLast`.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * import * as Advanced from 'gradfold/advanced'
 * fc.sample(Arbitraries.batchingFor(10), { seed: 1, numRuns: 20 }).every((b) => Advanced.Data.validateBatching(b)._tag === 'Right') // => true
 *
 * @category data sets
 * @since 0.1.0
 */
export const batchingFor = (n: number): fc.Arbitrary<Batching> =>
  fc.record({ shuffle: fc.boolean(), dropLast: fc.boolean() }).chain((options) =>
    fc.oneof(
      fc.constant(fullBatch(options)),
      fc.constant(stochastic(options)),
      fc.integer({ min: 1, max: n }).map((size) => unsafeMiniBatch(size, options))
    )
  )

/**
 * Epoch numbers: small ones mostly, and now and then any safe integer.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * fc.sample(Arbitraries.epoch, { seed: 1, numRuns: 20 }).every((e) => Number.isSafeInteger(e) && e >= 0) // => true
 *
 * @category data sets
 * @since 0.1.0
 */
export const epoch: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.nat(1000) },
  { weight: 1, arbitrary: fc.nat({ max: Number.MAX_SAFE_INTEGER }) }
)
