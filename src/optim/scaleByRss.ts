/**
 * Adagrad's scaling, as PyTorch documents it (no learning-rate decay), without the learning
 * rate: the running sum `s ← s + g²` from `s = initialAccumulatorValue`, updates
 * `g / (√s + ε)`. `chain(scaleByRss(…), scaleByLearningRate(lr))` is `torch.optim.Adagrad`.
 *
 * @since 0.1.0
 */
import type * as E from '#fp-ts/Either.js'
import { exactType } from '../codec/exact.js'
import { TreeC } from '../codec/TreeC.js'
import type { Tree } from '../tree/Tree.js'
import { unsafeMap } from '../tree/map.js'
import { unsafeZipWith } from '../tree/zipWith.js'
import { perLeaf, type FlatRule } from './FlatRule.js'
import { gradientTransformation, withForms, type GradientTransformation } from './GradientTransformation.js'
import { guardedInfallibleUpdate } from './guard.js'
import { nonNegativeRange, positiveRange, validated, withOptions, type Field } from './hyperparameters.js'
import type { OptimError } from './OptimError.js'
import type { BlockEntry } from './Entry.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The running sum of squared gradients, a tree of the parameters' structure.
 *
 * @category model
 * @since 0.1.0
 */
export interface ScaleByRssState {
  readonly sumOfSquares: Tree
}

/**
 * The state's codec, for parameters of `template`'s structure.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // after one step with gradient 2 the sum of squares grows by 2² from its initial value
 * pipe(
 *   Optim.scaleByRss({ initialAccumulatorValue: 0.1 }),
 *   E.chain((t) => t.update({ w: 2 }, t.init({ w: 0 }), { w: 0 })),
 *   E.map(([, state]) => Advanced.Optim.ScaleByRssStateC({ w: 0 }).encode(state))
 * ) // right({ sumOfSquares: { w: 4.1 } })
 *
 * @category codecs
 * @since 0.1.0
 */
export const ScaleByRssStateC = (template: Tree) => exactType({ sumOfSquares: TreeC(template) }, 'ScaleByRssState')

// -------------------------------------------------------------------------------------
// transformations
// -------------------------------------------------------------------------------------

/**
 * Adagrad's scaling with a starting sum ≥ 0 (default 0, PyTorch's `initial_accumulator_value`)
 * and ε > 0 (default 1e-10).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * pipe(Optim.scaleByRss({}), E.chain((t) => t.update({ w: 3 }, t.init({ w: 0 }), { w: 0 }))) // right([{ w: 0.99999… }, { sumOfSquares: { w: 9 } }])
 *
 * @category transformations
 * @since 0.1.0
 */
export const scaleByRss = (options: RssOptions): E.Either<OptimError, GradientTransformation<ScaleByRssState>> =>
  withOptions('scaleByRss', options, (options) =>
    validated('scaleByRss', rssFields(options), () => uncheckedScaleByRss(withRssDefaults(options)))
  )

/**
 * Adagrad's hyperparameters: the sum of squares' starting value and ε.
 *
 * @category model
 * @since 0.2.0
 */
export interface RssOptions {
  readonly initialAccumulatorValue?: number
  readonly eps?: number
}

/**
 * Adagrad's defaults, PyTorch's, set here once for `scaleByRss` and `adagrad`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Optim.RSS_DEFAULTS // { initialAccumulatorValue: 0, eps: 1e-10 }
 * // the first step: the sum of squares is 0 + 2² = 4, so g / (√4 + ε) = 2 / (2 + 1e-10)
 * pipe(Optim.scaleByRss(Advanced.Optim.RSS_DEFAULTS), E.chain((t) => t.update({ w: 2 }, t.init({ w: 0 }), { w: 0 }))) // right([{ w: 0.99999999995 }, { sumOfSquares: { w: 4 } }])
 *
 * @category constants
 * @since 0.2.0
 */
export const RSS_DEFAULTS: Required<RssOptions> = { initialAccumulatorValue: 0, eps: 1e-10 }

/**
 * The options with the defaults filled in.
 *
 * @internal
 */
export const withRssDefaults = (options: RssOptions): Required<RssOptions> => ({
  initialAccumulatorValue: options.initialAccumulatorValue ?? RSS_DEFAULTS.initialAccumulatorValue,
  eps: options.eps ?? RSS_DEFAULTS.eps
})

/**
 * The hyperparameters, defaults filled in, as fields to validate.
 *
 * @internal
 */
export const rssFields = (options: RssOptions): ReadonlyArray<Field> => {
  const { initialAccumulatorValue, eps } = withRssDefaults(options)
  return [
    ['initialAccumulatorValue', initialAccumulatorValue, nonNegativeRange],
    ['eps', eps, positiveRange]
  ]
}

/** The flat rule: the sum of squares, then the update, element by element. */
const flatRule = (eps: number): FlatRule => ({
  compile: perLeaf(['sumOfSquares'], false, () => (g, s) => {
    const acc = s[0]!
    let bad = 0
    for (let i = 0; i < g.length; i++) {
      const gi = g[i]!
      const si = acc[i]! + gi * gi
      const x = gi / (Math.sqrt(si) + eps)
      acc[i] = si
      g[i] = x
      bad += si - si + (x - x)
    }
    return bad
  })
})

/**
 * `scaleByRss` for hyperparameters already checked (by `adagrad`, under its name).
 *
 * @internal
 */
export const uncheckedScaleByRss = ({
  initialAccumulatorValue,
  eps
}: Required<RssOptions>): GradientTransformation<ScaleByRssState> =>
  withForms({ flat: flatRule(eps), spec: { _tag: 'scaleByRss', initialAccumulatorValue, eps } })(
    gradientTransformation(
      (params): ScaleByRssState => ({ sumOfSquares: unsafeMap(() => initialAccumulatorValue)(params) }),
      (grads, state: ScaleByRssState, params) =>
        guardedInfallibleUpdate('scaleByRss', grads, params, { sumOfSquares: state.sumOfSquares }, () => {
          const sumOfSquares = unsafeZipWith((s, g) => s + g * g)(grads)(state.sumOfSquares)
          const updates = unsafeZipWith((g, s) => g / (Math.sqrt(s) + eps))(sumOfSquares)(grads)
          return [updates, { sumOfSquares }, { sumOfSquares }]
        }),
      ScaleByRssStateC
    )
  )

/**
 * `scaleByRss` as a block of a model file's optimizer spec: `{ _tag: 'scaleByRss', initialAccumulatorValue, eps }`.
 *
 * @internal
 */
export const scaleByRssBlock: BlockEntry = {
  _tag: 'BlockEntry',
  tag: 'scaleByRss',
  fields: [
    ['initialAccumulatorValue', 'number'],
    ['eps', 'number']
  ],
  build: (s) => scaleByRss({ initialAccumulatorValue: s['initialAccumulatorValue'] as number, eps: s['eps'] as number })
}
