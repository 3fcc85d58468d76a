/**
 * Measuring a model on a data set, with one set of parameters, by the forward pass alone: its
 * loss over the whole set and the metrics that fit the task. A classification reports its
 * accuracy (and each class's precision and recall when asked); a regression its MSE, MAE and
 * R². Unless told, the task is read from the targets (`taskOf`).
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import type { AdError } from '../../ad/AdError.js'
import type { Params } from '../../tree/index.js'
import type { Dataset } from '../../data/Dataset.js'
import type { TensorError } from '../../tensor/TensorError.js'
import type { Measure } from './History.js'
import { accuracy, classReports, confusionMatrix, regressionMetrics, taskOf, type Task } from './metrics.js'
import { lossAndPredictions, type Model } from '../Model.js'

/**
 * The task to measure for (read from the targets unless given), and whether a classification
 * reports each class's precision and recall.
 *
 * @category model
 * @since 0.2.0
 */
export interface MeasureOptions {
  readonly task?: Task
  readonly perClass?: boolean
}

/**
 * The loss of the whole data set (the model's loss with its own reduction over all rows) and
 * the task's metrics of the predictions.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Data, NN, Train } from 'gradfold'
 * // ŷ = w·x with w = 1 on targets 2x: a regression, so MSE, MAE and R², no accuracy
 * const model: Train.Model<{ w: number }> = { forward: (p) => AD.mul(p.w), loss: NN.mse }
 * pipe(Data.fromRows([[1], [2]], [[2], [4]]), E.chainW((data) => Train.measure(model)(data)({ w: 1 })))
 * // right({ loss: 2.5, mse: 2.5, mae: 1.5, r2: -1.5 })
 *
 * @category measuring
 * @since 0.1.0
 */
export const measure =
  <P extends Params>(model: Model<P>, options: MeasureOptions = {}) =>
  (data: Dataset) =>
  (params: P): E.Either<AdError | TensorError, Measure> => {
    const measured = lossAndPredictions(model)(data)(params)
    if (E.isLeft(measured)) return measured
    const { loss, predictions } = measured.right
    if ((options.task ?? taskOf(data.targets)) === 'regression') {
      const r = regressionMetrics(data.targets)(predictions)
      return E.isLeft(r) ? r : E.right({ loss, ...r.right })
    }
    const acc = accuracy(data.targets)(predictions)
    if (E.isLeft(acc)) return acc
    if (options.perClass !== true) return E.right({ loss, accuracy: acc.right })
    const m = confusionMatrix(data.targets)(predictions)
    const classes = E.isLeft(m) ? m : classReports(m.right)
    return E.isLeft(classes) ? classes : E.right({ loss, accuracy: acc.right, classes: classes.right })
  }
