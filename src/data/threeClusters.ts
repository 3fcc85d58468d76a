/**
 * A small, well-separated 3-class data set for the founding text's worked example: 3 input
 * features, 3 classes, made for the 3-2-3 sigmoid network with no biases.
 *
 * Class `c` is a Gaussian blob around `2 · e_c`, the corner `(2, 0, 0)`, `(0, 2, 0)` or
 * `(0, 0, 2)`. Why these centres suit a network without biases: every decision it makes is
 * through the origin. A hidden unit `σ(x · w)` with `w = (1, 0, −1)` is high for class 0, low
 * for class 2 and ½ for class 1, and `w = (−1, 0, 1)` the other way round, so the two hidden
 * units map the classes to three directions of the hidden square, `(1, 0)`, `(½, ½)` and
 * `(0, 1)`; three output units `σ(h · v)` scoring those directions (`v` along each) then pick
 * the class by arg-max, all without a bias. The blobs are `spread` wide (default 0.25) and
 * their centres 2√2 ≈ 2.83 apart, so with the default spread the classes are separated by
 * about eleven standard deviations and a no-bias network can classify every sample.
 *
 * Samples are interleaved, class `i mod 3` at row `i`, so that consecutive mini-batches hold
 * every class even without shuffling.
 *
 * The network can still fail from a poor start, and the data cannot prevent it: trained with
 * `½ Σ (ŷ − y)²` from weights drawn as N(0, 0.5²), more than a third of such starts end at
 * accuracy 2/3, with one class sent to the hidden corner `(0, 0)`, where every output is `σ(0) =
 * ½` and the saturated sigmoids pass back almost no gradient. That is the limit of two hidden
 * units without biases; the tests train from a start that succeeds (`key(2)`).
 *
 * @since 0.1.0
 */
import { describe } from '../tensor/describe.js'
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import type { Key } from '../random/Key.js'
import { normal } from '../random/normal.js'
import { MAX_ELEMENTS, unsafeMake } from '../tensor/Tensor.js'
import { guarded, record } from '../tensor/guards.js'
import { invalidArgument } from '../tensor/TensorError.js'
import type { DataError } from './DataError.js'
import { fromLabels, type Dataset } from './Dataset.js'
import { keyKind } from './kinds.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * @category model
 * @since 0.1.0
 */
export interface ThreeClustersOptions {
  /** Samples of each class (default 20), an integer of at least 1. */
  readonly perClass?: number
  /** Standard deviation of each blob along each axis (default 0.25), finite and ≥ 0. */
  readonly spread?: number
}

/**
 * The distance of each centre from the origin along its own axis.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Data, Random } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Data.CENTRE // => 2
 * // with no spread every sample sits on its class's centre: 2 along the class's own axis
 * pipe(Random.key(0), E.chainW(Data.threeClusters({ perClass: 1, spread: 0 })), E.map((d) => d.inputs)) // right([[2, 0, 0], [0, 2, 0], [0, 0, 2]])
 *
 * @category model
 * @since 0.1.0
 */
export const CENTRE = 2

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const checkOptions = (perClass: unknown, spread: unknown): E.Either<DataError, readonly [number, number]> =>
  typeof perClass !== 'number' || !Number.isInteger(perClass) || perClass < 1 || 9 * perClass > MAX_ELEMENTS
    ? E.left(
        invalidArgument(
          'threeClusters',
          `perClass is ${describe(perClass)}; expected an integer from 1 to ${Math.floor(MAX_ELEMENTS / 9)}`
        )
      )
    : !(typeof spread === 'number' && Number.isFinite(spread) && spread >= 0 && spread <= 1e100)
      ? E.left(invalidArgument('threeClusters', `spread is ${describe(spread)}; expected a number from 0 to 1e100`))
      : E.right([perClass, spread] as const)

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * `3 · perClass` samples with 3 features and one-hot targets for 3 classes: row `i` is of class
 * `c = i mod 3`, drawn from a normal distribution around `2 · e_c` with standard deviation
 * `spread` on each axis. The same key and options give the same data set, bit for bit.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Data, Random } from 'gradfold'
 * pipe(Random.key(0), E.chainW(Data.threeClusters({ perClass: 10 }))) // right: 30 samples, 3 features, 3 classes
 *
 * @category constructors
 * @since 0.1.0
 */
export const threeClusters =
  (options: ThreeClustersOptions = {}) =>
  (key: Key): E.Either<DataError, Dataset> =>
    guarded(
      'threeClusters',
      [
        ['options', options, record],
        ['key', key, keyKind]
      ],
      () => clusters(options, key)
    )

const clusters = (options: ThreeClustersOptions, key: Key): E.Either<DataError, Dataset> =>
  pipe(
    checkOptions(options.perClass ?? 20, options.spread ?? 0.25),
    E.chainW(([perClass, spread]) => normal([3 * perClass, 3], { std: spread })(key)),
    E.chainW((noise) => {
      const n = noise.shape[0] as number
      const x = Float64Array.from(noise.data)
      for (let i = 0; i < n; i++) x[3 * i + (i % 3)] = (x[3 * i + (i % 3)] as number) + CENTRE
      return fromLabels(3)(
        unsafeMake([n, 3], x),
        Array.from({ length: n }, (_, i) => i % 3)
      )
    })
  )
