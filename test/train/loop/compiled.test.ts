// A model measured on a whole data set by its compiled forward-only program: the loss and the
// predictions the tape evaluates, bit for bit; nothing where the model does not compile, where
// the program gives up, or where its buffers would be too big (the tape then answers).
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { mul } from '../../../src/ad/ops/arithmetic.js'
import { sum } from '../../../src/ad/ops/reduce.js'
import { evaluate, value } from '../../../src/ad/valueAndGrad.js'
import { lift } from '../../../src/ad/Var.js'
import type { Dataset } from '../../../src/data/Dataset.js'
import { threeClass } from '../../../src/data/threeClass.js'
import { fromRows } from '../../../src/data/Dataset.js'
import { halfSumSquares, mse } from '../../../src/nn/losses.js'
import { threeTwoThreeMlp } from '../../../src/nn/threeTwoThree.js'
import type { MlpParams } from '../../../src/nn/mlp.js'
import { key } from '../../../src/random/Key.js'
import { unsafeMake, type Tensor } from '../../../src/tensor/Tensor.js'
import * as _ from '../../../src/train/loop/compiled.js'
import { lossAndPredictions, type Model } from '../../../src/train/Model.js'
import type { Params } from '../../../src/tree/Tree.js'
import { bitsEqual } from '../../../laws/purity.js'

const get = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left))
  return e.right
}

/** The tape's answer: the predictions evaluated, then their loss with them taken as a constant. */
const tapeLossAndPredictions =
  <P extends Params>(model: Model<P>, data: Dataset) =>
  (params: P): E.Either<unknown, { readonly loss: number; readonly predictions: Tensor }> => {
    const predictions = evaluate<P>((p) => model.forward(p)(data.inputs))(params)
    if (E.isLeft(predictions)) return predictions
    const loss = value<P>(() => model.loss(data.targets)(lift(predictions.right)))(params)
    return E.isLeft(loss) ? loss : E.right({ loss: loss.right, predictions: predictions.right })
  }

const seedModel: Model<MlpParams> = { forward: threeTwoThreeMlp.forward, loss: halfSumSquares }

describe('compiledLossAndPredictions', () => {
  it('answers the tape’s loss and predictions of the whole data set, bit for bit, at parameters of one structure', () => {
    const model: Model<MlpParams> = { ...seedModel }
    for (const seed of [1, 2, 3, 4]) {
      const params = get(threeTwoThreeMlp.init(get(key(seed))))
      const compiled = _.compiledLossAndPredictions(model)(threeClass)(params)
      expect(compiled).toBeDefined()
      expect(bitsEqual(compiled, get(tapeLossAndPredictions(model, threeClass)(params)))).toBe(true)
      // and so does the public entry, which takes this path
      expect(bitsEqual(get(lossAndPredictions(model)(threeClass)(params)), compiled)).toBe(true)
    }
  })

  it('hands out predictions of its own, which its next run does not overwrite', () => {
    const model: Model<MlpParams> = { ...seedModel }
    const first = _.compiledLossAndPredictions(model)(threeClass)(get(threeTwoThreeMlp.init(get(key(1)))))
    const copy = Float64Array.from(first!.predictions.data)
    _.compiledLossAndPredictions(model)(threeClass)(get(threeTwoThreeMlp.init(get(key(2)))))
    expect(Array.from(first!.predictions.data)).toEqual(Array.from(copy))
  })

  it('answers nothing where the loss reads its targets outside the ops, and the tape answers', () => {
    const reads: Model<MlpParams> = { forward: threeTwoThreeMlp.forward, loss: (y) => (p) => sum(mul(y.data[0]!)(p)) }
    const params = get(threeTwoThreeMlp.init(get(key(1))))
    expect(_.compiledLossAndPredictions(reads)(threeClass)(params)).toBeUndefined()
    expect(E.isRight(lossAndPredictions(reads)(threeClass)(params))).toBe(true)
  })

  it('answers nothing where a value is not finite, and the tape names it', () => {
    const line: Model<{ w: number }> = { forward: (p) => mul(p.w), loss: mse }
    const data = get(fromRows([[1e150], [1]], [[0], [0]]))
    expect(_.compiledLossAndPredictions(line)(data)({ w: 1 })).toBeDefined()
    expect(_.compiledLossAndPredictions(line)(data)({ w: 1e200 })).toBeUndefined()
    const failed = lossAndPredictions(line)(data)({ w: 1e200 })
    expect(E.isLeft(failed) && failed.left._tag).toBe('NonFinite')
  })

  it('keeps no program whose buffers would hold more than 2¹⁸ values: the tape measures such a data set', () => {
    const line: Model<{ w: number }> = { forward: (p) => mul(p.w), loss: mse }
    const rows = 100_000 // w·x, its error, the square: three buffers of 100 000
    const data: Dataset = {
      ...get(fromRows([[1]], [[2]])),
      inputs: unsafeMake([rows, 1], new Float64Array(rows).fill(1)),
      targets: unsafeMake([rows, 1], new Float64Array(rows).fill(2))
    }
    expect(_.compiledLossAndPredictions(line)(data)({ w: 3 })).toBeUndefined()
    expect(get(lossAndPredictions(line)(data)({ w: 3 })).loss).toBe(1)
  })
})
