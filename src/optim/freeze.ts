/**
 * Frozen leaves: their updates are −0, so `applyUpdates` gives them back bit for bit (x + (−0)
 * is x for every double x, −0 included; a +0 update would turn a −0 parameter into +0). The
 * classic worked examples train the weights and hold the biases fixed:
 * `chain(optimizer, freeze((path) => path.endsWith('b')))`.
 *
 * Put `freeze` last in a chain: a transformation after it would scale the −0 (a learning rate
 * turns it into +0) or add to it (weight decay).
 *
 * @since 0.1.0
 */
import { unsafeMap } from '../tree/map.js'
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
import { masked, type Mask } from './masked.js'

const zeroUpdates: GradientTransformation<EmptyState> = withForms({ flat: elementwise(() => -0) })(
  gradientTransformation(
    () => emptyState,
    (grads, state, params) =>
      guardedInfallibleUpdate('freeze', grads, params, {}, () => [unsafeMap(() => -0)(grads), state, {}]),
    () => EmptyStateC
  )
)

/**
 * Updates −0 for the leaves `mask` chooses; the others pass through.
 *
 * @example
 * import { Optim } from 'gradfold'
 * const t = Optim.freeze((path) => path.endsWith('b'))
 * t.update({ w: 0.5, b: 0.5 }, t.init({ w: 1, b: 1 }), { w: 1, b: 1 }) // right([{ b: -0, w: 0.5 }, {}])
 *
 * @category combinators
 * @since 0.1.0
 */
export const freeze = (mask: Mask): GradientTransformation<EmptyState> => masked(mask, zeroUpdates)
