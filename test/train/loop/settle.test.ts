import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { AD, Data, NN, Optim, Random, Train } from '../../../src/index.js'
import { getLeft, getRight } from '../../either.js'
import * as Advanced from '../../../src/advanced.js'

const line: Train.Model<{ w: number }> = { forward: (p) => AD.mul(p.w), loss: NN.mse }
const data = getRight(Data.fromRows([[0], [1], [2]], [[0], [2], [4]]))
const key = getRight(Random.key(0))

describe('configs whose fields are the Either their constructor answered', () => {
  it('settles Right fields to their values, leaving the others as they are', () => {
    const batching = Data.miniBatch(2)
    expect(getRight(Advanced.Train.settle('fit')({ batching, maxEpochs: 1 }))).toEqual({
      batching: getRight(batching),
      maxEpochs: 1
    })
    const plain = { maxEpochs: 1 }
    expect(getRight(Advanced.Train.settle('fit')(plain))).toBe(plain)
  })

  it('fits with fields given as Eithers, to the same parameters as with their values', () => {
    const given = Train.fit({ model: line, optimizer: Optim.sgd(0.05), batching: Data.miniBatch(2), maxEpochs: 4 })(
      { w: 0 },
      key,
      data
    )
    const unwrapped = Train.fit({
      model: line,
      optimizer: getRight(Optim.sgd(0.05)),
      batching: getRight(Data.miniBatch(2)),
      maxEpochs: 4
    })({ w: 0 }, key, data)
    expect(getRight(given).state.params.w).toBe(getRight(unwrapped).state.params.w)
  })

  it('names the first Left field and why its constructor refused it, in fit and in run', async () => {
    const config = { model: line, optimizer: Optim.sgd(-1), batching: Data.miniBatch(0), maxEpochs: 4 }
    expect(getLeft(Train.fit(config)({ w: 0 }, key, data)).message).toMatch(/^fit: optimizer: /)
    const started = Train.start({
      model: line,
      optimizer: getRight(Optim.sgd(0.1)),
      batching: Data.fullBatch(),
      maxEpochs: 1
    })
    const ran = await Train.run({ ...config, optimizer: Optim.sgd(0.1) })(started({ w: 0 }, key), data)()
    expect(E.isLeft(ran) && ran.left.message).toMatch(/^run: batching: /)
  })

  it('names the wrong field of a config by its path', () => {
    const bad = { model: line, optimizer: getRight(Optim.sgd(0.1)), batching: 'sixteen', maxEpochs: 1 }
    const refused = Train.epoch(bad as never)(Train.initialState(getRight(Optim.sgd(0.1)))({ w: 0 }, key), data)
    expect(getLeft(refused).message).toMatch(/the config\.batching is "sixteen"; expected a batching/)
  })
})
