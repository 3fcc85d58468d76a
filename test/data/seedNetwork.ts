// The founding text's 3-2-3 network, written out weight by weight for the data tests: 3 inputs,
// 2 sigmoid hidden units, 3 sigmoid outputs, no biases, loss ½ Σ (ŷ − y)² per sample. The
// weights are w[0..5] = w1..w6 (input f to hidden j at 2f + j) and w[6..11] = w7..w12 (hidden j
// to output k at 6 + 3j + k). Trained here by plain gradient descent over the data module's
// epoch plans, to show that the bundled data sets can be learnt to accuracy 1.
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { Batching } from '../../src/data/Batching.js'
import { size, type Dataset } from '../../src/data/Dataset.js'
import { foldBatches, plan } from '../../src/data/EpochPlan.js'
import type { Key } from '../../src/random/Key.js'
import { right } from './helpers.js'

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z))

const forward = (w: Float64Array, x: Float64Array, i: number): { readonly h: ReadonlyArray<number>; readonly o: ReadonlyArray<number> } => {
  const h = [0, 1].map((j) => sigmoid(x[3 * i]! * w[j]! + x[3 * i + 1]! * w[2 + j]! + x[3 * i + 2]! * w[4 + j]!))
  const o = [0, 1, 2].map((k) => sigmoid(h[0]! * w[6 + k]! + h[1]! * w[9 + k]!))
  return { h, o }
}

/** Adds sample i's gradient into g (the chain rule, output layer first) and answers its loss. */
const backward = (w: Float64Array, d: Dataset, i: number, g: Float64Array): number => {
  const { h, o } = forward(w, d.inputs.data, i)
  const y = d.targets.data
  const dz = o.map((ok, k) => (ok - y[3 * i + k]!) * ok * (1 - ok))
  for (let j = 0; j < 2; j++) {
    for (let k = 0; k < 3; k++) g[6 + 3 * j + k]! += h[j]! * dz[k]!
    const dh = (dz[0]! * w[6 + 3 * j]! + dz[1]! * w[7 + 3 * j]! + dz[2]! * w[8 + 3 * j]!) * h[j]! * (1 - h[j]!)
    for (let f = 0; f < 3; f++) g[2 * f + j]! += d.inputs.data[3 * i + f]! * dh
  }
  return o.reduce((s, ok, k) => s + 0.5 * (ok - y[3 * i + k]!) ** 2, 0)
}

/** One step on a batch: w − η · (mean gradient over the batch). */
const step = (lr: number) => (w: Float64Array, batch: Dataset): Float64Array => {
  const g = new Float64Array(12)
  for (let i = 0; i < size(batch); i++) backward(w, batch, i, g)
  return w.map((wi, p) => wi - (lr * g[p]!) / size(batch))
}

/** The share of samples whose largest output is their target's class. */
export const accuracy = (w: Float64Array, d: Dataset): number => {
  let right = 0
  for (let i = 0; i < size(d); i++) {
    const { o } = forward(w, d.inputs.data, i)
    const best = o.indexOf(Math.max(...o))
    if (d.targets.data[3 * i + best] === 1) right++
  }
  return right / size(d)
}

/** The mean loss over the data set. */
export const meanLoss = (w: Float64Array, d: Dataset): number => {
  let total = 0
  for (let i = 0; i < size(d); i++) total += backward(w, d, i, new Float64Array(12))
  return total / size(d)
}

/** Trains from `init` until accuracy 1 or `maxEpochs`; answers the epochs taken and the weights. */
export const train =
  (batching: Batching, lr: number, maxEpochs: number) =>
  (d: Dataset, key: Key, init: Float64Array): { readonly epochs: number; readonly w: Float64Array } => {
    let w = init
    for (let epoch = 0; epoch < maxEpochs; epoch++) {
      w = right(pipe(plan(batching)(d, key, epoch), E.chainW(foldBatches(w, (acc, batch) => E.right(step(lr)(acc, batch))))))
      if (accuracy(w, d) === 1) return { epochs: epoch + 1, w }
    }
    return { epochs: maxEpochs, w }
  }
