/**
 * RMSprop's scaling, as PyTorch documents it (not centred, no momentum), without the learning
 * rate: `v ← α·v + (1 − α)·g²` from `v = 0`, updates `g / (√v + ε)`.
 * `chain(scaleByRms({ decay: α, eps }), scaleByLearningRate(lr))` is `torch.optim.RMSprop`.
 *
 * @since 0.1.0
 */
import type * as E from '#fp-ts/Either.js'
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

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The running mean of squared gradients, a tree of the parameters' structure.
 *
 * @category model
 * @since 0.1.0
 */
export interface ScaleByRmsState {
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
 * // after one step with gradient 2: ν = (1 − 0.9)·2²
 * pipe(
 *   Optim.scaleByRms({ decay: 0.9 }),
 *   E.chain((t) => t.update({ w: 2 }, t.init({ w: 0 }), { w: 0 })),
 *   E.map(([, state]) => Advanced.Optim.ScaleByRmsStateC({ w: 0 }).encode(state))
 * ) // right({ nu: { w: 0.3999999999999999 } })
 *
 * @category codecs
 * @since 0.1.0
 */
export const ScaleByRmsStateC = (template: Tree) => exactType({ nu: TreeC(template) }, 'ScaleByRmsState')

// -------------------------------------------------------------------------------------
// transformations
// -------------------------------------------------------------------------------------

/**
 * RMSprop's scaling with decay α in [0, 1) (default 0.99, PyTorch's `alpha`) and ε > 0
 * (default 1e-8).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * // v = 0.01·4 = 0.04 after one update, so the update is 2 / (0.2 + ε)
 * pipe(Optim.scaleByRms({}), E.chain((t) => t.update({ w: 2 }, t.init({ w: 0 }), { w: 0 }))) // right([{ w: 9.99999… }, { nu: { w: 0.04 } }])
 *
 * @category transformations
 * @since 0.1.0
 */
export const scaleByRms = (options: RmsOptions): E.Either<OptimError, GradientTransformation<ScaleByRmsState>> =>
  withOptions('scaleByRms', options, (options) =>
    validated('scaleByRms', rmsFields('decay', options), () => uncheckedScaleByRms(withRmsDefaults(options)))
  )

/**
 * RMSprop's hyperparameters: the decay α of the mean of squares (PyTorch's `alpha`) and ε.
 *
 * @category model
 * @since 0.2.0
 */
export interface RmsOptions {
  readonly decay?: number
  readonly eps?: number
}

/**
 * RMSprop's defaults, PyTorch's, set here once for `scaleByRms` and `rmsprop`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Optim.RMS_DEFAULTS // { decay: 0.99, eps: 1e-8 }
 * // the first step: ν = (1 − 0.99)·2² = 0.04, so g / (√ν + ε) = 2 / (0.2 + 1e-8) = 9.9999995…
 * pipe(Optim.scaleByRms(Advanced.Optim.RMS_DEFAULTS), E.chain((t) => t.update({ w: 2 }, t.init({ w: 0 }), { w: 0 }))) // right([{ w: 9.9999995…
 *
 * @category constants
 * @since 0.2.0
 */
export const RMS_DEFAULTS: Required<RmsOptions> = { decay: 0.99, eps: 1e-8 }

/**
 * The options with the defaults filled in.
 *
 * @internal
 */
export const withRmsDefaults = (options: RmsOptions): Required<RmsOptions> => ({
  decay: options.decay ?? RMS_DEFAULTS.decay,
  eps: options.eps ?? RMS_DEFAULTS.eps
})

/**
 * The hyperparameters, defaults filled in, as fields to validate, the decay named as the caller names it.
 *
 * @internal
 */
export const rmsFields = (decayName: string, options: RmsOptions): ReadonlyArray<Field> => {
  const { decay, eps } = withRmsDefaults(options)
  return [
    [decayName, decay, unitIntervalRange],
    ['eps', eps, positiveRange]
  ]
}

/** The flat rule: the mean of squares, then the update, element by element. */
const flatRule = ({ decay, eps }: Required<RmsOptions>): FlatRule => ({
  compile: perLeaf(['nu'], false, () => (g, s) => {
    const v = s[0]!
    let bad = 0
    for (let i = 0; i < g.length; i++) {
      const gi = g[i]!
      const vi = decay * v[i]! + (1 - decay) * (gi * gi)
      const x = gi / (Math.sqrt(vi) + eps)
      v[i] = vi
      g[i] = x
      bad += vi - vi + (x - x)
    }
    return bad
  })
})

/**
 * `scaleByRms` for hyperparameters already checked (by `rmsprop`, under its name).
 *
 * @internal
 */
export const uncheckedScaleByRms = ({ decay, eps }: Required<RmsOptions>): GradientTransformation<ScaleByRmsState> =>
  withForms({ flat: flatRule({ decay, eps }), spec: { _tag: 'scaleByRms', decay, eps } })(
    gradientTransformation(
      (params): ScaleByRmsState => ({ nu: zerosLike(params) }),
      (grads, state: ScaleByRmsState, params) =>
        guardedInfallibleUpdate('scaleByRms', grads, params, { nu: state.nu }, () => {
          const nu = unsafeZipWith((v, g) => decay * v + (1 - decay) * (g * g))(grads)(state.nu)
          const updates = unsafeZipWith((g, v) => g / (Math.sqrt(v) + eps))(nu)(grads)
          return [updates, { nu }, { nu }]
        }),
      ScaleByRmsStateC
    )
  )

/**
 * `scaleByRms` as a block of a model file's optimizer spec: `{ _tag: 'scaleByRms', decay, eps }`.
 *
 * @internal
 */
export const scaleByRmsBlock: BlockEntry = {
  _tag: 'BlockEntry',
  tag: 'scaleByRms',
  fields: [
    ['decay', 'number'],
    ['eps', 'number']
  ],
  build: (s) => scaleByRms({ decay: s['decay'] as number, eps: s['eps'] as number })
}
