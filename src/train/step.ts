/**
 * One training step, a pure function of the state and a batch: the forward pass and the loss,
 * the gradient by backpropagation, the optimizer's update, and the new parameters.
 *
 * `stepReport` is the reducer an epoch folds over its batches; it also hands back the batch's
 * loss (measured before the update), from which the history's noisy per-step curve is made.
 * `step` is the same reducer without the loss.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Params } from '../tree/index.js'
import type { Batch } from '../data/EpochPlan.js'
import { applyUpdates } from '../optim/applyUpdates.js'
import type { GradientTransformation } from '../optim/GradientTransformation.js'
import type { Model } from './Model.js'
import { lossAndGrad } from './Model.js'
import { stepFailed, type StepFailed } from './TrainError.js'
import type { TrainState } from './TrainState.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The state after a step, and the loss of the batch before it.
 *
 * @category model
 * @since 0.1.0
 */
export interface StepReport<P, S> {
  readonly state: TrainState<P, S>
  readonly loss: number
}

/**
 * A step, as a reducer over batches.
 *
 * @category model
 * @since 0.1.0
 */
export type Step<P, S> = (state: TrainState<P, S>, batch: Batch) => E.Either<StepFailed<P, S>, StepReport<P, S>>

// -------------------------------------------------------------------------------------
// steps
// -------------------------------------------------------------------------------------

/**
 * One step of gradient descent with `optimizer` on `model`, reporting the batch's loss.
 *
 * @category steps
 * @since 0.1.0
 */
export const stepReport =
  <P extends Params, S>(model: Model<P>, optimizer: GradientTransformation<S>): Step<P, S> =>
  (state, batch) => {
    // Plain early returns rather than an `E.bind` pipeline: this runs once per step, and the
    // pipeline's closures and intermediate records cost more than a small network's arithmetic.
    const vg = lossAndGrad(model)(batch)(state.params)
    if (E.isLeft(vg)) return E.left(stepFailed('gradient', vg.left, state))
    const update = optimizer.update(vg.right.grad, state.optState, state.params)
    if (E.isLeft(update)) return E.left(stepFailed('update', update.left, state))
    const [updates, optState] = update.right
    const params = applyUpdates(updates)(state.params)
    if (E.isLeft(params)) return E.left(stepFailed('apply', params.left, state))
    return E.right({ state: { ...state, params: params.right, optState, step: state.step + 1 }, loss: vg.right.value })
  }

/**
 * One step of gradient descent: `(state, batch) → state`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Data, NN, Optim, Random, Train } from 'gradfold'
 * // ŷ = w·x; on the sample x = 1, y = 2 at w = 0 the gradient of (w·1 − 2)² is −4, so SGD(0.1) gives w = 0.4
 * const model: Train.Model<{ w: number }> = { forward: (p) => AD.mul(p.w), loss: NN.mse }
 * pipe(
 *   E.Do,
 *   E.apS('sgd', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0)),
 *   E.apSW('batch', Data.fromRows([[1]], [[2]])),
 *   E.chainW(({ sgd, key, batch }) => Train.step(model, sgd)(Train.initialState(sgd)({ w: 0 }, key), batch))
 * ) // right({ params: { w: 0.4 }, optState: { count: 1 }, key, epoch: 0, step: 1 })
 *
 * @category steps
 * @since 0.1.0
 */
export const step =
  <P extends Params, S>(model: Model<P>, optimizer: GradientTransformation<S>) =>
  (state: TrainState<P, S>, batch: Batch): E.Either<StepFailed<P, S>, TrainState<P, S>> =>
    E.map((r: StepReport<P, S>) => r.state)(stepReport(model, optimizer)(state, batch))
