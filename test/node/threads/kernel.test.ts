import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { afterAll, describe, expect, it } from 'vitest'
import { bitsEqual } from '../../../laws/purity.js'
import { miniBatch, type Batching } from '../../../src/data/Batching.js'
import { threeClass } from '../../../src/data/threeClass.js'
import { adam, sgd } from '../../../src/optim/alias.js'
import { gradientTransformation, type GradientTransformation } from '../../../src/optim/GradientTransformation.js'
import { key } from '../../../src/random/Key.js'
import * as _ from '../../../src/node/threads/kernel.js'
import { closePool, threadedGradients, threadPool } from '../../../src/node/threads/pool.js'
import { start as start_ } from '../../../src/train/fit.js'
import { buildSpec, type ModelSpec } from '../../../src/train/ModelSpec.js'
import { run } from '../../../src/train/run.js'
import { getRight } from '../../either.js'

const spec: ModelSpec = { sizes: [3, 5, 3], activations: ['tanh', 'identity'], loss: 'softmaxCrossEntropy' }
const built = getRight(buildSpec(spec))
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
