/**
 * Classification metrics from predictions `[n, classes]` (scores or probabilities: the class
 * of a row is its arg-max) and targets `[n, classes]` (one-hot rows, or any rows whose arg-max
 * is the true class). A single column is a binary problem: it holds the probability of class
 * 1, and a row is of class 1 when its value is at least ½ (a sigmoid output; for logits, apply
 * the sigmoid first).
 *
 * Laws: `accuracy` is the trace of the confusion matrix over `n`; each row of the confusion
 * matrix sums to the number of samples of that class.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { argmaxRows } from '../tensor/reduce.js'
import type { Tensor } from '../tensor/Tensor.js'
import { invalidArgument, shapeMismatch, type TensorError } from '../tensor/TensorError.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * `matrix[actual][predicted]`: how many samples of class `actual` were predicted as `predicted`.
 *
 * @category model
 * @since 0.1.0
 */
export type ConfusionMatrix = ReadonlyArray<ReadonlyArray<number>>

/**
 * Precision and recall of one class. A class never predicted has precision 0; a class with no
 * samples has recall 0 (scikit-learn's `zero_division=0`).
 *
 * @category model
 * @since 0.1.0
 */
export interface ClassReport {
  readonly precision: number
  readonly recall: number
  readonly support: number
}

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

/** The predicted and true class of every row, after checking that the shapes agree. */
const classes = (
  predictions: Tensor,
  targets: Tensor
): E.Either<TensorError, readonly [ReadonlyArray<number>, ReadonlyArray<number>]> => {
  const ok =
    predictions.shape.length === 2 &&
    targets.shape.length === 2 &&
    predictions.shape[0] === targets.shape[0] &&
    predictions.shape[1] === targets.shape[1] &&
    predictions.shape[0]! > 0
  if (!ok)
    return E.left(
      shapeMismatch(
        'metrics',
        [predictions.shape, targets.shape],
        'predictions and targets must both be [n, classes] with n ≥ 1'
      )
    )
  if (predictions.shape[1] === 1) return E.right([thresholded(predictions), thresholded(targets)])
  const predicted = argmaxRows(predictions)
  if (E.isLeft(predicted)) return predicted
  const actual = argmaxRows(targets)
  return E.isLeft(actual) ? actual : E.right([predicted.right, actual.right] as const)
}

/** The class of each row of a one-column matrix: 1 from ½ up, 0 below. */
const thresholded = (t: Tensor): ReadonlyArray<number> => Array.from(t.data, (p) => (p >= 0.5 ? 1 : 0))

// -------------------------------------------------------------------------------------
// metrics
// -------------------------------------------------------------------------------------

/**
 * The fraction of rows whose predicted class is the true class.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor, Train } from 'gradfold'
 * // four samples of three classes: the third is of class 2 but scores highest for class 0
 * pipe(
 *   E.Do,
 *   E.apS('targets', Tensor.fromNested([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]])),
 *   E.apS('predictions', Tensor.fromNested([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.5, 0.1, 0.4], [0.6, 0.3, 0.1]])),
 *   E.chain(({ targets, predictions }) => Train.accuracy(targets)(predictions))
 * ) // right(0.75)
 *
 * @category metrics
 * @since 0.1.0
 */
export const accuracy =
  (targets: Tensor) =>
  (predictions: Tensor): E.Either<TensorError, number> =>
    pipe(
      classes(predictions, targets),
      E.map(([predicted, actual]) => predicted.filter((c, i) => c === actual[i]).length / predicted.length)
    )

/**
 * The confusion matrix, `[classes][classes]`, rows the true class, columns the predicted one
 * (2 × 2 for a single column).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor, Train } from 'gradfold'
 * // the samples of `accuracy`'s example: the sample of class 2 was predicted as class 0
 * pipe(
 *   E.Do,
 *   E.apS('targets', Tensor.fromNested([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]])),
 *   E.apS('predictions', Tensor.fromNested([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.5, 0.1, 0.4], [0.6, 0.3, 0.1]])),
 *   E.chain(({ targets, predictions }) => Train.confusionMatrix(targets)(predictions))
 * ) // right([[2, 0, 0], [0, 1, 0], [1, 0, 0]])
 *
 * @category metrics
 * @since 0.1.0
 */
export const confusionMatrix =
  (targets: Tensor) =>
  (predictions: Tensor): E.Either<TensorError, ConfusionMatrix> =>
    pipe(
      classes(predictions, targets),
      E.map(([predicted, actual]) => {
        const k = Math.max(2, targets.shape[1]!)
        const m = Array.from({ length: k }, () => new Array<number>(k).fill(0))
        predicted.forEach((p, i) => (m[actual[i]!]![p]! += 1))
        return m
      })
    )

/**
 * Precision, recall and support of every class, from a confusion matrix.
 *
 * @category metrics
 * @since 0.1.0
 */
export const classReports = (m: ConfusionMatrix): ReadonlyArray<ClassReport> =>
  m.map((row, c) => {
    const truePositives = row[c] ?? 0
    const support = row.reduce((a, x) => a + x, 0)
    const predicted = m.reduce((a, r) => a + (r[c] ?? 0), 0)
    return {
      precision: predicted === 0 ? 0 : truePositives / predicted,
      recall: support === 0 ? 0 : truePositives / support,
      support
    }
  })

/**
 * The mean of batch losses weighted by their batch sizes: the epoch's mean loss per sample when
 * each batch's loss is itself a mean. No samples at all has no mean: `InvalidArgument`.
 *
 * @category metrics
 * @since 0.1.0
 */
export const meanLoss = (
  losses: ReadonlyArray<{ readonly loss: number; readonly size: number }>
): E.Either<TensorError, number> => {
  let total = 0
  let n = 0
  for (const { loss, size } of losses) {
    total += loss * size
    n += size
  }
  return n > 0 && Number.isFinite(total)
    ? E.right(total / n)
    : E.left(invalidArgument('meanLoss', n > 0 ? `the weighted sum is ${total}` : 'no samples to average'))
}
