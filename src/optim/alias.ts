/**
 * The optimizers, each a chain of this module's transformations ending with the learning rate,
 * with PyTorch's hyperparameter names, defaults and documented update rules (`torch.optim`), so
 * that a trajectory can be checked against PyTorch's:
 *
 * | optimizer | chain | PyTorch |
 * |---|---|---|
 * | `sgd(lr)` | scaleByLearningRate | `SGD(lr)` |
 * | `momentum(lr, μ)` | traceMomentum, scaleByLearningRate | `SGD(lr, momentum=μ)` |
 * | `nesterov(lr, μ)` | traceMomentum (Nesterov), scaleByLearningRate | `SGD(lr, momentum=μ, nesterov=True)` |
 * | `adam({ lr, b1, b2, eps })` | scaleByAdam, scaleByLearningRate | `Adam(lr, betas=(b1, b2), eps)` |
 * | `adamw({ …, weightDecay })` | scaleByAdam, addDecayedWeights, scaleByLearningRate | `AdamW(…, weight_decay)` |
 * | `rmsprop({ lr, alpha, eps })` | scaleByRms, scaleByLearningRate | `RMSprop(lr, alpha, eps)` |
 * | `adagrad({ lr, eps, initialAccumulatorValue })` | scaleByRss, scaleByLearningRate | `Adagrad(lr, eps=eps, initial_accumulator_value)` |
 *
 * Each constructor checks its hyperparameters and answers an `InvalidHyperparameter` naming the
 * field as written here (`lr`, `b1`, `alpha`, …). A learning rate may be a schedule; an
 * optimizer's `learningRate(state)` reads the rate its next update will use. Coupled L2 decay
 * (PyTorch's `weight_decay` of the others) is `chainResults(addDecayedWeights(wd), optimizer)`.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import { uncheckedAddDecayedWeights } from './addDecayedWeights.js'
import { chain } from './chain.js'
import type { EmptyState, GradientTransformation } from './GradientTransformation.js'
import {
  validateFields,
  validateKinds,
  learningRateKind,
  nonNegativeRange,
  positiveRange,
  unitIntervalRange,
  withOptions,
  type Field
} from './hyperparameters.js'
import type { OptimizerEntry } from './Entry.js'
import type { OptimError } from './OptimError.js'
import {
  adamFields,
  uncheckedScaleByAdam,
  withAdamDefaults,
  type AdamOptions,
  type ScaleByAdamState
} from './scaleByAdam.js'
import {
  learningRateAt,
  uncheckedScaleByLearningRate,
  type LearningRate,
  type ScaleByLearningRateState
} from './scaleByLearningRate.js'
import { rmsFields, uncheckedScaleByRms, withRmsDefaults, type RmsOptions, type ScaleByRmsState } from './scaleByRms.js'
import { rssFields, uncheckedScaleByRss, withRssDefaults, type ScaleByRssState } from './scaleByRss.js'
import { uncheckedTraceMomentum, type TraceMomentumState } from './traceMomentum.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A transformation that ends with a learning rate, and reads the rate in force from its state.
 *
 * @category model
 * @since 0.1.0
 */
export interface Optimizer<S> extends GradientTransformation<S> {
  readonly learningRate: (state: S) => E.Either<OptimError, number>
}

/**
 * Any optimizer, whatever its state.
 *
 * @category model
 * @since 0.3.0
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any state: Optimizer is invariant in it
export type AnyOptimizer = Optimizer<any>

/**
 * The state of `sgd`: the step count.
 *
 * @category model
 * @since 0.1.0
 */
export type SgdState = ScaleByLearningRateState
/**
 * The state of `momentum` and `nesterov`: the trace's, then the learning rate's.
 *
 * @category model
 * @since 0.1.0
 */
export type MomentumState = readonly [TraceMomentumState, ScaleByLearningRateState]
/**
 * The state of `adam`: the moments', then the learning rate's.
 *
 * @category model
 * @since 0.1.0
 */
export type AdamState = readonly [ScaleByAdamState, ScaleByLearningRateState]
/**
 * The state of `adamw`: the moments', the weight decay's (empty), the learning rate's.
 *
 * @category model
 * @since 0.1.0
 */
export type AdamWState = readonly [ScaleByAdamState, EmptyState, ScaleByLearningRateState]
/**
 * The state of `rmsprop`: the mean of squares', then the learning rate's.
 *
 * @category model
 * @since 0.1.0
 */
export type RmspropState = readonly [ScaleByRmsState, ScaleByLearningRateState]
/**
 * The state of `adagrad`: the sum of squares', then the learning rate's.
 *
 * @category model
 * @since 0.1.0
 */
export type AdagradState = readonly [ScaleByRssState, ScaleByLearningRateState]

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const lrField = (lr: LearningRate): ReadonlyArray<Field> =>
  typeof lr === 'number' ? [['lr', lr, nonNegativeRange]] : []

/** The rate is a number in range or a schedule. */
const checkRate = (name: string, lr: LearningRate): E.Either<OptimError, void> =>
  pipe(
    validateKinds(name, [['lr', lr, learningRateKind]]),
    E.flatMap(() => validateFields(name, lrField(lr)))
  )

/**
 * Checks `fields` and the rate once, under the optimizer's name, then builds it from unchecked
 * blocks; the last state is the rate's.
 *
 * @internal
 */
export const optimizer = <S extends ReadonlyArray<unknown>>(
  name: string,
  lr: LearningRate,
  fields: ReadonlyArray<Field>,
  build: () => GradientTransformation<S>
): E.Either<OptimError, Optimizer<S>> =>
  pipe(
    checkRate(name, lr),
    E.flatMap(() => validateFields(name, fields)),
    E.map(build),
    E.map((t) => ({
      ...t,
      learningRate: (s: S) => learningRateAt(lr)(s[s.length - 1] as ScaleByLearningRateState)
    }))
  )

// -------------------------------------------------------------------------------------
// optimizers
// -------------------------------------------------------------------------------------

/**
 * Gradient descent: `p ← p − lr·g`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * const p = { w1: 1, w2: 2 }
 * pipe(Optim.sgd(0.5), E.chain((opt) => opt.update({ w1: 0.5, w2: -1 }, opt.init(p), p)), E.chain(([u]) => Optim.applyUpdates(u)(p)))
 * // right({ w1: 0.75, w2: 2.5 })
 *
 * @category optimizers
 * @since 0.1.0
 */
export const sgd = (lr: LearningRate): E.Either<OptimError, Optimizer<SgdState>> =>
  pipe(
    checkRate('sgd', lr),
    E.map(() => uncheckedScaleByLearningRate(lr)),
    E.map((t) => ({ ...t, learningRate: learningRateAt(lr) }))
  )

/**
 * Heavy-ball momentum, PyTorch's: `v ← μ·v + g` (v = g on the first step), `p ← p − lr·v`.
 *
 * @example
 * import { Optim } from 'gradfold'
 * Optim.momentum(0.1, 0.9) // right(…)
 * Optim.momentum(0.1, 1) // left: momentum: momentum is 1; expected a number in [0, 1)
 *
 * @category optimizers
 * @since 0.1.0
 */
export const momentum = (lr: LearningRate, momentum: number): E.Either<OptimError, Optimizer<MomentumState>> =>
  optimizer('momentum', lr, [['momentum', momentum, unitIntervalRange]], () =>
    chain(uncheckedTraceMomentum({ decay: momentum }), uncheckedScaleByLearningRate(lr))
  )

/**
 * Nesterov momentum, PyTorch's: `v ← μ·v + g` (v = g on the first step), `p ← p − lr·(g + μ·v)`.
 *
 * @example
 * import { Optim } from 'gradfold'
 * Optim.nesterov(0.1, 0.9) // right(…)
 *
 * @category optimizers
 * @since 0.1.0
 */
export const nesterov = (lr: LearningRate, momentum: number): E.Either<OptimError, Optimizer<MomentumState>> =>
  optimizer('nesterov', lr, [['momentum', momentum, unitIntervalRange]], () =>
    chain(uncheckedTraceMomentum({ decay: momentum, nesterov: true }), uncheckedScaleByLearningRate(lr))
  )

/**
 * Adam, PyTorch's: `p ← p − lr·m̂ / (√v̂ + ε)` with bias-corrected moments (see `scaleByAdam`).
 * Defaults: lr = 1e-3, b1 = 0.9, b2 = 0.999, eps = 1e-8.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * // the first step moves every parameter by about lr, whatever the size of its gradient
 * const p = { w: 1, b: -1 }
 * pipe(
 *   Optim.adam({ lr: 0.01 }),
 *   E.chain((opt) => opt.update({ w: 1e-3, b: -50 }, opt.init(p), p)),
 *   E.chain(([updates]) => Optim.applyUpdates(updates)(p))
 * ) // right({ b: -0.990000000002, w: 0.990000099999 }): each moved by 0.01·|g| / (|g| + 1e-8)
 * Optim.adam({ b2: 1 }) // left: adam: b2 is 1; expected a number in [0, 1)
 *
 * @category optimizers
 * @since 0.1.0
 */
export const adam = (
  options: AdamOptions & { readonly lr?: LearningRate } = {}
): E.Either<OptimError, Optimizer<AdamState>> =>
  withOptions('adam', options, (options) => {
    const { lr = 1e-3 } = options
    return optimizer('adam', lr, adamFields(options), () =>
      chain(uncheckedScaleByAdam(withAdamDefaults(options)), uncheckedScaleByLearningRate(lr))
    )
  })

/**
 * AdamW, PyTorch's: `p ← p·(1 − lr·wd) − lr·m̂ / (√v̂ + ε)`, computed as `p − lr·(adam + wd·p)`.
 * Defaults: Adam's and weightDecay = 1e-2.
 *
 * @example
 * import { Optim } from 'gradfold'
 * Optim.adamw({ lr: 1e-3, weightDecay: 0.1 }) // right(…)
 *
 * @category optimizers
 * @since 0.1.0
 */
export const adamw = (
  options: AdamOptions & { readonly lr?: LearningRate; readonly weightDecay?: number } = {}
): E.Either<OptimError, Optimizer<AdamWState>> =>
  withOptions('adamw', options, (options) => {
    const { lr = 1e-3, weightDecay = 1e-2 } = options
    return optimizer('adamw', lr, [...adamFields(options), ['weightDecay', weightDecay, nonNegativeRange]], () =>
      chain(
        uncheckedScaleByAdam(withAdamDefaults(options)),
        uncheckedAddDecayedWeights(weightDecay),
        uncheckedScaleByLearningRate(lr)
      )
    )
  })

/**
 * RMSprop, PyTorch's: `v ← α·v + (1 − α)·g²`, `p ← p − lr·g / (√v + ε)`.
 * Defaults: lr = 1e-2, alpha = 0.99, eps = 1e-8.
 *
 * @example
 * import { Optim } from 'gradfold'
 * Optim.rmsprop({ lr: 1e-3 }) // right(…)
 *
 * @category optimizers
 * @since 0.1.0
 */
export const rmsprop = (
  options: { readonly lr?: LearningRate; readonly alpha?: number; readonly eps?: number } = {}
): E.Either<OptimError, Optimizer<RmspropState>> =>
  withOptions('rmsprop', options, (options) => {
    const { lr = 1e-2 } = options
    const rms: RmsOptions = {
      ...(options.alpha === undefined ? {} : { decay: options.alpha }),
      ...(options.eps === undefined ? {} : { eps: options.eps })
    }
    return optimizer('rmsprop', lr, rmsFields('alpha', rms), () =>
      chain(uncheckedScaleByRms(withRmsDefaults(rms)), uncheckedScaleByLearningRate(lr))
    )
  })

/**
 * Adagrad, PyTorch's: `s ← s + g²`, `p ← p − lr·g / (√s + ε)`.
 * Defaults: lr = 1e-2, eps = 1e-10, initialAccumulatorValue = 0.
 *
 * @example
 * import { Optim } from 'gradfold'
 * Optim.adagrad({ lr: 0.1 }) // right(…)
 * Optim.adagrad({ eps: 0 }) // left: adagrad: eps is 0; expected a finite number > 0
 *
 * @category optimizers
 * @since 0.1.0
 */
export const adagrad = (
  options: { readonly lr?: LearningRate; readonly eps?: number; readonly initialAccumulatorValue?: number } = {}
): E.Either<OptimError, Optimizer<AdagradState>> =>
  withOptions('adagrad', options, (options) => {
    const { lr = 1e-2, ...rss } = options
    return optimizer('adagrad', lr, rssFields(rss), () =>
      chain(uncheckedScaleByRss(withRssDefaults(rss)), uncheckedScaleByLearningRate(lr))
    )
  })

// -------------------------------------------------------------------------------------
// entries
// -------------------------------------------------------------------------------------

const entry = (name: string, fields: OptimizerEntry['fields'], build: OptimizerEntry['build']): OptimizerEntry => ({
  _tag: 'OptimizerEntry',
  name,
  fields,
  build
})

/**
 * The optimizers of this module as a config names them, with the hyperparameters a config
 * gives (PyTorch's names).
 *
 * @internal
 */
export const aliasEntries: ReadonlyArray<OptimizerEntry> = [
  entry('sgd', [], (lr) => sgd(lr)),
  entry('momentum', [['momentum', unitIntervalRange]], (lr, v) => momentum(lr, v['momentum'] as number)),
  entry('nesterov', [['momentum', unitIntervalRange]], (lr, v) => nesterov(lr, v['momentum'] as number)),
  entry(
    'adam',
    [
      ['b1', unitIntervalRange],
      ['b2', unitIntervalRange],
      ['eps', positiveRange]
    ],
    (lr, v) => adam({ lr, b1: v['b1'] as number, b2: v['b2'] as number, eps: v['eps'] as number })
  ),
  entry(
    'adamw',
    [
      ['b1', unitIntervalRange],
      ['b2', unitIntervalRange],
      ['eps', positiveRange],
      ['weightDecay', nonNegativeRange]
    ],
    (lr, v) =>
      adamw({
        lr,
        b1: v['b1'] as number,
        b2: v['b2'] as number,
        eps: v['eps'] as number,
        weightDecay: v['weightDecay'] as number
      })
  ),
  entry(
    'rmsprop',
    [
      ['alpha', unitIntervalRange],
      ['eps', positiveRange]
    ],
    (lr, v) => rmsprop({ lr, alpha: v['alpha'] as number, eps: v['eps'] as number })
  ),
  entry('adagrad', [['eps', positiveRange]], (lr, v) => adagrad({ lr, eps: v['eps'] as number }))
]
