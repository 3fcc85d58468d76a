/**
 * Losses from logits, each one fused op whose forward step and pullback stand side by side,
 * computed stably so that logits of any finite size (±1000 and beyond) give the finite, exact
 * answer where `crossEntropy(softmax(z))` would take the log of an underflowed 0.
 *
 * - `softmaxCrossEntropy`: per sample `Σⱼ yⱼ · (lse(z) − zⱼ)`, the cross-entropy in nats of
 *   `softmax(z)` against `y`, with `lse(z) = m + ln Σ e^(zⱼ − m)`, `m = max z`. Pullback:
 *   `(softmax(z)·Σy − y) / batch` (`(softmax(z) − y) / batch` for targets that sum to 1).
 *   Law: equals `crossEntropy(y)(softmax(z))`.
 * - `sigmoidBinaryCrossEntropy`: per element `max(z, 0) − z·y + ln(1 + e^(−|z|))`, the binary
 *   cross-entropy in nats of `σ(z)` against `y`; per sample the mean over outputs (as Keras's
 *   `binary_crossentropy` and PyTorch's `BCEWithLogitsLoss`). Pullback: `(σ(z) − y) / n`.
 *   Law: equals `−[y·ln σ(z) + (1 − y)·ln(1 − σ(z))]` averaged the same way.
 *
 * Shapes and reductions follow `losses.ts`: `[batch, classes]` → scalar, batch mean unless
 * `reduction: 'sum'`.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import * as Elementary from '../math/index.js'
import { sigmoidRule } from '../ad/activationRules.js'
import { customOp, NO_GRADIENT, type CustomOp } from '../ad/index.js'
import { abort } from '../ad/AdError.js'
import { applyKernel, type Kernel } from '../ad/kernel.js'
import { lift, type Operand, type Var } from '../ad/Var.js'
import * as kernels from '../tensor/kernels.js'
import { rowLogSumExpInto } from '../tensor/kernelsInto.js'
import { invalidArgument, shapeMismatch } from '../tensor/TensorError.js'
import { samplesOf, type Loss, type LossOptions } from './losses.js'

// -------------------------------------------------------------------------------------
// losses
// -------------------------------------------------------------------------------------

/**
 * Softmax and cross-entropy (nats) in one stable op: logits `[batch, classes]`, targets of
 * the same shape (one-hot rows or probability rows) → scalar.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, NN, Tensor } from 'gradfold'
 * // equal logits give each class ⅓: the loss is ln 3, and its gradient softmax(z) − y
 * pipe(
 *   E.Do,
 *   E.apS('z', Tensor.fromNested([[0, 0, 0]])),
 *   E.apS('y', Tensor.fromNested([[1, 0, 0]])),
 *   E.chainW(({ z, y }) => AD.valueAndGrad((p: AD.Traced<{ z: Tensor.Tensor }>) => pipe(p.z, NN.softmaxCrossEntropy(y)))({ z }))
 * ) // right({ value: 1.0986…, grad: { z: a [1, 3] tensor holding -⅔, ⅓, ⅓ } })
 *
 * @category losses
 * @since 0.1.0
 */
export const softmaxCrossEntropy: Loss =
  (target, options = {}) =>
  (logits) => {
    const [z, y, rows, cols] = samplesOf('softmaxCrossEntropy', logits, target)
    return applyKernel(
      'softmaxCrossEntropy',
      [],
      softmaxCrossEntropyKernel({ rows, cols }, options.reduction === 'sum'),
      [z, y]
    )
  }

/** The logits, the targets, each row's log-sum-exp and each target row's mass `Σⱼ yⱼ`. */
/** The loss from the logits `z` and the targets `y`: per row `Σⱼ yⱼ (lse − zⱼ)`; back, `softmax·Σy − y` and `lse − z`. */
const softmaxCrossEntropyKernel = ({ rows, cols }: kernels.MatrixShape, sum: boolean): Kernel => {
  const lse = new Float64Array(rows)
  const mass = new Float64Array(rows)
  return {
    forward: ([z, y], out) => {
      rowLogSumExpInto(lse, z!, { rows, cols })
      mass.fill(0)
      let total = 0
      for (let r = 0; r < rows; r++) {
        const o = r * cols
        for (let j = 0; j < cols; j++) {
          total += y![o + j]! * (lse[r]! - z![o + j]!)
          mass[r] = mass[r]! + y![o + j]!
        }
      }
      out[0] = sum ? total : total / rows
    },
    pullback: (g, [z, y], _, [gz, gy]) => {
      const gc = g[0]! * (sum ? 1 : 1 / rows)
      if (gz !== undefined)
        for (let r = 0; r < rows; r++) {
          const o = r * cols
          for (let j = 0; j < cols; j++) gz[o + j] = gc * (Elementary.exp(z![o + j]! - lse[r]!) * mass[r]! - y![o + j]!)
        }
      if (gy !== undefined)
        for (let r = 0; r < rows; r++)
          for (let j = 0; j < cols; j++) gy[r * cols + j] = gc * (lse[r]! - z![r * cols + j]!)
    }
  }
}

/**
 * Sigmoid and binary cross-entropy (nats) in one stable op: logits and targets in `[0, 1]`,
 * both `[batch, outputs]` → scalar; per sample the mean over outputs.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, NN, Tensor } from 'gradfold'
 * // a logit of 0 is the probability ½ for a sample of class 1: the loss is ln 2, its gradient σ(0) − 1 = −½
 * pipe(
 *   E.Do,
 *   E.apS('z', Tensor.fromNested([[0]])),
 *   E.apS('y', Tensor.fromNested([[1]])),
 *   E.chainW(({ z, y }) => AD.valueAndGrad((p: AD.Traced<{ z: Tensor.Tensor }>) => pipe(p.z, NN.sigmoidBinaryCrossEntropy(y)))({ z }))
 * ) // right({ value: 0.6931…, grad: { z: a [1, 1] tensor holding -0.5 } })
 *
 * @category losses
 * @since 0.1.0
 */
export const sigmoidBinaryCrossEntropy: Loss =
  (target, options = {}) =>
  (logits) => {
    const [z, y, rows, cols] = samplesOf('sigmoidBinaryCrossEntropy', logits, target)
    return applyKernel(
      'sigmoidBinaryCrossEntropy',
      [],
      sigmoidBinaryCrossEntropyKernel(options.reduction === 'sum' ? cols : rows * cols, rows * cols),
      [z, y]
    )
  }

/** Sigmoid binary cross-entropy as one op, the total divided by `n`; it saves the logits and the targets. */
/** `mean(max(z, 0) − z·y + ln(1 + e^−|z|))` over `n`; back, `σ(z) − y` and `−z`. */
const sigmoidBinaryCrossEntropyKernel = (n: number, size: number): Kernel => {
  const p = new Float64Array(size)
  return {
    forward: ([z, y], out) => {
      let total = 0
      for (let i = 0; i < z!.length; i++) {
        const v = z![i]!
        total += Math.max(v, 0) - v * y![i]! + Elementary.log1p(Elementary.exp(-Math.abs(v)))
      }
      out[0] = total / n
    },
    pullback: (g, [z, y], _, [gz, gy]) => {
      const gc = g[0]! / n
      if (gz !== undefined) {
        sigmoidRule.applyInto(z!, p)
        for (let i = 0; i < z!.length; i++) gz[i] = gc * (p[i]! - y![i]!)
      }
      if (gy !== undefined) for (let i = 0; i < y!.length; i++) gy[i] = -gc * z![i]!
    }
  }
}

/**
 * Softmax cross-entropy (nats) against integer class labels: logits `[batch, classes]`, labels
 * `[batch]` or `[batch, 1]` holding class numbers `0 … classes − 1` → scalar. Per sample
 * `lse(z) − z_label`, the batch mean (or sum). It is `softmaxCrossEntropy` of the one-hot rows of
 * the labels, without making them. Pullback: `(softmax(z) − onehot(label)) / batch`; no gradient
 * flows into the labels. A label that is not a class number stops the trace, naming the sample.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, NN, Tensor } from 'gradfold'
 * // equal logits give each of 2 classes ½: the loss of label 1 is ln 2, its gradient [½, ½ − 1]
 * pipe(
 *   E.Do,
 *   E.apS('z', Tensor.fromNested([[0, 0]])),
 *   E.apS('label', Tensor.fromNested([1])),
 *   E.chainW(({ z, label }) => AD.valueAndGrad((p: AD.Traced<{ z: Tensor.Tensor }>) => pipe(p.z, NN.sparseSoftmaxCrossEntropy(label)))({ z }))
 * ) // right({ value: 0.6931…, grad: { z: [[0.5, -0.5]] } })
 *
 * @category losses
 * @since 0.3.0
 */
export const sparseSoftmaxCrossEntropy =
  (labels: Operand, options: LossOptions = {}) =>
  (logits: Operand): Var => {
    const z = lift(logits)
    const y = lift(labels)
    const [rows = 0, cols = 0] = z.value.shape
    if (z.value.shape.length !== 2 || rows === 0)
      abort(
        shapeMismatch('sparseSoftmaxCrossEntropy', [z.value.shape], 'the logits must be [batch, classes], batch ≥ 1')
      )
    const [n = -1, width = 1] = y.value.shape
    if (!(n === rows && y.value.shape.length <= 2 && width === 1))
      abort(
        shapeMismatch(
          'sparseSoftmaxCrossEntropy',
          [z.value.shape, y.value.shape],
          `expected one label per sample, [${rows}] or [${rows}, 1]`
        )
      )
    const bad = y.value.data.findIndex((c) => !(Number.isInteger(c) && c >= 0 && c < cols))
    if (bad >= 0)
      abort(
        invalidArgument(
          'sparseSoftmaxCrossEntropy',
          `the label of sample ${bad} is ${y.value.data[bad]}; expected a class number from 0 to ${cols - 1}`
        )
      )
    return customOp(sparseSoftmaxCrossEntropyOp({ rows, cols }, options.reduction === 'sum'))(z, y)
  }

/** Sparse softmax cross-entropy as one op; it saves the logits, the labels and each row's log-sum-exp. */
const sparseSoftmaxCrossEntropyOp = (
  { rows, cols }: kernels.MatrixShape,
  sum: boolean
): CustomOp<readonly [Float64Array, Float64Array, Float64Array]> => ({
  name: 'sparseSoftmaxCrossEntropy',
  forward: ([logits, labels]) => {
    const z = logits!.data
    const y = labels!.data
    const lse = kernels.rowLogSumExp(z, { rows, cols })
    let total = 0
    for (let r = 0; r < rows; r++) total += lse[r]! - z[r * cols + y[r]!]!
    return E.right({ shape: [], data: Float64Array.of(sum ? total : total / rows), saved: [z, y, lse] })
  },
  pullback: (g, [z, y, lse]) => {
    const gc = g[0]! * (sum ? 1 : 1 / rows)
    const gz = new Float64Array(z.length)
    for (let r = 0; r < rows; r++) {
      const o = r * cols
      for (let j = 0; j < cols; j++) gz[o + j] = gc * (Elementary.exp(z[o + j]! - lse[r]!) - (j === y[r] ? 1 : 0))
    }
    return [gz, NO_GRADIENT]
  }
})
