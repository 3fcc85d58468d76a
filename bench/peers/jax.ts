// @jax-js/jax on its wasm backend: a jit-compiled step (value and gradient, then
// `w ← w − η·g`), in float32, or in float64 made by casting float32 arrays. Arrays are
// reference-counted: a jitted function consumes its arguments, so the batches pass `.ref`.
// `datasetLoss` is the loss of the whole data set at the current weights (one jitted forward
// pass), which the bench runs once a timed call, as gradfold's `fit` measures its data set once.
import { init, jit, nn, numpy as np, tree, valueAndGrad } from '@jax-js/jax'
import { epochLoop, type Trainer } from '../baseline.js'
import { batchesOf, type Workload } from '../workloads.js'

type Layer = { w: np.Array; b?: np.Array }

let started: Promise<unknown> | undefined

const activate = (a: Workload['activations'][number], z: np.Array): np.Array =>
  a === 'relu' ? nn.relu(z) : a === 'sigmoid' ? nn.sigmoid(z) : z

export const jax = async (w: Workload, dtype: 'float32' | 'float64'): Promise<Trainer> => {
  started ??= init('wasm')
  await started
  const array = (data: Float64Array, shape: ReadonlyArray<number>): np.Array => {
    const a = np.array(Float32Array.from(data)).reshape([...shape])
    return dtype === 'float64' ? a.astype(np.float64) : a
  }
  let params: Array<Layer> = w.params.map((l) => {
    const layer: Layer = { w: array(l.w.data, l.w.shape) }
    if (l.b !== undefined) layer.b = array(l.b.data, l.b.shape)
    return layer
  })
  const fin = w.sizes[0]!
  const fout = w.sizes[w.sizes.length - 1]!
  const batches = batchesOf(w).map(([x, y, m]) => [array(x, [m, fin]), array(y, [m, fout]), m] as const)
  const loss = (p: Array<Layer>, x: np.Array, y: np.Array): np.Array => {
    let h = x
    p.forEach((l, i) => {
      const z = np.matmul(h, l.w)
      h = activate(w.activations[i]!, l.b === undefined ? z : z.add(l.b))
    })
    const m = y.shape[0]!
    if (w.loss === 'softmaxCrossEntropy') return np.sum(nn.logSoftmax(h).mul(y)).mul(-1 / m)
    return np.sum(np.square(h.sub(y))).mul(0.5 / m)
  }
  const data = [
    array(w.data.inputs.data, w.data.inputs.shape),
    array(w.data.targets.data, w.data.targets.shape)
  ] as const
  const evaluate = jit((p: Array<Layer>, x: np.Array, y: np.Array) => loss(p, x, y))
  const step = jit((p: Array<Layer>, x: np.Array, y: np.Array) => {
    const [value, grads] = valueAndGrad(loss)(tree.ref(p), x, y)
    return [value, tree.map((a: np.Array, g: np.Array) => a.sub(g.mul(w.lr)), p, grads)] as const
  })
  return {
    epochs: epochLoop(batches, (x, y) => {
      const [value, next] = step(params, x.ref, y.ref) as unknown as readonly [np.Array, Array<Layer>]
      params = next
      return value.dataSync()[0]!
    }),
    datasetLoss: () => (evaluate(tree.ref(params), data[0].ref, data[1].ref) as np.Array).dataSync()[0]!,
    dispose: () => {
      tree.dispose(params)
      data[0].dispose()
      data[1].dispose()
      for (const [x, y] of batches) {
        x.dispose()
        y.dispose()
      }
    }
  }
}
