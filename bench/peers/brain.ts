// brain.js 1.6.1: its NeuralNetwork trained one epoch per `train` call (`iterations: 1`), plain
// per-sample SGD (momentum 1e-9: it refuses 0). It has no softmax cross-entropy and no choice of batch size:
// its output layer is always the hidden activation with its own squared error, and it steps
// after every sample. Its weights are its own (it does not accept ours), so only the data and
// the layer sizes match: the closest comparison it allows.
import { createRequire } from 'node:module'
import type { Trainer } from '../baseline.js'
import { batchesOf, type Workload } from '../workloads.js'

const brain = createRequire(import.meta.url)('brain.js') as typeof import('brain.js')

export const brainjs = (w: Workload): Trainer => {
  const net = new brain.NeuralNetwork({
    hiddenLayers: w.sizes.slice(1, -1),
    activation: w.activations[0] === 'relu' ? 'relu' : 'sigmoid'
  })
  const data = batchesOf({ ...w, batch: 1 }).map(([x, y]) => ({ input: Array.from(x), output: Array.from(y) }))
  return {
    epochs: (k) => {
      const losses: Array<number> = []
      for (let e = 0; e < k; e++) {
        const status = net.train(data, {
          iterations: 1,
          errorThresh: 1e-9,
          learningRate: w.lr,
          momentum: 1e-9,
          log: false
        })
        losses.push(status.error)
      }
      return losses
    }
  }
}
