// The founding text's 3-2-3 network (NN.threeTwoThreeMlp: 3 inputs, 2 sigmoid hidden units,
// 3 sigmoid outputs, no biases, loss ½ Σ (ŷ − y)²) for the data tests: trained with the
// library's own loop to show that the bundled data sets can be learnt to accuracy 1. Weights
// come as twelve numbers w1..w12 in the order NN.ThreeTwoThree names them.
import * as E from 'fp-ts/lib/Either.js'
import type { Batching } from '../../src/data/Batching.js'
import type { Dataset } from '../../src/data/Dataset.js'
import { halfSumSquares } from '../../src/nn/losses.js'
import type { MlpParams } from '../../src/nn/mlp.js'
import { threeTwoThreeMlp, threeTwoThreeToMlp, type ThreeTwoThree } from '../../src/nn/threeTwoThree.js'
import { sgd } from '../../src/optim/alias.js'
import type { Key } from '../../src/random/Key.js'
import { fit } from '../../src/train/loop/fit.js'
import { measure } from '../../src/train/bookkeeping/measure.js'
import type { Model } from '../../src/train/Model.js'
import { unsafeTargetAccuracy } from '../../src/train/bookkeeping/stopRules.js'
import { right } from './helpers.js'

const model: Model<MlpParams> = { forward: threeTwoThreeMlp.forward, loss: (y) => halfSumSquares(y) }

const asParams = (w: Float64Array): MlpParams =>
  right(threeTwoThreeToMlp(Object.fromEntries(Array.from(w, (x, i) => [`w${i + 1}`, x])) as ThreeTwoThree))

/** The share of samples whose largest output is their target's class. */
export const accuracy = (w: Float64Array | MlpParams, d: Dataset): number => {
  const m = right(measure(model, { task: 'classification' })(d)(w instanceof Float64Array ? asParams(w) : w))
  return 'accuracy' in m ? m.accuracy : Number.NaN
}

/** The mean loss over the data set. */
export const meanLoss = (w: Float64Array | MlpParams, d: Dataset): number =>
  right(measure(model)(d)(w instanceof Float64Array ? asParams(w) : w)).loss

/** Trains from `init` until accuracy 1 or `maxEpochs`; answers the epochs taken and the weights. */
export const train =
  (batching: Batching, lr: number, maxEpochs: number) =>
  (d: Dataset, key: Key, init: Float64Array): { readonly epochs: number; readonly w: MlpParams } => {
    const r = fit({ model, optimizer: right(sgd(lr)), batching, maxEpochs, stop: unsafeTargetAccuracy(1) })(
      asParams(init),
      key,
      d
    )
    if (E.isLeft(r)) throw new Error(r.left.message)
    return { epochs: r.right.state.epoch, w: r.right.state.params }
  }
