/**
 * fast-check arbitraries for training runs: optimizers as a user builds them (plain, with
 * momentum, adaptive, chained with clipping), stop rules, watched metrics, and whole run
 * configurations for a least-squares problem.
 *
 * @since 0.2.0
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { adagrad, adam, momentum, nesterov, rmsprop, sgd } from '../../src/optim/alias.js'
import { chain } from '../../src/optim/chain.js'
import { clipByGlobalNorm } from '../../src/optim/clipByGlobalNorm.js'
import type { GradientTransformation } from '../../src/optim/GradientTransformation.js'
import type { OptimError } from '../../src/optim/OptimError.js'
import type { History, Measure, Watch } from '../../src/train/bookkeeping/History.js'
import {
  any,
  unsafeLossBelow,
  unsafeNoImprovement,
  unsafeTargetAccuracy,
  type StopRule
} from '../../src/train/bookkeeping/stopRules.js'

const built = <S>(t: E.Either<OptimError, GradientTransformation<S>>): GradientTransformation<unknown> => {
  if (E.isLeft(t)) throw new Error(`an arbitrary built a bad optimizer: ${t.left.message}`)
  return t.right as GradientTransformation<unknown>
}

/**
 * An optimizer of the library with a small learning rate: sgd, momentum, nesterov, adam,
 * rmsprop, adagrad, or sgd after clipping by the global norm.
 *
 * @category optimizers
 * @since 0.2.0
 */
export const optimizer = (lr: number): fc.Arbitrary<GradientTransformation<unknown>> =>
  fc
    .constantFrom<() => GradientTransformation<unknown>>(
      () => built(sgd(lr)),
      () => built(momentum(lr, 0.9)),
      () => built(nesterov(lr, 0.5)),
      () => built(adam({ lr })),
      () => built(rmsprop({ lr })),
      () => built(adagrad({ lr })),
      () => chain(built(clipByGlobalNorm(1)), built(sgd(lr))) as GradientTransformation<unknown>
    )
    .map((make) => make())

/**
 * No stop rule, or one of the library's, or two of them under `any`.
 *
 * @category stop rules
 * @since 0.2.0
 */
export const stopRule: fc.Arbitrary<StopRule | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.double({ min: 1e-3, max: 10, noNaN: true }).map((t) => unsafeLossBelow(t)),
  fc.integer({ min: 1, max: 3 }).map((p) => unsafeNoImprovement(p)),
  fc.double({ min: 0, max: 1, noNaN: true }).map((a) => unsafeTargetAccuracy(a)),
  fc
    .tuple(fc.integer({ min: 1, max: 3 }), fc.double({ min: 1e-3, max: 10, noNaN: true }))
    .map(([p, t]) => any(unsafeNoImprovement(p), unsafeLossBelow(t)))
)

/**
 * A metric a regression run can watch.
 *
 * @category stop rules
 * @since 0.2.0
 */
export const regressionWatch: fc.Arbitrary<Watch> = fc.record({
  metric: fc.constantFrom('loss' as const, 'mse' as const, 'mae' as const, 'r2' as const)
})

const anyDouble = fc.double({ noNaN: true, noDefaultInfinity: true })
const count = fc.integer({ min: 0, max: 2 ** 31 })
/** fast-check's records have no prototype; a history from JSON has plain objects. */
const plain = <A extends object>(a: A): A => ({ ...a })

/**
 * A measure of either task: a classification's (with or without per-class reports) or a
 * regression's, with any finite numbers (−0 included).
 *
 * @category history
 * @since 0.2.0
 */
export const measure: fc.Arbitrary<Measure> = fc.oneof(
  fc.record({ loss: anyDouble, accuracy: anyDouble }).map(plain),
  fc
    .record({
      loss: anyDouble,
      accuracy: anyDouble,
      classes: fc.array(fc.record({ precision: anyDouble, recall: anyDouble, support: count }).map(plain), {
        maxLength: 4
      })
    })
    .map(plain),
  fc.record({ loss: anyDouble, mse: anyDouble, mae: anyDouble, r2: anyDouble }).map(plain)
)

/**
 * A history of up to 6 records, each with measures or `null` where an epoch was not measured.
 *
 * @category history
 * @since 0.2.0
 */
export const history: fc.Arbitrary<History> = fc.array(
  fc
    .record({
      epoch: count,
      step: count,
      batchLoss: anyDouble,
      train: fc.option(measure, { nil: null }),
      validation: fc.option(measure, { nil: null }),
      learningRate: fc.option(anyDouble, { nil: null })
    })
    .map(plain),
  { maxLength: 6 }
)
