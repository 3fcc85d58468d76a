import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { closePool, threadedLossAndGrad, threadPool, type ThreadPool } from '../src/node/threads/pool.js'
import { shardedLossAndGrad } from '../src/train/shards.js'
import { shardCase } from './arbitraries/shards.js'
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
})
