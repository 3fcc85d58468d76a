/**
 * What a library transformation computes, as data: the rule behind its `update`, so that a
 * compiled training epoch (`train/fused/`) can run the same arithmetic on buffers of its own
 * without calling `update` step by step. Every transformation this module makes records its
 * rule when it is built; `ruleOf` reads it back, and a transformation without one (a user's own,
 * or `masked` with a mask that looks at leaf values) has none, so it runs as it is.
 *
 * Law (laws/fusion.ts): an epoch that runs a transformation by its rule equals, bit for bit,
 * the epoch that calls its `update`.
 *
 * @since 0.2.0
 */
import type { LearningRate } from './scaleByLearningRate.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The rule of a library transformation; `masked` keeps its mask as a function of the leaf's
 * path alone (`maskOf`'s masks).
 *
 * @category model
 * @since 0.2.0
 */
export type UpdateRule =
  | { readonly _tag: 'identity' }
  | { readonly _tag: 'zero' }
  | { readonly _tag: 'scale'; readonly c: number }
  | { readonly _tag: 'scaleByLearningRate'; readonly lr: LearningRate }
  | { readonly _tag: 'traceMomentum'; readonly decay: number; readonly nesterov: boolean }
  | { readonly _tag: 'scaleByAdam'; readonly b1: number; readonly b2: number; readonly eps: number }
  | { readonly _tag: 'scaleByRms'; readonly decay: number; readonly eps: number }
  | { readonly _tag: 'scaleByRss'; readonly initialAccumulatorValue: number; readonly eps: number }
  | { readonly _tag: 'addDecayedWeights'; readonly weightDecay: number }
  | { readonly _tag: 'clipByGlobalNorm'; readonly maxNorm: number }
  | { readonly _tag: 'clipByValue'; readonly lo: number; readonly hi: number }
  | { readonly _tag: 'chain'; readonly parts: ReadonlyArray<UpdateRule> }
  | {
      readonly _tag: 'masked'
      /** Whether the leaf at `path` is updated by `inner`. */
      readonly chosen: (path: string) => boolean
      readonly inner: UpdateRule
    }

// -------------------------------------------------------------------------------------
// registry
// -------------------------------------------------------------------------------------

// Transformations are frozen-shape records made by this module's constructors; the registry
// only ever gains entries for objects those constructors made, and forgets them with them.
const rules = new WeakMap<object, UpdateRule>()

/**
 * Records `rule` as the rule of `t` (nothing when undefined), and hands `t` back.
 *
 * @internal
 */
export const withRule =
  (rule: UpdateRule | undefined) =>
  <T extends object>(t: T): T => {
    if (rule !== undefined) rules.set(t, rule)
    return t
  }

/**
 * The rule of a library transformation, or undefined for any other.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * pipe(Optim.sgd(0.1), E.map(Optim.ruleOf)) // right({ _tag: 'scaleByLearningRate', lr: 0.1 })
 *
 * @category destructors
 * @since 0.2.0
 */
export const ruleOf = (t: object): UpdateRule | undefined => rules.get(t)
