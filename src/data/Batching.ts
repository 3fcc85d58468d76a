/**
 * How an epoch cuts the training set into batches, one gradient step per batch: the founding
 * text's three ways to descend.
 *
 * - `fullBatch`: the whole set in one batch, one step per epoch (batch gradient descent);
 * - `stochastic`: one sample per batch, `n` steps per epoch (stochastic gradient descent);
 * - `miniBatch(size)`: batches of `size` samples; the last, smaller batch is kept unless
 *   `dropLast` is asked for (mini-batch gradient descent). A size larger than the data set takes
 *   the whole set, as tfjs and Keras do; a size that is not a whole number ≥ 1 is refused when
 *   the batching is made.
 *
 * Each takes `{ shuffle }` (default `false`). Without shuffling, batches are consecutive slices
 * in data-set order; with it, the order of epoch `k` is a permutation drawn from the run key and
 * `k` alone (see `EpochPlan.ts`).
 *
 * Laws: `fullBatch(o)` plans exactly the batches of `miniBatch(n, o)`, and `stochastic(o)`
 * those of `miniBatch(1, o)`.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { describe, ownValue } from '../tensor/describe.js'
import { invalidArgument } from '../tensor/TensorError.js'
import { invalidBatchSize, type DataError } from './DataError.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * @category model
 * @since 0.1.0
 */
export interface FullBatch {
  readonly _tag: 'FullBatch'
  readonly shuffle: boolean
}

/**
 * @category model
 * @since 0.1.0
 */
export interface Stochastic {
  readonly _tag: 'Stochastic'
  readonly shuffle: boolean
}

/**
 * @category model
 * @since 0.1.0
 */
export interface MiniBatch {
  readonly _tag: 'MiniBatch'
  readonly size: number
  readonly dropLast: boolean
  readonly shuffle: boolean
}

/**
 * @category model
 * @since 0.1.0
 */
export type Batching = FullBatch | Stochastic | MiniBatch

/**
 * @category model
 * @since 0.1.0
 */
export interface BatchingOptions {
  /** Draw a fresh order of the samples each epoch (default `false`). */
  readonly shuffle?: boolean
}

/**
 * @category model
 * @since 0.1.0
 */
export interface MiniBatchOptions extends BatchingOptions {
  /** Leave out the last batch when it is smaller than `size` (default `false`). */
  readonly dropLast?: boolean
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The whole data set in one batch: batch gradient descent.
 *
 * @example
 * import { Data } from 'gradfold'
 * Data.fullBatch() // { _tag: 'FullBatch', shuffle: false }
 *
 * @category constructors
 * @since 0.1.0
 */
export const fullBatch = (options: BatchingOptions = {}): Batching => ({
  _tag: 'FullBatch',
  shuffle: options?.shuffle ?? false
})

/**
 * One sample per batch: stochastic gradient descent.
 *
 * @example
 * import { Data } from 'gradfold'
 * Data.stochastic({ shuffle: true }) // { _tag: 'Stochastic', shuffle: true }
 *
 * @category constructors
 * @since 0.1.0
 */
export const stochastic = (options: BatchingOptions = {}): Batching => ({
  _tag: 'Stochastic',
  shuffle: options?.shuffle ?? false
})

/**
 * Batches of `size` samples: mini-batch gradient descent. The size is checked against the data
 * set when an epoch is planned (an integer from 1 to `n`; `n` itself is allowed).
 *
 * @example
 * import { Data } from 'gradfold'
 * Data.miniBatch(8, { shuffle: true }) // right({ _tag: 'MiniBatch', size: 8, dropLast: false, shuffle: true })
 * Data.miniBatch(2.5) // left: batch size is 2.5; expected a whole number ≥ 1
 *
 * @category constructors
 * @since 0.1.0
 */
export const miniBatch = (size: number, options: MiniBatchOptions = {}): E.Either<DataError, Batching> =>
  validateBatching(unsafeMiniBatch(size, options))

/**
 * `miniBatch` unchecked, for a size known to be a whole number ≥ 1.
 *
 * @internal
 */
export const unsafeMiniBatch = (size: number, options: MiniBatchOptions = {}): Batching => ({
  _tag: 'MiniBatch',
  size,
  dropLast: options?.dropLast ?? false,
  shuffle: options?.shuffle ?? false
})

// -------------------------------------------------------------------------------------
// validation
// -------------------------------------------------------------------------------------

const isFlag = (u: unknown): boolean => u === undefined || typeof u === 'boolean'

/**
 * Right when `u` is a batching: one of the three tags, `shuffle` (and `dropLast`) booleans, and
 * a mini-batch size that is a whole number ≥ 1. Whatever arrives from JSON or a user's record is
 * checked here before an epoch is planned from it.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Data.validateBatching({ _tag: 'FullBatch', shuffle: false }) // right({ _tag: 'FullBatch', shuffle: false })
 * Advanced.Data.validateBatching({ _tag: 'MiniBatch', size: 0, dropLast: false, shuffle: false }) // left: batch size is 0; expected a whole number ≥ 1
 * Advanced.Data.validateBatching(null) // left: batching: expected { _tag: 'FullBatch' | 'Stochastic' | 'MiniBatch', ... }, got null
 *
 * @category validation
 * @since 0.2.0
 */
export const validateBatching = (u: unknown): E.Either<DataError, Batching> => {
  const b = (typeof u === 'object' && u !== null ? u : {}) as Partial<Omit<MiniBatch, '_tag'>> & {
    readonly _tag?: unknown
  }
  const tag = ownValue(b, '_tag')
  if (tag !== 'FullBatch' && tag !== 'Stochastic' && tag !== 'MiniBatch')
    return E.left(
      invalidArgument(
        'batching',
        `expected { _tag: 'FullBatch' | 'Stochastic' | 'MiniBatch', ... }, got ${describe(u)}`
      )
    )
  if (!isFlag(b.shuffle) || (tag === 'MiniBatch' && !isFlag(b.dropLast)))
    return E.left(invalidArgument('batching', 'shuffle and dropLast are true or false'))
  if (tag === 'MiniBatch' && !(Number.isSafeInteger(b.size) && (b.size as number) >= 1))
    return E.left(invalidBatchSize(b.size))
  return E.right(u as Batching)
}

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * The number of samples per batch for a data set of `n` samples: `n` for `fullBatch`, 1 for
 * `stochastic`, `size` for `miniBatch`, or `n` when `size` is larger (the whole set, as tfjs and
 * Keras take it).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Data } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * pipe(Data.miniBatch(4), E.chain(Advanced.Data.batchSize(10))) // right(4)
 * pipe(Data.miniBatch(40), E.chain(Advanced.Data.batchSize(10))) // right(10): the whole set
 *
 * @category destructors
 * @since 0.1.0
 */
export const batchSize =
  (n: number) =>
  (b: Batching): E.Either<DataError, number> => {
    if (!Number.isSafeInteger(n) || n < 1)
      return E.left(invalidArgument('batchSize', `the data set size is ${describe(n)}; expected a whole number ≥ 1`))
    return E.map((c: Batching) => (c._tag === 'FullBatch' ? n : c._tag === 'Stochastic' ? 1 : Math.min(c.size, n)))(
      validateBatching(b)
    )
  }

/**
 * The last batch is left out when it is smaller than the others.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Data } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * pipe(Data.miniBatch(4, { dropLast: true }), E.map(Advanced.Data.dropsLast)) // right(true)
 * Advanced.Data.dropsLast(Data.fullBatch()) // => false
 *
 * @category destructors
 * @since 0.1.0
 */
export const dropsLast = (b: Batching): boolean =>
  E.isRight(validateBatching(b)) && b._tag === 'MiniBatch' && b.dropLast

/**
 * A short description for reports: `full batch`, `stochastic`, `mini-batch of 8`, with
 * `, shuffled` and `, last dropped` when they apply.
 *
 * @example
 * import { Data } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Data.showBatching(Data.stochastic({ shuffle: true })) // 'stochastic, shuffled'
 *
 * @category destructors
 * @since 0.1.0
 */
export const showBatching = (b: Batching): string => {
  if (E.isLeft(validateBatching(b))) return `not a batching (${describe(b)})`
  const mode =
    b._tag === 'FullBatch' ? 'full batch' : b._tag === 'Stochastic' ? 'stochastic' : `mini-batch of ${b.size}`
  return `${mode}${b.shuffle ? ', shuffled' : ''}${dropsLast(b) ? ', last dropped' : ''}`
}
