// One epoch by hand on the least-squares fixture (8 samples): its steps, its mean batch loss,
// the epoch's cursor advanced in spans and paused by its hook, and a fused kernel taking spans.
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import { unsafeMiniBatch, stochastic } from '../../../src/data/Batching.js'
import { unsafeSlice } from '../../../src/data/select.js'
import { scaleByLearningRate } from '../../../src/optim/scaleByLearningRate.js'
import * as _ from '../../../src/train/loop/epoch.js'
import { stepReport } from '../../../src/train/loop/step.js'
import { stepFailed } from '../../../src/train/TrainError.js'
import { initialState } from '../../../src/train/bookkeeping/TrainState.js'
import { bitsEqual } from '../../../laws/purity.js'
import { getLeft, getRight } from '../../either.js'
import { data, linear, runKey, zeroLinear, type Linear } from '../fixtures.js'

type Sgd = { readonly count: number }
const sgd = getRight(scaleByLearningRate(0.05))
const start = initialState(sgd)(zeroLinear, runKey)
const threes: _.EpochConfig<Linear, Sgd> = { model: linear, optimizer: sgd, batching: unsafeMiniBatch(3) }

describe('epoch', () => {
  it('takes one step per batch, ⌈8/3⌉ = 3, and counts the epoch', () => {
    const r = getRight(_.epoch(threes)(start, data))
    expect([r.state.epoch, r.state.step]).toEqual([1, 3])
    expect(r.steps).toEqual([])
  })

  it('reports the mean of the batch losses weighted by batch size (3, 3 and 2 samples)', () => {
    const r = getRight(_.epochWithSteps(threes)(start, data))
    expect(r.steps.map((s) => [s.epoch, s.step])).toEqual([
      [1, 1],
      [1, 2],
      [1, 3]
    ])
    const [a, b, c] = r.steps.map((s) => s.loss)
    expect(r.batchLoss).toBe((a! * 3 + b! * 3 + c! * 2) / 8)
    // the first batch's loss is taken before its step: at zero parameters, the mean square of targets 1, 3, 0
    expect(a).toBe((1 + 9 + 0) / 3)
  })

  it('is the fold of the step over the plan’s batches', () => {
    const step = stepReport(linear, sgd)
    const s1 = getRight(step(start, unsafeSlice(0, 3, data))).state
    const s2 = getRight(step(s1, unsafeSlice(3, 6, data))).state
    const s3 = getRight(step(s2, unsafeSlice(6, 8, data))).state
    expect(bitsEqual(getRight(_.epoch(threes)(start, data)).state, { ...s3, epoch: 1 })).toBe(true)
  })

  it('ends at the first failing step, naming its epoch and step', () => {
    const huge = getRight(scaleByLearningRate(1e308))
    const e = getLeft(
      _.epoch({ model: linear, optimizer: huge, batching: stochastic() })(initialState(huge)(zeroLinear, runKey), data)
    )
    expect(e).toMatchObject({ _tag: 'Diverged', epoch: 1 })
  })
})

describe('the epoch’s cursor', () => {
  const open = () => getRight(_.openEpoch(threes.batching)(start, data))

  it('advances by the steps asked for, then to the end', () => {
    const two = getRight(_.advance(threes)(2)(open()))
    expect([two.done, two.state.step, _.isComplete(two)]).toEqual([2, 2, false])
    expect(Array.from(getRight(_.nextBatch(two)).inputs.data)).toEqual(Array.from(unsafeSlice(6, 8, data).inputs.data))
    const all = getRight(_.advance(threes)()(two))
    expect(_.isComplete(all)).toBe(true)
    expect(bitsEqual(_.closeEpoch(all), getRight(_.epoch(threes)(start, data)))).toBe(true)
  })

  it('advancing by 0 steps or past the end stays put or stops at the end', () => {
    expect(bitsEqual(getRight(_.advance(threes)(0)(open())), open())).toBe(true)
    expect(getRight(_.advance(threes)(99)(open())).done).toBe(3)
  })

  it('calls the hook after every step, and pauses when it answers false', () => {
    const seen: Array<number> = []
    const paused = getRight(
      _.advance(threes, {
        onStep: (r, state) => {
          seen.push(r.step)
          expect(state.step).toBe(r.step)
          return r.step < 2
        }
      })()(open())
    )
    expect(seen).toEqual([1, 2])
    expect(paused.done).toBe(2)
  })

  it('takes its gradients from the source it is given', () => {
    const zero = getRight(
      _.advance(threes, {
        gradients: (_b, p: Linear) => E.right({ value: 7, grad: { w: p.w, b: p.b } })
      })()(open())
    )
    // zero parameters and a zero gradient: nothing moves, and each batch's loss is the source's 7
    expect([...zero.state.params.w.data, ...zero.state.params.b.data]).toEqual([0, 0, 0])
    expect(zero.lossSum / zero.samples).toBe(7)
  })
})

describe('a fused kernel', () => {
  const general = stepReport(linear, sgd)
  /** A stand-in kernel: the general step over its span, one batch at a time. */
  const standIn: _.EpochKernel<Linear, Sgd> = (state, plan, from, to) => {
    let s = state
    const losses: Array<number> = []
    for (let i = from; i < to; i++) {
      const r = general(s, unsafeSlice(i * plan.batchSize, Math.min((i + 1) * plan.batchSize, 8), data))
      if (E.isLeft(r)) return O.some(r)
      s = r.right.state
      losses.push(r.right.loss)
    }
    return O.some(E.right({ state: s, losses }))
  }

  it('takes whole spans and gives the general epoch, bit for bit', () => {
    const spans: Array<[number, number]> = []
    const kernel: _.EpochKernel<Linear, Sgd> = (state, plan, from, to) => {
      spans.push([from, to])
      return standIn(state, plan, from, to)
    }
    const fused = getRight(_.epochWithSteps({ ...threes, kernel })(start, data))
    expect(spans).toEqual([[0, 3]])
    expect(bitsEqual(fused, getRight(_.epochWithSteps(threes)(start, data)))).toBe(true)
  })

  it('falls back to the general step for a span it answers none to', () => {
    const onlyFirst: _.EpochKernel<Linear, Sgd> = (state, plan, from) =>
      from === 0 ? standIn(state, plan, from, 1) : O.none
    const r = getRight(_.epochWithSteps({ ...threes, kernel: onlyFirst })(start, data))
    expect(bitsEqual(r, getRight(_.epochWithSteps(threes)(start, data)))).toBe(true)
  })

  it('ends the epoch with its failure', () => {
    const failing: _.EpochKernel<Linear, Sgd> = (state) =>
      O.some(E.left(stepFailed('update', { _tag: 'InvalidHyperparameter', message: 'no' } as never, state)))
    expect(pipe(_.epoch({ ...threes, kernel: failing })(start, data), E.isLeft)).toBe(true)
  })
})

describe('a kernel that answers a span of no steps', () => {
  it('is ignored, and the general step runs', () => {
    const empty: _.EpochKernel<Linear, Sgd> = (state) => O.some(E.right({ state, losses: [] }))
    const r = getRight(_.epochWithSteps({ ...threes, kernel: empty })(start, data))
    expect(bitsEqual(r, getRight(_.epochWithSteps(threes)(start, data)))).toBe(true)
  })
})

describe('a cursor, a state or a config of the wrong type', () => {
  const optimizer = getRight(scaleByLearningRate(0.1))
  const config = { model: linear, optimizer, batching: stochastic() }

  it('answers a Left naming the argument rather than throwing', () => {
    expect(getLeft(_.openEpoch(stochastic())(null as never, data)).message).toBe(
      'openEpoch: the state is null; expected a training state (Train.initialState)'
    )
    expect(getLeft(_.nextBatch({} as never)).message).toBe(
      'nextBatch: the cursor is a record; expected an epoch cursor (Train.openEpoch)'
    )
    expect(getLeft(_.advance({ ...config, model: 'linear' } as never)()({} as never)).message).toBe(
      'advance: the config.model is "linear"; expected a model { forward, loss } (functions)'
    )
    expect(getLeft(_.epoch(config)(initialState(optimizer)(zeroLinear, runKey), [] as never)).message).toBe(
      'plan: dataset is an array of 0 items; expected a data set (Data.make, Data.fromRows, Data.fromLabels, …)'
    )
  })
})
