// `npm run bench:epochs`: the cost of an epoch does not grow with the length of the run. The
// founding text's 3-2-3 network (sigmoid, no biases, ½Σ squared error) trains by full-batch SGD
// on three samples for 10⁵ epochs through `Train.run`, with a validation set, the history kept,
// the best parameters tracked and two stop rules asked after every epoch (`noImprovement`,
// which once rescanned the history, and `lossBelow`; neither fires). The observer reads the
// clocks around windows of 1000 epochs that start at epochs 10, 2000, 10⁴ and 99 000; the table
// gives the mean cost of an epoch in each window, in CPU time (user + system, the figure a
// machine shared with other work disturbs least) and in wall time. Three warm-up runs of 5000 epochs
// come first, so that the first window is not the JIT compiler's. Flat means the last window
// costs about what the first does; a history copied or rescanned every epoch would make an
// epoch near 10⁵ cost thousands of times one near epoch 10.
//
// Then the cost of a call: W3 trained by `fitFrom` one epoch per call against the same epochs in
// one call (the section at the end).
//
// Runs on the built package under plain node. `--epochs N` for a shorter run (a power of 10).
import * as E from 'fp-ts/lib/Either.js'
import { Data, NN, Optim, Random, Train } from '../src/index.js'
import { orFail } from './timing.js'
import * as Advanced from '../src/advanced.js'
import { workloads } from './workloads.js'

const arg = process.argv.indexOf('--epochs')
const epochs = arg >= 0 ? Number(process.argv[arg + 1]) : 100_000
const WINDOW = 1000
const windows = [10, 2000, 10_000, 99_000].filter((w) => w + WINDOW <= epochs)
const marks = windows.flatMap((w) => [w, w + WINDOW])

const [initKey, runKey] = Random.split2(orFail(Random.key(5)))
const data = orFail(
  Data.fromRows(
    [
      [1, 0.5, -0.5],
      [-0.3, 1, 0.2],
      [0.1, -0.8, 1]
    ],
    [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1]
    ]
  )
)
const config: Train.FitConfig<NN.MlpParams, Advanced.Optim.SgdState> = {
  model: { forward: NN.threeTwoThreeMlp.forward, loss: (y) => NN.halfSumSquares(y) },
  optimizer: orFail(Optim.sgd(0.5)),
  batching: Data.fullBatch(),
  maxEpochs: epochs,
  validation: data,
  stop: Train.any(orFail(Train.noImprovement(10 * epochs)), orFail(Train.lossBelow(0)))
}

const start = Train.start(config)(orFail(NN.threeTwoThreeMlp.init(initKey)), runKey)
for (let i = 0; i < 3; i++) {
  const warmUp = await Train.run({ ...config, maxEpochs: 5000 })(start, data)()
  if (E.isLeft(warmUp)) throw new Error(warmUp.left.message)
}

const cpuMs = (): number => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1e3
}
const clock: Array<{ readonly epoch: number; readonly ms: number; readonly cpu: number }> = []
const started = performance.now()
const result = await Train.run(config, {
  observer: {
    onEpoch: (r) => {
      if (marks.includes(r.epoch)) clock.push({ epoch: r.epoch, ms: performance.now(), cpu: cpuMs() })
    }
  }
})(start, data)()
if (E.isLeft(result)) throw new Error(result.left.message)

console.log(
  `3-2-3 network, full batch of 3 samples, ${epochs} epochs in ${((performance.now() - started) / 1e3).toFixed(1)} s`
)
console.log('epochs          CPU µs per epoch   wall µs per epoch')
const perEpoch: Array<number> = []
for (let i = 1; i < clock.length; i += 2) {
  const [a, b] = [clock[i - 1]!, clock[i]!]
  const cpu = ((b.cpu - a.cpu) * 1e3) / (b.epoch - a.epoch)
  const wall = ((b.ms - a.ms) * 1e3) / (b.epoch - a.epoch)
  perEpoch.push(cpu)
  console.log(`${`${a.epoch}–${b.epoch}`.padEnd(15)} ${cpu.toFixed(1).padStart(16)} ${wall.toFixed(1).padStart(19)}`)
}
if (perEpoch.length >= 2)
  console.log(
    `\nCPU per epoch, last window / first window: ${(perEpoch[perEpoch.length - 1]! / perEpoch[0]!).toFixed(2)}× (flat is about 1×); history: ${result.right.history.length} records`
  )

// -------------------------------------------------------------------------------------
// the cost of a call: W3 trained by `fitFrom` one epoch per call (a live plot, the playground)
// against the same epochs in one call, both measuring the data set after every epoch (the
// default), in rounds that alternate the order; the ratio is the median of the rounds'.
// -------------------------------------------------------------------------------------

const w3 = workloads(false).find((w) => w.id === 'W3')!
const perCallConfig: Train.FitConfig<NN.MlpParams, Advanced.Optim.SgdState> = {
  model: { forward: (p) => w3.spec.forward(p), loss: (y) => NN.halfSumSquares(y) },
  optimizer: orFail(Optim.sgd(w3.lr)),
  batching: orFail(Data.miniBatch(w3.batch)),
  maxEpochs: 1
}
const callEpochs = Math.min(epochs, 2000)
const timed = (oneCall: boolean): number => {
  let progress = orFail(Train.fit(perCallConfig)(w3.params, orFail(Random.key(0)), w3.data))
  const t0 = performance.now()
  if (oneCall) progress = orFail(Train.fitFrom({ ...perCallConfig, maxEpochs: 1 + callEpochs })(progress, w3.data))
  else
    for (let e = 0; e < callEpochs; e++)
      progress = orFail(Train.fitFrom({ ...perCallConfig, maxEpochs: progress.state.epoch + 1 })(progress, w3.data))
  if (progress.history.length !== 1 + callEpochs) throw new Error('fitFrom ran the wrong number of epochs')
  return performance.now() - t0
}
const ratios: Array<number> = []
for (let round = 0; round < 7; round++) {
  const oneFirst = round % 2 === 0
  const a = timed(oneFirst)
  const b = timed(!oneFirst)
  ratios.push(oneFirst ? a / b : b / a)
}
ratios.sort((a, b) => a - b)
console.log(
  `\nW3, ${callEpochs} epochs by fitFrom one epoch per call / in one call (speed): ${ratios[3]!.toFixed(2)}× (target ≥ 0.8×)`
)
