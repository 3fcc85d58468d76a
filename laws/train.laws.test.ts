import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import * as t from 'io-ts'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import * as AD from '../src/ad/index.js'
import { fullBatch, unsafeMiniBatch, stochastic, type Batching } from '../src/data/Batching.js'
import { size, type Dataset } from '../src/data/Dataset.js'
import { unsafeDataset } from '../src/data/Dataset.js'
import { scaleByLearningRate } from '../src/optim/scaleByLearningRate.js'
import type { Key } from '../src/random/Key.js'
import { unsafeMake, type Tensor } from '../src/tensor/Tensor.js'
import { fit, fitFrom, start, type FitConfig } from '../src/train/loop/fit.js'
import { historyPrefix, type EpochRecord, type History } from '../src/train/bookkeeping/History.js'
import { measure } from '../src/train/bookkeeping/measure.js'
import type { Model } from '../src/train/Model.js'
import { run } from '../src/train/loop/run.js'
import {
  advance,
  closeEpoch,
  isComplete,
  openEpoch,
  type EpochCursor,
  type EpochKernel,
  type Span
} from '../src/train/loop/epoch.js'
import { lossAndGrad } from '../src/train/Model.js'
import type { StepFailed } from '../src/train/TrainError.js'
import {
  unsafeLossBelow,
  unsafeNoImprovement,
  unsafeTargetAccuracy,
  type StopRule
} from '../src/train/bookkeeping/stopRules.js'
import type { TrainState } from '../src/train/bookkeeping/TrainState.js'
import { arbKey, dataset } from './arbitraries.js'
import * as T from './arbitraries/train.js'
import { bitsEqual } from './purity.js'
import * as _ from './train.js'

type Linear = { readonly w: Tensor; readonly b: Tensor }
type Sgd = ReturnType<ReturnType<typeof sgd>['init']>

const mse: Model<Linear> = {
  forward: (p) => (x) => pipe(x, AD.matmul(p.w), AD.addRow(p.b)),
  loss: (y) => (yHat) => pipe(yHat, AD.sub(y), AD.square, AD.mean)
}

const softmaxCrossEntropy: Model<Linear> = {
  forward: mse.forward,
  loss: (y) => (z) => pipe(AD.logSumExp(z), AD.sum, AD.sub(pipe(z, AD.mul(y), AD.sum)), AD.scale(1 / y.shape[0]!))
}

const scaled = (t: Tensor): Tensor =>
  unsafeMake(
    t.shape,
    t.data.map((x) => 2 * x)
  )

const sgd = (lr: number) => {
  const t = scaleByLearningRate(lr)
  if (E.isLeft(t)) throw new Error(t.left.message)
  return t.right
}

const zeros = (d: Dataset): Linear => ({
  w: unsafeMake([d.inputs.shape[1]!, d.targets.shape[1]!], new Float64Array(d.inputs.shape[1]! * d.targets.shape[1]!)),
  b: unsafeMake([d.targets.shape[1]!], new Float64Array(d.targets.shape[1]!))
})

/** A step size that gradient descent on the mean squared error of `d` cannot overshoot: 1/L with L ≥ λmax of every sample's Hessian 2(1 + ‖x‖²). */
const safeRate = (d: Dataset): number => {
  let worst = 0
  const f = d.inputs.shape[1]!
  for (let i = 0; i < size(d); i++) {
    let s = 1
    for (let j = 0; j < f; j++) s += d.inputs.data[i * f + j]! ** 2
    worst = Math.max(worst, s)
  }
  return 1 / (2 * worst)
}

/** A small regression problem with a batching and a key. */
const problem = fc
  .tuple(dataset({ max: 2, maxSamples: 10, maxFeatures: 3, maxOutputs: 2 }), arbKey, fc.integer({ min: 1, max: 4 }))
  .chain(([data, key, epochs]) =>
    fc
      .record({ shuffle: fc.boolean(), size: fc.integer({ min: 1, max: size(data) }), dropLast: fc.boolean() })
      .map((b) => ({
        data,
        key,
        epochs,
        batching: unsafeMiniBatch(b.size, { shuffle: b.shuffle, dropLast: b.dropLast }) as Batching
      }))
  )

const configOf = (p: {
  readonly data: Dataset
  readonly epochs: number
  readonly batching: Batching
}): FitConfig<Linear, Sgd> => ({
  model: mse,
  optimizer: sgd(safeRate(p.data)),
  batching: p.batching,
  maxEpochs: p.epochs
})

describe('training laws', () => {
  it('a run is deterministic, bit for bit', () => {
    fc.assert(fc.property(problem, (p) => _.fitIsDeterministic(configOf(p), zeros(p.data), p.key, p.data)))
  })

  it('the fold splits: fit(n + m) equals fit(n), checkpoint through JSON, resume for m', () => {
    fc.assert(
      fc.property(problem, fc.integer({ min: 1, max: 3 }), (p, m) =>
        _.fitSplits({ ...configOf(p), maxEpochs: p.epochs + m }, p.epochs, zeros(p.data), p.key, p.data)
      )
    )
  })

  it('batch descent is unsafeMiniBatch(n) and stochastic descent is unsafeMiniBatch(1)', () => {
    fc.assert(
      fc.property(problem, fc.boolean(), (p, shuffle) => {
        const c = configOf(p)
        return (
          _.sameRun(
            { ...c, batching: fullBatch({ shuffle }) },
            { ...c, batching: unsafeMiniBatch(size(p.data), { shuffle }) },
            zeros(p.data),
            p.key,
            p.data
          ) &&
          _.sameRun(
            { ...c, batching: stochastic({ shuffle }) },
            { ...c, batching: unsafeMiniBatch(1, { shuffle }) },
            zeros(p.data),
            p.key,
            p.data
          )
        )
      })
    )
  })

  it('on least squares with a step of 1/L, the full-batch loss never rises', () => {
    fc.assert(
      fc.property(problem, (p) => {
        const c = { ...configOf(p), batching: fullBatch(), maxEpochs: 8 }
        const initial = measure(mse)(p.data)(zeros(p.data))
        const r = fit(c)(zeros(p.data), p.key, p.data)
        return E.isRight(initial) && E.isRight(r) && _.lossNeverRises(r.right.history, size(p.data), initial.right.loss)
      })
    )
  })

  it('stop rules fire at the first epoch where they hold', () => {
    const rules = fc.oneof(
      fc.double({ min: 1e-3, max: 10, noNaN: true }).map((t): StopRule => unsafeLossBelow(t)),
      fc.integer({ min: 1, max: 3 }).map((n): StopRule => unsafeNoImprovement(n)),
      fc.double({ min: 0, max: 1, noNaN: true }).map((a): StopRule => unsafeTargetAccuracy(a))
    )
    // few epochs, so that a rule often first holds exactly when the epochs run out
    fc.assert(
      fc.property(problem, rules, fc.integer({ min: 1, max: 5 }), (p, rule, epochs) =>
        pipe(
          fit({ ...configOf(p), maxEpochs: epochs, stop: rule })(zeros(p.data), p.key, p.data),
          E.exists((r) => _.stoppedAtFirstEpochWhereRuleHolds(rule, r))
        )
      )
    )
  })

  it('the step’s gradient of a mean loss is the mean of the per-sample gradients, within 16·n·ε', () => {
    fc.assert(
      fc.property(
        problem,
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 12, maxLength: 12 }),
        (p, ws) => {
          const z = zeros(p.data)
          const params = {
            w: unsafeMake(
              z.w.shape,
              z.w.data.map((_x, i) => ws[i % 12]!)
            ),
            b: unsafeMake(
              z.b.shape,
              z.b.data.map((_x, i) => ws[(i + 5) % 12]!)
            )
          }
          return _.gradientIsMeanOfPerSampleGradients(mse, params, p.data, 16 * size(p.data) * Number.EPSILON)
        }
      )
    )
  })

  it('well-separated data reach accuracy 1', () => {
    const separable = fc
      .tuple(fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }), fc.integer({ min: 4, max: 16 }), arbKey)
      .chain(([angle, n, key]) =>
        fc
          .array(
            fc.tuple(
              fc.double({ min: -2, max: 2, noNaN: true }),
              fc.double({ min: 0.5, max: 2, noNaN: true }),
              fc.boolean()
            ),
            { minLength: n, maxLength: n }
          )
          .map((rows) => {
            const [c, s] = [Math.cos(angle), Math.sin(angle)]
            const x = rows.flatMap(([along, across, positive]) =>
              positive
                ? [along * -s + across * c, along * c + across * s]
                : [along * -s - across * c, along * c - across * s]
            )
            const y = rows.flatMap(([, , positive]) => (positive ? [1, 0] : [0, 1]))
            return {
              data: unsafeDataset(unsafeMake([n, 2], Float64Array.from(x)), unsafeMake([n, 2], Float64Array.from(y))),
              key
            }
          })
      )
    fc.assert(
      fc.property(separable, ({ data, key }) =>
        pipe(
          fit({
            model: softmaxCrossEntropy,
            optimizer: sgd(1),
            batching: fullBatch(),
            maxEpochs: 3000,
            stop: unsafeTargetAccuracy(1)
          })(zeros(data), key, data),
          E.exists((r) => r.stopReason._tag === 'TargetAccuracy')
        )
      )
    )
  })

  it('abort returns the state reached after the steps taken', async () => {
    await fc.assert(
      fc.asyncProperty(problem, fc.integer({ min: 1, max: 20 }), async (p, k) => {
        const c = { ...configOf(p), maxEpochs: 40 }
        const controller = new AbortController()
        const r = await run(c, {
          signal: controller.signal,
          observer: { onStep: (s) => (s.step === k ? controller.abort() : undefined) }
        })(start(c)(zeros(p.data), p.key), p.data)()
        return (
          E.isRight(r) &&
          r.right.stopReason._tag === 'Aborted' &&
          bitsEqual(r.right.state, stateAfter(c, zeros(p.data), p.key, p.data, k))
        )
      }),
      { numRuns: 200 }
    )
  })
})

/** The state after `k` steps (and the bookkeeping of an epoch they complete), by the epoch's own cursor. */
const stateAfter = (
  c: FitConfig<Linear, Sgd>,
  params: Linear,
  key: Key,
  data: Dataset,
  k: number
): TrainState<Linear, Sgd> => {
  let state = start(c)(params, key).state
  for (;;) {
    const cursor = pipe(openEpoch(c.batching)(state, data), E.chainW(advance(c)(k - state.step)))
    if (E.isLeft(cursor)) throw new Error(cursor.left.message)
    if (!isComplete(cursor.right)) return cursor.right.state
    state = closeEpoch(cursor.right).state
    if (state.step === k) return state
  }
}

/** A stand-in for a fused kernel: the general fold over the span (by a cursor opened at `from`), taking only the spans `takes` says. */
const standInKernel =
  <S>(config: FitConfig<Linear, S>, takes: ReadonlyArray<boolean>): EpochKernel<Linear, S> =>
  (state, epochPlan, from, to) => {
    if (!takes[from % takes.length]) return O.none
    const losses: Array<number> = []
    const cursor: EpochCursor<Linear, S> = {
      _tag: 'EpochCursor',
      plan: epochPlan,
      state,
      done: from,
      lossSum: 0,
      samples: 0
    }
    const { kernel: _none, ...general } = config
    return O.some(
      pipe(
        advance(general, { onStep: (r) => void losses.push(r.loss) })(to - from)(cursor),
        E.bimap(
          (e) => e as StepFailed<Linear, S>,
          (c) => ({ state: c.state, losses })
        )
      )
    )
  }

/** A run configuration over a least-squares problem: optimizer, batching, stop rule, watch, validation, evaluateEvery. */
const runCase = problem.chain((p) =>
  fc.record({
    p: fc.constant(p),
    optimizer: T.optimizer(safeRate(p.data) / 4),
    stop: T.stopRule,
    watch: fc.option(T.regressionWatch, { nil: undefined }),
    validate: fc.boolean(),
    evaluateEvery: fc.integer({ min: 1, max: 3 }),
    yieldEvery: fc.integer({ min: 1, max: 5 })
  })
)

const runConfig = (r: RunCase): FitConfig<Linear, unknown> => ({
  model: mse,
  optimizer: r.optimizer,
  batching: r.p.batching,
  maxEpochs: r.p.epochs + 1,
  evaluateEvery: r.evaluateEvery,
  ...(r.stop === undefined ? {} : { stop: r.stop }),
  ...(r.watch === undefined ? {} : { watch: r.watch }),
  ...(r.validate ? { validation: r.p.data } : {})
})

type RunCase = typeof runCase extends fc.Arbitrary<infer A> ? A : never

describe('one loop over steps', () => {
  it('run answers what fitFrom answers, bit for bit, over optimizers, batchings, stop rules, watches and seeds', async () => {
    await fc.assert(
      fc.asyncProperty(runCase, async (r) => {
        const c = runConfig(r)
        return _.runEqualsFitFrom(c, { yieldEvery: r.yieldEvery }, start(c)(zeros(r.p.data), r.p.key), r.p.data)
      }),
      { numRuns: 150 }
    )
  })

  it('an epoch advanced in spans of any sizes is the epoch advanced at once', () => {
    fc.assert(
      fc.property(problem, fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 4 }), (p, spans) =>
        _.spansEqualWhole(
          configOf(p),
          spans.some((n) => n > 0) ? spans : [1],
          start(configOf(p))(zeros(p.data), p.key).state,
          p.data
        )
      )
    )
  })

  it('a kernel that takes some spans and leaves others is the general step, bit for bit', () => {
    fc.assert(
      fc.property(runCase, fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }), (r, takes) => {
        const c = runConfig(r)
        return _.kernelIsGeneralStep(c, standInKernel(c, takes), start(c)(zeros(r.p.data), r.p.key).state, r.p.data)
      })
    )
  })

  it('a run with a fused kernel answers what the run without it answers', async () => {
    await fc.assert(
      fc.asyncProperty(runCase, fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }), async (r, takes) => {
        const c = runConfig(r)
        const fused = { ...c, kernel: standInKernel(c, takes) }
        const progress = start(c)(zeros(r.p.data), r.p.key)
        return bitsEqual(
          await run(fused, { yieldEvery: r.yieldEvery })(progress, r.p.data)(),
          fitFrom(c)(progress, r.p.data)
        )
      }),
      { numRuns: 50 }
    )
  })
})

/** A record changed the ways a run never changes one (what `HistoryC` must still encode as io-ts does, or throw as it throws). */
const oddity: fc.Arbitrary<(r: EpochRecord) => unknown> = fc.oneof(
  fc.constant((r: EpochRecord) => r),
  fc.constant((r: EpochRecord) => Object.fromEntries(Object.entries(r).reverse())),
  fc.constant((r: EpochRecord) => ({ ...r, note: 'extra' })),
  fc.constantFrom('epoch', 'batchLoss', 'validation', 'learningRate').map((k) => (r: EpochRecord) => {
    const { [k as keyof EpochRecord]: _dropped, ...rest } = r
    return rest
  }),
  fc.constant((r: EpochRecord) => Object.assign(Object.create(null) as object, r)),
  fc
    .constantFrom(Number.NaN, Number.POSITIVE_INFINITY, undefined, '0.1')
    .map((lr) => (r: EpochRecord) => ({ ...r, learningRate: lr })),
  fc
    .constantFrom<unknown>(
      { loss: Number.NaN, accuracy: 0.5 },
      { accuracy: 1, loss: -0 },
      { loss: 1, accuracy: -0, classes: undefined },
      { loss: -0, accuracy: 1, mse: -0, mae: 1, r2: 0 },
      { loss: 1, accuracy: Number.NaN, mse: -0, mae: 1, r2: 0 },
      { r2: -0, mae: 1, mse: 2, loss: 3 },
      Object.assign(Object.create(null) as object, { loss: -0, accuracy: 1 }),
      {},
      'text',
      [1]
    )
    .map((m) => (r: EpochRecord) => ({ ...r, train: m }))
)

/** Histories of such records, some of them views of a longer list (as a run hands its history out). */
const oddHistory: fc.Arbitrary<History> = fc
  .tuple(T.history, fc.array(oddity, { minLength: 6, maxLength: 6 }), fc.boolean())
  .map(([h, changes, view]) => {
    const records = h.map((r, i) => changes[i]!(r)) as Array<EpochRecord>
    return view ? historyPrefix([...records, ...records], records.length) : records
  })

describe('the history codec', () => {
  it('round-trips any history through JSON, bit for bit', () => {
    fc.assert(
      fc.property(T.history, (h) => _.historyRoundTrips(h)),
      { numRuns: 300 }
    )
  })

  it("encodes any history as io-ts's encoder of its schema does, key for key and bit for bit", () => {
    fc.assert(
      fc.property(T.history, (h) => _.historyEncodesAsSchema(h)),
      { numRuns: 300 }
    )
  })

  it('encodes records a run never makes as io-ts does, or throws as it throws', () => {
    fc.assert(
      fc.property(oddHistory, (h) => _.historyEncodesAsSchema(h)),
      { numRuns: 500 }
    )
  })
})

describe('the training laws can fail', () => {
  it('lossNeverRises catches a rise beyond rounding', () => {
    const rec = (loss: number) => ({
      epoch: 1,
      step: 1,
      batchLoss: loss,
      train: { loss, accuracy: 0 },
      validation: null,
      learningRate: null
    })
    expect(_.lossNeverRises([rec(1), rec(1.001)], 10, 2)).toBe(false)
    expect(_.lossNeverRises([rec(1), rec(0.5)], 10, 2)).toBe(true)
  })

  const someCase = fc.sample(runCase, { numRuns: 1, seed: 7 })[0]!

  it('historyRoundTrips catches a codec that lets JSON turn −0 into 0', () => {
    const rec = {
      epoch: 1,
      step: 1,
      batchLoss: -0,
      train: { loss: 1, accuracy: 1 },
      validation: null,
      learningRate: null
    }
    expect(_.historyRoundTrips([rec])).toBe(true)
    expect(_.historyRoundTrips([rec], t.unknown as unknown as t.Type<History, unknown>)).toBe(false)
  })

  it('runEqualsFitFrom catches a run whose gradients differ', async () => {
    const { stop: _stop, ...c0 } = runConfig(someCase)
    const c: FitConfig<Linear, unknown> = { ...c0, maxEpochs: 2 }
    const doubled = (batch: Dataset, params: Linear) =>
      TE.fromEither(
        pipe(
          lossAndGrad(mse)(batch)(params),
          E.map((vg) => ({ ...vg, grad: { w: scaled(vg.grad.w), b: scaled(vg.grad.b) } }))
        )
      )
    const progress = start(c)(zeros(someCase.p.data), someCase.p.key)
    expect(await _.runEqualsFitFrom(c, { gradients: doubled }, progress, someCase.p.data)).toBe(false)
    expect(await _.runEqualsFitFrom(c, {}, progress, someCase.p.data)).toBe(true)
  })

  it('kernelIsGeneralStep catches a kernel that skips the update', () => {
    const c = runConfig(someCase)
    const lazy: EpochKernel<Linear, unknown> = (state, _plan, from, to) =>
      O.some(E.right({ state: { ...state, step: state.step + (to - from) }, losses: new Array(to - from).fill(0) }))
    expect(
      _.kernelIsGeneralStep(c, lazy, start(c)(zeros(someCase.p.data), someCase.p.key).state, someCase.p.data)
    ).toBe(false)
  })

  it('spansEqualWhole catches a fold whose result depends on where its spans start', () => {
    // a kernel that doubles the losses of spans starting mid-epoch: one span of the whole epoch never shows it
    const p = fc.sample(
      problem.filter((q) => size(q.data) >= 2),
      { numRuns: 1, seed: 7 }
    )[0]!
    const c = { ...configOf(p), batching: stochastic() }
    const general = standInKernel(c, [true])
    const midEpochOnly: EpochKernel<Linear, Sgd> = (st, plan, from, to) =>
      O.map(
        E.map((span: Span<Linear, Sgd>) => (from === 0 ? span : { ...span, losses: span.losses.map((l) => 2 * l) }))
      )(general(st, plan, from, to))
    const state = start(c)(zeros(p.data), p.key).state
    expect(_.spansEqualWhole({ ...c, kernel: midEpochOnly }, [1], state, p.data)).toBe(false)
    expect(_.spansEqualWhole({ ...c, kernel: general }, [1], state, p.data)).toBe(true)
  })
})
