/**
 * Standardisation of the input features: `z = (x − mean) / std`, column by column, with the
 * mean and the population standard deviation fitted on the training part alone and applied
 * unchanged to every other part, so that no statistic of the test data leaks into training.
 *
 * A feature whose values on the training part are all equal gets that value as its mean and a
 * standard deviation of 1: it is centred (to exactly 0 there) but not scaled. Dividing by its
 * standard deviation of 0 would make NaN or infinities; 1 keeps the map an invertible affine
 * one, and on other parts keeps the feature's differences from the training value as they were.
 *
 * Law (checked in `laws/data.laws.test.ts`): on the training part every standardised feature
 * that is not constant has mean 0 and population standard deviation 1, within a tolerance of a
 * few `n · ε` derived there; a constant one is exactly 0.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import { firstNonFinite, unsafeMake, type Tensor } from '../tensor/Tensor.js'
import { guarded } from '../tensor/guards.js'
import { nonFinite, shapeMismatch } from '../tensor/TensorError.js'
import type { DataError } from './DataError.js'
import { features, size, unsafeDataset, type Dataset } from './Dataset.js'
import { datasetKind, splitKind, standardizerKind, tensorKind } from './kinds.js'
import type { Split } from './split.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The per-feature statistics of a training part: `mean` and `std`, each `[features]`.
 *
 * @category model
 * @since 0.1.0
 */
export interface Standardizer {
  readonly _tag: 'Standardizer'
  readonly mean: Tensor
  readonly std: Tensor
}

/**
 * A split whose parts have both been standardised with the statistics of its training part.
 *
 * @category model
 * @since 0.1.0
 */
export interface StandardizedSplit extends Split {
  readonly standardizer: Standardizer
}

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

/**
 * Mean and population standard deviation of column `c` of the row-major `[n, f]` array `x`.
 * - A constant column answers its value and 1, exactly.
 * - The mean is `Σ x/n` (which cannot overflow), refined once by the mean deviation from it
 *   (two-pass), so that it is accurate to about one rounding whatever the column's offset.
 * - The standard deviation is `a · √(Σ (d/a)² / n)` over the deviations `d = x − mean`, with
 *   `a = max |d|`: scaled, so that squaring neither overflows nor underflows to 0.
 * A column whose values span more than the largest double answers a non-finite mean.
 */
const columnMoments = (x: Float64Array, n: number, f: number, c: number): readonly [number, number] => {
  const at = (r: number): number => x[r * f + c] as number
  let constant = true
  for (let r = 1; r < n && constant; r++) constant = at(r) === at(0)
  if (constant) return [at(0), 1]
  let first = 0
  for (let r = 0; r < n; r++) first += at(r) / n
  let shift = 0
  for (let r = 0; r < n; r++) shift += at(r) - first
  const mean = first + shift / n
  let a = 0
  for (let r = 0; r < n; r++) a = Math.max(a, Math.abs(at(r) - mean))
  let squares = 0
  for (let r = 0; r < n; r++) {
    const q = (at(r) - mean) / a
    squares += q * q
  }
  return [mean, a * Math.sqrt(squares / n)]
}

const moments = (x: Float64Array, n: number, f: number): readonly [Float64Array, Float64Array] => {
  const mean = new Float64Array(f)
  const std = new Float64Array(f)
  for (let c = 0; c < f; c++) [mean[c], std[c]] = columnMoments(x, n, f, c)
  return [mean, std]
}

const finiteStatistic = (name: string, t: Tensor): E.Either<DataError, Tensor> => {
  const i = firstNonFinite(t.data)
  return i < 0 ? E.right(t) : E.left(nonFinite(`fitStandardizer: ${name} of feature ${i}`, i, t.data[i] as number))
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The mean and population standard deviation of each input feature of the training part
 * (`std` 1 for a constant feature). Only inputs are standardised; targets are left alone.
 * A feature whose values span more than the largest double answers `NonFinite`.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Data } from 'gradfold'
 * pipe(Data.fromRows([[1, 5], [3, 5]], [[0], [1]]), E.chain(Data.fitStandardizer))
 * // right: mean [2, 5], std [1, 1] (the second feature is constant)
 *
 * @category constructors
 * @since 0.1.0
 */
export const fitStandardizer = (train: Dataset): E.Either<DataError, Standardizer> =>
  guarded('fitStandardizer', [['the data set', train, datasetKind]], () => fitted(train))

const fitted = (train: Dataset): E.Either<DataError, Standardizer> => {
  const f = features(train)
  const [mean, std] = moments(train.inputs.data, size(train), f)
  return pipe(
    E.Do,
    E.apS('mean', finiteStatistic('mean', unsafeMake([f], mean))),
    E.apS('std', finiteStatistic('standard deviation', unsafeMake([f], std))),
    E.map(({ mean, std }) => Object.freeze({ _tag: 'Standardizer' as const, mean, std }))
  )
}

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * The data set with each input `x` in column `c` replaced by `(x − mean[c]) / std[c]`; the
 * targets are kept. The data set must have as many features as the standardiser.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Data } from 'gradfold'
 * // fitted on the rows (1, 5) and (3, 5): mean (2, 5), std (1, 1)
 * pipe(
 *   Data.fromRows([[1, 5], [3, 5]], [[0], [1]]),
 *   E.chain(Data.fitStandardizer),
 *   E.chain((s) => pipe(Data.fromRows([[4, 6]], [[1]]), E.chain(Data.applyStandardizer(s)))),
 *   E.map((test) => test.inputs.data)
 * ) // right([2, 1]): a Float64Array holding (4 − 2) / 1 and (6 − 5) / 1
 *
 * @category combinators
 * @since 0.1.0
 */
export const applyStandardizer =
  (s: Standardizer) =>
  (d: Dataset): E.Either<DataError, Dataset> =>
    guarded('applyStandardizer', [['the data set', d, datasetKind]], () =>
      pipe(
        standardizeInputs(s)(d.inputs),
        E.map((z) => unsafeDataset(z, d.targets, d))
      )
    )

/**
 * Input rows `[n, features]` standardised: each `x` in column `c` replaced by
 * `(x − mean[c]) / std[c]`. The rows must have as many columns as the standardiser.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Data, Tensor } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * pipe(
 *   E.Do,
 *   E.apS('s', pipe(Data.fromRows([[1, 5], [3, 5]], [[0], [1]]), E.chain(Data.fitStandardizer))),
 *   E.apSW('x', Tensor.fromArray([1, 2])([4, 6])),
 *   E.chainW(({ s, x }) => Advanced.Data.standardizeInputs(s)(x)),
 *   E.map((z) => z.data)
 * ) // right([2, 1]): a Float64Array
 *
 * @category combinators
 * @since 0.2.0
 */
export const standardizeInputs =
  (s: Standardizer) =>
  (x: Tensor): E.Either<DataError, Tensor> =>
    guarded(
      'applyStandardizer',
      [
        ['the standardiser', s, standardizerKind],
        ['the inputs', x, tensorKind]
      ],
      () => standardized(s, x)
    )

const standardized = (s: Standardizer, x: Tensor): E.Either<DataError, Tensor> => {
  const f = s.mean.data.length
  if (x.shape.length !== 2 || x.shape[1] !== f) {
    return E.left(
      shapeMismatch('applyStandardizer', [s.mean.shape, x.shape], `fitted on ${f} features, given ${x.shape[1]}`)
    )
  }
  const z = new Float64Array(x.data.length)
  for (let i = 0; i < z.length; i++)
    z[i] = ((x.data[i] as number) - (s.mean.data[i % f] as number)) / (s.std.data[i % f] as number)
  const bad = firstNonFinite(z)
  return bad < 0
    ? E.right(unsafeMake(x.shape, z))
    : E.left(nonFinite(`applyStandardizer, row ${Math.floor(bad / f)}, column ${bad % f}`, bad, z[bad] as number))
}

/**
 * Both parts of a split standardised with the statistics of its training part, and the
 * standardiser, to apply to any later data the same way.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Data, Random } from 'gradfold'
 * pipe(
 *   Random.key(0),
 *   E.chainW((key) => Data.trainTestSplit({ testFraction: 0.2 })(Data.threeClass, key)),
 *   E.chain(Data.standardizeSplit),
 *   E.map(({ train, test, standardizer }) => [Data.size(train), Data.size(test), standardizer.mean.shape])
 * ) // right([24, 6, [3]]): both parts scaled with the 24 training rows' statistics
 *
 * @category combinators
 * @since 0.1.0
 */
export const standardizeSplit = (split: Split): E.Either<DataError, StandardizedSplit> =>
  guarded('standardizeSplit', [['the split', split, splitKind]], () => standardizedSplit(split))

const standardizedSplit = (split: Split): E.Either<DataError, StandardizedSplit> =>
  pipe(
    fitStandardizer(split.train),
    E.bindTo('standardizer'),
    E.bind('train', ({ standardizer }) => applyStandardizer(standardizer)(split.train)),
    E.bind('test', ({ standardizer }) => applyStandardizer(standardizer)(split.test)),
    E.map(({ standardizer, train, test }) => Object.freeze({ ...split, train, test, standardizer }))
  )
