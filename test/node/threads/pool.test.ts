import { spawn } from 'node:child_process'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { threeClass } from '../../../src/data/threeClass.js'
import * as _ from '../../../src/node/threads/pool.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { bitsEqual } from '../../../laws/purity.js'
import { miniBatch } from '../../../src/data/Batching.js'
import { sgd } from '../../../src/optim/alias.js'
import { key } from '../../../src/random/Key.js'
import { start as start_ } from '../../../src/train/loop/fit.js'
import { decodeModelSpec, type ModelSpec } from '../../../src/train/files/ModelSpec.js'
import { run } from '../../../src/train/loop/run.js'
import { shardedLossAndGrad } from '../../../src/train/parallel/shards.js'
import { built } from '../../built.js'
import { getRight } from '../../either.js'

describe('threadPool', () => {
  it('rejects a number of threads that is not a positive integer', () => {
    expect(E.isLeft(_.threadPool(0))).toBe(true)
    expect(E.isLeft(_.threadPool(1.5))).toBe(true)
  })
  it('uses every core unless told otherwise', async () => {
    const pool = _.threadPool()
    expect(E.isRight(pool) && pool.right.threads).toBe(_.everyCore())
    if (E.isRight(pool)) await _.closePool(pool.right)()
  })
  it('answers a worker’s error as a Left: parameters that do not fit the spec', async () => {
    const pool = _.threadPool(1)
    if (E.isLeft(pool)) throw new Error('pool')
    const grad = _.threadedLossAndGrad(pool.right)({ sizes: [3, 3], activations: ['identity'], loss: 'mse' }, 4)
    if (E.isLeft(grad)) throw new Error('spec')
    // NaN in the parameters: the worker's differentiator refuses them, and says which leaf.
    const nan = [
      {
        w: { _tag: 'Tensor' as const, shape: [3, 3], data: new Float64Array(9).fill(NaN) },
        b: { _tag: 'Tensor' as const, shape: [3], data: new Float64Array(3) }
      }
    ]
    const r = await grad.right(threeClass)(nan)()
    await _.closePool(pool.right)()
    expect(E.isLeft(r) && r.left._tag).toMatch(/NonFinite/)
  })
})

describe('an unclosed pool', () => {
  it('does not keep the process alive once nothing is in flight', async () => {
    const script = built('test/node/threads/unclosedPool.ts')
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (d) => (out += String(d)))
    const timer = setTimeout(() => child.kill(), 15_000)
    const code = await new Promise((resolve) => child.on('exit', resolve))
    clearTimeout(timer)
    expect(out.trim()).toBe('done')
    expect(code).toBe(0)
  }, 40_000)
})

describe('closePool', () => {
  it('leaves a pool that refuses work with a Left saying it is closed', async () => {
    const spec: ModelSpec = { sizes: [3, 4, 3], activations: ['tanh', 'identity'], loss: 'softmaxCrossEntropy' }
    const built = getRight(decodeModelSpec(spec))
    const params = getRight(built.net.init(getRight(key(1))))
    const pool = getRight(_.threadPool(2))
    const gradients = getRight(_.threadedGradients(pool)(spec, 8))
    const before = await gradients(threeClass, params, { epoch: 1, step: 1 })()
    expect(E.isRight(before)).toBe(true)
    expect(E.isRight(await _.closePool(pool)())).toBe(true)
    const after = await gradients(threeClass, params, { epoch: 1, step: 2 })()
    expect(E.isLeft(after) && after.left.message).toMatch(/thread pool is closed/)
    const fresh = getRight(_.threadedLossAndGrad(pool)(spec, 8))
    const again = await fresh(threeClass)(params)()
    expect(E.isLeft(again) && again.left._tag).toBe('WorkerFailed')
    // closing twice is harmless
    expect(E.isRight(await _.closePool(pool)())).toBe(true)
  })
})

describe('threadedGradients', () => {
  it('makes Train.run on 2 threads the run on Train.shardedLossAndGrad, bit for bit', async () => {
    const spec: ModelSpec = { sizes: [3, 5, 3], activations: ['tanh', 'identity'], loss: 'softmaxCrossEntropy' }
    const built = getRight(decodeModelSpec(spec))
    const config = { model: built.model, optimizer: getRight(sgd(0.3)), batching: getRight(miniBatch(8)), maxEpochs: 4 }
    const k = getRight(key(4))
    const start = start_(config)(getRight(built.net.init(k)), k)
    const pure = getRight(shardedLossAndGrad(spec, 3))
    const reference = getRight(
      await run(config, {
        gradients: (b, p) =>
          TE.fromEither(
            E.mapLeft((e: { message: string }) => ({ _tag: 'RunnerFailed' as const, message: e.message }))(pure(b)(p))
          )
      })(start, threeClass)()
    )
    const pool = getRight(_.threadPool(2))
    const threaded = getRight(
      await run(config, { gradients: getRight(_.threadedGradients(pool)(spec, 3)) })(start, threeClass)()
    )
    await _.closePool(pool)()
    expect(bitsEqual(threaded.state.params, reference.state.params)).toBe(true)
    expect(threaded.state.step).toBe(16)
  })
})
