// Training a bundled data set the way a user would: a stratified split, standardised with the
// training part's statistics, an MLP trained by the library's own fit with Adam, then the model
// file's predictClasses on the raw held-out rows, compared with the true class names.
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { miniBatch } from '../../src/data/Batching.js'
import { classNames, labels, type Dataset } from '../../src/data/Dataset.js'
import { trainTestSplit } from '../../src/data/split.js'
import { standardizeSplit } from '../../src/data/Standardizer.js'
import type { Activation } from '../../src/nn/activations.js'
import { lossByName } from '../../src/nn/lossName.js'
import { mlp } from '../../src/nn/mlp.js'
import { adam } from '../../src/optim/alias.js'
import { key } from '../../src/random/Key.js'
import { fit } from '../../src/train/loop/fit.js'
import { modelFile } from '../../src/train/files/ModelFile.js'
import { predictClasses } from '../../src/train/files/predict.js'
import { getRight } from '../either.js'

export interface Recipe {
  readonly hidden: ReadonlyArray<number>
  readonly activation: Activation
  readonly lr: number
  readonly batch: number
  readonly epochs: number
  readonly seed: number
}

/** The share of held-out rows (30 %, stratified) whose class the trained model names right. */
export const heldOutAccuracy = (data: Dataset, recipe: Recipe): number => {
  const k = classNames(data).length
  const sizes = [data.inputs.shape[1] as number, ...recipe.hidden, k]
  const net = getRight(mlp({ sizes, activations: [...recipe.hidden.map(() => recipe.activation), 'identity'] }))
  const split = getRight(
    pipe(
      key(recipe.seed),
      E.chainW((k0) => trainTestSplit({ testFraction: 0.3, stratify: true })(data, k0)),
      E.chainW(standardizeSplit)
    )
  )
  const trained = getRight(
    pipe(
      E.Do,
      E.apS('k1', key(recipe.seed + 1)),
      E.bindW('params', ({ k1 }) => net.init(k1)),
      E.apSW('optimizer', adam({ lr: recipe.lr })),
      E.chainW(({ k1, params, optimizer }) =>
        fit({
          model: { forward: net.forward, loss: lossByName('softmaxCrossEntropy') },
          optimizer,
          batching: getRight(miniBatch(recipe.batch, { shuffle: true })),
          maxEpochs: recipe.epochs
        })(params, k1, split.train)
      )
    )
  )
  const model = getRight(
    modelFile({
      net,
      loss: 'softmaxCrossEntropy',
      params: trained.state.params,
      standardizer: split.standardizer,
      classes: classNames(data)
    })
  )
  const raw = split.testIndices.map((i) => Array.from(data.inputs.data.subarray(i * sizes[0]!, (i + 1) * sizes[0]!)))
  const predicted = getRight(predictClasses(model)(raw))
  const truth = labels(data)
  const names = classNames(data)
  return predicted.filter((name, j) => name === names[truth[split.testIndices[j]!]!]).length / predicted.length
}
