// Heap across a 1000-epoch run of the founding text's 3-2-3 network (stochastic descent on the
// bundled 3-class data: 30 steps an epoch, 30,000 in all). After every 100 epochs the runner's
// observer forces a full collection and reads the heap in use: a run that kept its tapes,
// batches or states alive would grow by megabytes. Run with `npm run bench:memory`.
import * as E from 'fp-ts/lib/Either.js'
import { Data, NN, Optim, Random, Train } from '../src/index.js'
import * as Advanced from '../src/advanced.js'

const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) {
  console.error('run with node --expose-gc (npm run bench:memory does)')
  process.exit(1)
}

const key = Random.split2(
  E.getOrElseW(() => {
    throw new Error('key')
  })(Random.key(5))
)
const init = NN.threeTwoThreeMlp.init(key[0])
const optimizer = Optim.sgd(0.5)
if (E.isLeft(init) || E.isLeft(optimizer)) throw new Error('set-up failed')

const config: Train.FitConfig<NN.MlpParams, Advanced.Optim.SgdState> = {
  model: { forward: NN.threeTwoThreeMlp.forward, loss: (y) => NN.halfSumSquares(y) },
  optimizer: optimizer.right,
  batching: Data.stochastic({ shuffle: true }),
  maxEpochs: 1000
}

const samples: Array<{ readonly epoch: number; readonly heap: number }> = []
const measure = (epoch: number): void => {
  gc()
  samples.push({ epoch, heap: process.memoryUsage().heapUsed })
}

measure(0)
const result = await Train.run(config, {
  observer: { onEpoch: (r) => (r.epoch % 100 === 0 ? measure(r.epoch) : undefined) }
})(Train.start(config)(init.right, key[1]), Data.threeClass)()
if (E.isLeft(result)) throw new Error(result.left.message)

const first = samples[1]!.heap
console.log('epoch   heap used (MiB)   change since epoch 100 (KiB)')
for (const { epoch, heap } of samples) {
  console.log(
    `${String(epoch).padStart(5)}   ${(heap / 2 ** 20).toFixed(2).padStart(15)}   ${epoch === 0 ? '' : ((heap - first) / 1024).toFixed(1).padStart(12)}`
  )
}
const perEpoch = (samples[samples.length - 1]!.heap - first) / 900
console.log(
  `\n${result.right.state.step} steps; growth from epoch 100 to 1000: ${perEpoch.toFixed(0)} bytes an epoch (the history keeps one record per epoch)`
)

// The same 1000 epochs as a bare fold of `Train.epoch`, keeping no history: the heap should not grow.
const bare: Array<{ readonly epoch: number; readonly heap: number }> = []
let state = Train.initialState(config.optimizer)(init.right, key[1])
const oneEpoch = Train.epoch(config)
for (let e = 1; e <= 1000; e++) {
  const r = oneEpoch(state, Data.threeClass)
  if (E.isLeft(r)) throw new Error(r.left.message)
  state = r.right.state
  if (e % 100 === 0) {
    gc()
    bare.push({ epoch: e, heap: process.memoryUsage().heapUsed })
  }
}
const growth = (bare[bare.length - 1]!.heap - bare[0]!.heap) / 900
console.log(
  `bare fold of Train.epoch, no history: heap ${bare.map((s) => (s.heap / 2 ** 20).toFixed(2)).join(', ')} MiB at epochs 100..1000; ${growth.toFixed(1)} bytes an epoch`
)
