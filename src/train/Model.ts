/**
 * What training needs to know of a model: its forward pass, a function of the parameters
 * (traced, so that it can be differentiated) and of the inputs; and its loss, a function of
 * the targets and of the predictions. `NN.mlp` gives the first, `NN.mse` and the other losses
 * the second.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { AdError } from '../ad/AdError.js'
import { evaluate, value, valueAndGrad, type Traced, type ValueAndGrad } from '../ad/valueAndGrad.js'
import type { Params } from '../tree/index.js'
import type { Operand, Var } from '../ad/Var.js'
import type { Batch } from '../data/EpochPlan.js'
import type { Tensor } from '../tensor/Tensor.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * @category model
 * @since 0.1.0
 */
export interface Model<P extends Params> {
  /** `[batch, in] → [batch, out]`, data last: `forward(params)(inputs)`. */
  readonly forward: (params: Traced<P>) => (inputs: Operand) => Var
  /** The loss of a batch: `loss(targets)(predictions)`, a single value. */
  readonly loss: (targets: Tensor) => (predictions: Operand) => Var
}

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * The loss of a batch and its gradient with respect to the parameters.
 *
 * @category combinators
 * @since 0.1.0
 */
export const lossAndGrad =
  <P extends Params>(model: Model<P>) =>
  (batch: Batch) =>
  (params: P): E.Either<AdError, ValueAndGrad<P>> =>
    valueAndGrad<P>((p) => pipe(batch.inputs, model.forward(p), model.loss(batch.targets)))(params)

/**
 * The loss of a batch and the predictions, by the forward pass alone.
 *
 * @category combinators
 * @since 0.1.0
 */
export const lossAndPredictions =
  <P extends Params>(model: Model<P>) =>
  (batch: Batch) =>
  (params: P): E.Either<AdError, { readonly loss: number; readonly predictions: Tensor }> => {
    const predictions = evaluate<P>((p) => model.forward(p)(batch.inputs))(params)
    if (E.isLeft(predictions)) return predictions
    const loss = value<P>(() => model.loss(batch.targets)(predictions.right))(params)
    return E.isLeft(loss) ? loss : E.right({ predictions: predictions.right, loss: loss.right })
  }
