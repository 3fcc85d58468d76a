import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { slice } from '../../../src/data/select.js'
import { threeClass } from '../../../src/data/threeClass.js'
import { mlp } from '../../../src/nn/mlp.js'
import { sgd } from '../../../src/optim/alias.js'
import { key } from '../../../src/random/Key.js'
import type { ModelSpec } from '../../../src/train/files/ModelSpec.js'
import * as _ from '../../../src/train/loop/streamFit.js'
import { getRight } from '../../either.js'

const spec: ModelSpec = { sizes: [3, 4, 3], activations: ['tanh', 'identity'], loss: 'softmaxCrossEntropy' }
const params = getRight(getRight(mlp(spec)).init(getRight(key(2))))
async function* chunks() {
  for (let i = 0; i < 30; i += 7) yield slice(i, Math.min(30, i + 7))(threeClass)
}

describe('fitStream', () => {
  it('full-batch descent over chunks lowers the loss epoch after epoch', async () => {
    const config = {
      spec,
      optimizer: getRight(sgd(0.5)),
      batching: { _tag: 'FullBatch' as const, blockSize: 8 },
      epochs: 30
    }
    const r = getRight(await _.fitStream(config)(params, getRight(key(0)), chunks)())
    expect(r.losses).toHaveLength(30)
    expect(r.losses[29]!).toBeLessThan(r.losses[0]! / 2)
  })
  it('mini-batch descent over a shuffle buffer lowers the loss too', async () => {
    const config = {
      spec,
      optimizer: getRight(sgd(0.2)),
      batching: { _tag: 'MiniBatch' as const, batchSize: 5, buffer: 10 },
      epochs: 30
    }
    const r = getRight(await _.fitStream(config)(params, getRight(key(0)), chunks)())
    expect(r.losses[29]!).toBeLessThan(r.losses[0]! / 2)
  })
  it('answers the stream’s own error', async () => {
    async function* broken() {
      yield E.left({ _tag: 'IoError' as const, message: 'disk gone' })
    }
    const config = {
      spec,
      optimizer: getRight(sgd(0.5)),
      batching: { _tag: 'FullBatch' as const, blockSize: 8 },
      epochs: 1
    }
    const r = await _.fitStream(config)(params, getRight(key(0)), broken)()
    expect(E.isLeft(r) && r.left.message).toBe('disk gone')
  })
})
