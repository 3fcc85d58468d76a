/**
 * Clipping by value: every scalar of the gradient clamped into [lo, hi] (PyTorch's
 * `clip_grad_value_(v)` is `clipByValue(−v, v)`). A scalar inside the interval passes through
 * bit for bit.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
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
import { validateFields, finiteRange } from './hyperparameters.js'
import { invalidHyperparameter, type OptimError } from './OptimError.js'
import type { BlockEntry } from './Entry.js'

/**
 * Updates `min(hi, max(lo, g))`, scalar by scalar, for finite bounds lo ≤ hi (a scalar already
 * in [lo, hi] is kept as it is, its sign of zero too).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * pipe(Optim.clipByValue(-1, 1), E.chain((t) => t.update([-3, 0.5, 2], t.init([0, 0, 0]), [0, 0, 0]))) // right([[-1, 0.5, 1], {}])
 *
 * @category transformations
 * @since 0.1.0
 */
export const clipByValue = (lo: number, hi: number): E.Either<OptimError, GradientTransformation<EmptyState>> =>
  pipe(
    validateFields('clipByValue', [
      ['lo', lo, finiteRange],
      ['hi', hi, finiteRange]
    ]),
    E.chain(() =>
      lo <= hi ? E.right(undefined) : E.left(invalidHyperparameter('clipByValue', 'hi', hi, `a number ≥ lo (${lo})`))
    ),
    E.map(() =>
      withForms({ flat: elementwise((g) => (g < lo ? lo : g > hi ? hi : g)), spec: { _tag: 'clipByValue', lo, hi } })(
        gradientTransformation(
          () => emptyState,
          (grads, state, params) =>
            guardedInfallibleUpdate('clipByValue', grads, params, {}, () => [
              unsafeMap((g) => (g < lo ? lo : g > hi ? hi : g))(grads),
              state,
              {}
            ]),
          () => EmptyStateC
        )
      )
    )
  )

/**
 * `clipByValue` as a block of a model file's optimizer spec: `{ _tag: 'clipByValue', lo, hi }`.
 *
 * @internal
 */
export const clipByValueBlock: BlockEntry = {
  _tag: 'BlockEntry',
  tag: 'clipByValue',
  fields: [
    ['lo', 'number'],
    ['hi', 'number']
  ],
  build: (s) => clipByValue(s['lo'] as number, s['hi'] as number)
}
