import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import { fullBatch } from '../../src/data/Batching.js'
import { classNames } from '../../src/data/Dataset.js'
import * as _ from '../../src/data/xor.js'
import { lossByName } from '../../src/nn/lossName.js'
import { mlp } from '../../src/nn/mlp.js'
import { adam } from '../../src/optim/alias.js'
import { key } from '../../src/random/Key.js'
import { fit } from '../../src/train/loop/fit.js'
import { modelFile } from '../../src/train/files/ModelFile.js'
import { predictClasses } from '../../src/train/files/predict.js'
import { getRight } from '../either.js'

describe('xor', () => {
  it('is the four corners of the square, labelled by exclusive or', () => {
    expect(Array.from(_.xor.inputs.data)).toEqual([0, 0, 0, 1, 1, 0, 1, 1])
    expect(Array.from(_.xor.targets.data)).toEqual([0, 1, 1, 0])
    expect(classNames(_.xor)).toEqual(['0', '1'])
  })

  it('is learnt, 4 of 4, by a 2-4-1 tanh network with a sigmoid output', () => {
    const net = getRight(mlp({ sizes: [2, 4, 1], activations: ['tanh', 'identity'] }))
    const trained = getRight(
      pipe(
        E.Do,
        E.apS('k', key(0)),
        E.bindW('params', ({ k }) => net.init(k)),
        E.apSW('optimizer', adam({ lr: 0.05 })),
        E.chainW(({ k, params, optimizer }) =>
          fit({
            model: { forward: net.forward, loss: lossByName('sigmoidBinaryCrossEntropy') },
            optimizer,
            batching: fullBatch(),
            maxEpochs: 300
          })(params, k, _.xor)
        )
      )
    )
    const model = getRight(
      modelFile({ net, loss: 'sigmoidBinaryCrossEntropy', params: trained.state.params, classes: classNames(_.xor) })
    )
    expect(
      getRight(
        predictClasses(model)([
          [0, 0],
          [0, 1],
          [1, 0],
          [1, 1]
        ])
      )
    ).toEqual(['0', '1', '1', '0'])
  })
})
