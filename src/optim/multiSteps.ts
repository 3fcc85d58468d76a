/**
 * Gradient accumulation (Optax's `MultiSteps`): a transformation that gathers `k` steps'
 * gradients and lets the inner transformation act once every `k` steps, on their mean. Between
 * those steps the updates are zero, so the parameters stand still. `k` batches of `b` samples
 * then train like one batch of `k·b` samples, with the memory of one batch of `b`.
 *
 * Laws (`laws/multiSteps.ts`):
 * - `multiSteps(1, t)` is `t`, bit for bit;
 * - `k` steps of `multiSteps(k, t)` on gradients `g₁ … g_k` make the updates of one step of
 *   `t` on `((g₁ + g₂) + …) + g_k) · (1/k)` on the k-th step and zeros before, bit for bit.
 *
 * @since 0.2.0
 */
import type * as E from '#fp-ts/Either.js'
import { CountC } from '../codec/CountC.js'
import { exactType } from '../codec/exact.js'
import { TreeC } from '../codec/TreeC.js'
import { unsafeMap } from '../tree/map.js'
import type { Tree } from '../tree/Tree.js'
import { unsafeAdd, unsafeScale, zerosLike } from '../tree/vectorSpace.js'
import { gradientTransformation, type GradientTransformation } from './GradientTransformation.js'
import { guardedUpdate } from './guard.js'
import { positiveCountRange, validated } from './hyperparameters.js'
import type { OptimError } from './OptimError.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Gradients gathered so far in this round (`miniStep` of them, `0 ≤ miniStep < k`, summed in
 * `sum`) and the inner transformation's state.
 *
 * @category model
 * @since 0.2.0
 */
export interface MultiStepsState<S> {
  readonly miniStep: number
  readonly sum: Tree
  readonly inner: S
}

// -------------------------------------------------------------------------------------
// transformations
// -------------------------------------------------------------------------------------

const copy = unsafeMap((x) => x)

/**
 * Applies `inner` to the mean of every `k` (an integer ≥ 1) steps' gradients, on every k-th
 * step; zero updates on the others.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * // SGD(0.1) on the mean of two steps' gradients: nothing on the first, −0.1·(1 + 3)/2 on the second
 * pipe(
 *   Optim.sgd(0.1),
 *   E.chainW((sgd) => Optim.multiSteps(2, sgd)),
 *   E.chainW((t) => {
 *     const s0 = t.init({ w: 0 })
 *     return E.chain(([u1, s1]: readonly [{ w: number }, typeof s0]) => E.map(([u2]: readonly [{ w: number }, typeof s0]) => [u1, u2])(t.update({ w: 3 }, s1, { w: 0 })))(t.update({ w: 1 }, s0, { w: 0 }))
 *   })
 * ) // right([{ w: 0 }, { w: -0.2 }])
 *
 * @category transformations
 * @since 0.2.0
 */
export const multiSteps = <S>(
  k: number,
  inner: GradientTransformation<S>
): E.Either<OptimError, GradientTransformation<MultiStepsState<S>>> =>
  validated('multiSteps', [['k', k, positiveCountRange]], () =>
    gradientTransformation(
      (params): MultiStepsState<S> => ({ miniStep: 0, sum: zerosLike(params), inner: inner.init(params) }),
      (grads, state: MultiStepsState<S>, params) =>
        guardedUpdate('multiSteps', grads, params, { sum: state.sum }, () => {
          // The first gradient of a round is taken as it is (not added to zeros, which would turn −0 into +0).
          const sum = state.miniStep === 0 ? copy(grads) : unsafeAdd(grads)(state.sum)
          if (state.miniStep + 1 < k) {
            const next: MultiStepsState<S> = { miniStep: state.miniStep + 1, sum, inner: state.inner }
            return { _tag: 'Right', right: [zerosLike(grads), next, { sum }] } as const
          }
          const mean = k === 1 ? sum : unsafeScale(1 / k)(sum)
          const r = inner.update(mean, state.inner, params)
          if (r._tag === 'Left') return r
          const [updates, innerState] = r.right
          const zero = zerosLike(params)
          return {
            _tag: 'Right',
            right: [updates, { miniStep: 0, sum: zero, inner: innerState }, { sum: zero }]
          } as const
        }),
      (template) =>
        exactType({ miniStep: CountC, sum: TreeC(template), inner: inner.stateC(template) }, 'MultiStepsState')
    )
  )
