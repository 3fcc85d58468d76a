import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { threeClass } from '../../../src/data/threeClass.js'
import * as _ from '../../../src/node/threads/pool.js'

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
