/**
 * Weight decay added to the updates: `u + wd·p`. Placed before the learning rate it gives
 * decoupled decay: `adamw = chain(scaleByAdam, addDecayedWeights(wd), scaleByLearningRate(lr))`
 * updates `−lr·(adam + wd·p)`, which is PyTorch's AdamW `p ← p·(1 − lr·wd) − lr·adam`. Placed
 * first (on the raw gradient) it is coupled L2 regularisation, PyTorch's `weight_decay` of SGD,
 * Adam, RMSprop and Adagrad.
 *
 * With wd = 0 the updates pass through untouched (PyTorch skips the term then too), so a chain
 * with `addDecayedWeights(0)` gives the updates of the chain without it, bit for bit.
 *
 * @since 0.1.0
 */
import type * as E from '#fp-ts/Either.js'
import { unsafeZipWith } from '../tree/zipWith.js'
import {
  emptyState,
  EmptyStateC,
  gradientTransformation,
  type EmptyState,
  type GradientTransformation,
  withForms
} from './GradientTransformation.js'
import type { FlatRule } from './FlatRule.js'
import { guardedInfallibleUpdate } from './guard.js'
import { nonNegativeRange, validated } from './hyperparameters.js'
import type { OptimError } from './OptimError.js'
import type { BlockEntry } from './Entry.js'

/** The flat rule: `u ← u + wd·p`, nothing at all for wd = 0. */
const flatRule = (wd: number): FlatRule => ({
  compile: (layout) => (state) => ({
    apply: (u, p) => {
      if (wd === 0) return 0
      let bad = 0
      for (const j of layout.at) {
        const a = u[j]!
        const q = p[j]!
        for (let i = 0; i < a.length; i++) {
          const v = a[i]! + wd * q[i]!
          a[i] = v
          bad += v - v
        }
      }
      return bad
    },
    save: () => state
  })
})

/**
 * Updates `u + wd·p` for a weight decay wd ≥ 0.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * pipe(Optim.addDecayedWeights(0.5), E.chain((t) => t.update({ w: 1 }, t.init({ w: 4 }), { w: 4 }))) // right([{ w: 3 }, {}])
 *
 * @category transformations
 * @since 0.1.0
 */
export const addDecayedWeights = (weightDecay: number): E.Either<OptimError, GradientTransformation<EmptyState>> =>
  validated('addDecayedWeights', [['weightDecay', weightDecay, nonNegativeRange]], () =>
    uncheckedAddDecayedWeights(weightDecay)
  )

/**
 * `addDecayedWeights` for a weight decay already checked (by `adamw`, under its name).
 *
 * @internal
 */
export const uncheckedAddDecayedWeights = (weightDecay: number): GradientTransformation<EmptyState> =>
  withForms({ flat: flatRule(weightDecay), spec: { _tag: 'addDecayedWeights', weightDecay } })(
    gradientTransformation(
      () => emptyState,
      (grads, state, params) =>
        guardedInfallibleUpdate('addDecayedWeights', grads, params, {}, () => [
          weightDecay === 0 ? grads : unsafeZipWith((u, p) => u + weightDecay * p)(params)(grads),
          state,
          {}
        ]),
      () => EmptyStateC
    )
  )

/**
 * `addDecayedWeights` as a block of a model file's optimizer spec: `{ _tag: 'addDecayedWeights', weightDecay }`.
 *
 * @internal
 */
export const addDecayedWeightsBlock: BlockEntry = {
  _tag: 'BlockEntry',
  tag: 'addDecayedWeights',
  fields: [['weightDecay', 'number']],
  build: (s) => addDecayedWeights(s['weightDecay'] as number)
}
