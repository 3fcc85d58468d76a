/**
 * Scaling by a constant: updates `c·g`. `scale(1)` is the identity bit for bit (1·x = x for
 * every double), and `scale(−η)` is plain gradient descent's step.
 *
 * @since 0.1.0
 */
import type * as E from '#fp-ts/Either.js'
import { unsafeScale } from '../tree/vectorSpace.js'
import {
  emptyState,
  EmptyStateC,
  gradientTransformation,
  type EmptyState,
  type GradientTransformation,
  withForms
} from './GradientTransformation.js'
import { elementwise } from './FlatRule.js'
import { guardedInfallibleUpdate } from './guard.js'
import { finiteRange, validated } from './hyperparameters.js'
import type { OptimError } from './OptimError.js'
import type { BlockEntry } from './Entry.js'

/**
 * Updates `c·g`, for a finite `c` (any sign); an `InvalidHyperparameter` naming `c` otherwise.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * pipe(Optim.scale(-0.1), E.chain((t) => t.update({ w: 2 }, t.init({ w: 1 }), { w: 1 }))) // right([{ w: -0.2 }, {}])
 *
 * @category transformations
 * @since 0.1.0
 */
export const scale = (c: number): E.Either<OptimError, GradientTransformation<EmptyState>> =>
  validated('scale', [['c', c, finiteRange]], () =>
    withForms({ flat: elementwise((x) => c * x), spec: { _tag: 'scale', c } })(
      gradientTransformation(
        () => emptyState,
        (grads, state, params) =>
          guardedInfallibleUpdate('scale', grads, params, {}, () => [unsafeScale(c)(grads), state, {}]),
        () => EmptyStateC
      )
    )
  )

/**
 * `scale` as a block of a model file's optimizer spec: `{ _tag: 'scale', c }`.
 *
 * @internal
 */
export const scaleBlock: BlockEntry = {
  _tag: 'BlockEntry',
  tag: 'scale',
  fields: [['c', 'number']],
  build: (s) => scale(s['c'] as number)
}
