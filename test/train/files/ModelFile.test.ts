import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import { fitStandardizer } from '../../../src/data/Standardizer.js'
import { threeClass } from '../../../src/data/threeClass.js'
import { mlp } from '../../../src/nn/mlp.js'
import { key } from '../../../src/random/Key.js'
import * as _ from '../../../src/train/files/ModelFile.js'
import { VERSION } from '../../../src/train/files/version.js'
import { predict } from '../../../src/train/files/predict.js'
import type { Preparation } from '../../../src/data/Preparation.js'
import { getLeft, getRight } from '../../either.js'
import pkg from '../../../package.json' with { type: 'json' }

const model = getRight(
  pipe(
    E.Do,
    E.apS('net', mlp({ sizes: [3, 4, 3], activations: ['tanh', 'identity'] })),
    E.apSW(
      'params',
      pipe(
        key(1),
        E.chainW((k) => getRight(mlp({ sizes: [3, 4, 3], activations: ['tanh', 'identity'] })).init(k))
      )
    ),
    E.apSW('standardizer', fitStandardizer(threeClass)),
    E.chainW(({ net, params, standardizer }) =>
      _.modelFile({
        net,
        loss: 'softmaxCrossEntropy',
        params,
        standardizer,
        classes: ['a', 'b', 'c'],
        featureNames: ['x1', 'x2', 'x3'],
        training: { epochs: 10, optimizer: { name: 'adam', lr: 0.01 } },
        metrics: { trainAccuracy: 1 }
      })
    )
  )
)

/** The model's JSON with `edit` applied, decoded. */
const edited = (edit: (json: any) => void) => {
  const json = JSON.parse(_.encodeModel(model))
  edit(json)
  return getLeft(_.decodeModel(JSON.stringify(json)))
}

describe('modelFile', () => {
  it('records the format, gradfold’s version and every part', () => {
    const json = JSON.parse(_.encodeModel(model))
    expect(json.format).toBe('gradfold-model/1')
    expect(json.gradfoldVersion).toBe(VERSION)
    expect(json.architecture).toEqual({
      sizes: [3, 4, 3],
      activations: ['tanh', 'identity'],
      bias: true,
      loss: 'softmaxCrossEntropy'
    })
    expect(json.classes).toEqual(['a', 'b', 'c'])
    expect(json.training).toEqual({ epochs: 10, optimizer: { name: 'adam', lr: 0.01 } })
  })

  it('is gradfold’s version as package.json gives it', () => {
    expect(VERSION).toBe(pkg.version)
  })

  it('refuses parts that do not fit together, naming the path', () => {
    const net = getRight(mlp({ sizes: [3, 4, 3], activations: ['tanh', 'identity'] }))
    expect(getLeft(_.modelFile({ net, loss: 'mse', params: model.params.slice(0, 1) })).path).toBe('params')
    expect(getLeft(_.modelFile({ ...model, net, loss: 'mse', classes: ['a', 'a', 'b'] })).path).toBe('classes.1')
    expect(getLeft(_.modelFile({ net, loss: 'mse', params: model.params, training: { lr: Number.NaN } })).path).toBe(
      'training.lr'
    )
  })
})

describe('decodeModel', () => {
  it('checks the parameters against the architecture', () => {
    expect(edited((j) => (j.params[1].w.shape = [4, 2])).path).toBe('params.1.w.shape')
    expect(edited((j) => delete j.params[0].b).path).toBe('params.0.b')
    expect(edited((j) => (j.architecture.bias = false)).path).toBe('params.0.b')
    expect(edited((j) => j.params.pop()).path).toBe('params')
    expect(edited((j) => (j.params[0].w.data[5] = 'x')).path).toBe('params.0.w.data.5')
  })

  it('checks the architecture itself', () => {
    expect(edited((j) => (j.architecture.sizes = [3, 0, 3])).path).toBe('architecture.sizes.1')
    expect(edited((j) => j.architecture.activations.pop()).path).toBe('architecture.activations')
    expect(edited((j) => (j.architecture.activations[0] = 'swish')).path).toBe('architecture.activations.0')
    expect(edited((j) => (j.architecture.loss = 'hinge')).path).toBe('architecture.loss')
  })

  it('checks the standardiser, the names and the metadata against the inputs and outputs', () => {
    expect(edited((j) => (j.standardizer.mean.shape = [2])).path).toBe('standardizer.mean.shape')
    expect(edited((j) => (j.standardizer.std.data[2] = -1)).path).toBe('standardizer.std.data.2')
    expect(edited((j) => j.classes.pop()).path).toBe('classes')
    expect(edited((j) => (j.featureNames = ['x', 'y'])).path).toBe('featureNames')
    expect(edited((j) => (j.metrics.trainAccuracy = 'high')).path).toBe('metrics.trainAccuracy')
    expect(edited((j) => (j.format = 'gradfold-model/2')).path).toBe('format')
    expect(edited((j) => (j.extra = 1)).path).toBe('extra')
  })

  it('answers text that is not JSON with a DecodeError', () => {
    expect(getLeft(_.decodeModel('{')).message).toMatch(/^not JSON/)
  })
})

describe('the standardiser of a model file', () => {
  /** The model's JSON with its standardiser's standard deviations replaced, decoded. */
  const withStd = (std: ReadonlyArray<number | string>) =>
    _.decodeModel(
      JSON.stringify({
        ...JSON.parse(_.encodeModel(model)),
        standardizer: { mean: { shape: [3], data: [0, 0, 0] }, std: { shape: [3], data: [...std] } }
      })
    )

  it('refuses a standard deviation of 0 at decoding, naming its path', () => {
    expect(getLeft(withStd([1, 2, 0])).message).toBe(
      'standardizer.std.data.2: expected a positive standard deviation, got 0'
    )
  })

  it('refuses a standard deviation of −0, written "-0", the same way', () => {
    expect(getLeft(withStd([1, '-0', 2])).message).toBe(
      'standardizer.std.data.1: expected a positive standard deviation, got 0'
    )
  })

  it('decodes exactly when every standard deviation is positive, 0 and −0 drawn as often as the interior', () => {
    const std = fc.oneof(
      fc.constantFrom(0, -0, Number.MIN_VALUE, -Number.MIN_VALUE),
      fc.double({ noNaN: true, noDefaultInfinity: true })
    )
    fc.assert(
      fc.property(fc.array(std, { minLength: 3, maxLength: 3 }), (xs) => {
        const r = withStd(xs.map((x) => (Object.is(x, -0) ? '-0' : x)))
        const bad = xs.findIndex((x) => !(x > 0))
        return bad < 0
          ? E.isRight(r) && r.right.standardizer?.std.data.every((x, i) => Object.is(x, xs[i]))
          : E.isLeft(r) && r.left.path === `standardizer.std.data.${bad}`
      })
    )
  })
})

describe('finalMetrics', () => {
  const record = { epoch: 1, step: 1, batchLoss: 1, learningRate: null }
  it('names every number of the last measured epoch by its part', () => {
    const history = [
      { ...record, train: { loss: 0.5, accuracy: 0.5 }, validation: null },
      {
        ...record,
        epoch: 2,
        train: { loss: 0.25, mse: 0.25, mae: 0.5, r2: 0.75 },
        validation: { loss: 1, accuracy: 0.5 }
      },
      { ...record, epoch: 3, train: null, validation: null }
    ]
    expect(_.finalMetrics(history)).toEqual({
      trainLoss: 0.25,
      trainMse: 0.25,
      trainMae: 0.5,
      trainR2: 0.75,
      validationLoss: 1,
      validationAccuracy: 0.5
    })
    expect(_.finalMetrics([])).toEqual({})
  })
})

describe('a model file with a data preparation', () => {
  const preparation: Preparation = {
    _tag: 'Preparation',
    missing: 'impute',
    columns: [
      { kind: 'numeric', name: 'size', fill: 2.5 },
      { kind: 'categorical', name: 'colour', categories: ['blue', 'red'], fill: 'red' }
    ]
  }
  const made = (sizes: ReadonlyArray<number>) =>
    pipe(
      mlp({ sizes, activations: ['identity'], bias: false }),
      E.chainW((net) =>
        pipe(
          key(0),
          E.chainW(net.init),
          E.chainW((params) => _.modelFile({ net, loss: { huber: 0.5 }, params, preparation, classes: ['a', 'b'] }))
        )
      )
    )

  it('keeps the preparation and a Huber loss through JSON, and predicts raw records with them', () => {
    const m = getRight(made([3, 2]))
    const back = getRight(_.decodeModel(_.encodeModel(m)))
    expect(back.preparation).toEqual(preparation)
    expect(back.architecture.loss).toEqual({ huber: 0.5 })
    expect(getRight(predict(back)([{ size: '', colour: 'blue' }])).shape).toEqual([1, 2])
  })

  it('refuses a preparation whose width is not the network’s inputs, naming the path', () => {
    expect(getLeft(made([4, 2])).message).toMatch(/preparation: the preparation makes 3 inputs; the network takes 4/)
  })
})
