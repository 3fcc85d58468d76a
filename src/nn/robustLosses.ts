/**
 * More losses on predictions, written with the library's differentiable ops (so their
 * gradients come from the ops' pullbacks), Huber's as one op whose kernel chooses the branch,
 * so that each compiles (`compile` of `gradfold/advanced`): none reads a value outside the ops.
 * - `huber(δ)`: per element `½ d²` where `|d| ≤ δ`, else `δ (|d| − ½ δ)`, with `d = ŷ − y`
 *   (quadratic near the target, linear beyond δ, so outliers pull less than under `mse`);
 * - `meanAbsoluteError` (L1): per element `|ŷ − y|`;
 * - `binaryCrossEntropy`: per element `−[y ln ŷ + (1 − y) ln(1 − ŷ)]` on probabilities `ŷ` in
 *   [0, 1] (a sigmoid output; from logits, `sigmoidBinaryCrossEntropy` is the stable form).
 * Each is per sample the mean over outputs and then the batch mean (or, with `reduction:
 * 'sum'`, the sum over the batch), as `mse` and PyTorch's `HuberLoss`, `L1Loss` and `BCELoss`.
 *
 * Laws (laws/nn.laws.test.ts): each gradient agrees with central differences away from the
 * kinks (`d = 0` for L1, `|d| = δ` for Huber); where every `|d| ≤ δ`, `huber(δ)` is `mse / 2`;
 * `huber(δ)` equals, value and gradient to the bit, `where(|d| ≤ δ)(½ d², δ (|d| − ½ δ))` written
 * with `abs`, `square`, `scale`, `addScalar` and `where`.
 *
 * @since 0.3.0
 */
import { abort } from '../ad/AdError.js'
import { abs } from '../ad/ops/piecewise.js'
import { applyKernel, type Kernel } from '../ad/kernel.js'
import { add, addScalar, div, neg, sub } from '../ad/ops/arithmetic.js'
import { mean, sum } from '../ad/ops/reduce.js'
import { xlogy } from '../ad/ops/xlogy.js'
import type { Var } from '../ad/Var.js'
import { describe } from '../tensor/describe.js'
import { invalidArgument, nonFinite } from '../tensor/TensorError.js'
import { samplesOf, type Loss, type LossOptions, type Reduction } from './losses.js'

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

/** Per-element losses to one number: the mean over everything, or the sum over the batch of each sample's mean. */
const reduceElements =
  (reduction: Reduction | undefined, outputs: number) =>
  (elements: Var): Var =>
    reduction === 'sum' ? div(outputs)(sum(elements)) : mean(elements)

// -------------------------------------------------------------------------------------
// losses
// -------------------------------------------------------------------------------------

/**
 * Huber's loss with threshold `delta` (> 0): per element `½ d²` for `|d| ≤ δ`, `δ (|d| − ½ δ)`
 * beyond, `d = ŷ − y`; the mean over outputs and batch. `[batch, outputs]` → scalar. Its
 * gradient is `d` inside and `δ · sign(d)` beyond, over the number of elements. A `delta` that
 * is not a positive finite number stops the trace naming `huber`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, NN, Tensor } from 'gradfold'
 * // δ = 1, d = [0.5, 3]: (½ · 0.25 + 1 · (3 − ½)) / 2 = 1.3125; gradient [0.5, 1] / 2
 * pipe(
 *   E.Do,
 *   E.apS('yHat', Tensor.fromNested([[0.5, 3]])),
 *   E.apS('y', Tensor.fromNested([[0, 0]])),
 *   E.chainW(({ yHat, y }) => AD.valueAndGrad((p: AD.Traced<{ yHat: Tensor.Tensor }>) => pipe(p.yHat, NN.huber(1)(y)))({ yHat }))
 * ) // right({ value: 1.3125, grad: { yHat: [[0.25, 0.5]] } })
 *
 * @category losses
 * @since 0.3.0
 */
export const huber =
  (delta: number): Loss =>
  (target, options: LossOptions = {}) =>
  (prediction) => {
    if (!(typeof delta === 'number' && Number.isFinite(delta) && delta > 0))
      abort(invalidArgument('huber', `delta is ${describe(delta)}; expected a positive finite number`))
    const [p, y, , outputs] = samplesOf('huber', prediction, target)
    const d = sub(y)(p)
    return reduceElements(options.reduction, outputs)(applyKernel('huber', d.value.shape, huberKernel(delta), [d]))
  }

/**
 * Huber's loss of each `d` as one op, `½ d²` where `|d| ≤ δ` and `δ (|d| − ½ δ)` beyond; back,
 * `d·g` inside and `δ·sign(d)·g` beyond. The branch is chosen inside the op, from the value it
 * is handed, so that a compiled program chooses it again at every run. Its arithmetic is that
 * of the ops it stands for (`abs`, `square`, `scale`, `addScalar` and `where`), operation for
 * operation, so its values and gradients are theirs to the bit (law: laws/nn.laws.test.ts).
 */
const huberKernel = (delta: number): Kernel => {
  const shift = -0.5 * delta
  return {
    forward: ([d], out) => {
      for (let i = 0; i < out.length; i++) {
        const x = d![i]!
        const a = Math.abs(x)
        out[i] = a <= delta ? 0.5 * (x * x) : delta * (a + shift)
      }
    },
    pullback: (g, [d], _, [gd]) => {
      for (let i = 0; i < g.length; i++) {
        const x = d![i]!
        const inside = Math.abs(x) <= delta
        // `where` sends g to the branch taken and 0 to the other; both branches' pullbacks then run
        const quadratic = (inside ? g[i]! : 0) * 0.5 * (2 * x)
        const linear = (inside ? 0 : g[i]!) * delta
        gd![i] = quadratic + (x > 0 ? linear : x < 0 ? -linear : 0)
      }
    }
  }
}

/**
 * Mean absolute error (L1): per element `|ŷ − y|`, the mean over outputs and batch.
 * `[batch, outputs]` → scalar. Its gradient is `sign(ŷ − y)` over the number of elements (0
 * where they are equal).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, NN, Tensor } from 'gradfold'
 * // |0.5 − 0| + |−1 − 1| = 2.5 over 2 outputs; gradient [1, −1] / 2
 * pipe(
 *   E.Do,
 *   E.apS('yHat', Tensor.fromNested([[0.5, -1]])),
 *   E.apS('y', Tensor.fromNested([[0, 1]])),
 *   E.chainW(({ yHat, y }) => AD.valueAndGrad((p: AD.Traced<{ yHat: Tensor.Tensor }>) => pipe(p.yHat, NN.meanAbsoluteError(y)))({ yHat }))
 * ) // right({ value: 1.25, grad: { yHat: [[0.5, -0.5]] } })
 *
 * @category losses
 * @since 0.3.0
 */
export const meanAbsoluteError: Loss =
  (target, options = {}) =>
  (prediction) => {
    const [p, y, , outputs] = samplesOf('meanAbsoluteError', prediction, target)
    return reduceElements(options.reduction, outputs)(abs(sub(y)(p)))
  }

/** A probability outside [0, 1], or one with no logarithm where it is needed, stops the trace. */
const checkBinary = (p: Var, y: Var): void => {
  const data = p.value.data
  const target = y.value.data
  for (let i = 0; i < data.length; i++) {
    const q = data[i]!
    const t = target[i]!
    if (!(q >= 0 && q <= 1) || (q === 0 && t !== 0) || (q === 1 && t !== 1))
      abort({
        ...nonFinite('binaryCrossEntropy', i, q),
        message: `binaryCrossEntropy: prediction element ${i} is ${q} where the target is ${t}; expected a probability in [0, 1], above 0 where the target is not 0 and below 1 where it is not 1 (from logits, use sigmoidBinaryCrossEntropy)`
      })
  }
}

/**
 * Binary cross-entropy (nats) on probabilities: per element `−[y ln ŷ + (1 − y) ln(1 − ŷ)]`, the
 * mean over outputs and batch. `[batch, outputs]` → scalar. Its gradient is `(ŷ − y) / (ŷ (1 −
 * ŷ))` over the number of elements.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, NN, Tensor } from 'gradfold'
 * // −(ln 0.8 + ln(1 − 0.5)) / 2 = (0.2231… + 0.6931…) / 2; gradient [−1/0.8, 1/0.5] / 2
 * pipe(
 *   E.Do,
 *   E.apS('yHat', Tensor.fromNested([[0.8, 0.5]])),
 *   E.apS('y', Tensor.fromNested([[1, 0]])),
 *   E.chainW(({ yHat, y }) => AD.valueAndGrad((p: AD.Traced<{ yHat: Tensor.Tensor }>) => pipe(p.yHat, NN.binaryCrossEntropy(y)))({ yHat }))
 * ) // right({ value: 0.4581…, grad: { yHat: [[-0.625, 1]] } })
 *
 * @category losses
 * @since 0.3.0
 */
export const binaryCrossEntropy: Loss =
  (target, options = {}) =>
  (prediction) => {
    const [p, y, , outputs] = samplesOf('binaryCrossEntropy', prediction, target)
    checkBinary(p, y)
    const positive = xlogy(y, 'e')(p)
    // 1 − y by the ops (not from the targets' values, which a compiled program would keep)
    const complement = addScalar(1)(neg(y))
    const negative = xlogy(complement, 'e')(addScalar(1)(neg(p)))
    return reduceElements(options.reduction, outputs)(neg(add(negative)(positive)))
  }
