import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { afterAll, describe, expect, it } from 'vitest'
import { bitsEqual, deepCopy, unchanged } from '../../../laws/purity.js'
import { miniBatch, type Batching } from '../../../src/data/Batching.js'
import { make } from '../../../src/data/Dataset.js'
import { fromNested } from '../../../src/tensor/nested.js'
import { threeClass } from '../../../src/data/threeClass.js'
import { adam, sgd } from '../../../src/optim/alias.js'
import { gradientTransformation, type GradientTransformation } from '../../../src/optim/GradientTransformation.js'
import { key } from '../../../src/random/Key.js'
import * as _ from '../../../src/node/threads/kernel.js'
import type { Hub } from '../../../src/node/threads/hub.js'
import { closePool, hubOf, threadedGradients, threadPool } from '../../../src/node/threads/pool.js'
import { start as start_ } from '../../../src/train/loop/fit.js'
import { decodeModelSpec, type ModelSpec } from '../../../src/train/files/ModelSpec.js'
import { run } from '../../../src/train/loop/run.js'
import { epoch } from '../../../src/train/loop/epoch.js'
import { initialState } from '../../../src/train/bookkeeping/TrainState.js'
import { getRight } from '../../either.js'

const spec: ModelSpec = { sizes: [3, 5, 3], activations: ['tanh', 'identity'], loss: 'softmaxCrossEntropy' }
const built = getRight(decodeModelSpec(spec))
const k = getRight(key(4))
const params = getRight(built.net.init(k))
const pools = [getRight(threadPool(1)), getRight(threadPool(2))]
afterAll(async () => {
  for (const p of pools) await closePool(p)()
})

describe('threadedKernel', () => {
  const sameRun = async <S>(optimizer: GradientTransformation<S>, batching: Batching): Promise<void> => {
    const config = { model: built.model, optimizer, batching, maxEpochs: 4 }
    const start = start_(config)(params, k)
    const reference = getRight(
      await run(config, { gradients: getRight(threadedGradients(pools[0]!)(spec, 3)) })(start, threeClass)()
    )
    for (const pool of pools) {
      const kernel = getRight(await _.threadedKernel(pool)(spec, 3)(optimizer)())
      const r = getRight(await run({ ...config, kernel })(start, threeClass)())
      expect(bitsEqual(r.state.params, reference.state.params)).toBe(true)
      expect(bitsEqual(r.state.optState, reference.state.optState)).toBe(true)
      expect(r.history).toEqual(reference.history)
      expect(r.state.step).toBe(16)
    }
  }
  it('makes Train.run the run with Node.threadedGradients, bit for bit, on 1 and 2 threads (SGD, batches in order)', () =>
    sameRun(getRight(sgd(0.3)), getRight(miniBatch(8))))
  it('makes Train.run the run with Node.threadedGradients, bit for bit, on 1 and 2 threads (SGD, shuffled batches: several steps a job)', () =>
    sameRun(getRight(sgd(0.3)), getRight(miniBatch(8, { shuffle: true }))))
  it('makes Train.run the run with Node.threadedGradients, bit for bit, on 1 and 2 threads (Adam, shuffled batches)', () =>
    sameRun(getRight(adam({ lr: 0.05 })), getRight(miniBatch(8, { shuffle: true }))))

  it('fails where the run with Node.threadedGradients fails, naming the step and keeping the last good state', async () => {
    // a rate so large that the second step's gradient overflows
    const optimizer = getRight(sgd(1e308))
    const config = { model: built.model, optimizer, batching: getRight(miniBatch(8)), maxEpochs: 2 }
    const start = start_(config)(params, k)
    const reference = await run(config, { gradients: getRight(threadedGradients(pools[1]!)(spec, 3)) })(
      start,
      threeClass
    )()
    const kernel = getRight(await _.threadedKernel(pools[1]!)(spec, 3)(optimizer)())
    const r = await run({ ...config, kernel })(start, threeClass)()
    if (E.isRight(r) || E.isRight(reference)) throw new Error('both runs should fail')
    // the gradients' failure crosses Train.run as a RunnerFailed; the kernel's is the step's own
    expect(r.left._tag).toBe('Diverged')
    expect(r.left.message).toBe(`diverged at epoch 1, step 2, in the gradient: ${reference.left.message}`)
    expect('lastGood' in r.left && r.left.lastGood.step).toBe(1)
  })

  // the last batch's first feature (0 before it) so large that its gradient overflows while every value of the
  // forward pass and the loss stay finite: in a span only the workers' combination finds it (a step at the span's
  // end, so that no later step of the span trips over the parameters it would spoil)
  const overflowing = async <S>(optimizer: GradientTransformation<S>): Promise<void> => {
    const wide: ModelSpec = { sizes: [2, 2, 2], activations: ['identity', 'identity'], loss: 'halfSumSquares' }
    const model = getRight(decodeModelSpec(wide)).model
    const tensor = (u: unknown) => getRight(fromNested(u))
    const layer = (w: ReadonlyArray<ReadonlyArray<number>>) => ({ w: tensor(w), b: tensor([0, 0]) })
    const net = [layer([[1e-308, 2e-308], [0.5, -0.5]]), layer([[10, 1], [1, 10]])] // prettier-ignore
    const x = tensor([[0, 1], [0, 2], [1e308, 1], [2e307, -1]]) // prettier-ignore
    const data = getRight(make(x, tensor([[1, 0], [0, 1], [100, -100], [-100, 100]]))) // prettier-ignore
    const config = { model, optimizer, batching: getRight(miniBatch(2)), maxEpochs: 2 }
    const start = start_(config)(net, k)
    const reference = await run(config, { gradients: getRight(threadedGradients(pools[1]!)(wide, 1)) })(start, data)()
    if (E.isRight(reference)) throw new Error('the reference run should fail')
    expect(reference.left.message).toMatch(/gradient/)
    for (const pool of pools) {
      const kernel = getRight(await _.threadedKernel(pool)(wide, 1)(optimizer)())
      const r = await run({ ...config, kernel })(start, data)()
      if (E.isRight(r)) throw new Error('the run should fail')
      expect(r.left.message).toBe(`diverged at epoch 1, step 2, in the gradient: ${reference.left.message}`)
      expect('lastGood' in r.left && r.left.lastGood.step).toBe(1)
    }
  }
  it('fails at a step whose gradient overflows under a finite loss, as the run with Node.threadedGradients fails (SGD: the workers take the step)', () =>
    overflowing(getRight(sgd(0.1))))
  it('fails at a step whose gradient overflows under a finite loss, as the run with Node.threadedGradients fails (Adam: the workers write the mean gradient)', () =>
    overflowing(getRight(adam({ lr: 0.1 }))))

  it('answers parameters of their own: a span that follows (SGD, the workers copying its parameters out) leaves the last one’s unchanged', async () => {
    const optimizer = getRight(sgd(0.3))
    for (const pool of pools) {
      const kernel = getRight(await _.threadedKernel(pool)(spec, 3)(optimizer)())
      const config = { model: built.model, optimizer, batching: getRight(miniBatch(8)), kernel }
      const first = getRight(epoch(config)(initialState(optimizer)(params, k), threeClass)).state
      const before = deepCopy(first.params)
      const second = getRight(epoch(config)(first, threeClass)).state
      expect(unchanged(before, first.params)).toBe(true)
      expect(bitsEqual(second.params, first.params)).toBe(false)
    }
  })

  it('runs a user’s own optimizer (no flat rule) by its tree rule on the buffers: the same run, bit for bit', () => {
    const a = getRight(adam({ lr: 0.05 }))
    return sameRun(gradientTransformation(a.init, a.update, a.stateC), getRight(miniBatch(8, { shuffle: true })))
  })

  it('refuses what is not a gradient transformation', async () => {
    const junk = { init: () => null, update: (g: unknown) => E.right([g, null]) }
    const r = await _.threadedKernel(pools[0]!)(spec, 3)(junk as never)()
    expect(E.isLeft(r) && r.left.message).toMatch(/the optimizer is not a gradient transformation/)
  })

  it('refuses a closed pool, and a run whose pool closes answers a Left saying so', async () => {
    const pool = getRight(threadPool(1))
    const optimizer = getRight(sgd(0.3))
    const kernel = getRight(await _.threadedKernel(pool)(spec, 3)(optimizer)())
    await closePool(pool)()
    expect(E.isLeft(await _.threadedKernel(pool)(spec, 3)(optimizer)())).toBe(true)
    const config = { model: built.model, optimizer, batching: getRight(miniBatch(8)), maxEpochs: 1, kernel }
    const r = await TE.mapLeft((e: { message: string }) => e.message)(
      run(config)(start_(config)(params, k), threeClass)
    )()
    expect(E.isLeft(r) && r.left).toMatch(/thread pool is closed/)
  })
})

describe('a worker thread that exits or hangs', () => {
  const BOUND = 500
  const optimizer = getRight(sgd(0.3))
  const config = { model: built.model, optimizer, batching: getRight(miniBatch(8)), maxEpochs: 3 }
  const start = start_(config)(params, k)

  /** The state after `step` steps of the run (the threads' gradients on a healthy pool, stopped there). */
  const stateAt = async (step: number) => {
    if (step === 0) return start.state
    const stop = new AbortController()
    const onStep = (r: { readonly step: number }): void => void (r.step === step && stop.abort())
    const gradients = getRight(threadedGradients(pools[1]!)(spec, 3))
    return getRight(await run(config, { gradients, signal: stop.signal, observer: { onStep } })(start, threeClass)())
      .state
  }

  /**
   * A fresh kernel on a pool of 2 threads that answer within BOUND ms trains the run once; then
   * `act` makes a worker fail, and nothing yields before the next run's first span, so the main
   * thread sleeps in it while the worker fails: that run ends within the bound, with a Left naming
   * the failure and the last good state, and the pool refuses the run after it.
   */
  const endsWithinTheBound = async (act: (hub: Hub) => void): Promise<void> => {
    const pool = getRight(threadPool(2, { answerWithin: BOUND }))
    try {
      const kernel = getRight(await _.threadedKernel(pool)(spec, 3)(optimizer)())
      expect(E.isRight(await run({ ...config, kernel })(start, threeClass)())).toBe(true)
      const began = performance.now()
      act(getRight(hubOf(pool)))
      const r = await run({ ...config, kernel })(start, threeClass)()
      const ms = performance.now() - began
      if (E.isRight(r) || !('lastGood' in r.left)) throw new Error('the run should fail with its last good state')
      const { lastGood, epoch, step } = r.left
      expect(r.left._tag).toBe('StepFailed')
      expect(r.left.message).toBe(
        `failed at epoch ${epoch}, step ${step}, in the gradient (Node.threadedKernel): Node.threadedKernel: ` +
          `no worker thread answered within ${BOUND} ms (one exited or hangs); the pool takes no more work`
      )
      expect(ms).toBeLessThan(10 * BOUND)
      // the last good state is the state before the failed step, bit for bit
      expect(lastGood.step).toBe(step - 1)
      const reference = await stateAt(lastGood.step)
      expect(bitsEqual(lastGood.params, reference.params)).toBe(true)
      expect(bitsEqual(lastGood.optState, reference.optState)).toBe(true)
      // the pool refuses every later span, saying why
      const again = await run({ ...config, kernel })(start, threeClass)()
      expect(E.isLeft(again) && again.left.message).toMatch(/no worker thread answered within|a worker thread exited/)
    } finally {
      expect(E.isRight(await closePool(pool)())).toBe(true)
    }
  }

  it(`ends a run whose worker is terminated as a span begins within ${BOUND} ms of the last shard, with the last good state`, () =>
    endsWithinTheBound((hub) => void hub.workers[1]!.terminate()))

  it(`ends a run whose worker hangs mid-span (its 6th step) within ${BOUND} ms of the last shard, with the last good state`, () =>
    endsWithinTheBound((hub) => hub.ports[1]!.postMessage({ _tag: 'hang', jobs: 5, ms: 60_000 })))

  it('ends a gradient on a pool whose worker hangs with a Left naming it (Node.threadedGradients)', async () => {
    const pool = getRight(threadPool(2, { answerWithin: BOUND }))
    try {
      const gradients = getRight(threadedGradients(pool)(spec, 3))
      expect(E.isRight(await run(config, { gradients })(start, threeClass)())).toBe(true)
      getRight(hubOf(pool)).ports[0]!.postMessage({ _tag: 'hang', jobs: 2, ms: 60_000 })
      const began = performance.now()
      const r = await run(config, { gradients })(start, threeClass)()
      expect(E.isLeft(r) && r.left.message).toMatch(/no worker thread answered within 500 ms \(one exited or hangs\)/)
      expect(performance.now() - began).toBeLessThan(10 * BOUND)
    } finally {
      expect(E.isRight(await closePool(pool)())).toBe(true)
    }
  })

  it('refuses a bound that is not a whole number of ms ≥ 1', () => {
    for (const answerWithin of [0, 1.5, Number.NaN, '100'])
      expect(E.isLeft(threadPool(1, { answerWithin } as never)) && 'refused').toBe('refused')
  })
})
