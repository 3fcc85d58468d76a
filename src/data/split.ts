/**
 * A seeded train/test split. One permutation of the samples is drawn from the key; the test
 * part takes the first samples it meets in that order, as many as its quota allows: `T =
 * round(testFraction · n)` samples in all or, when stratified, a quota per class (by the
 * arg-max of the targets) proportional to the class's count. Both parts keep data-set order.
 *
 * Laws (checked in `laws/data.laws.test.ts`): the parts are disjoint and cover the data set;
 * the same key gives the same split; a stratified split gives each class `c` of `n_c` samples
 * a test count within 1 of `T · n_c / n` (Hamilton's largest-remainder apportionment), so its
 * train count is within 1 of `(n − T) · n_c / n` too.
 *
 * @since 0.1.0
 */
import { describe } from '../tensor/describe.js'
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import type { Key } from '../random/Key.js'
import { split2 } from '../random/Key.js'
import { permutation } from '../random/permutation.js'
import { boolean, guarded, isRecord, optional, record } from '../tensor/guards.js'
import { invalidArgument } from '../tensor/TensorError.js'
import type { DataError } from './DataError.js'
import { labels, outputs, size, type Dataset } from './Dataset.js'
import { datasetKind, keyKind } from './kinds.js'
import { unsafeTake } from './select.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * @category model
 * @since 0.1.0
 */
export interface SplitOptions {
  /** The share of samples held out for testing, strictly between 0 and 1. */
  readonly testFraction: number
  /** Keep each class's share in both parts (default `false`). */
  readonly stratify?: boolean
}

/**
 * The two parts of a data set and the rows each took, in ascending order.
 *
 * @category model
 * @since 0.1.0
 */
export interface Split {
  readonly train: Dataset
  readonly test: Dataset
  readonly trainIndices: ReadonlyArray<number>
  readonly testIndices: ReadonlyArray<number>
}

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const testCount = (n: number, fraction: number): E.Either<DataError, number> => {
  if (!(typeof fraction === 'number' && fraction > 0 && fraction < 1)) {
    return E.left(
      invalidArgument(
        'trainTestSplit',
        `testFraction is ${describe(fraction)}; expected a number strictly between 0 and 1`
      )
    )
  }
  const t = Math.round(fraction * n)
  return t >= 1 && t <= n - 1
    ? E.right(t)
    : E.left(
        invalidArgument(
          'trainTestSplit',
          `testFraction ${fraction} of ${n} samples leaves ${t === 0 ? 'no test' : 'no training'} sample; each part needs at least one`
        )
      )
}

/**
 * Hamilton's apportionment of `total` seats to strata of the given sizes (summing to `n`):
 * each gets `⌊total · size / n⌋`, and the seats left go one each to the largest remainders,
 * the lower stratum first on ties.
 */
const quotas = (total: number, sizes: ReadonlyArray<number>, n: number): ReadonlyArray<number> => {
  const remainders = sizes.map((s) => (total * s) % n) // integer arithmetic, exact while total · s < 2^53
  const seats: Array<number> = sizes.map((s, c) => (total * s - (remainders[c] as number)) / n)
  const left = total - seats.reduce((a, q) => a + q, 0)
  const byRemainder = sizes
    .map((_, c) => c)
    .sort((a, b) => (remainders[b] as number) - (remainders[a] as number) || a - b)
  for (const c of byRemainder.slice(0, left)) seats[c] = (seats[c] as number) + 1
  return seats
}

/** The stratum of each sample and the size of each stratum. */
const strata = (
  d: Dataset,
  stratify: boolean
): { readonly of: ReadonlyArray<number>; readonly sizes: ReadonlyArray<number> } => {
  if (!stratify) return { of: new Array<number>(size(d)).fill(0), sizes: [size(d)] }
  const of = labels(d)
  const sizes = new Array<number>(outputs(d)).fill(0)
  for (const c of of) sizes[c] = (sizes[c] as number) + 1
  return { of, sizes }
}

/** Walks `order`, sending each sample to the test part while its stratum's quota lasts. */
const assign = (d: Dataset, total: number, stratify: boolean, order: ReadonlyArray<number>): Split => {
  const { of, sizes } = strata(d, stratify)
  const room = quotas(total, sizes, size(d)).slice()
  const inTest = new Array<boolean>(size(d)).fill(false)
  for (const i of order) {
    const c = of[i] as number
    if ((room[c] as number) > 0) {
      room[c] = (room[c] as number) - 1
      inTest[i] = true
    }
  }
  const rows = inTest.map((_, i) => i)
  const testIndices = rows.filter((i) => inTest[i])
  const trainIndices = rows.filter((i) => !inTest[i])
  return Object.freeze({
    train: unsafeTake(trainIndices, d),
    test: unsafeTake(testIndices, d),
    trainIndices,
    testIndices
  })
}

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * Splits a data set into a training part and a test part of `round(testFraction · n)` samples
 * drawn with the key; stratified, each class keeps its share in both parts as closely as whole
 * counts allow. Each part must get at least one sample. Deterministic: the same key, options
 * and data set give the same split.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Data, Random } from 'gradfold'
 * const split = (options: Data.SplitOptions) =>
 *   pipe(Random.key(0), E.chainW((key) => Data.trainTestSplit(options)(Data.threeClass, key)))
 * // 6 of the 30 samples held out, 2 of each class
 * pipe(split({ testFraction: 0.2, stratify: true }), E.map((s) => Data.labels(s.test))) // right([1, 0, 1, 2, 0, 2])
 * split({ testFraction: 1.5 }) // left: trainTestSplit: testFraction is 1.5; expected a number strictly between 0 and 1
 *
 * @category combinators
 * @since 0.1.0
 */
export const trainTestSplit =
  (options: SplitOptions) =>
  (dataset: Dataset, key: Key): E.Either<DataError, Split> =>
    guarded(
      'trainTestSplit',
      [
        ['options', options, record],
        ['stratify', isRecord(options) ? options.stratify : undefined, optional(boolean)],
        ['dataset', dataset, datasetKind],
        ['key', key, keyKind]
      ],
      () => split(options, dataset, key)
    )

const split = (options: SplitOptions, dataset: Dataset, key: Key): E.Either<DataError, Split> =>
  pipe(
    E.Do,
    E.apSW('total', testCount(size(dataset), options.testFraction)),
    E.apSW('order', permutation(size(dataset))(key)),
    E.map(({ total, order }) => assign(dataset, total, options.stratify ?? false, order))
  )

// -------------------------------------------------------------------------------------
// three parts and folds
// -------------------------------------------------------------------------------------

/**
 * The shares of a three-way split: `test` strictly between 0 and 1, `validation` from 0 (no
 * validation part) with `test + validation < 1`.
 *
 * @category model
 * @since 0.3.0
 */
export interface ThreeWayOptions {
  readonly test: number
  readonly validation: number
  readonly stratify?: boolean
}

/**
 * Training, validation (`null` when its share is 0) and test parts, and the rows each took.
 *
 * @category model
 * @since 0.3.0
 */
export interface ThreeWaySplit {
  readonly train: Dataset
  readonly validation: Dataset | null
  readonly test: Dataset
  readonly trainIndices: ReadonlyArray<number>
  readonly validationIndices: ReadonlyArray<number>
  readonly testIndices: ReadonlyArray<number>
}

/**
 * Training, validation and test parts in one call: the test part is drawn first (with the first
 * key `Random.split2` makes of `key`), then the validation part out of what is left (with the
 * second), each as {@link trainTestSplit} draws it, so that the validation part is
 * `validation / (1 − test)` of the rest; stratified, every part keeps each class's share.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Data, Random } from 'gradfold'
 * pipe(
 *   Random.key(1),
 *   E.chainW((key) => Data.trainValidationTestSplit({ test: 0.2, validation: 0.2, stratify: true })(Data.iris, key)),
 *   E.map((s) => [Data.size(s.train), s.validation === null ? 0 : Data.size(s.validation), Data.size(s.test)])
 * ) // right([90, 30, 30])
 *
 * @category combinators
 * @since 0.3.0
 */
export const trainValidationTestSplit =
  (options: ThreeWayOptions) =>
  (dataset: Dataset, key: Key): E.Either<DataError, ThreeWaySplit> =>
    guarded(
      'trainValidationTestSplit',
      [
        ['options', options, record],
        ['dataset', dataset, datasetKind],
        ['key', key, keyKind]
      ],
      () => threeWay(options, dataset, key)
    )

const threeWay = (options: ThreeWayOptions, dataset: Dataset, key: Key): E.Either<DataError, ThreeWaySplit> => {
  const [testKey, validationKey] = split2(key)
  const stratify = options.stratify ?? false
  if (!(typeof options.validation === 'number' && options.validation >= 0 && options.validation + options.test < 1))
    return E.left(
      invalidArgument(
        'trainValidationTestSplit',
        `validation is ${describe(options.validation)}; expected a number ≥ 0 with test + validation below 1`
      )
    )
  return pipe(
    trainTestSplit({ testFraction: options.test, stratify })(dataset, testKey),
    E.chain((first) =>
      options.validation === 0
        ? E.right({ ...first, validation: null, validationIndices: [] })
        : E.map((second: Split): ThreeWaySplit => ({
            train: second.train,
            validation: second.test,
            test: first.test,
            trainIndices: second.trainIndices.map((i) => first.trainIndices[i]!),
            validationIndices: second.testIndices.map((i) => first.trainIndices[i]!),
            testIndices: first.testIndices
          }))(
            trainTestSplit({ testFraction: options.validation / (1 - options.test), stratify })(
              first.train,
              validationKey
            )
          )
    )
  )
}

/**
 * k-fold cross-validation's folds: one permutation drawn from the key, then the samples take the
 * folds in turn in that order (stratified: class by class, each class in that order), so fold
 * sizes differ by at most one, and, stratified, so do each class's counts in the folds. Fold `i` is the test part of split `i`, the other
 * folds its training part.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Data, Random } from 'gradfold'
 * pipe(
 *   Random.key(0),
 *   E.chainW((key) => Data.kFold({ folds: 5, stratify: true })(Data.iris, key)),
 *   E.map((folds) => folds.map((f) => Data.labels(f.test).filter((c) => c === 0).length))
 * ) // right([10, 10, 10, 10, 10])
 *
 * @category combinators
 * @since 0.3.0
 */
export const kFold =
  (options: { readonly folds: number; readonly stratify?: boolean }) =>
  (dataset: Dataset, key: Key): E.Either<DataError, ReadonlyArray<Split>> =>
    guarded(
      'kFold',
      [
        ['options', options, record],
        ['dataset', dataset, datasetKind],
        ['key', key, keyKind]
      ],
      () => folds(options, dataset, key)
    )

const folds = (
  options: { readonly folds: number; readonly stratify?: boolean },
  dataset: Dataset,
  key: Key
): E.Either<DataError, ReadonlyArray<Split>> => {
  const n = size(dataset)
  const k = options.folds
  if (!(Number.isSafeInteger(k) && k >= 2 && k <= n))
    return E.left(invalidArgument('kFold', `folds is ${describe(k)}; expected a whole number from 2 to ${n}`))
  const { of, sizes } = strata(dataset, options.stratify ?? false)
  return E.chain((order: ReadonlyArray<number>): E.Either<DataError, ReadonlyArray<Split>> => {
    // class by class (each in the drawn order), the samples take the folds in turn
    const byClass: ReadonlyArray<Array<number>> = sizes.map(() => [])
    for (const i of order) byClass[of[i]!]!.push(i)
    const foldOf = new Array<number>(n).fill(0)
    let position = 0
    for (const members of byClass) for (const i of members) foldOf[i] = position++ % k
    const rows = foldOf.map((_, i) => i)
    if (new Set(foldOf).size < k)
      return E.left(invalidArgument('kFold', `${k} folds of ${n} samples leave a fold empty`))
    return E.right(
      Array.from({ length: k }, (_, f) => {
        const testIndices = rows.filter((i) => foldOf[i] === f)
        const trainIndices = rows.filter((i) => foldOf[i] !== f)
        return Object.freeze({
          train: unsafeTake(trainIndices, dataset),
          test: unsafeTake(testIndices, dataset),
          trainIndices,
          testIndices
        })
      })
    )
  })(permutation(n)(key))
}
