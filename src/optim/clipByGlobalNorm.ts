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
import type * as E from 'fp-ts/lib/Either.js'
import { unsafeNorm, unsafeScale } from '../tree/vectorSpace.js'
import {
  emptyState,
  EmptyStateC,
  gradientTransformation,
  type EmptyState,
  type GradientTransformation
} from './GradientTransformation.js'
import { guardedInfallibleUpdate } from './guard.js'
import { nonNegative, validated } from './hyperparameters.js'
import type { OptimError } from './OptimError.js'
import { withRule } from './UpdateRule.js'

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
  validated('clipByGlobalNorm', [['maxNorm', maxNorm, nonNegative]], () =>
    withRule({ _tag: 'clipByGlobalNorm', maxNorm })(
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
