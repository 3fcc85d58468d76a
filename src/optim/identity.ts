/**
 * The transformation that changes nothing: its updates are the gradient, and it keeps no state.
 * It is the unit of `chain`: `chain(identity, t)` and `chain(t, identity)` give `t`'s updates
 * bit for bit.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import {
  emptyState,
  EmptyStateC,
  gradientTransformation,
  type EmptyState,
  type GradientTransformation,
  withForms
} from './GradientTransformation.js'
import { guardedInfallibleUpdate } from './guard.js'
import type { FlatRule } from './FlatRule.js'
import type { BlockEntry } from './Entry.js'

/** The flat rule: nothing to do. */
const flat: FlatRule = { compile: () => (state) => ({ apply: () => 0, save: () => state }) }

/**
 * Updates equal to the gradient (checked: the gradient must have the parameters' structure and
 * be finite).
 *
 * @example
 * import { Optim } from 'gradfold'
 * const s = Optim.identity.init({ w: 1 })
 * Optim.identity.update({ w: 0.5 }, s, { w: 1 }) // right([{ w: 0.5 }, {}])
 *
 * @category transformations
 * @since 0.1.0
 */
export const identity: GradientTransformation<EmptyState> = withForms({ flat, spec: { _tag: 'identity' } })(
  gradientTransformation(
    () => emptyState,
    (grads, state, params) => guardedInfallibleUpdate('identity', grads, params, {}, () => [grads, state, {}]),
    () => EmptyStateC
  )
)

/**
 * `identity` as a block of a model file's optimizer spec: `{ _tag: 'identity' }`.
 *
 * @internal
 */
export const identityBlock: BlockEntry = {
  _tag: 'BlockEntry',
  tag: 'identity',
  fields: [],
  build: () => E.right(identity)
}
