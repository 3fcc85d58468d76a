// `npm run bench:compiled`: the compiled program against the hand-written MLP kernel and the
// interpreted tape, on W1, W2 and W3 (bench/workloads.ts), in one process: a model whose forward
// pass and loss are wrapped in functions of the user's own (which only the compiled program can
// run fast) trains by `fitFrom` one epoch per call, as the library's own model does; the
// interpreted row is the same wrapped model whose loss also reads its targets' data outside the
// ops, which keeps it from compiling (the tape runs every step). Rounds rotate the order;
// samples/s is the best round. Ratios compare rows of one run only: the machine's load moves all
// of them.
import { Data, NN, Optim, Random, Train } from '../src/index.js'
import { orFail } from './timing.js'
import { workloads, type Workload } from './workloads.js'

const smoke = process.argv.includes('--smoke')
const ROUNDS = smoke ? 1 : 5

type Path = 'fused' | 'compiled' | 'interpreted'

const samplesPerSecond = (w: Workload, path: Path): number => {
  const loss = w.loss === 'softmaxCrossEntropy' ? NN.softmaxCrossEntropy : NN.halfSumSquares
  const model: Train.Model<NN.MlpParams> =
    path === 'fused'
      ? { forward: w.spec.forward, loss }
      : path === 'compiled'
        ? { forward: (p) => w.spec.forward(p), loss: (y) => loss(y) }
        : { forward: (p) => w.spec.forward(p), loss: (y) => (y.data.length > 0 ? loss(y) : loss(y)) }
  const config = {
    model,
    optimizer: orFail(Optim.sgd(w.lr)),
    batching: orFail(Data.miniBatch(w.batch)),
    maxEpochs: 1,
    evaluateEvery: 1_000_000
  }
  let progress = orFail(Train.fit(config)(w.params, orFail(Random.key(0)), w.data))
  const epochs = smoke ? 1 : w.id === 'W1' ? 2 : path === 'interpreted' ? 10 : 40
  const t0 = performance.now()
  for (let e = 0; e < epochs; e++)
    progress = orFail(Train.fitFrom({ ...config, maxEpochs: progress.state.epoch + 1 })(progress, w.data))
  return (epochs * Data.size(w.data)) / ((performance.now() - t0) / 1000)
}

for (const w of workloads(smoke)) {
  const paths: ReadonlyArray<Path> = ['fused', 'compiled', 'interpreted']
  const best: Record<Path, number> = { fused: 0, compiled: 0, interpreted: 0 }
  for (let round = 0; round < ROUNDS; round++)
    for (let i = 0; i < paths.length; i++) {
      const path = paths[(i + round) % paths.length]!
      best[path] = Math.max(best[path], samplesPerSecond(w, path))
    }
  console.log(
    `${w.id}: fused ${best.fused.toFixed(0)}/s, compiled ${best.compiled.toFixed(0)}/s, interpreted ${best.interpreted.toFixed(0)}/s;` +
      ` compiled/fused ${(best.compiled / best.fused).toFixed(2)}×, compiled/interpreted ${(best.compiled / best.interpreted).toFixed(2)}×`
  )
}
