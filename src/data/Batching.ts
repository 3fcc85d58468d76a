/**
 * How an epoch cuts the training set into batches, one gradient step per batch: the founding
 * text's three ways to descend.
 *
 * - `fullBatch`: the whole set in one batch, one step per epoch (batch gradient descent);
 * - `stochastic`: one sample per batch, `n` steps per epoch (stochastic gradient descent);
 * - `miniBatch(size)`: batches of `size` samples; the last, smaller batch is kept unless
 *   `dropLast` is asked for (mini-batch gradient descent).
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
import * as E from 'fp-ts/lib/Either.js'
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
  shuffle: options.shuffle ?? false
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
  shuffle: options.shuffle ?? false
})

/**
 * Batches of `size` samples: mini-batch gradient descent. The size is checked against the data
 * set when an epoch is planned (an integer from 1 to `n`; `n` itself is allowed).
 *
 * @example
 * import { Data } from 'gradfold'
 * Data.miniBatch(8, { shuffle: true }) // { _tag: 'MiniBatch', size: 8, dropLast: false, shuffle: true }
 *
 * @category constructors
 * @since 0.1.0
 */
export const miniBatch = (size: number, options: MiniBatchOptions = {}): Batching => ({
  _tag: 'MiniBatch',
  size,
  dropLast: options.dropLast ?? false,
  shuffle: options.shuffle ?? false
})

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * The number of samples per batch for a data set of `n` samples: `n` for `fullBatch`, 1 for
 * `stochastic`, `size` for `miniBatch` once checked (an integer from 1 to `n`).
 *
 * @example
 * import { Data } from 'gradfold'
 * Data.batchSize(10)(Data.miniBatch(4)) // right(4)
 * Data.batchSize(10)(Data.miniBatch(0)) // left: batch size is 0; expected an integer from 1 to 10, ...
 *
 * @category destructors
 * @since 0.1.0
 */
export const batchSize =
  (n: number) =>
  (b: Batching): E.Either<DataError, number> => {
    switch (b._tag) {
      case 'FullBatch':
        return E.right(n)
      case 'Stochastic':
        return E.right(1)
      case 'MiniBatch':
        return Number.isInteger(b.size) && b.size >= 1 && b.size <= n
          ? E.right(b.size)
          : E.left(invalidBatchSize(b.size, n))
    }
  }

/**
 * The last batch is left out when it is smaller than the others.
 *
 * @category destructors
 * @since 0.1.0
 */
export const dropsLast = (b: Batching): boolean => b._tag === 'MiniBatch' && b.dropLast

/**
 * A short description for reports: `full batch`, `stochastic`, `mini-batch of 8`, with
 * `, shuffled` and `, last dropped` when they apply.
 *
 * @example
 * import { Data } from 'gradfold'
 * Data.showBatching(Data.miniBatch(8, { shuffle: true })) // 'mini-batch of 8, shuffled'
 *
 * @category destructors
 * @since 0.1.0
 */
export const showBatching = (b: Batching): string => {
  const mode =
    b._tag === 'FullBatch' ? 'full batch' : b._tag === 'Stochastic' ? 'stochastic' : `mini-batch of ${b.size}`
  return `${mode}${b.shuffle ? ', shuffled' : ''}${dropsLast(b) ? ', last dropped' : ''}`
}
