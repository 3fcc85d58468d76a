/**
 * Adamax (Kingma & Ba, section 7.1), as PyTorch documents `torch.optim.Adamax`:
 *
 *   m ← β₁·m + (1 − β₁)·g,   u ← max(β₂·u, |g| + ε),   p ← p − lr·m / ((1 − β₁ᵗ)·u)
 *
 * with t the number of this update (1 on the first) and m, u starting at 0. ε is PyTorch's:
 * added to |g| inside the max, so that u > 0 from the first step (Optax's `scale_by_adamax`
 * adds it to u in the denominator instead). `adamax` is `chain(scaleByAdamax,
 * scaleByLearningRate(lr))`; PyTorch scales by lr/(1 − β₁ᵗ) before dividing by u, the same step
 * in exact arithmetic (its last bit may differ). Defaults are PyTorch's: lr = 2e-3,
 * b1 = 0.9, b2 = 0.999, eps = 1e-8.
 *
 * Worked by hand (lr = 0.5, β₁ = β₂ = 0.5, ε = 0.125, p = 1, gradients 1.875 then −4.125):
 * m = 0.9375, u = max(0, 2) = 2, the update is −0.5·0.9375/(0.5·2) = −0.46875 and p = 0.53125;
 * then m = 0.46875 − 2.0625 = −1.59375, u = max(1, 4.25) = 4.25, the update is
 * −0.5·(−1.59375)/(0.75·4.25) = 0.25 and p = 0.78125.
 *
 * @since 0.3.0
 */
import * as E from '#fp-ts/Either.js'
import { CountC } from '../codec/CountC.js'
import { exactType } from '../codec/exact.js'
import { TreeC } from '../codec/TreeC.js'
import type { Tree } from '../tree/Tree.js'
import { zerosLike } from '../tree/vectorSpace.js'
import { unsafeZipWith } from '../tree/zipWith.js'
import * as Elementary from '../math/index.js'
import { optimizer, type Optimizer } from './alias.js'
import { chain } from './chain.js'
import type { BlockEntry, OptimizerEntry } from './Entry.js'
import { perLeaf, type FlatRule } from './FlatRule.js'
import { gradientTransformation, withForms, type GradientTransformation } from './GradientTransformation.js'
import { guardedInfallibleUpdate } from './guard.js'
import { positiveRange, unitIntervalRange, validated, withOptions, type Field } from './hyperparameters.js'
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
 * The number of updates made, the first moment and the infinity norm, trees of the parameters'
 * structure.
 *
 * @category model
 * @since 0.3.0
 */
export interface ScaleByAdamaxState {
  readonly count: number
  readonly mu: Tree
  readonly nu: Tree
}

/**
 * The state of `adamax`: the moments', then the learning rate's.
 *
 * @category model
 * @since 0.3.0
 */
export type AdamaxState = readonly [ScaleByAdamaxState, ScaleByLearningRateState]

/**
 * Adamax's hyperparameters, PyTorch's names.
 *
 * @category model
 * @since 0.3.0
 */
export interface AdamaxOptions {
  readonly lr?: LearningRate
  readonly b1?: number
  readonly b2?: number
  readonly eps?: number
}

/**
 * The state's codec, for parameters of `template`'s structure.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Optim.ScaleByAdamaxStateC({ w: 0 }).decode({ count: 1, mu: { w: 0.9375 }, nu: { w: 2 } }) // right({ count: 1, mu: { w: 0.9375 }, nu: { w: 2 } })
 *
 * @category codecs
 * @since 0.3.0
 */
export const ScaleByAdamaxStateC = (template: Tree) =>
  exactType({ count: CountC, mu: TreeC(template), nu: TreeC(template) }, 'ScaleByAdamaxState')

/**
 * PyTorch's defaults.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Optim.ADAMAX_DEFAULTS // => { lr: 0.002, b1: 0.9, b2: 0.999, eps: 1e-8 }
 *
 * @category constants
 * @since 0.3.0
 */
export const ADAMAX_DEFAULTS = { lr: 2e-3, b1: 0.9, b2: 0.999, eps: 1e-8 } as const

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

type Hyper = { readonly b1: number; readonly b2: number; readonly eps: number }

const fields = ({ b1, b2, eps }: Hyper): ReadonlyArray<Field> => [
  ['b1', b1, unitIntervalRange],
  ['b2', b2, unitIntervalRange],
  ['eps', eps, positiveRange]
]

/** The flat rule: both moments, then the bias-corrected update, element by element. */
const flatRule = ({ b1, b2, eps }: Hyper): FlatRule => ({
  compile: perLeaf(['mu', 'nu'], true, (before) => {
    const c1 = 1 - Elementary.pow(b1, before + 1)
    return (g, s) => {
      const m = s[0]!
      const v = s[1]!
      let bad = 0
      for (let i = 0; i < g.length; i++) {
        const gi = g[i]!
        const mi = b1 * m[i]! + (1 - b1) * gi
        const vi = Math.max(b2 * v[i]!, Math.abs(gi) + eps)
        const x = mi / (c1 * vi)
        m[i] = mi
        v[i] = vi
        g[i] = x
        bad += mi - mi + (vi - vi) + (x - x)
      }
      return bad
    }
  })
})

const uncheckedScaleByAdamax = (h: Hyper): GradientTransformation<ScaleByAdamaxState> =>
  withForms({ flat: flatRule(h), spec: { _tag: 'scaleByAdamax', ...h } })(
    gradientTransformation(
      (params): ScaleByAdamaxState => ({ count: 0, mu: zerosLike(params), nu: zerosLike(params) }),
      (grads, state: ScaleByAdamaxState, params) =>
        guardedInfallibleUpdate('scaleByAdamax', grads, params, { mu: state.mu, nu: state.nu }, () => {
          const count = state.count + 1
          const c1 = 1 - Elementary.pow(h.b1, count)
          const mu = unsafeZipWith((m, g) => h.b1 * m + (1 - h.b1) * g)(grads)(state.mu)
          const nu = unsafeZipWith((v, g) => Math.max(h.b2 * v, Math.abs(g) + h.eps))(grads)(state.nu)
          const updates = unsafeZipWith((m, v) => m / (c1 * v))(nu)(mu)
          return [updates, { count, mu, nu }, { mu, nu }]
        }),
      ScaleByAdamaxStateC
    )
  )

// -------------------------------------------------------------------------------------
// transformations
// -------------------------------------------------------------------------------------

/**
 * Adamax's scaling without the learning rate: updates `m / ((1 − β₁ᵗ)·u)`, β₁ and β₂ in [0, 1),
 * ε > 0 (defaults 0.9, 0.999, 1e-8).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * // the first update is g / (|g| + ε): about ±1 whatever the gradient's size
 * pipe(Optim.scaleByAdamax({}), E.chain((t) => t.update({ w: 2 }, t.init({ w: 0 }), { w: 0 }))) // right([{ w: 0.999999995 }, …])
 *
 * @category transformations
 * @since 0.3.0
 */
export const scaleByAdamax = (
  options: Omit<AdamaxOptions, 'lr'>
): E.Either<OptimError, GradientTransformation<ScaleByAdamaxState>> =>
  withOptions('scaleByAdamax', options, (options) => {
    const { b1, b2, eps } = { ...ADAMAX_DEFAULTS, ...options }
    return validated('scaleByAdamax', fields({ b1, b2, eps }), () => uncheckedScaleByAdamax({ b1, b2, eps }))
  })

// -------------------------------------------------------------------------------------
// optimizers
// -------------------------------------------------------------------------------------

/**
 * Adamax, PyTorch's: `p ← p − lr·m / ((1 − β₁ᵗ)·u)` with `u ← max(β₂·u, |g| + ε)`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // two steps worked by hand in the module's header: p = 1 → 0.53125 → 0.78125
 * const step = (opt: Optim.Optimizer<Advanced.Optim.AdamaxState>) => (p: { w: number }, s: Advanced.Optim.AdamaxState, g: number) =>
 *   pipe(opt.update({ w: g }, s, p), E.chain(([u, next]) => E.map((q: { w: number }) => [q, next] as const)(Optim.applyUpdates(u)(p))))
 * pipe(
 *   Optim.adamax({ lr: 0.5, b1: 0.5, b2: 0.5, eps: 0.125 }),
 *   E.chain((opt) => pipe(step(opt)({ w: 1 }, opt.init({ w: 1 }), 1.875), E.chain(([p, s]) => step(opt)(p, s, -4.125)))),
 *   E.map(([p]) => p)
 * ) // right({ w: 0.78125 })
 *
 * @category optimizers
 * @since 0.3.0
 */
export const adamax = (options: AdamaxOptions = {}): E.Either<OptimError, Optimizer<AdamaxState>> =>
  withOptions('adamax', options, (options) => {
    const { lr, b1, b2, eps } = { ...ADAMAX_DEFAULTS, ...options }
    return optimizer('adamax', lr, fields({ b1, b2, eps }), () =>
      chain(uncheckedScaleByAdamax({ b1, b2, eps }), uncheckedScaleByLearningRate(lr))
    )
  })

// -------------------------------------------------------------------------------------
// entries
// -------------------------------------------------------------------------------------

/**
 * `scaleByAdamax` as a block of a model file's optimizer spec:
 * `{ _tag: 'scaleByAdamax', b1, b2, eps }`.
 *
 * @example
 * import { Optim } from 'gradfold'
 * Optim.decodeOptimizer({ _tag: 'scaleByAdamax', b1: 0.9, b2: 0.999, eps: 1e-8 }) // right(…)
 *
 * @category entries
 * @since 0.3.0
 */
export const scaleByAdamaxBlock: BlockEntry = {
  _tag: 'BlockEntry',
  tag: 'scaleByAdamax',
  fields: [
    ['b1', 'number'],
    ['b2', 'number'],
    ['eps', 'number']
  ],
  build: (s) => scaleByAdamax({ b1: s['b1'] as number, b2: s['b2'] as number, eps: s['eps'] as number })
}

/**
 * `adamax` as a config names it: `{ "name": "adamax", "lr", "b1", "b2", "eps" }`.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Optim.adamaxEntry.fields.map(([name]) => name) // => ['b1', 'b2', 'eps']
 *
 * @category entries
 * @since 0.3.0
 */
export const adamaxEntry: OptimizerEntry = {
  _tag: 'OptimizerEntry',
  name: 'adamax',
  fields: [
    ['b1', unitIntervalRange],
    ['b2', unitIntervalRange],
    ['eps', positiveRange]
  ],
  build: (lr, v) => adamax({ lr, b1: v['b1'] as number, b2: v['b2'] as number, eps: v['eps'] as number })
}
