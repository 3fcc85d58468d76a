/**
 * Clipping by the global norm: `g·min(1, max/‖g‖)`, where ‖g‖ is the Euclidean norm over every
 * scalar of every leaf together (PyTorch's `clip_grad_norm_` over all parameters, without its
 * 1e-6 in the denominator). A gradient whose norm is at most `max` passes through untouched.
 *
 * Laws: a gradient under the bound comes back bit for bit; otherwise every scalar is multiplied
 * by c = max/‖g‖ < 1, so no magnitude grows (|fl(c·x)| ≤ |x|, as rounding is monotone) and the
 * norm of the result is `max` up to rounding (see `laws/optim.ts` for the bound).
 *
 * @since 0.1.0
 */
import type * as E from '#fp-ts/Either.js'
import { unsafeNorm, unsafeScale } from '../tree/vectorSpace.js'
import {
  emptyState,
  EmptyStateC,
  gradientTransformation,
  type EmptyState,
  type GradientTransformation,
  withForms
} from './GradientTransformation.js'
import { scaleAll, type FlatRule } from './FlatRule.js'
import { guardedInfallibleUpdate } from './guard.js'
import { nonNegativeRange, validated } from './hyperparameters.js'
import type { OptimError } from './OptimError.js'
import type { BlockEntry } from './Entry.js'

/**
 * The flat rule: the norm as `Tree.norm` takes it (scaled by the largest magnitude, so that no
 * square overflows), then every scalar scaled when it is over the bound.
 */
const flatRule = (maxNorm: number): FlatRule => ({
  compile: (layout) => (state) => ({
    apply: (u) => {
      let mx = 0
      for (const j of layout.at) {
        const a = u[j]!
        for (let i = 0; i < a.length; i++) {
          const v = Math.abs(a[i]!)
          if (v > mx) mx = v
        }
      }
      if (mx === 0) return 0
      let sq = 0
      for (const j of layout.at) {
        const a = u[j]!
        for (let i = 0; i < a.length; i++) {
          const q = a[i]! / mx
          sq += q * q
        }
      }
      const norm = mx * Math.sqrt(sq)
      return norm <= maxNorm ? 0 : scaleAll(u, layout.at, maxNorm / norm)
    },
    save: () => state
  })
})

/**
 * Updates `g·min(1, maxNorm/‖g‖)` for a bound `maxNorm` ≥ 0.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * pipe(Optim.clipByGlobalNorm(1), E.chain((t) => t.update({ a: 3, b: 4 }, t.init({ a: 0, b: 0 }), { a: 0, b: 0 }))) // right([{ a: 0.6000000000000001, b: 0.8 }, {}]): 3/5 and 4/5, up to rounding
 *
 * @category transformations
 * @since 0.1.0
 */
export const clipByGlobalNorm = (maxNorm: number): E.Either<OptimError, GradientTransformation<EmptyState>> =>
  validated('clipByGlobalNorm', [['maxNorm', maxNorm, nonNegativeRange]], () =>
    withForms({ flat: flatRule(maxNorm), spec: { _tag: 'clipByGlobalNorm', maxNorm } })(
      gradientTransformation(
        () => emptyState,
        (grads, state, params) =>
          guardedInfallibleUpdate('clipByGlobalNorm', grads, params, {}, () => {
            const norm = unsafeNorm(grads)
            return [norm <= maxNorm ? grads : unsafeScale(maxNorm / norm)(grads), state, {}]
          }),
        () => EmptyStateC
      )
    )
  )

/**
 * `clipByGlobalNorm` as a block of a model file's optimizer spec: `{ _tag: 'clipByGlobalNorm', maxNorm }`.
 *
 * @internal
 */
export const clipByGlobalNormBlock: BlockEntry = {
  _tag: 'BlockEntry',
  tag: 'clipByGlobalNorm',
  fields: [['maxNorm', 'number']],
  build: (s) => clipByGlobalNorm(s['maxNorm'] as number)
}
