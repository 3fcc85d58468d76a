/**
 * Losses on predictions: how far a network's output `ŷ` is from the target `y`, as one number
 * to differentiate. Each loss is `loss(y, options)(ŷ)`, so that it ends a pipeline:
 * `pipe(x, spec.forward(p), NN.mse(y))`.
 *
 * Conventions (DESIGN.md, "Numeric conventions"). `ŷ` and `y` have one shape; the last axis
 * holds a sample's outputs and every axis before it counts samples (`[batch, outputs]`; a
 * vector is one sample; a scalar is one sample of one output). Per sample:
 * - `mse` = mean over the outputs of `(ŷ − y)²`;
 * - `halfSumSquares` = `½ Σ (ŷ − y)²`, the founding text's loss;
 * - `crossEntropy` = `−Σ y · log ŷ` on probabilities, natural log by default (nats) or base 2
 *   (`{ base: 2 }`, bits: the founding text's `−y · log₂ ŷ`).
 * Over the batch, the mean of the per-sample losses (`reduction: 'mean'`, the default) or their
 * sum (`'sum'`). The losses from logits are in `logitLosses.ts`.
 *
 * A prediction of 0 (or below) in `crossEntropy` where the target is not 0 has no logarithm:
 * the trace stops with a `NonFinite` that names `crossEntropy` and the element. Where the target
 * is 0, a prediction of 0 adds nothing (`0 · log 0 = 0`).
 *
 * @since 0.1.0
 */
import { abort } from '../ad/AdError.js'
import { div, neg, scale, square, sub } from '../ad/ops/arithmetic.js'
import { xlogy } from '../ad/ops/xlogy.js'
import { mean, sum } from '../ad/ops/reduce.js'
import { lift, type Operand, type Var } from '../ad/Var.js'
import { sameShape } from '../tensor/Tensor.js'
import { invalidArgument, nonFinite, shapeMismatch } from '../tensor/TensorError.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * How per-sample losses combine over the batch.
 *
 * @category model
 * @since 0.1.0
 */
export type Reduction = 'mean' | 'sum'

/**
 * @category model
 * @since 0.1.0
 */
export interface LossOptions {
  readonly reduction?: Reduction
}

/**
 * @category model
 * @since 0.1.0
 */
export interface CrossEntropyOptions extends LossOptions {
  /** `'e'` (the default): nats; `2`: bits, as the founding text writes it. */
  readonly base?: 'e' | 2
}

/**
 * A loss: given the target (and options), a function of the prediction.
 *
 * @category model
 * @since 0.1.0
 */
export type Loss<O extends LossOptions = LossOptions> = (target: Operand, options?: O) => (prediction: Operand) => Var

// -------------------------------------------------------------------------------------
// samples
// -------------------------------------------------------------------------------------

/**
 * The prediction and the target lifted, with `[samples, outputs]`; shapes that differ, or an
 * empty batch, stop the trace naming the loss.
 *
 * @internal
 */
export const samplesOf = (op: string, prediction: Operand, target: Operand): readonly [Var, Var, number, number] => {
  const p = lift(prediction)
  const y = lift(target)
  if (!sameShape(p.value.shape, y.value.shape)) {
    abort(shapeMismatch(op, [p.value.shape, y.value.shape], 'the prediction and the target must have one shape'))
  }
  const shape = p.value.shape
  const outputs = shape.length === 0 ? 1 : shape[shape.length - 1]!
  const n = p.value.data.length
  if (n === 0) abort(invalidArgument(op, `the prediction of shape [${shape.join(', ')}] holds no sample`))
  return [p, y, n / outputs, outputs]
}

/** A batch total divided by the batch size, or kept, as asked. */
const reduce =
  (reduction: Reduction | undefined, samples: number) =>
  (total: Var): Var =>
    reduction === 'sum' ? total : div(samples)(total)

// -------------------------------------------------------------------------------------
// losses
// -------------------------------------------------------------------------------------

/**
 * Mean squared error: per sample the mean over outputs of `(ŷ − y)²`, then the batch mean (or
 * sum). `[batch, outputs]` → scalar.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, NN, Tensor } from 'gradfold'
 * // one sample of two outputs: ((0.5 − 1)² + (1 − 1)²) / 2 = 0.125, and ∂/∂ŷ = 2(ŷ − y) / 2 = [−0.5, 0]
 * pipe(
 *   E.Do,
 *   E.apS('yHat', Tensor.fromNested([[0.5, 1]])),
 *   E.apS('y', Tensor.fromNested([[1, 1]])),
 *   E.chainW(({ yHat, y }) => AD.valueAndGrad((p: AD.Traced<{ yHat: Tensor.Tensor }>) => pipe(p.yHat, NN.mse(y)))({ yHat }))
 * ) // right({ value: 0.125, grad: { yHat: [[-0.5, 0]] } })
 *
 * @category losses
 * @since 0.1.0
 */
export const mse: Loss =
  (target, options = {}) =>
  (prediction) => {
    const [p, y, , outputs] = samplesOf('mse', prediction, target)
    const squares = square(sub(y)(p))
    return options.reduction === 'sum' ? div(outputs)(sum(squares)) : mean(squares)
  }

/**
 * The founding text's loss `½ Σ (ŷ − y)²` per sample, then the batch mean (or sum).
 * `[batch, outputs]` → scalar.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, NN, Tensor } from 'gradfold'
 * // ½ ((0.75 − 1)² + 0.25² + 0.5²) = 0.1875, and ∂/∂ŷ = ŷ − y = [−0.25, 0.25, 0.5]
 * pipe(
 *   E.Do,
 *   E.apS('yHat', Tensor.fromNested([0.75, 0.25, 0.5])),
 *   E.apS('y', Tensor.fromNested([1, 0, 0])),
 *   E.chainW(({ yHat, y }) => AD.valueAndGrad((p: AD.Traced<{ yHat: Tensor.Tensor }>) => pipe(p.yHat, NN.halfSumSquares(y)))({ yHat }))
 * ) // right({ value: 0.1875, grad: { yHat: [-0.25, 0.25, 0.5] } })
 *
 * @category losses
 * @since 0.1.0
 */
export const halfSumSquares: Loss =
  (target, options = {}) =>
  (prediction) => {
    const [p, y, samples] = samplesOf('halfSumSquares', prediction, target)
    return reduce(options.reduction, samples)(scale(0.5)(sum(square(sub(y)(p)))))
  }

/**
 * The first prediction that has no logarithm where it is needed stops the trace: a negative
 * one (or NaN) anywhere, or a 0 where the target is not 0. A 0 where the target is 0 is fine:
 * `0 · log 0 = 0`.
 */
const checkProbabilities = (p: Var, y: Var): void => {
  const data = p.value.data
  const target = y.value.data
  for (let i = 0; i < data.length; i++) {
    if (!(data[i]! > 0) && !(data[i] === 0 && target[i] === 0)) {
      const e = nonFinite('crossEntropy', i, data[i]!)
      abort({
        ...e,
        message: `crossEntropy: prediction element ${i} is ${data[i]} where the target is ${target[i]}, whose logarithm is not finite; probabilities must be positive wherever the target is not 0 (from logits, use softmaxCrossEntropy or sigmoidBinaryCrossEntropy)`
      })
    }
  }
}

/**
 * Cross-entropy on probabilities, `−Σ y · log ŷ` per sample (natural log, or base 2 with
 * `{ base: 2 }`), then the batch mean (or sum). `[batch, classes]` → scalar. A prediction must
 * be positive wherever its target is not 0; where the target is 0 a prediction of 0 is fine
 * (`0 · log 0 = 0`, and no gradient flows into it).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, NN, Tensor } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // the true class was given probability ¼: −log₂ ¼ = 2 bits, or ln 4 = 1.386… nats
 * const at = (options: Advanced.NN.CrossEntropyOptions) =>
 *   pipe(
 *     E.Do,
 *     E.apS('yHat', Tensor.fromNested([[0.5, 0.25, 0.25]])),
 *     E.apS('y', Tensor.fromNested([[0, 1, 0]])),
 *     E.chainW(({ yHat, y }) => AD.value((p: AD.Traced<{ yHat: Tensor.Tensor }>) => pipe(p.yHat, NN.crossEntropy(y, options)))({ yHat }))
 *   )
 * at({ base: 2 }) // right(2)
 * at({}) // right(1.3862943611198906)
 *
 * @category losses
 * @since 0.1.0
 */
export const crossEntropy: Loss<CrossEntropyOptions> =
  (target, options = {}) =>
  (prediction) => {
    const [p, y, samples] = samplesOf('crossEntropy', prediction, target)
    checkProbabilities(p, y)
    return reduce(options.reduction, samples)(neg(sum(xlogy(y, options.base === 2 ? 2 : 'e')(p))))
  }
