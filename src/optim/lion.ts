/**
 * Lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms"): the sign of an
 * interpolated momentum, as lion-pytorch and Optax's `scale_by_lion` compute it:
 *
 *   c = β₁·m + (1 − β₁)·g,   update = −lr·(sign(c) + wd·p),   m ← β₂·m + (1 − β₂)·g
 *
 * with m starting at 0 and sign(±0) = ±0. `lion` is `chain(scaleByLion, addDecayedWeights(wd),
 * scaleByLearningRate(lr))`, as Optax builds it; lion-pytorch writes the decay first,
 * `p ← p·(1 − lr·wd) − lr·sign(c)`, the same step in exact arithmetic (its last bit may differ
 * when wd ≠ 0). Defaults are lion-pytorch's: lr = 1e-4, b1 = 0.9, b2 = 0.99, weightDecay = 0.
 *
 * Worked by hand (lr = 0.5, wd = 0.5, p = 1, gradients 2 then −1): c = 0.1·2 = 0.2, so the
 * update is −0.5·(1 + 0.5·1) = −0.75 and p = 0.25, m = 0.01·2 = 0.02; then c = 0.9·0.02 − 0.1 =
 * −0.082, the update is −0.5·(−1 + 0.5·0.25) = 0.4375 and p = 0.6875.
 *
 * @since 0.3.0
 */
import * as E from '#fp-ts/Either.js'
import { exactType } from '../codec/exact.js'
import { TreeC } from '../codec/TreeC.js'
import type { Tree } from '../tree/Tree.js'
import { zerosLike } from '../tree/vectorSpace.js'
import { unsafeZipWith } from '../tree/zipWith.js'
import { uncheckedAddDecayedWeights } from './addDecayedWeights.js'
import { optimizer, type Optimizer } from './alias.js'
import { chain } from './chain.js'
import type { BlockEntry, OptimizerEntry } from './Entry.js'
import { perLeaf, type FlatRule } from './FlatRule.js'
import {
  gradientTransformation,
  withForms,
  type EmptyState,
  type GradientTransformation
} from './GradientTransformation.js'
import { guardedInfallibleUpdate } from './guard.js'
import { nonNegativeRange, unitIntervalRange, validated, withOptions, type Field } from './hyperparameters.js'
import type { OptimError } from './OptimError.js'
import {
  uncheckedScaleByLearningRate,
  type LearningRate,
  type ScaleByLearningRateState
} from './scaleByLearningRate.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Lion's momentum, a tree of the parameters' structure.
 *
 * @category model
 * @since 0.3.0
 */
export interface ScaleByLionState {
  readonly mu: Tree
}

/**
 * The state of `lion`: the momentum's, the weight decay's (empty), the learning rate's.
 *
 * @category model
 * @since 0.3.0
 */
export type LionState = readonly [ScaleByLionState, EmptyState, ScaleByLearningRateState]

/**
 * Lion's hyperparameters (lion-pytorch's `betas`, `weight_decay`).
 *
 * @category model
 * @since 0.3.0
 */
export interface LionOptions {
  readonly lr?: LearningRate
  readonly b1?: number
  readonly b2?: number
  readonly weightDecay?: number
}

/**
 * The state's codec, for parameters of `template`'s structure.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Optim.ScaleByLionStateC({ w: 0 }).decode({ mu: { w: 0.02 } }) // right({ mu: { w: 0.02 } })
 *
 * @category codecs
 * @since 0.3.0
 */
export const ScaleByLionStateC = (template: Tree) => exactType({ mu: TreeC(template) }, 'ScaleByLionState')

/**
 * lion-pytorch's defaults.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Optim.LION_DEFAULTS // => { lr: 0.0001, b1: 0.9, b2: 0.99, weightDecay: 0 }
 *
 * @category constants
 * @since 0.3.0
 */
export const LION_DEFAULTS = { lr: 1e-4, b1: 0.9, b2: 0.99, weightDecay: 0 } as const

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const betas = (b1: number, b2: number): ReadonlyArray<Field> => [
  ['b1', b1, unitIntervalRange],
  ['b2', b2, unitIntervalRange]
]

/** The flat rule: the sign of the interpolation, then the momentum, element by element. */
const flatRule = (b1: number, b2: number): FlatRule => ({
  compile: perLeaf(['mu'], false, () => (g, s) => {
    const m = s[0]!
    let bad = 0
    for (let i = 0; i < g.length; i++) {
      const gi = g[i]!
      const x = Math.sign(b1 * m[i]! + (1 - b1) * gi)
      const mi = b2 * m[i]! + (1 - b2) * gi
      m[i] = mi
      g[i] = x
      bad += mi - mi + (x - x)
    }
    return bad
  })
})

const uncheckedScaleByLion = (b1: number, b2: number): GradientTransformation<ScaleByLionState> =>
  withForms({ flat: flatRule(b1, b2), spec: { _tag: 'scaleByLion', b1, b2 } })(
    gradientTransformation(
      (params): ScaleByLionState => ({ mu: zerosLike(params) }),
      (grads, state: ScaleByLionState, params) =>
        guardedInfallibleUpdate('scaleByLion', grads, params, { mu: state.mu }, () => {
          const updates = unsafeZipWith((m, g) => Math.sign(b1 * m + (1 - b1) * g))(grads)(state.mu)
          const mu = unsafeZipWith((m, g) => b2 * m + (1 - b2) * g)(grads)(state.mu)
          return [updates, { mu }, { mu }]
        }),
      ScaleByLionStateC
    )
  )

// -------------------------------------------------------------------------------------
// transformations
// -------------------------------------------------------------------------------------

/**
 * Lion's scaling without the learning rate: updates `sign(β₁·m + (1 − β₁)·g)`, β₁ and β₂ in
 * [0, 1) (defaults 0.9 and 0.99).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * // the first update is the gradient's sign, whatever its size; m = (1 − 0.99)·g
 * pipe(Optim.scaleByLion({}), E.chain((t) => t.update({ w: -3, b: 0 }, t.init({ w: 0, b: 0 }), { w: 0, b: 0 }))) // right([{ b: 0, w: -1 }, { mu: { b: 0, w: -0.030000000000000027 } }])
 *
 * @category transformations
 * @since 0.3.0
 */
export const scaleByLion = (
  options: Pick<LionOptions, 'b1' | 'b2'>
): E.Either<OptimError, GradientTransformation<ScaleByLionState>> =>
  withOptions('scaleByLion', options, ({ b1 = LION_DEFAULTS.b1, b2 = LION_DEFAULTS.b2 }) =>
    validated('scaleByLion', betas(b1, b2), () => uncheckedScaleByLion(b1, b2))
  )

// -------------------------------------------------------------------------------------
// optimizers
// -------------------------------------------------------------------------------------

/**
 * Lion: `p ← p − lr·(sign(β₁·m + (1 − β₁)·g) + wd·p)`, then `m ← β₂·m + (1 − β₂)·g`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // two steps worked by hand in the module's header: p = 1 → 0.25 → 0.6875
 * const step = (opt: Optim.Optimizer<Advanced.Optim.LionState>) => (p: { w: number }, s: Advanced.Optim.LionState, g: number) =>
 *   pipe(opt.update({ w: g }, s, p), E.chain(([u, next]) => E.map((q: { w: number }) => [q, next] as const)(Optim.applyUpdates(u)(p))))
 * pipe(
 *   Optim.lion({ lr: 0.5, weightDecay: 0.5 }),
 *   E.chain((opt) => pipe(step(opt)({ w: 1 }, opt.init({ w: 1 }), 2), E.chain(([p, s]) => step(opt)(p, s, -1)))),
 *   E.map(([p]) => p)
 * ) // right({ w: 0.6875 })
 *
 * @category optimizers
 * @since 0.3.0
 */
export const lion = (options: LionOptions = {}): E.Either<OptimError, Optimizer<LionState>> =>
  withOptions('lion', options, (options) => {
    const { lr, b1, b2, weightDecay } = { ...LION_DEFAULTS, ...options }
    return optimizer('lion', lr, [...betas(b1, b2), ['weightDecay', weightDecay, nonNegativeRange]], () =>
      chain(uncheckedScaleByLion(b1, b2), uncheckedAddDecayedWeights(weightDecay), uncheckedScaleByLearningRate(lr))
    )
  })

// -------------------------------------------------------------------------------------
// entries
// -------------------------------------------------------------------------------------

/**
 * `scaleByLion` as a block of a model file's optimizer spec: `{ _tag: 'scaleByLion', b1, b2 }`.
 *
 * @example
 * import { Optim } from 'gradfold'
 * Optim.decodeOptimizer({ _tag: 'scaleByLion', b1: 0.9, b2: 0.99 }) // right(…)
 *
 * @category entries
 * @since 0.3.0
 */
export const scaleByLionBlock: BlockEntry = {
  _tag: 'BlockEntry',
  tag: 'scaleByLion',
  fields: [
    ['b1', 'number'],
    ['b2', 'number']
  ],
  build: (s) => scaleByLion({ b1: s['b1'] as number, b2: s['b2'] as number })
}

/**
 * `lion` as a config names it: `{ "name": "lion", "lr", "b1", "b2", "weightDecay" }`.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Optim.lionEntry.fields.map(([name]) => name) // => ['b1', 'b2', 'weightDecay']
 *
 * @category entries
 * @since 0.3.0
 */
export const lionEntry: OptimizerEntry = {
  _tag: 'OptimizerEntry',
  name: 'lion',
  fields: [
    ['b1', unitIntervalRange],
    ['b2', unitIntervalRange],
    ['weightDecay', nonNegativeRange]
  ],
  build: (lr, v) => lion({ lr, b1: v['b1'] as number, b2: v['b2'] as number, weightDecay: v['weightDecay'] as number })
}
