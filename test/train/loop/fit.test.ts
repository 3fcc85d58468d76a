import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { describe, expect, it } from 'vitest'
import { fullBatch, unsafeMiniBatch } from '../../../src/data/Batching.js'
import { make } from '../../../src/data/Dataset.js'
import { sgd } from '../../../src/optim/alias.js'
import { chain } from '../../../src/optim/chain.js'
import { clipByGlobalNorm } from '../../../src/optim/clipByGlobalNorm.js'
import { identity } from '../../../src/optim/identity.js'
import { scale } from '../../../src/optim/scale.js'
import { piecewiseConstant } from '../../../src/optim/schedules.js'
import { scaleByLearningRate } from '../../../src/optim/scaleByLearningRate.js'
import * as _ from '../../../src/train/loop/fit.js'
import { measure } from '../../../src/train/bookkeeping/measure.js'
import { bitsEqual } from '../../../laws/purity.js'
import { unsafeLossBelow } from '../../../src/train/bookkeeping/stopRules.js'
import { getLeft, getRight } from '../../either.js'
import { t } from '../../tensor/fixtures.js'
import { data, linear, runKey, zeroLinear } from '../fixtures.js'

const sgdBlock = (lr: number) => getRight(scaleByLearningRate(lr))
const clip = getRight(clipByGlobalNorm(100))
/** Class 0 for the first four points, class 1 for the last four. */
const oneHotRows = [
  [1, 0],
  [1, 0],
  [1, 0],
  [1, 0],
  [0, 1],
  [0, 1],
  [0, 1],
  [0, 1]
]

describe('fit', () => {
  it('fits a least-squares problem and says why it stopped', () => {
    const r = getRight(
      _.fit({
        model: linear,
        optimizer: sgdBlock(0.1),
        batching: fullBatch(),
        maxEpochs: 2000,
        stop: unsafeLossBelow(1e-20)
      })(zeroLinear, runKey, data)
    )
    expect(r.stopReason._tag).toBe('LossBelow')
    expect(Array.from(r.state.params.w.data).map((x) => +x.toFixed(9))).toEqual([2, -1])
    expect(+r.state.params.b.data[0]!.toFixed(9)).toBe(1)
    expect(r.history.length).toBe(r.state.epoch)
    expect(r.history.at(-1)!.train!.loss).toBeLessThan(1e-20)
  })

  it('stops at maxEpochs, with one history record per epoch and one step per batch', () => {
    const r = getRight(
      _.fit({ model: linear, optimizer: sgdBlock(0.05), batching: unsafeMiniBatch(3), maxEpochs: 4 })(
        zeroLinear,
        runKey,
        data
      )
    )
    expect(r.stopReason).toEqual({ _tag: 'MaxEpochs', epochs: 4 })
    expect(r.history.map((h) => [h.epoch, h.step])).toEqual([
      [1, 3],
      [2, 6],
      [3, 9],
      [4, 12]
    ])
  })

  it('keeps the best parameters by the monitored loss', () => {
    const r = getRight(
      _.fit({ model: linear, optimizer: sgdBlock(0.05), batching: fullBatch(), maxEpochs: 5 })(zeroLinear, runKey, data)
    )
    const best = getRight(E.fromOption(() => 'no best')(r.best))
    expect(best.epoch).toBe(5)
    expect(best.params).toBe(r.state.params)
    expect(best.value).toBe(r.history.at(-1)!.train!.loss)
  })
})

describe('the learning rate in the history', () => {
  it('is what the optimizer says is in force, or null when it cannot say', () => {
    const schedule = getRight(piecewiseConstant({ boundaries: [2], values: [0.1, 0.01] }))
    const r = getRight(
      _.fit({ model: linear, optimizer: getRight(sgd(schedule)), batching: fullBatch(), maxEpochs: 3 })(
        zeroLinear,
        runKey,
        data
      )
    )
    expect(r.history.map((h) => h.learningRate)).toEqual([0.1, 0.01, 0.01])
    const none = getRight(
      _.fit({ model: linear, optimizer: getRight(scale(-0.1)), batching: fullBatch(), maxEpochs: 1 })(
        zeroLinear,
        runKey,
        data
      )
    )
    expect(none.history[0]!.learningRate).toBeNull()
  })

  it('survives chain: the chain reports the rate of its last member that has one', () => {
    const schedule = getRight(piecewiseConstant({ boundaries: [2], values: [0.1, 0.01] }))
    const chained = chain(clip, getRight(sgd(schedule)), identity)
    const r = getRight(
      _.fit({ model: linear, optimizer: chained, batching: fullBatch(), maxEpochs: 3 })(zeroLinear, runKey, data)
    )
    expect(r.history.map((h) => h.learningRate)).toEqual([0.1, 0.01, 0.01])
  })
})

describe('the history and the best parameters', () => {
  it('the last record measures the final parameters afresh', () => {
    const config = { model: linear, optimizer: sgdBlock(0.05), batching: unsafeMiniBatch(3), maxEpochs: 3 }
    const r = getRight(_.fit(config)(zeroLinear, runKey, data))
    expect(bitsEqual(r.history.at(-1)!.train, getRight(measure(linear)(data)(r.state.params)))).toBe(true)
  })

  it('keeps epoch 1 and its parameters when the validation loss rises every epoch', () => {
    // training pulls b towards +1 (the mean of the targets); the validation targets sit at −10,
    // so the validation loss rises with every step away from b = 0
    const away = getRight(make(data.inputs, t(Array.from({ length: 8 }, () => [-10]))))
    const config = {
      model: linear,
      optimizer: sgdBlock(0.05),
      batching: fullBatch(),
      maxEpochs: 4,
      validation: away
    }
    const r = getRight(_.fit(config)(zeroLinear, runKey, data))
    const losses = r.history.map((h) => h.validation!.loss)
    expect(losses.every((l, i) => i === 0 || l > losses[i - 1]!)).toBe(true)
    const best = getRight(E.fromOption(() => 'no best')(r.best))
    expect(best.epoch).toBe(1)
    expect(best.value).toBe(losses[0])
    const epoch1 = getRight(_.fit({ ...config, maxEpochs: 1 })(zeroLinear, runKey, data))
    expect(bitsEqual(best.params, epoch1.state.params)).toBe(true)
  })

  it('watches the metric it is told, in the direction it improves', () => {
    // R² rises as the line is fitted: the best epoch by R² is the last, as by the loss
    const config = { model: linear, optimizer: sgdBlock(0.05), batching: fullBatch(), maxEpochs: 4 }
    const r = getRight(_.fit({ ...config, watch: { metric: 'r2' } })(zeroLinear, runKey, data))
    const best = getRight(E.fromOption(() => 'no best')(r.best))
    expect(best.epoch).toBe(4)
    expect(best.value).toBe((r.history.at(-1)!.train as { r2: number }).r2)
    // a classification's accuracy on a regression is never measured: no best at all
    const none = getRight(_.fit({ ...config, watch: { metric: 'accuracy' } })(zeroLinear, runKey, data))
    expect(O.isNone(none.best)).toBe(true)
  })

  it('measures at every k-th epoch only, with evaluateEvery', () => {
    const config = { model: linear, optimizer: sgdBlock(0.05), batching: fullBatch(), maxEpochs: 7, evaluateEvery: 3 }
    const r = getRight(_.fit(config)(zeroLinear, runKey, data))
    expect(r.history.map((h) => h.train !== null)).toEqual([false, false, true, false, false, true, false])
    const every = getRight(_.fit({ ...config, evaluateEvery: 1 })(zeroLinear, runKey, data))
    expect(bitsEqual(r.state, every.state)).toBe(true)
    expect(bitsEqual(r.history[2]!.train, every.history[2]!.train)).toBe(true)
  })

  it('with evaluateEvery, fit to 7 epochs keeps the history of fit to 4 then fitFrom to 7, bit for bit', () => {
    const config = { model: linear, optimizer: sgdBlock(0.05), batching: fullBatch(), maxEpochs: 7, evaluateEvery: 3 }
    const whole = getRight(_.fit(config)(zeroLinear, runKey, data))
    const first = getRight(_.fit({ ...config, maxEpochs: 4 })(zeroLinear, runKey, data))
    const resumed = getRight(_.fitFrom(config)(first, data))
    expect(bitsEqual([...resumed.history], [...whole.history])).toBe(true)
    expect(bitsEqual(resumed.state, whole.state)).toBe(true)
  })
})

describe('metrics fit the task', () => {
  it('a regression reports MSE, MAE and R², and no accuracy', () => {
    const r = getRight(
      _.fit({ model: linear, optimizer: sgdBlock(0.05), batching: fullBatch(), maxEpochs: 2 })(zeroLinear, runKey, data)
    )
    expect(Object.keys(r.history[0]!.train!).sort()).toEqual(['loss', 'mae', 'mse', 'r2'])
  })

  it('a classification reports accuracy, and per-class precision and recall when asked', () => {
    const labels = getRight(make(data.inputs, t(data.inputs.shape[0] === 8 ? oneHotRows : [])))
    const wide = {
      w: t([
        [0, 0],
        [0, 0]
      ]),
      b: t([0, 0])
    }
    const config = { model: linear, optimizer: sgdBlock(0.05), batching: fullBatch(), maxEpochs: 2 }
    const plain = getRight(_.fit(config)(wide, runKey, labels))
    expect(Object.keys(plain.history[0]!.train!).sort()).toEqual(['accuracy', 'loss'])
    const detailed = getRight(_.fit({ ...config, perClass: true })(wide, runKey, labels))
    const m = detailed.history[0]!.train!
    expect('classes' in m && m.classes.map((c) => c.support)).toEqual([4, 4])
  })
})

describe('bad input fails before any training', () => {
  it('a batch larger than the data takes the whole set, as tfjs and Keras do (regression)', () => {
    const config = { model: linear, optimizer: sgdBlock(0.1), maxEpochs: 3 }
    const large = getRight(_.fit({ ...config, batching: unsafeMiniBatch(9) })(zeroLinear, runKey, data))
    const whole = getRight(_.fit({ ...config, batching: fullBatch() })(zeroLinear, runKey, data))
    expect(large.state.params).toEqual(whole.state.params)
    expect(large.state.step).toBe(3)
  })

  it('a shape error is reported before a batching error (regression)', () => {
    const wide = getRight(make(data.inputs, t(Array.from({ length: 8 }, () => [1, 2]))))
    const e = getLeft(
      _.fit({ model: linear, optimizer: sgdBlock(0.1), batching: unsafeMiniBatch(0), maxEpochs: 1 })(
        zeroLinear,
        runKey,
        wide
      )
    )
    expect(e._tag).toBe('ShapeMismatch')
  })

  it('targets whose width does not match the model', () => {
    const wide = getRight(make(data.inputs, t(Array.from({ length: 8 }, () => [1, 2]))))
    const e = getLeft(
      _.fit({ model: linear, optimizer: sgdBlock(0.1), batching: fullBatch(), maxEpochs: 1 })(zeroLinear, runKey, wide)
    )
    expect(e._tag).toBe('ShapeMismatch')
  })

  it('a maxEpochs that is not a whole number ≥ 1', () => {
    expect(
      getLeft(
        _.fit({ model: linear, optimizer: sgdBlock(0.1), batching: fullBatch(), maxEpochs: Number.NaN })(
          zeroLinear,
          runKey,
          data
        )
      ).message
    ).toContain('maxEpochs')
  })
})

describe('an evaluation that fails', () => {
  it('is reported at the epoch it followed and that epoch’s last step', () => {
    // a validation sample at x = (1e200, 1e200): finite loss at w = 0, before training; once w
    // moves, the prediction is ~1e200 and its square overflows, in the evaluation after epoch 1
    const bad = getRight(make(t([[1e200, 1e200]]), t([[0]])))
    const e = getLeft(
      _.fit({ model: linear, optimizer: sgdBlock(0.05), batching: unsafeMiniBatch(3), maxEpochs: 4, validation: bad })(
        zeroLinear,
        runKey,
        data
      )
    )
    expect(e).toMatchObject({ phase: 'evaluation', epoch: 1, step: 3 })
    if (e._tag !== 'Diverged' && e._tag !== 'StepFailed') return
    expect(e.lastGood.epoch).toBe(1)
    expect(e.lastGood.step).toBe(3)
    expect(e.message).toMatch(/^(diverged|failed) at epoch 1, step 3, in the evaluation/)
  })
})

describe('divergence', () => {
  it('ends the run naming the epoch, the step and where, with the last good state', () => {
    const e = getLeft(
      _.fit({ model: linear, optimizer: sgdBlock(1e3), batching: fullBatch(), maxEpochs: 1000 })(
        zeroLinear,
        runKey,
        data
      )
    )
    expect(e._tag).toBe('Diverged')
    if (e._tag !== 'Diverged') return
    // a step that fails is the one after the last good state; an evaluation that fails is that of the epoch just done
    const after = e.phase === 'evaluation' ? 0 : 1
    expect(e.step).toBe(e.lastGood.step + after)
    expect(e.epoch).toBe(e.lastGood.epoch + after)
    expect(e.message).toMatch(/^diverged at epoch \d+, step \d+/)
    expect(Array.from(e.lastGood.params.w.data).every(Number.isFinite)).toBe(true)
  })
})

describe('fitFrom an epoch at a time', () => {
  const config = (maxEpochs: number) => ({
    model: linear,
    optimizer: getRight(sgd(0.05)),
    batching: fullBatch(),
    maxEpochs
  })
  const epochsOf = (p: _.Progress<unknown, unknown>): ReadonlyArray<number> => p.history.map((r) => r.epoch)

  it('appends to the history a run from a result takes on, and leaves that result’s history as it was', () => {
    const first = getRight(_.fit(config(2))(zeroLinear, runKey, data))
    const second = getRight(_.fitFrom(config(3))(first, data))
    const third = getRight(_.fitFrom(config(4))(second, data))
    expect([epochsOf(first), epochsOf(second), epochsOf(third)]).toEqual([
      [1, 2],
      [1, 2, 3],
      [1, 2, 3, 4]
    ])
  })

  it('gives two runs from one result a history each (the second does not see the first’s epochs)', () => {
    const first = getRight(_.fit(config(2))(zeroLinear, runKey, data))
    const a = getRight(_.fitFrom(config(3))(first, data))
    const b = getRight(_.fitFrom(config(4))(first, data))
    const again = getRight(_.fitFrom(config(3))(a, data))
    expect([epochsOf(first), epochsOf(a), epochsOf(b), epochsOf(again)]).toEqual([
      [1, 2],
      [1, 2, 3],
      [1, 2, 3, 4],
      [1, 2, 3]
    ])
    // and the histories equal those of one run, record for record
    const whole = getRight(_.fit(config(4))(zeroLinear, runKey, data))
    expect(bitsEqual(b.history, whole.history)).toBe(true)
  })
})
