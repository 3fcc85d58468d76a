/**
 * Adam's scaling (Kingma & Ba), as PyTorch documents it, without the learning rate:
 *
 *   m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²,
 *   m̂ = m / (1 − β₁ᵗ),       v̂ = v / (1 − β₂ᵗ),       updates m̂ / (√v̂ + ε)
 *
 * with t the number of this update (1 on the first), m and v starting at 0, and ε outside the
 * square root. `chain(scaleByAdam(…), scaleByLearningRate(lr))` is `torch.optim.Adam`.
 *
 * @since 0.1.0
 */
import type * as E from '#fp-ts/Either.js'
import { CountC } from '../codec/CountC.js'
import { exactType } from '../codec/exact.js'
import { TreeC } from '../codec/TreeC.js'
import type { Tree } from '../tree/Tree.js'
import { zerosLike } from '../tree/vectorSpace.js'
import { unsafeZipWith } from '../tree/zipWith.js'
import { perLeaf, type FlatRule } from './FlatRule.js'
import { gradientTransformation, withForms, type GradientTransformation } from './GradientTransformation.js'
import { guardedInfallibleUpdate } from './guard.js'
import { positiveRange, unitIntervalRange, validated, withOptions, type Field } from './hyperparameters.js'
import type { OptimError } from './OptimError.js'
import type { BlockEntry } from './Entry.js'
import * as Elementary from '../math/index.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The number of updates made and the two moments, trees of the parameters' structure.
 *
 * @category model
 * @since 0.1.0
 */
export interface ScaleByAdamState {
  readonly count: number
  readonly mu: Tree
  readonly nu: Tree
}

/**
 * The state's codec, for parameters of `template`'s structure.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // after one step with gradient 2: μ = (1 − 0.9)·2, ν = (1 − 0.999)·2², in floating point
 * pipe(
 *   Optim.scaleByAdam({}),
 *   E.chain((t) => t.update({ w: 2 }, t.init({ w: 0 }), { w: 0 })),
 *   E.map(([, state]) => Advanced.Optim.ScaleByAdamStateC({ w: 0 }).encode(state))
 * ) // right({ count: 1, mu: { w: 0.19999999999999996 }, nu: { w: 0.0040000000000000036 } })
 *
 * @category codecs
 * @since 0.1.0
 */
export const ScaleByAdamStateC = (template: Tree) =>
  exactType({ count: CountC, mu: TreeC(template), nu: TreeC(template) }, 'ScaleByAdamState')

/**
 * Adam's hyperparameters, PyTorch's names and defaults: β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
 *
 * @category model
 * @since 0.1.0
 */
export interface AdamOptions {
  readonly b1?: number
  readonly b2?: number
  readonly eps?: number
}

/**
 * Adam's defaults, PyTorch's, set here once for `scaleByAdam`, `adam` and `adamw`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Optim.ADAM_DEFAULTS // { b1: 0.9, b2: 0.999, eps: 1e-8 }
 * // Adam's first step, bias-corrected, is g / (|g| + ε): 2 / (2 + 1e-8) = 0.999999995
 * pipe(Optim.scaleByAdam(Advanced.Optim.ADAM_DEFAULTS), E.chain((t) => t.update({ w: 2 }, t.init({ w: 0 }), { w: 0 }))) // right([{ w: 0.999999995 }, …])
 *
 * @category constants
 * @since 0.2.0
 */
export const ADAM_DEFAULTS: Required<AdamOptions> = { b1: 0.9, b2: 0.999, eps: 1e-8 }

/**
 * The options with the defaults filled in.
 *
 * @internal
 */
export const withAdamDefaults = (options: AdamOptions): Required<AdamOptions> => ({
  b1: options.b1 ?? ADAM_DEFAULTS.b1,
  b2: options.b2 ?? ADAM_DEFAULTS.b2,
  eps: options.eps ?? ADAM_DEFAULTS.eps
})

/**
 * The hyperparameters, defaults filled in, as fields to validate.
 *
 * @internal
 */
export const adamFields = (options: AdamOptions): ReadonlyArray<Field> => {
  const { b1, b2, eps } = withAdamDefaults(options)
  return [
    ['b1', b1, unitIntervalRange],
    ['b2', b2, unitIntervalRange],
    ['eps', eps, positiveRange]
  ]
}

// -------------------------------------------------------------------------------------
// flat rule
// -------------------------------------------------------------------------------------

/** The flat rule: both moments, then the bias-corrected update, element by element. */
const flatRule = ({ b1, b2, eps }: Required<AdamOptions>): FlatRule => ({
  compile: perLeaf(['mu', 'nu'], true, (before) => {
    const c1 = 1 - Elementary.pow(b1, before + 1)
    const c2 = 1 - Elementary.pow(b2, before + 1)
    return (g, s) => {
      const m = s[0]!
      const v = s[1]!
      let bad = 0
      for (let i = 0; i < g.length; i++) {
        const gi = g[i]!
        const mi = b1 * m[i]! + (1 - b1) * gi
        const vi = b2 * v[i]! + (1 - b2) * (gi * gi)
        const x = mi / c1 / (Math.sqrt(vi / c2) + eps)
        m[i] = mi
        v[i] = vi
        g[i] = x
        bad += mi - mi + (vi - vi) + (x - x)
      }
      return bad
    }
  })
})

// -------------------------------------------------------------------------------------
// transformations
// -------------------------------------------------------------------------------------

/**
 * Adam's bias-corrected scaling, β₁ and β₂ in [0, 1), ε > 0.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * // the first update is g / (|g| + ε): about ±1 whatever the gradient's size
 * pipe(Optim.scaleByAdam({}), E.chain((t) => t.update({ w: 1e-3 }, t.init({ w: 0 }), { w: 0 }))) // right([{ w: 0.99999… }, …])
 *
 * @category transformations
 * @since 0.1.0
 */
export const scaleByAdam = (options: AdamOptions): E.Either<OptimError, GradientTransformation<ScaleByAdamState>> =>
  withOptions('scaleByAdam', options, (options) =>
    validated('scaleByAdam', adamFields(options), () => uncheckedScaleByAdam(withAdamDefaults(options)))
  )

/**
 * `scaleByAdam` for hyperparameters already checked (by `adam` and `adamw`, under their names).
 *
 * @internal
 */
export const uncheckedScaleByAdam = ({
  b1,
  b2,
  eps
}: Required<AdamOptions>): GradientTransformation<ScaleByAdamState> =>
  withForms({ flat: flatRule({ b1, b2, eps }), spec: { _tag: 'scaleByAdam', b1, b2, eps } })(
    gradientTransformation(
      (params): ScaleByAdamState => ({ count: 0, mu: zerosLike(params), nu: zerosLike(params) }),
      (grads, state: ScaleByAdamState, params) =>
        guardedInfallibleUpdate('scaleByAdam', grads, params, { mu: state.mu, nu: state.nu }, () => {
          const count = state.count + 1
          const mu = unsafeZipWith((m, g) => b1 * m + (1 - b1) * g)(grads)(state.mu)
          const nu = unsafeZipWith((v, g) => b2 * v + (1 - b2) * (g * g))(grads)(state.nu)
          const c1 = 1 - Elementary.pow(b1, count)
          const c2 = 1 - Elementary.pow(b2, count)
          const updates = unsafeZipWith((m, v) => m / c1 / (Math.sqrt(v / c2) + eps))(nu)(mu)
          return [updates, { count, mu, nu }, { mu, nu }]
        }),
      ScaleByAdamStateC
    )
  )

/**
 * `scaleByAdam` as a block of a model file's optimizer spec: `{ _tag: 'scaleByAdam', b1, b2, eps }`.
 *
 * @internal
 */
export const scaleByAdamBlock: BlockEntry = {
  _tag: 'BlockEntry',
  tag: 'scaleByAdam',
  fields: [
    ['b1', 'number'],
    ['b2', 'number'],
    ['eps', 'number']
  ],
  build: (s) => scaleByAdam({ b1: s['b1'] as number, b2: s['b2'] as number, eps: s['eps'] as number })
}
