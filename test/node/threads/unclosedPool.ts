// A script for pool.test.ts: a pool that computes a gradient and a kernel's epoch and is never
// closed; the process must still exit on its own once nothing is in flight.
import * as E from 'fp-ts/lib/Either.js'
import { fullBatch } from '../../../src/data/Batching.js'
import { threeClass } from '../../../src/data/threeClass.js'
import { threadedKernel } from '../../../src/node/threads/kernel.js'
import { threadedLossAndGrad, threadPool } from '../../../src/node/threads/pool.js'
import { sgd } from '../../../src/optim/alias.js'
import { key } from '../../../src/random/Key.js'
import { epoch } from '../../../src/train/loop/epoch.js'
import { decodeModelSpec, type ModelSpec } from '../../../src/train/files/ModelSpec.js'
import { initialState } from '../../../src/train/bookkeeping/TrainState.js'
import { getRight } from '../../either.js'

const spec: ModelSpec = { sizes: [3, 4, 3], activations: ['tanh', 'identity'], loss: 'softmaxCrossEntropy' }
const built = getRight(decodeModelSpec(spec))
const k = getRight(key(0))
const params = getRight(built.net.init(k))
const pool = getRight(threadPool(2))
const grad = await getRight(threadedLossAndGrad(pool)(spec, 8))(threeClass)(params)()
const optimizer = getRight(sgd(0.1))
const kernel = getRight(await threadedKernel(pool)(spec, 8)(optimizer)())
const report = epoch({ model: built.model, optimizer, batching: fullBatch(), kernel })(
  initialState(optimizer)(params, k),
  threeClass
)
console.log(E.isRight(grad) && E.isRight(report) ? 'done' : 'failed')
