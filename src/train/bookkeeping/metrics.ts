/**
 * Metrics that fit the task.
 *
 * Classification metrics from predictions `[n, classes]` (scores or probabilities: the class
 * of a row is its arg-max) and targets `[n, classes]` (one-hot rows, or any rows whose arg-max
 * is the true class). A single column is a binary problem: it holds the probability of class
 * 1, and a row is of class 1 when its value is at least ½ (a sigmoid output; for logits, apply
 * the sigmoid first).
 *
 * Regression metrics from predictions and targets `[n, outputs]`: mean squared error and mean
 * absolute error over every element, and R², `1 − SS_res / SS_tot` of each output column
 * averaged over the columns (scikit-learn's `r2_score`, including its convention for a
 * constant column: 1 when predicted exactly, 0 otherwise).
 *
 * `taskOf` tells the two apart from the targets when a run is not told: targets whose every
 * row is one-hot (or a single column of 0s and 1s) are a classification's.
 *
 * Laws: `accuracy` is the trace of the confusion matrix over `n`; each row of the confusion
 * matrix sums to the number of samples of that class; R² of the targets themselves is 1.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import { argmaxRows } from '../../tensor/kernels.js'
import { isTensor, type Tensor } from '../../tensor/Tensor.js'
import { arrayOf, checkArguments, finite, guarded, number, withFields } from '../../tensor/guards.js'
import { invalidArgument, shapeMismatch, type TensorError } from '../../tensor/TensorError.js'
import { tensorKind } from '../kinds.js'
import type { ClassReport } from './History.js'

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
 * What a model learns: classes, or numbers.
 *
 * @category model
 * @since 0.2.0
 */
export type Task = 'classification' | 'regression'

/**
 * A regression's errors: mean squared error, mean absolute error and R².
 *
 * @category model
 * @since 0.2.0
 */
export interface RegressionMetrics {
  readonly mse: number
  readonly mae: number
  readonly r2: number
}

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

/** Both `[n, columns]` with n, columns ≥ 1, and of one shape. */
const sameMatrixShape =
  (op: string, columns: string) =>
  (predictions: Tensor, targets: Tensor): E.Either<TensorError, void> =>
    predictions.shape.length === 2 &&
    targets.shape.length === 2 &&
    predictions.shape[0] === targets.shape[0] &&
    predictions.shape[1] === targets.shape[1] &&
    predictions.shape[0]! > 0 &&
    predictions.shape[1]! > 0
      ? E.right(undefined)
      : E.left(
          shapeMismatch(
            op,
            [predictions.shape, targets.shape],
            `predictions and targets must both be [n, ${columns}] with n ≥ 1`
          )
        )

const sameClassShape = sameMatrixShape('metrics', 'classes')

/** The predicted and true class of every row, after checking that the shapes agree. */
const classes = (
  predictions: Tensor,
  targets: Tensor
): E.Either<TensorError, readonly [ArrayLike<number>, ArrayLike<number>]> => {
  const shapes = sameClassShape(predictions, targets)
  return E.isLeft(shapes) ? shapes : E.right([classOfRows(predictions), trueClasses(targets)] as const)
}

/**
 * The class of each row of a matrix `[n, columns]` (n, columns ≥ 1): its arg-max, or for a
 * single column 1 from ½ up and 0 below.
 */
const classOfRows = (t: Tensor): Int32Array => {
  const [rows, cols] = t.shape as readonly [number, number]
  if (cols > 1) return argmaxRows(t.data, { rows, cols })
  const out = new Int32Array(rows)
  for (let i = 0; i < rows; i++) out[i] = t.data[i]! >= 0.5 ? 1 : 0
  return out
}

/** The true classes of each targets tensor met so far: a tensor is never written, and a run measures the same targets at every epoch. */
const trueClassesOf = new WeakMap<Tensor, Int32Array>()

const trueClasses = (targets: Tensor): Int32Array => {
  let found = trueClassesOf.get(targets)
  if (found === undefined) trueClassesOf.set(targets, (found = classOfRows(targets)))
  return found
}

/**
 * How many rows of `predictions` `[n, columns]` are of their true class (`actual`), each row's
 * class read as `classOfRows` reads it (the first arg-max, or ½ and up for one column), without
 * an array of the classes: a run measures its accuracy after every epoch.
 */
const rightRows = (predictions: Tensor, actual: Int32Array): number => {
  const [rows, cols] = predictions.shape as readonly [number, number]
  const a = predictions.data
  let right = 0
  for (let i = 0; i < rows; i++) {
    let best = cols > 1 ? 0 : a[i]! >= 0.5 ? 1 : 0
    let top = a[i * cols]!
    for (let j = 1; j < cols; j++) {
      const v = a[i * cols + j]!
      if (v > top) {
        top = v
        best = j
      }
    }
    if (best === actual[i]) right++
  }
  return right
}

/** Targets and predictions that are tensors (O(1)); their shapes are checked after. */
const checkTensors = (op: string, targets: unknown, predictions: unknown): E.Either<TensorError, void> =>
  checkArguments(op, [
    ['the targets', targets, tensorKind],
    ['the predictions', predictions, tensorKind]
  ])

const lossesKind = arrayOf(
  withFields('{ loss, size }', [
    ['loss', number],
    ['size', number]
  ]),
  'records { loss, size } of numbers'
)

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
  (predictions: Tensor): E.Either<TensorError, number> => {
    // plain statements, no pipe: a run measures its accuracy after every epoch
    const wrong =
      isTensor(targets) && isTensor(predictions) ? undefined : checkTensors('accuracy', targets, predictions)
    if (wrong !== undefined && E.isLeft(wrong)) return wrong
    const shapes = sameClassShape(predictions, targets)
    return E.isLeft(shapes) ? shapes : E.right(rightRows(predictions, trueClasses(targets)) / predictions.shape[0]!)
  }

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
      checkTensors('confusionMatrix', targets, predictions),
      E.flatMap(() => classes(predictions, targets)),
      E.map(([predicted, actual]) => {
        const k = Math.max(2, targets.shape[1]!)
        const m = Array.from({ length: k }, () => new Array<number>(k).fill(0))
        for (let i = 0; i < predicted.length; i++) m[actual[i]!]![predicted[i]!]! += 1
        return m
      })
    )

/**
 * Precision, recall and support of every class, from a confusion matrix: rows of counts, as
 * `confusionMatrix` answers them or as read back from JSON.
 *
 * @example
 * import { Train } from 'gradfold'
 * // rows are the true classes, columns the predicted: class 0 is predicted 3 times, rightly twice
 * Train.classReports([[2, 0], [1, 1]]) // right([{ precision: 0.6666666666666666, recall: 1, support: 2 }, { precision: 1, recall: 0.5, support: 2 }])
 * Train.classReports([[2, '0']] as never) // left: classReports: the matrix is an array of 1 item; expected an array of rows of finite numbers
 *
 * @category metrics
 * @since 0.1.0
 */
export const classReports = (m: ConfusionMatrix): E.Either<TensorError, ReadonlyArray<ClassReport>> =>
  guarded('classReports', [['the matrix', m, matrixKind]], () => E.right(reports(m)))

const matrixKind = arrayOf(arrayOf(finite, 'finite numbers'), 'rows of finite numbers')

const reports = (m: ConfusionMatrix): ReadonlyArray<ClassReport> =>
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
 * The task the targets are of: a classification when every row is one-hot, or the targets are
 * a single column of 0s and 1s; a regression otherwise.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Tensor } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * E.map(Advanced.Train.taskOf)(Tensor.fromNested([[0, 1], [1, 0]])) // right('classification')
 * E.map(Advanced.Train.taskOf)(Tensor.fromNested([[0.5], [3]])) // right('regression')
 *
 * @category metrics
 * @since 0.2.0
 */
export const taskOf = (targets: Tensor): Task => {
  const [n = 0, k = 0] = targets.shape
  if (targets.shape.length !== 2 || n === 0) return 'regression'
  const d = targets.data
  for (let i = 0; i < n; i++) {
    let ones = 0
    for (let j = 0; j < k; j++) {
      const v = d[i * k + j]!
      if (v === 1) ones++
      else if (v !== 0) return 'regression'
    }
    if (k > 1 && ones !== 1) return 'regression'
  }
  return 'classification'
}

/**
 * Mean squared error, mean absolute error and R² of `predictions` against `targets`, both
 * `[n, outputs]` with n ≥ 1.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor, Train } from 'gradfold'
 * // targets 1, 2, 3 (mean 2, SS_tot = 2) predicted as 1, 2, 4: SS_res = 1, so R² = 1 − 1/2
 * pipe(
 *   E.Do,
 *   E.apS('targets', Tensor.fromNested([[1], [2], [3]])),
 *   E.apS('predictions', Tensor.fromNested([[1], [2], [4]])),
 *   E.chain(({ targets, predictions }) => Train.regressionMetrics(targets)(predictions))
 * ) // right({ mse: 0.3333333333333333, mae: 0.3333333333333333, r2: 0.5 })
 *
 * @category metrics
 * @since 0.2.0
 */
export const regressionMetrics =
  (targets: Tensor) =>
  (predictions: Tensor): E.Either<TensorError, RegressionMetrics> => {
    const wrong = checkTensors('regressionMetrics', targets, predictions)
    if (E.isLeft(wrong)) return wrong
    const shapes = sameMatrixShape('regressionMetrics', 'outputs')(predictions, targets)
    if (E.isLeft(shapes)) return shapes
    const [n = 0, k = 0] = targets.shape
    const y = targets.data
    const p = predictions.data
    let squares = 0
    let absolutes = 0
    let r2 = 0
    for (let j = 0; j < k; j++) {
      let mean = 0
      for (let i = 0; i < n; i++) mean += y[i * k + j]!
      mean /= n
      let res = 0
      let tot = 0
      for (let i = 0; i < n; i++) {
        const e = y[i * k + j]! - p[i * k + j]!
        res += e * e
        absolutes += Math.abs(e)
        const d = y[i * k + j]! - mean
        tot += d * d
      }
      squares += res
      r2 += tot === 0 ? (res === 0 ? 1 : 0) : 1 - res / tot
    }
    const metrics = { mse: squares / (n * k), mae: absolutes / (n * k), r2: r2 / k }
    return Number.isFinite(metrics.mse) && Number.isFinite(metrics.mae) && Number.isFinite(metrics.r2)
      ? E.right(metrics)
      : E.left(invalidArgument('regressionMetrics', 'a prediction or a target is not a finite number'))
  }

/**
 * The mean of batch losses weighted by their batch sizes: the epoch's mean loss per sample when
 * each batch's loss is itself a mean. No samples at all has no mean: `InvalidArgument`.
 *
 * @example
 * import { Train } from 'gradfold'
 * // a batch of 1 with loss 4 and a batch of 3 with loss 1: (4 + 3·1) / 4
 * Train.meanLoss([{ loss: 4, size: 1 }, { loss: 1, size: 3 }]) // right(1.75)
 * Train.meanLoss([]) // left: meanLoss: no samples to average
 *
 * @category metrics
 * @since 0.1.0
 */
export const meanLoss = (
  losses: ReadonlyArray<{ readonly loss: number; readonly size: number }>
): E.Either<TensorError, number> => {
  const wrong = checkArguments('meanLoss', [['the losses', losses, lossesKind]])
  if (E.isLeft(wrong)) return wrong
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
