/**
 * Laws of the data module, as predicates. Each returns `true` when the law holds for the
 * arguments given; `laws/data.laws.test.ts` runs them on generated data sets, keys and
 * batchings, and users can run them on their own data and batchings.
 *
 * - Batching: an epoch holds every sample exactly once, in batches of the batch size but for a
 *   smaller last one, and `dropLast` leaves out only that remainder; unshuffled batches are
 *   consecutive slices; each batch holds the rows at its indices.
 * - Modes: `fullBatch` is `unsafeMiniBatch(n)`, `stochastic` is `unsafeMiniBatch(1)`, batch for batch.
 * - Shuffling: the order of epoch `k` depends on the key and `k` alone (not on the data, nor on
 *   the batch size), and is the same, bit for bit, each time it is asked for.
 * - Splits: disjoint and covering, of the stated sizes, deterministic; stratified, each class's
 *   test count within 1 of its proportional share.
 * - Encoding: the arg-max of each one-hot row is its label.
 * - Standardisation: on the training part, mean 0 and standard deviation 1 per feature within
 *   a tolerance derived below; a constant feature becomes exactly 0.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as O from 'fp-ts/lib/Option.js'
import {
  dropsLast,
  fullBatch,
  unsafeMiniBatch,
  stochastic,
  type Batching,
  type BatchingOptions
} from '../src/data/Batching.js'
import { labels, make, outputs, size, type Dataset } from '../src/data/Dataset.js'
import { batchAt, batches, batchIndices, plan, shuffleOrder, type EpochPlan } from '../src/data/EpochPlan.js'
import { oneHot } from '../src/data/oneHot.js'
import { take } from '../src/data/select.js'
import { trainTestSplit, type SplitOptions } from '../src/data/split.js'
import { applyStandardizer, fitStandardizer } from '../src/data/Standardizer.js'
import type { Key } from '../src/random/Key.js'
import * as kernels from '../src/tensor/kernels.js'
import { bitsEqual } from './purity.js'

// -------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------

const range = (n: number): ReadonlyArray<number> => Array.from({ length: n }, (_, i) => i)

/** The indices of every batch of a plan, in order. */
const indicesOf = (p: EpochPlan): ReadonlyArray<ReadonlyArray<number>> =>
  range(p.batchCount).map((i) =>
    pipe(
      batchIndices(i)(p),
      E.getOrElseW(() => [-1])
    )
  )

const isRight = <A>(e: E.Either<unknown, A>, law: (a: A) => boolean): boolean => E.isRight(e) && law(e.right)

// -------------------------------------------------------------------------------------
// batching
// -------------------------------------------------------------------------------------

/**
 * An epoch's batches hold every sample exactly once, but for the `n mod b` that `dropLast`
 * leaves out: every batch has `b` samples but a last, smaller one (kept unless `dropLast`),
 * and the samples in order are the first of the epoch's order (data-set order without
 * shuffling, `shuffleOrder` with it).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Data, Random } from 'gradfold'
 * import { DataLaws } from 'gradfold/laws'
 * // epoch 3's shuffled batches of 4 hold every one of the 30 samples exactly once
 * pipe(
 *   E.Do,
 *   E.apS('key', Random.key(0)),
 *   E.apSW('batching', Data.miniBatch(4, { shuffle: true })),
 *   E.map(({ key, batching }) => DataLaws.batchesPartitionTheEpoch(batching)(Data.threeClass, key, 3))
 * ) // right(true)
 *
 * @category batching
 * @since 0.1.0
 */
export const batchesPartitionTheEpoch =
  (batching: Batching) =>
  (dataset: Dataset, key: Key, epoch: number): boolean =>
    isRight(plan(batching)(dataset, key, epoch), (p) => {
      const n = size(dataset)
      const b = p.batchSize
      const kept = dropsLast(batching) ? n - (n % b) : n
      const all = indicesOf(p)
      const flat = all.flat()
      const order = batching.shuffle
        ? pipe(
            shuffleOrder(n)(key, epoch),
            E.getOrElseW(() => [])
          )
        : range(n)
      return (
        all.every((batch, i) => batch.length === (i < all.length - 1 ? b : kept - b * (all.length - 1))) &&
        all.every((batch) => batch.length >= 1 && batch.length <= b) &&
        flat.length === kept &&
        new Set(flat).size === kept &&
        bitsEqual(flat, order.slice(0, kept))
      )
    })

/**
 * Each materialised batch holds exactly the data-set rows at its indices, in order.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Data, Random } from 'gradfold'
 * import { DataLaws } from 'gradfold/laws'
 * pipe(
 *   E.Do,
 *   E.apS('key', Random.key(0)),
 *   E.apSW('batching', Data.miniBatch(4, { shuffle: true })),
 *   E.map(({ key, batching }) => DataLaws.batchesHoldTheirRows(batching)(Data.threeClass, key, 3))
 * ) // right(true)
 *
 * @category batching
 * @since 0.1.0
 */
export const batchesHoldTheirRows =
  (batching: Batching) =>
  (dataset: Dataset, key: Key, epoch: number): boolean =>
    isRight(plan(batching)(dataset, key, epoch), (p) =>
      indicesOf(p).every((indices, i) => bitsEqual(batchAt(i)(p), take(indices)(dataset)))
    )

/**
 * Two batchings cut every epoch into the same batches, bit for bit.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Data, Random } from 'gradfold'
 * import { DataLaws } from 'gradfold/laws'
 * // a mini-batch of the whole set is the full batch
 * pipe(
 *   E.Do,
 *   E.apS('key', Random.key(0)),
 *   E.apSW('all', Data.miniBatch(30)),
 *   E.map(({ key, all }) => DataLaws.sameBatches(Data.fullBatch(), all)(Data.threeClass, key, 0))
 * ) // right(true)
 *
 * @category batching
 * @since 0.1.0
 */
export const sameBatches =
  (a: Batching, b: Batching) =>
  (dataset: Dataset, key: Key, epoch: number): boolean => {
    const pa = plan(a)(dataset, key, epoch)
    const pb = plan(b)(dataset, key, epoch)
    return E.isRight(pa) && E.isRight(pb) && bitsEqual(batches(pa.right), batches(pb.right))
  }

/**
 * `fullBatch(options)` is `unsafeMiniBatch(n, options)`: one step on the whole (shuffled) set.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Data, Random } from 'gradfold'
 * import { DataLaws } from 'gradfold/laws'
 * pipe(Random.key(0), E.map((key) => DataLaws.fullBatchIsMiniBatchOfAll({ shuffle: true })(Data.threeClass, key, 3))) // right(true)
 *
 * @category batching
 * @since 0.1.0
 */
export const fullBatchIsMiniBatchOfAll =
  (options: BatchingOptions) =>
  (dataset: Dataset, key: Key, epoch: number): boolean =>
    sameBatches(fullBatch(options), unsafeMiniBatch(size(dataset), options))(dataset, key, epoch)

/**
 * `stochastic(options)` is `unsafeMiniBatch(1, options)`: one step per sample.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Data, Random } from 'gradfold'
 * import { DataLaws } from 'gradfold/laws'
 * pipe(Random.key(0), E.map((key) => DataLaws.stochasticIsMiniBatchOfOne({ shuffle: true })(Data.threeClass, key, 3))) // right(true)
 *
 * @category batching
 * @since 0.1.0
 */
export const stochasticIsMiniBatchOfOne =
  (options: BatchingOptions) =>
  (dataset: Dataset, key: Key, epoch: number): boolean =>
    sameBatches(stochastic(options), unsafeMiniBatch(1, options))(dataset, key, epoch)

// -------------------------------------------------------------------------------------
// shuffling
// -------------------------------------------------------------------------------------

/**
 * Planning an epoch twice gives bit-identical batches and leaves the key as it was.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Data, Random } from 'gradfold'
 * import { DataLaws } from 'gradfold/laws'
 * pipe(
 *   E.Do,
 *   E.apS('key', Random.key(0)),
 *   E.apSW('batching', Data.miniBatch(4, { shuffle: true })),
 *   E.map(({ key, batching }) => DataLaws.planIsDeterministic(batching)(Data.threeClass, key, 3))
 * ) // right(true)
 *
 * @category shuffling
 * @since 0.1.0
 */
export const planIsDeterministic =
  (batching: Batching) =>
  (dataset: Dataset, key: Key, epoch: number): boolean => {
    const before = { ...key }
    const once = pipe(plan(batching)(dataset, key, epoch), E.map(batches))
    const twice = pipe(plan(batching)(dataset, key, epoch), E.map(batches))
    return E.isRight(once) && bitsEqual(once, twice) && bitsEqual(key, before)
  }

/**
 * The samples of a shuffled epoch come in an order that depends on the key and the epoch
 * alone: two data sets of the same size, cut by two shuffled batchings that keep every sample,
 * see their samples in the same order, `shuffleOrder(n)(key, epoch)`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Data, Random } from 'gradfold'
 * import { DataLaws } from 'gradfold/laws'
 * // two batchings of one data set draw the same order for one key and epoch
 * pipe(
 *   E.Do,
 *   E.apS('key', Random.key(0)),
 *   E.apSW('four', Data.miniBatch(4, { shuffle: true })),
 *   E.map(({ key, four }) => DataLaws.shuffleDependsOnlyOnKeyAndEpoch(key, 3)([Data.threeClass, four], [Data.threeClass, Data.stochastic({ shuffle: true })]))
 * ) // right(true)
 *
 * @category shuffling
 * @since 0.1.0
 */
export const shuffleDependsOnlyOnKeyAndEpoch =
  (key: Key, epoch: number) =>
  (a: readonly [Dataset, Batching], b: readonly [Dataset, Batching]): boolean => {
    const orderOf = ([d, batching]: readonly [Dataset, Batching]): O.Option<ReadonlyArray<number>> =>
      pipe(
        plan(batching)(d, key, epoch),
        E.map((p) => indicesOf(p).flat()),
        O.fromEither
      )
    const expected = shuffleOrder(size(a[0]))(key, epoch)
    return (
      E.isRight(expected) &&
      bitsEqual(orderOf(a), O.some(expected.right)) &&
      bitsEqual(orderOf(b), O.some(expected.right))
    )
  }

// -------------------------------------------------------------------------------------
// splits
// -------------------------------------------------------------------------------------

/**
 * A split's parts are disjoint and cover the data set, in ascending order, with
 * `round(testFraction · n)` test samples; each part holds the rows at its indices; the same
 * key gives the same split.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Data, Random } from 'gradfold'
 * import { DataLaws } from 'gradfold/laws'
 * pipe(Random.key(0), E.map((key) => DataLaws.splitIsDisjointAndCovering({ testFraction: 0.2 })(Data.threeClass, key))) // right(true)
 *
 * @category splits
 * @since 0.1.0
 */
export const splitIsDisjointAndCovering =
  (options: SplitOptions) =>
  (dataset: Dataset, key: Key): boolean =>
    isRight(trainTestSplit(options)(dataset, key), (s) => {
      const n = size(dataset)
      const all = [...s.trainIndices, ...s.testIndices].sort((x, y) => x - y)
      const ascending = (xs: ReadonlyArray<number>): boolean => xs.every((x, i) => i === 0 || (xs[i - 1] as number) < x)
      return (
        s.testIndices.length === Math.round(options.testFraction * n) &&
        bitsEqual(all, range(n)) &&
        ascending(s.trainIndices) &&
        ascending(s.testIndices) &&
        bitsEqual(E.right(s.train), take(s.trainIndices)(dataset)) &&
        bitsEqual(E.right(s.test), take(s.testIndices)(dataset)) &&
        bitsEqual(E.right(s), trainTestSplit(options)(dataset, key))
      )
    })

/**
 * A stratified split gives each class `c` of `n_c` samples a test count within 1 of its share
 * `T · n_c / n` of the `T` test samples (so its training count is within 1 of its share too).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Data, Random } from 'gradfold'
 * import { DataLaws } from 'gradfold/laws'
 * // 20 % of each class in the test part
 * pipe(Random.key(0), E.map((key) => DataLaws.stratifiedSplitIsProportional(0.2)(Data.threeClass, key))) // right(true)
 *
 * @category splits
 * @since 0.1.0
 */
export const stratifiedSplitIsProportional =
  (testFraction: number) =>
  (dataset: Dataset, key: Key): boolean =>
    isRight(trainTestSplit({ testFraction, stratify: true })(dataset, key), (s) => {
      const n = size(dataset)
      const total = s.testIndices.length
      const all = labels(dataset)
      const inTest = labels(s.test)
      return range(outputs(dataset)).every((c) => {
        const count = (ls: ReadonlyArray<number>): number => ls.filter((l) => l === c).length
        return Math.abs(count(inTest) - (total * count(all)) / n) < 1
      })
    })

// -------------------------------------------------------------------------------------
// encoding
// -------------------------------------------------------------------------------------

/**
 * One-hot rows hold a single 1 and zeros, and the arg-max of each is its label.
 *
 * @example
 * import { DataLaws } from 'gradfold/laws'
 * DataLaws.oneHotRoundTrips(3)([0, 2, 1, 1]) // => true
 *
 * @category encoding
 * @since 0.1.0
 */
export const oneHotRoundTrips =
  (classes: number) =>
  (ls: ReadonlyArray<number>): boolean =>
    isRight(oneHot(classes)(ls), (t) => {
      const onesAndZeros = t.data.every((v) => v === 0 || v === 1)
      const oneEach = range(ls.length).every(
        (i) => t.data.subarray(i * classes, (i + 1) * classes).reduce((a, v) => a + v, 0) === 1
      )
      return (
        onesAndZeros &&
        oneEach &&
        bitsEqual(Array.from(kernels.argmaxRows(t.data, { rows: ls.length, cols: classes })), [...ls])
      )
    })

// -------------------------------------------------------------------------------------
// standardisation
// -------------------------------------------------------------------------------------

/** The unit roundoff of float64, 2^-53. */
const U = 2 ** -53

/** The smallest subnormal, 2^-1074: the absolute rounding step of results near 0. */
const TINY = 2 ** -1074

/**
 * The tolerances of the standardisation law for a column of `n` values `x`, exact mean `μ`,
 * fitted mean `m` and standard deviation `s`, from first-order rounding-error analysis with
 * u = 2^-53 (naive summation of `k` terms errs by at most `(k − 1) u Σ|terms|`):
 *
 * - Mean of z. The computed `z_i = fl(fl(x_i − m) / s)` are `(x_i − m)/s · (1 + θ_i)` with
 *   `|θ_i| ≤ 2u`, so they sum to `n (μ − m)/s` within `2u Σ|z_i| ≤ 2u n` (Cauchy–Schwarz:
 *   `Σ|z| ≤ √n √(Σz²) = n`); the law's own sum and division add `(n − 1) u`. The fitted mean is
 *   `Σ x/n` (off `μ` by `e = (n + 1) u max|x|`) corrected by the mean deviation from it
 *   (whose rounding is `≤ n u (σ + e)`, with `σ ≈ s`), then rounded once (`u |m|`), or one
 *   subnormal step (`TINY`) near 0. Dividing `|μ − m|` by `s`:
 *   `|mean z| ≤ (2n + 1) u + u |m|/s + n (n + 1) u² max|x|/s + TINY/s`.
 *   The `|m|/s` term is the precision the data themselves carry: a column like
 *   `1e3 + 1e-9 · k` cannot be centred to better than `u · 1e3 / 1e-9`.
 * - Standard deviation of z. The fitted `s` comes from the same deviations `d_i = fl(x_i − m)`
 *   that standardising divides, scaled by `a = max|d|`: the quotients, squares, the sum of `n`
 *   squares, the division by `n`, the square root and the product by `a` give a relative error
 *   of at most `((n + 7)/2) u`; the law's own standard deviation (about the mean of z) as much
 *   again plus `1 u` for the quotients, and measuring it about `mean z ≠ 0` lowers it by about
 *   `(mean z)²/2`. So `|std z − 1| ≤ (n + 8) u + TINY/s + (mean z)²`.
 *
 * Each first-order bound is multiplied by 4 to cover the second-order terms dropped; for 40
 * values of like magnitude the tolerances are about 4e-14 and 2e-14.
 */
const tolerances = (
  x: ReadonlyArray<number>,
  m: number,
  s: number
): { readonly mean: number; readonly std: number } => {
  const n = x.length
  const big = x.reduce((a, v) => Math.max(a, Math.abs(v)), 0)
  const mean = 4 * ((2 * n + 1) * U + (U * Math.abs(m)) / s + (n * (n + 1) * U * U * big) / s + TINY / s)
  return { mean, std: 4 * ((n + 8) * U + TINY / s) + mean * mean }
}

const meanAndStd = (z: ReadonlyArray<number>): readonly [number, number] => {
  const mean = z.reduce((a, v) => a + v, 0) / z.length
  return [mean, Math.sqrt(z.reduce((a, v) => a + (v - mean) * (v - mean), 0) / z.length)]
}

/**
 * Standardised with its own statistics, each feature of a training part has mean 0 and
 * population standard deviation 1 within the tolerances derived above; a constant feature
 * becomes exactly 0.
 *
 * @example
 * import { Data } from 'gradfold'
 * import { DataLaws } from 'gradfold/laws'
 * DataLaws.standardizedTrainingPartIsCentredAndScaled(Data.threeClass) // => true
 *
 * @category standardisation
 * @since 0.1.0
 */
export const standardizedTrainingPartIsCentredAndScaled = (train: Dataset): boolean => {
  const fitted = fitStandardizer(train)
  if (E.isLeft(fitted)) return false
  const z = applyStandardizer(fitted.right)(train)
  if (E.isLeft(z)) return false
  const f = train.inputs.shape[1] as number
  const columnOf = (data: Float64Array, c: number): ReadonlyArray<number> =>
    range(size(train)).map((r) => data[r * f + c] as number)
  return range(f).every((c) => {
    const x = columnOf(train.inputs.data, c)
    const zc = columnOf(z.right.inputs.data, c)
    if (x.every((v) => v === x[0])) return zc.every((v) => v === 0)
    const [mean, std] = meanAndStd(zc)
    const tol = tolerances(x, fitted.right.mean.data[c] as number, fitted.right.std.data[c] as number)
    return Math.abs(mean) <= tol.mean && Math.abs(std - 1) <= tol.std
  })
}

// -------------------------------------------------------------------------------------
// validity
// -------------------------------------------------------------------------------------

/**
 * What a data-set operation answers is itself a valid data set: `make` accepts its tensors.
 *
 * @example
 * import { Data } from 'gradfold'
 * import { DataLaws } from 'gradfold/laws'
 * DataLaws.isValidDataset(Data.threeClass) // => true
 *
 * @category validity
 * @since 0.1.0
 */
export const isValidDataset = (d: Dataset): boolean => bitsEqual(make(d.inputs, d.targets), E.right(d))
