/**
 * One training step, a pure function of the state and a batch: the forward pass and the loss,
 * the gradient by backpropagation, the optimizer's update, and the new parameters.
 *
 * `stepReport` is the reducer an epoch folds over its batches; it also hands back the batch's
 * loss (measured before the update), from which the history's noisy per-step curve is made.
 * `step` is the same reducer without the loss. A step is two halves: the gradient of the batch
 * (by default the model's own, by backpropagation: {@link Gradients}), and `applyGradient`,
 * the optimizer's update and the new parameters. Whoever computes the gradient elsewhere (on
 * worker threads, in shards) hands it to `applyGradient` and gets the very same step.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import type { AdError } from '../../ad/AdError.js'
import type { ValueAndGrad } from '../../ad/valueAndGrad.js'
import { compiledLossAndGrad } from './compiled.js'
import { compileLayout, type Layout } from '../../tree/layout.js'
import { plainSgd } from '../../optim/plainSgd.js'
import type { Params } from '../../tree/index.js'
import type { Leaf } from '../../tree/Tree.js'
import type { Batch } from '../../data/EpochPlan.js'
import { applyUpdates } from '../../optim/applyUpdates.js'
import type { GradientTransformation } from '../../optim/GradientTransformation.js'
import type { Model } from '../Model.js'
import { lossAndGrad } from '../Model.js'
import { stepFailed, type StepFailed } from '../TrainError.js'
import { afterSteps, type TrainState } from '../bookkeeping/TrainState.js'

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

/**
 * The loss of a batch and its gradient at `params`: `lossAndGrad(model)` unless a run is given
 * another source (a gradient computed in shards must equal it to be the same run).
 *
 * @category model
 * @since 0.2.0
 */
export type Gradients<P> = (batch: Batch, params: P) => E.Either<AdError, ValueAndGrad<P>>

// -------------------------------------------------------------------------------------
// steps
// -------------------------------------------------------------------------------------

/**
 * The second half of a step: the optimizer's update from the batch's loss and gradient, and
 * the new parameters; a failing gradient ends the step as the gradient phase's failure.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim, Random, Train } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // a gradient −4 computed elsewhere, applied by SGD(0.1) at w = 0: w = 0.4, and the loss it came with is kept
 * pipe(
 *   E.Do,
 *   E.apS('sgd', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0)),
 *   E.chainW(({ sgd, key }) => Advanced.Train.applyGradient(sgd)(Train.initialState(sgd)({ w: 0 }, key), E.right({ value: 4, grad: { w: -4 } }))),
 *   E.map(({ state, loss }) => [state.params, loss])
 * ) // right([{ w: 0.4 }, 4])
 *
 * @category steps
 * @since 0.2.0
 */
export const applyGradient =
  <S>(optimizer: GradientTransformation<S>) =>
  <P extends Params>(
    state: TrainState<P, S>,
    vg: E.Either<AdError, ValueAndGrad<P>>
  ): E.Either<StepFailed<P, S>, StepReport<P, S>> => {
    // Plain early returns rather than an `E.bind` pipeline: this runs once per step, and the
    // pipeline's closures and intermediate records cost more than a small network's arithmetic.
    if (E.isLeft(vg)) return E.left(stepFailed('gradient', vg.left, state))
    const update = optimizer.update(vg.right.grad, state.optState, state.params)
    if (E.isLeft(update)) return E.left(stepFailed('update', update.left, state))
    const [updates, optState] = update.right
    const params = applyUpdates(updates)(state.params)
    if (E.isLeft(params)) return E.left(stepFailed('apply', params.left, state))
    return E.right({ state: afterSteps(state, params.right, optState, 1), loss: vg.right.value })
  }

/**
 * One step with the gradients of `gradients`: {@link applyGradient} of the batch's gradient.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Data, Optim, Random, Train } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // a gradient written by hand: the loss (w − 2)², whose gradient is 2·(w − 2); SGD(0.1) from w = 0 gives 0.4
 * const byHand = (_batch: Data.Dataset, p: { readonly w: number }) => E.right({ value: (p.w - 2) ** 2, grad: { w: 2 * (p.w - 2) } })
 * pipe(
 *   E.Do,
 *   E.apS('sgd', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0)),
 *   E.apSW('batch', Data.fromRows([[1]], [[2]])),
 *   E.chainW(({ sgd, key, batch }) => Advanced.Train.stepWith(byHand, sgd)(Train.initialState(sgd)({ w: 0 }, key), batch)),
 *   E.map(({ state, loss }) => [state.params, loss])
 * ) // right([{ w: 0.4 }, 4])
 *
 * @category steps
 * @since 0.2.0
 */
export const stepWith =
  <P extends Params, S>(gradients: Gradients<P>, optimizer: GradientTransformation<S>): Step<P, S> =>
  (state, batch) =>
    applyGradient(optimizer)(state, gradients(batch, state.params))

/**
 * One step of gradient descent with `optimizer` on `model`, reporting the batch's loss.
 *
 * The step works the parameters' structure out once (a layout of the tree, compiled at its
 * first call and again only when the parameters it is given have another structure) rather
 * than at every step, and applies plain SGD in one pass over the leaves. It answers exactly what
 * `stepWith` of the model's `lossAndGrad` answers, bit for bit, failures included: whatever it
 * cannot take (parameters that are not a tree, an update that would not be finite) it hands to
 * that general step.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Data, NN, Optim, Random, Train } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // `Train.step`'s example, with the batch's loss (before the update) reported beside the state
 * const model: Train.Model<{ w: number }> = { forward: (p) => AD.mul(p.w), loss: NN.mse }
 * pipe(
 *   E.Do,
 *   E.apS('sgd', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0)),
 *   E.apSW('batch', Data.fromRows([[1]], [[2]])),
 *   E.chainW(({ sgd, key, batch }) => Advanced.Train.stepReport(model, sgd)(Train.initialState(sgd)({ w: 0 }, key), batch)),
 *   E.map(({ state, loss }) => [state.params, loss])
 * ) // right([{ w: 0.4 }, 4])
 *
 * @category steps
 * @since 0.1.0
 */
export const stepReport = <P extends Params, S>(model: Model<P>, optimizer: GradientTransformation<S>): Step<P, S> => {
  const general = stepWith((batch: Batch, params: P) => lossAndGrad(model)(batch)(params), optimizer)
  const sgd = plainSgd(optimizer)
  let layout: Layout | undefined
  let lossAndGradOf:
    | ((
        batch: Batch,
        params: P,
        list: ReadonlyArray<Leaf>
      ) => E.Either<AdError, { readonly value: number; readonly grads: ReadonlyArray<Leaf> }>)
    | undefined
  return (state, batch) => {
    let list = layout?.read(state.params)
    if (list === undefined) {
      layout = compileLayout(state.params)
      list = layout?.read(state.params)
      lossAndGradOf = layout === undefined ? undefined : compiledLossAndGrad(layout)(model)
    }
    if (layout === undefined || list === undefined || lossAndGradOf === undefined) return general(state, batch)
    const vg = lossAndGradOf(batch, state.params, list)
    if (E.isLeft(vg)) return E.left(stepFailed('gradient', vg.left, state))
    const { value, grads } = vg.right
    const next = sgd?.(list, grads, state.optState)
    if (next === undefined) return applyGradient(optimizer)(state, E.right({ value, grad: layout.build(grads) as P }))
    const params = layout.build(next.leaves) as P
    return E.right({ state: afterSteps(state, params, next.state as S, 1), loss: value })
  }
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
 * ) // right({ params: { w: 0.4 }, optState: { count: 1 }, key: { _tag: 'Key', k0: 0, k1: 0 }, epoch: 0, step: 1 })
 *
 * @category steps
 * @since 0.1.0
 */
export const step =
  <P extends Params, S>(model: Model<P>, optimizer: GradientTransformation<S>) =>
  (state: TrainState<P, S>, batch: Batch): E.Either<StepFailed<P, S>, TrainState<P, S>> =>
    E.map((r: StepReport<P, S>) => r.state)(stepReport(model, optimizer)(state, batch))
