/**
 * The batches of one epoch, described rather than built: a plan holds the data set, the batch
 * size, the number of batches and, when shuffling, the epoch's order of the samples. Batch `i`
 * is materialised on demand ({@link batchAt}), so an epoch over a million samples never holds
 * all its batches at once, and a fold over them ({@link foldBatches}) is a plain loop.
 *
 * Batch `i` holds the samples at positions `i·b … min((i + 1)·b, n) − 1` of the epoch's order:
 * the data-set order without shuffling (consecutive slices), otherwise
 * `shuffleOrder(n)(key, epoch)`, a permutation drawn from `foldIn(epoch)(key)`. So the order
 * of epoch `k` depends on the run key and `k` alone: not on the batch size, not on the data's
 * values, not on the epochs before it, and a run resumed at epoch `k` sees the same batches.
 *
 * Laws (checked in `laws/data.laws.test.ts`): each epoch holds every sample exactly once, but
 * for the `n mod b` dropped by `dropLast`; the same key and epoch give bit-identical batches.
 *
 * @since 0.1.0
 */
import { describe } from '../tensor/describe.js'
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import * as O from '#fp-ts/Option.js'
import { foldIn, type Key } from '../random/Key.js'
import { permutation } from '../random/permutation.js'
import { checkArguments, func, guarded, showWrong } from '../tensor/guards.js'
import { invalidArgument, type InvalidArgument } from '../tensor/TensorError.js'
import { batchSize, dropsLast, type Batching } from './Batching.js'
import type { DataError } from './DataError.js'
import { size, type Dataset } from './Dataset.js'
import { batchingKind, datasetKind, keyKind, planKind } from './kinds.js'
import { unsafeSliceView, unsafeTake } from './select.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The samples of one gradient step: a data set of `b` rows.
 *
 * @category model
 * @since 0.1.0
 */
export type Batch = Dataset

/**
 * @category model
 * @since 0.1.0
 */
export interface EpochPlan {
  readonly _tag: 'EpochPlan'
  readonly dataset: Dataset
  readonly batching: Batching
  readonly epoch: number
  /** Samples per batch; the last batch may hold fewer unless the batching drops it. */
  readonly batchSize: number
  readonly batchCount: number
  /** The epoch's order of the samples when shuffling; `none` is data-set order. */
  readonly order: O.Option<ReadonlyArray<number>>
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The order of the `n` samples in epoch `epoch` of a shuffled run: `permutation(n)` drawn from
 * `foldIn(epoch)(key)`.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Random } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * pipe(Random.key(0), E.chainW((k) => Advanced.Data.shuffleOrder(5)(k, 3))) // right: 0..4 in epoch 3's order
 *
 * @category constructors
 * @since 0.1.0
 */
export const shuffleOrder =
  (n: number) =>
  (key: Key, epoch: number): E.Either<DataError, ReadonlyArray<number>> =>
    pipe(foldIn(epoch)(key), E.chain(permutation(n)))

const checkEpoch = (epoch: number): E.Either<DataError, number> =>
  Number.isSafeInteger(epoch) && epoch >= 0
    ? E.right(epoch)
    : E.left(invalidArgument('plan', `epoch is ${describe(epoch)}; expected a non-negative safe integer`))

/**
 * The plan of epoch `epoch` (0, 1, …) over `dataset`: its batch size, its number of batches
 * (`⌈n / b⌉`, or `⌊n / b⌋` with `dropLast`) and, when shuffling, its order. The key is used
 * only when shuffling. A batch size that is not an integer from 1 to `n`, or an epoch that is
 * not a non-negative integer, answers a Left before anything is drawn.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Data, Random } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // epoch 0 over the bundled 30 samples
 * const epoch0 = (b: E.Either<Data.DataError, Data.Batching>) =>
 *   pipe(E.Do, E.apSW('b', b), E.apSW('key', Random.key(0)), E.chainW(({ b, key }) => Advanced.Data.plan(b)(Data.threeClass, key, 0)))
 * pipe(epoch0(Data.miniBatch(4)), E.map((p) => p.batchCount)) // right(8): seven batches of 4, then one of 2
 * pipe(epoch0(Data.miniBatch(31)), E.map((p) => p.batchSize)) // right(30): the whole set
 * epoch0(Data.miniBatch(0)) // left: batch size is 0; expected a whole number ≥ 1
 *
 * @category constructors
 * @since 0.1.0
 */
export const plan =
  (batching: Batching) =>
  (dataset: Dataset, key: Key, epoch: number): E.Either<DataError, EpochPlan> =>
    guarded(
      'plan',
      [
        ['batching', batching, batchingKind],
        ['dataset', dataset, datasetKind],
        ['key', key, keyKind]
      ],
      () => planned(batching, dataset, key, epoch)
    )

/**
 * `plan(batching)` for one data set and key, checked once: the plan of each later epoch of an
 * unshuffled batching is then a record, the first plan with its epoch changed. It answers
 * what `plan(batching)(dataset, key, epoch)` answers, at every epoch (a shuffled batching, an
 * invalid epoch, or a batching the data set refuses take that call itself).
 *
 * @internal
 */
export const planner = (batching: Batching) => (dataset: Dataset, key: Key) => {
  const first = plan(batching)(dataset, key, 0)
  if (E.isLeft(first) || batching.shuffle) return (epoch: number) => plan(batching)(dataset, key, epoch)
  const { batchSize, batchCount, order } = first.right
  return (epoch: number): E.Either<DataError, EpochPlan> =>
    !Number.isSafeInteger(epoch) || epoch < 0
      ? plan(batching)(dataset, key, epoch)
      : E.right(Object.freeze({ _tag: 'EpochPlan' as const, dataset, batching, epoch, batchSize, batchCount, order }))
}

const planned = (batching: Batching, dataset: Dataset, key: Key, epoch: number): E.Either<DataError, EpochPlan> => {
  const n = size(dataset)
  return pipe(
    E.Do,
    E.apS('b', batchSize(n)(batching)),
    E.apS('k', checkEpoch(epoch)),
    E.bind('order', ({ k }) =>
      batching.shuffle
        ? pipe(
            shuffleOrder(n)(key, k),
            E.map((o) => O.some(Object.freeze(o)))
          )
        : E.right(O.none)
    ),
    E.map(({ b, k, order }) =>
      Object.freeze({
        _tag: 'EpochPlan' as const,
        dataset,
        batching,
        epoch: k,
        batchSize: b,
        batchCount: dropsLast(batching) ? Math.floor(n / b) : Math.ceil(n / b),
        order
      })
    )
  )
}

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

const startOf = (i: number, p: EpochPlan): number => i * p.batchSize
const endOf = (i: number, p: EpochPlan): number => Math.min(startOf(i, p) + p.batchSize, size(p.dataset))

const unsafeIndices = (i: number, p: EpochPlan): ReadonlyArray<number> =>
  O.isSome(p.order)
    ? p.order.value.slice(startOf(i, p), endOf(i, p))
    : Array.from({ length: endOf(i, p) - startOf(i, p) }, (_, j) => startOf(i, p) + j)

// The unshuffled batches of a data set, per batch size, made once and handed out again every
// epoch: views of the data set's arrays, so that an unshuffled epoch allocates no batch at all.
// Kept only as long as the data set itself is.
const views = new WeakMap<Dataset, Map<number, Array<Batch | undefined>>>()

/** Batch `i` of an unshuffled plan: a view of consecutive rows, made at its first use. */
const viewAt = (i: number, p: EpochPlan): Batch => {
  let bySize = views.get(p.dataset)
  if (bySize === undefined) views.set(p.dataset, (bySize = new Map()))
  let batches = bySize.get(p.batchSize)
  if (batches === undefined) bySize.set(p.batchSize, (batches = []))
  return (batches[i] ??= unsafeSliceView(startOf(i, p), endOf(i, p), p.dataset))
}

/**
 * Batch `i` of `p`, unchecked: the caller vouches that `i` is an integer from 0 to
 * `p.batchCount − 1` (the epoch's own loop over its batches).
 *
 * @internal
 */
export const unsafeBatchAt = (i: number, p: EpochPlan): Batch =>
  O.isSome(p.order) ? unsafeTake(unsafeIndices(i, p), p.dataset) : viewAt(i, p)

const checkBatch =
  (op: string) =>
  (i: number, p: EpochPlan): E.Either<DataError, number> =>
    !planKind.test(p)
      ? E.left(invalidArgument(op, showWrong({ name: 'the plan', value: p, expected: planKind.expected })))
      : Number.isInteger(i) && i >= 0 && i < p.batchCount
        ? E.right(i)
        : E.left(
            invalidArgument(
              op,
              `batch ${describe(i)} of an epoch of ${p.batchCount}; expected an integer from 0 to ${p.batchCount - 1}`
            )
          )

/**
 * The data-set rows of batch `i`, in batch order.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Data, Random } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * const epoch0 = (b: E.Either<Data.DataError, Data.Batching>) =>
 *   pipe(E.Do, E.apSW('b', b), E.apSW('key', Random.key(0)), E.chainW(({ b, key }) => Advanced.Data.plan(b)(Data.threeClass, key, 0)))
 * pipe(epoch0(Data.miniBatch(4)), E.chain(Advanced.Data.batchIndices(7))) // right([28, 29]): the last, smaller batch
 * pipe(epoch0(Data.miniBatch(4, { shuffle: true })), E.chain(Advanced.Data.batchIndices(0))) // right([5, 26, 19, 29]), from key 0 and epoch 0 alone
 *
 * @category destructors
 * @since 0.1.0
 */
export const batchIndices =
  (i: number) =>
  (p: EpochPlan): E.Either<DataError, ReadonlyArray<number>> =>
    pipe(
      checkBatch('batchIndices')(i, p),
      E.map(() => unsafeIndices(i, p))
    )

/**
 * Batch `i` of the epoch, materialised: the data set's rows at `batchIndices(i)`. A shuffled
 * batch is gathered into fresh arrays; an unshuffled one (consecutive rows) is a view of the data
 * set's arrays, not a copy (tensors are never written, so sharing is safe).
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Data, Random } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * pipe(
 *   Random.key(0),
 *   E.chainW((key) => Advanced.Data.plan(Data.stochastic())(Data.threeClass, key, 0)),
 *   E.chain(Advanced.Data.batchAt(0)),
 *   E.map((batch) => batch.inputs)
 * ) // right: the first sample alone, a [1, 3] tensor holding 1.81, -0.44, -0.18
 *
 * @category destructors
 * @since 0.1.0
 */
export const batchAt =
  (i: number) =>
  (p: EpochPlan): E.Either<DataError, Batch> =>
    pipe(
      checkBatch('batchAt')(i, p),
      E.map(() => unsafeBatchAt(i, p))
    )

/**
 * Every batch of the epoch at once, in order. For small data sets and inspection; a training
 * loop folds over them one at a time with {@link foldBatches}.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Data, Random } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // three rows in batches of 2, not shuffled: rows 0 and 1, then row 2
 * pipe(
 *   E.Do,
 *   E.apSW('data', Data.fromRows([[1], [2], [3]], [[10], [20], [30]])),
 *   E.apSW('batching', Data.miniBatch(2)),
 *   E.apSW('key', Random.key(0)),
 *   E.chainW(({ data, batching, key }) => Advanced.Data.plan(batching)(data, key, 0)),
 *   E.map((p) => Advanced.Data.batches(p).map((b) => b.inputs))
 * ) // right([[[1], [2]], [[3]]])
 *
 * @category destructors
 * @since 0.1.0
 */
export const batches = (p: EpochPlan): ReadonlyArray<Batch> =>
  Array.from({ length: p.batchCount }, (_, i) => unsafeBatchAt(i, p))

// -------------------------------------------------------------------------------------
// folding
// -------------------------------------------------------------------------------------

/**
 * A left fold of `f` over the epoch's batches in order, stopping at the first Left, which it
 * answers. Each batch is materialised just before `f` sees it; the loop is flat, so the stack
 * does not grow with the number of batches.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Data, Random } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // count the samples of an epoch, batch by batch
 * pipe(
 *   E.Do,
 *   E.apSW('key', Random.key(0)),
 *   E.apSW('batching', Data.miniBatch(4)),
 *   E.chainW(({ key, batching }) => Advanced.Data.plan(batching)(Data.threeClass, key, 0)),
 *   E.chainW(Advanced.Data.foldBatches(0, (seen, batch) => E.right(seen + Data.size(batch))))
 * ) // right(30)
 *
 * @category folding
 * @since 0.1.0
 */
export const foldBatches =
  <L, B>(b: B, f: (b: B, batch: Batch, i: number) => E.Either<L, B>) =>
  (p: EpochPlan): E.Either<L | InvalidArgument, B> => {
    const wrong = checkArguments('foldBatches', [
      ['f', f, func],
      ['the plan', p, planKind]
    ])
    if (E.isLeft(wrong)) return wrong
    let acc = b
    for (let i = 0; i < p.batchCount; i++) {
      const next = f(acc, unsafeBatchAt(i, p), i)
      if (E.isLeft(next)) return next
      acc = next.right
    }
    return E.right(acc)
  }
