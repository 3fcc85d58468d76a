/**
 * Measuring a model on a data set: its loss over the whole set and its accuracy, with one
 * set of parameters, by the forward pass alone.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Params } from '../tree/index.js'
import type { Dataset } from '../data/Dataset.js'
import type { Measure } from './History.js'
import { accuracy } from './metrics.js'
import { lossAndPredictions, type Model } from './Model.js'
import type { AdError } from '../ad/AdError.js'
import type { TensorError } from '../tensor/TensorError.js'

/**
 * The loss of the whole data set (the model's loss with its own reduction over all rows) and
 * the accuracy of the predictions.
 *
 * @category measuring
 * @since 0.1.0
 */
export const measure =
  <P extends Params>(model: Model<P>) =>
  (data: Dataset) =>
  (params: P): E.Either<AdError | TensorError, Measure> => {
    const measured = lossAndPredictions(model)(data)(params)
    if (E.isLeft(measured)) return measured
    const acc = accuracy(data.targets)(measured.right.predictions)
    return E.isLeft(acc) ? acc : E.right({ loss: measured.right.loss, accuracy: acc.right })
  }
