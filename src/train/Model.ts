/**
 * What training needs to know of a model: its forward pass, a function of the parameters
 * (traced, so that it can be differentiated) and of the inputs; and its loss, a function of
 * the targets and of the predictions. `NN.mlp` gives the first, `NN.mse` and the other losses
 * the second.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import type { AdError } from '../ad/AdError.js'
import { evaluate, value, valueAndGrad, type Traced, type ValueAndGrad } from '../ad/valueAndGrad.js'
import type { Params } from '../tree/index.js'
import { compileLayout } from '../tree/layout.js'
import { compiledLossAndGrad, compiledLossAndPredictions } from './loop/compiled.js'
import type { Operand, Var } from '../ad/Var.js'
import type { Batch } from '../data/EpochPlan.js'
import { isTensor, type Tensor } from '../tensor/Tensor.js'

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

/** A model record of two functions and a batch of two tensors: what a program is traced for (anything else runs interpreted, which names what is wrong). */
const compilable = (model: unknown, batch: unknown): boolean => {
  const m = model as Partial<Record<'forward' | 'loss', unknown>> | null
  const b = batch as Partial<Record<'inputs' | 'targets', unknown>> | null
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof m.forward === 'function' &&
    typeof m.loss === 'function' &&
    typeof b === 'object' &&
    b !== null &&
    isTensor(b.inputs) &&
    isTensor(b.targets)
  )
}

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * The loss of a batch and its gradient with respect to the parameters.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Data, NN, Train } from 'gradfold'
 * // ŷ = w·x on the sample x = 1, y = 2, at w = 0: the loss (0 − 2)² = 4, its gradient 2·(0 − 2)·1 = −4
 * const model: Train.Model<{ w: number }> = { forward: (p) => AD.mul(p.w), loss: NN.mse }
 * pipe(Data.fromRows([[1]], [[2]]), E.chainW((batch) => Train.lossAndGrad(model)(batch)({ w: 0 }))) // right({ value: 4, grad: { w: -4 } })
 *
 * @category combinators
 * @since 0.1.0
 */
export const lossAndGrad =
  <P extends Params>(model: Model<P>) =>
  (batch: Batch) =>
  (params: P): E.Either<AdError, ValueAndGrad<P>> => {
    // by the model's compiled program (the same answer as `valueAndGrad`, bit for bit)
    const layout = compileLayout(params)
    const list = layout?.read(params)
    if (layout === undefined || list === undefined || !compilable(model, batch))
      return valueAndGrad<P>((p) => pipe(batch.inputs, model.forward(p), model.loss(batch.targets)))(params)
    const vg = compiledLossAndGrad(layout)(model)(batch, params, list)
    return E.isLeft(vg) ? vg : E.right({ value: vg.right.value, grad: layout.build(vg.right.grads) as P })
  }

/**
 * The loss of a batch and the predictions, by the forward pass alone: the model's compiled
 * forward-only program where it compiles (kept per model record, parameter structure and data
 * shape; `train/loop/compiled.ts`), the tape otherwise, with the same answer bit for bit.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Data, NN, Train } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // ŷ = 0.5·x on two samples: predictions 0.5 and 1 against 2 and 4, loss (1.5² + 3²) / 2
 * const model: Train.Model<{ w: number }> = { forward: (p) => AD.mul(p.w), loss: NN.mse }
 * pipe(Data.fromRows([[1], [2]], [[2], [4]]), E.chainW((batch) => Advanced.Train.lossAndPredictions(model)(batch)({ w: 0.5 }))) // right({ loss: 5.625, predictions: [[0.5], [1]] })
 *
 * @category combinators
 * @since 0.1.0
 */
export const lossAndPredictions =
  <P extends Params>(model: Model<P>) =>
  (batch: Batch) =>
  (params: P): E.Either<AdError, { readonly loss: number; readonly predictions: Tensor }> => {
    // by the model's compiled forward-only program where it compiles (the tape's answer, bit for bit)
    const compiled = compilable(model, batch) ? compiledLossAndPredictions(model)(batch)(params) : undefined
    if (compiled !== undefined) return E.right(compiled)
    const predictions = evaluate<P>((p) => model.forward(p)(batch.inputs))(params)
    if (E.isLeft(predictions)) return predictions
    const loss = value<P>(() => model.loss(batch.targets)(predictions.right))(params)
    return E.isLeft(loss) ? loss : E.right({ predictions: predictions.right, loss: loss.right })
  }
