import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { miniBatch } from '../src/data/Batching.js'
import { threadedKernel } from '../src/node/threads/kernel.js'
import { closePool, threadedLossAndGrad, threadPool, type ThreadPool } from '../src/node/threads/pool.js'
import { adam, sgd } from '../src/optim/alias.js'
import type { GradientTransformation } from '../src/optim/GradientTransformation.js'
import { key } from '../src/random/Key.js'
import { advance, closeEpoch, epoch, openEpoch, type EpochConfig } from '../src/train/loop/epoch.js'
import type { Gradients } from '../src/train/loop/step.js'
import { initialState } from '../src/train/bookkeeping/TrainState.js'
import type { MlpParams } from '../src/nn/mlp.js'
import { decodeModelSpec } from '../src/train/files/ModelSpec.js'
import { shardedLossAndGrad } from '../src/train/parallel/shards.js'
import { shardCase, type ShardCase } from './arbitraries/shards.js'
import { lawParameters } from './config.js'
import * as laws from './shards.js'

describe('shards: sharded gradients', () => {
  it('shards of any size give the unsharded gradient within 2·γ_B·Σᵢ|gᵢ| / B per element', () => {
    fc.assert(
      fc.property(shardCase(), (c) => laws.shardingOnlyReorders(c.spec, c.shardSize, c.batch, c.params)),
      lawParameters
    )
  })
})

describe('shards: worker threads', () => {
  // One pool per thread count, kept across the runs: the law is about the result, not the pool.
  const pools: Array<ThreadPool> = []
  beforeAll(() => {
    for (const n of [1, 2, 3]) pools.push((threadPool(n) as E.Right<ThreadPool>).right)
  })
  afterAll(async () => {
    for (const p of pools) await closePool(p)()
  })

  it('1, 2 and 3 worker threads give the single-thread gradient, bit for bit', async () => {
    await fc.assert(
      fc.asyncProperty(shardCase(), async (c) => {
        const pure = shardedLossAndGrad(c.spec, c.shardSize)
        if (E.isLeft(pure)) return false
        const reference = pure.right(c.batch)(c.params)
        if (E.isLeft(reference)) return false
        const results = []
        for (const pool of pools) {
          const threaded = threadedLossAndGrad(pool)(c.spec, c.shardSize)
          if (E.isLeft(threaded)) return false
          const r = await threaded.right(c.batch)(c.params)()
          if (E.isLeft(r)) return false
          results.push(r.right)
        }
        return laws.sameBits(reference.right, results)
      }),
      lawParameters
    )
  })

  /**
   * One epoch of two mini-batches (shuffled or not) with SGD or Adam: the epoch with the sharded
   * gradient as the step's (`Advanced.Train.advance`'s `gradients`) and the epoch with the threads'
   * kernel on 1, 2 and 3 workers; undefined when a run fails (the law then holds vacuously only
   * if every run fails alike).
   */
  const epochs = async <S>(c: ShardCase, optimizer: GradientTransformation<S>, shuffle: boolean) => {
    const built = decodeModelSpec(c.spec)
    const pure = shardedLossAndGrad(c.spec, c.shardSize)
    const k = key(7)
    const batching = miniBatch(Math.max(1, Math.ceil(c.batch.inputs.shape[0]! / 2)), { shuffle })
    if (E.isLeft(built) || E.isLeft(pure) || E.isLeft(k) || E.isLeft(batching)) return undefined
    const config: EpochConfig<MlpParams, S> = { model: built.right.model, optimizer, batching: batching.right }
    const start = initialState(optimizer)(c.params, k.right)
    const sharded = pure.right
    const gradients = ((b, p) => sharded(b)(p)) as Gradients<MlpParams>
    const opened = openEpoch(batching.right)(start, c.batch)
    const advanced = E.isLeft(opened) ? opened : advance(config, { gradients })()(opened.right)
    const reference = E.isLeft(advanced) ? advanced : E.right(closeEpoch(advanced.right))
    const threaded = []
    for (const pool of pools) {
      const kernel = await threadedKernel(pool)(c.spec, c.shardSize)(optimizer)()
      if (E.isLeft(kernel)) return undefined
      threaded.push(epoch({ ...config, kernel: kernel.right })(start, c.batch))
    }
    return { reference, threaded }
  }

  it('an epoch with the threads’ kernel on 1, 2 and 3 workers is the epoch with the sharded gradient, bit for bit', async () => {
    await fc.assert(
      fc.asyncProperty(shardCase(), fc.boolean(), fc.boolean(), async (c, useAdam, shuffle) => {
        const o = useAdam ? adam({ lr: 0.01 }) : sgd(0.1)
        if (E.isLeft(o)) return false
        const r = await epochs(c, o.right as GradientTransformation<unknown>, shuffle)
        if (r === undefined) return false
        const reference = r.reference
        if (E.isLeft(reference))
          return r.threaded.every((t) => E.isLeft(t) && t.left.message === reference.left.message)
        const ref = reference.right
        return r.threaded.every(
          (t) =>
            E.isRight(t) && laws.sameStates(ref.state, [t.right.state]) && Object.is(t.right.batchLoss, ref.batchLoss)
        )
      }),
      { ...lawParameters, numRuns: Math.ceil(lawParameters.numRuns / 4) }
    )
  })
})
