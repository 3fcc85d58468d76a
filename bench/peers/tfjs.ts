// @tensorflow/tfjs on its cpu and wasm backends, float32: the core API with an explicit
// gradient step (`variableGrads`, then `w ← w − η·g` on each variable), the batches made into
// tensors once, before any timing. `datasetLoss` is the loss of the whole data set at the
// current weights, which the bench runs once a timed call, as gradfold's `fit` measures its data set once.
import * as tf from '@tensorflow/tfjs'
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm'
import { createRequire } from 'node:module'
import path from 'node:path'
import { epochLoop, type Trainer } from '../baseline.js'
import { batchesOf, type Workload } from '../workloads.js'

let wasmPathsSet = false
let trainers = 0

/** Selects a backend; the wasm one loads its .wasm files from the installed package. */
export const useBackend = async (name: 'cpu' | 'wasm'): Promise<void> => {
  if (name === 'wasm' && !wasmPathsSet) {
    const require = createRequire(import.meta.url)
    setWasmPaths(
      `${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'))}${path.sep}dist${path.sep}`
    )
    wasmPathsSet = true
  }
  if (!(await tf.setBackend(name))) throw new Error(`tfjs backend ${name} did not start`)
  await tf.ready()
}

export const tfjsVersion = tf.version.tfjs

const activate = (a: Workload['activations'][number], z: tf.Tensor): tf.Tensor =>
  a === 'relu' ? tf.relu(z) : a === 'sigmoid' ? tf.sigmoid(z) : z

export const tfjs = async (w: Workload, backend: 'cpu' | 'wasm'): Promise<Trainer> => {
  await useBackend(backend)
  const id = trainers++
  const vars = w.params.map((l, i) => ({
    w: tf.variable(tf.tensor2d(Float32Array.from(l.w.data), [l.w.shape[0]!, l.w.shape[1]!]), true, `t${id}w${i}`),
    b: l.b === undefined ? undefined : tf.variable(tf.tensor1d(Float32Array.from(l.b.data)), true, `t${id}b${i}`)
  }))
  const fin = w.sizes[0]!
  const fout = w.sizes[w.sizes.length - 1]!
  const batches = batchesOf(w).map(
    ([x, y, m]) =>
      [tf.tensor2d(Float32Array.from(x), [m, fin]), tf.tensor2d(Float32Array.from(y), [m, fout]), m] as const
  )
  const lossOf = (x: tf.Tensor, y: tf.Tensor, m: number): tf.Scalar => {
    let h = x
    vars.forEach((v, i) => {
      const z = tf.matMul(h, v.w)
      h = activate(w.activations[i]!, v.b === undefined ? z : tf.add(z, v.b))
    })
    return w.loss === 'softmaxCrossEntropy'
      ? tf.losses.softmaxCrossEntropy(y, h)
      : tf.div(tf.mul(0.5, tf.sum(tf.square(tf.sub(h, y)))), m)
  }
  const data = [
    tf.tensor2d(Float32Array.from(w.data.inputs.data), [w.data.inputs.shape[0]!, fin]),
    tf.tensor2d(Float32Array.from(w.data.targets.data), [w.data.targets.shape[0]!, fout])
  ] as const
  const all = vars.flatMap((v) => (v.b === undefined ? [v.w] : [v.w, v.b]))
  return {
    epochs: epochLoop(batches, (x, y, m) => {
      const { value, grads } = tf.variableGrads(() => lossOf(x, y, m), all)
      tf.tidy(() => {
        for (const v of all) v.assign(tf.sub(v, tf.mul(grads[v.name]!, w.lr)))
      })
      const loss = value.dataSync()[0]!
      tf.dispose([value, ...Object.values(grads)])
      return loss
    }),
    datasetLoss: () => {
      const value = tf.tidy(() => lossOf(data[0], data[1], w.data.inputs.shape[0]!))
      const loss = value.dataSync()[0]!
      value.dispose()
      return loss
    },
    dispose: () => {
      tf.dispose([...all, ...data])
      for (const [x, y] of batches) tf.dispose([x, y])
    }
  }
}
