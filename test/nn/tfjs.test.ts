// Gradients of generated MLPs against @tensorflow/tfjs (cpu backend, float32), on 24 networks
// drawn like the laws' (widths 1-8, depth 1-3, every activation, batches of 1-4), 4 per loss.
// (Measured with the fixed seed: the largest absolute difference is about 8e-8, float32's own
// rounding; the largest relative one about 1.2e-5, on gradients near 1e-3.)
//
// Every input (weights, biases, data, targets) is first rounded to float32, so that both
// libraries see the same numbers; gradfold then computes in float64 and tfjs in float32. The
// tolerance is float32's: ε₃₂ = 2^-24 ≈ 6e-8 per operation, accumulated over sums of at most a
// few hundred terms and three layers of exp, tanh and log, gives relative errors up to about
// 1e-5; we allow 1e-4 relative, with an absolute floor of 1e-6 for gradients that nearly
// vanish by cancellation (their float32 rounding is relative to the terms, not the sum).
import * as tf from '@tensorflow/tfjs'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { beforeAll, describe, expect, it } from 'vitest'
import * as AD from '../../src/ad/index.js'
import type { Activation } from '../../src/nn/activations.js'
import { negativeSlope } from '../../src/nn/activations.js'
import type { MlpParams } from '../../src/nn/mlp.js'
import { unsafeMake, type Tensor } from '../../src/tensor/Tensor.js'
import { networkCase, networkLosses, type NetworkCase } from '../../laws/arbitraries.js'
import { clearOfKinks, networkLoss } from '../../laws/nn.js'

const RELATIVE = 1e-4
const ABSOLUTE = 1e-6

beforeAll(async () => {
  await tf.setBackend('cpu')
  // The cpu backend prints an "install the node backend" banner on its first tensor: make that
  // tensor here with console.warn silenced, and nothing else.
  const warn = console.warn
  console.warn = () => undefined
  try {
    tf.dispose(tf.scalar(0))
  } finally {
    console.warn = warn
  }
})

const float32 = (t: Tensor): Tensor => unsafeMake(t.shape, t.data.map(Math.fround))

const toFloat32 = (c: NetworkCase): NetworkCase => ({
  ...c,
  params: c.params.map((l) => (l.b === undefined ? { w: float32(l.w) } : { w: float32(l.w), b: float32(l.b) })),
  x: float32(c.x),
  y: float32(c.y)
})

const tfTensor = (t: Tensor): tf.Tensor => tf.tensor(Array.from(t.data), [...t.shape], 'float32')

const tfActivation = (a: Activation, z: tf.Tensor): tf.Tensor => {
  const slope = negativeSlope(a)
  if (slope !== undefined) return slope === 0 ? tf.relu(z) : tf.leakyRelu(z, slope)
  if (a === 'sigmoid') return tf.sigmoid(z)
  if (a === 'tanh') return tf.tanh(z)
  if (a === 'softmax') return tf.softmax(z)
  return z
}

/** The case's loss in tfjs: its library losses where they match gradfold's definition. */
const tfLoss = (c: NetworkCase, out: tf.Tensor, y: tf.Tensor): tf.Scalar => {
  const rows = c.x.shape[0]!
  const perBatch = c.reduction === 'sum' ? rows : 1
  const ln = (t: tf.Tensor) => tf.neg(tf.div(tf.sum(tf.mul(y, tf.log(t))), rows))
  switch (c.loss) {
    case 'mse':
      return tf.mul(tf.losses.meanSquaredError(y, out), perBatch)
    case 'halfSumSquares':
      return tf.mul(tf.div(tf.mul(0.5, tf.sum(tf.squaredDifference(out, y))), rows), perBatch)
    case 'crossEntropy':
      return tf.mul(ln(out), perBatch)
    case 'crossEntropyBits':
      return tf.mul(tf.div(ln(out), Math.LN2), perBatch)
    case 'softmaxCrossEntropy':
      return tf.mul(tf.losses.softmaxCrossEntropy(y, out), perBatch)
    case 'sigmoidBinaryCrossEntropy':
      return tf.mul(tf.losses.sigmoidCrossEntropy(y, out), perBatch)
  }
}

/** Loss and gradients (layer by layer, `w` then `b`) computed by tfjs. */
const byTfjs = (c: NetworkCase): { readonly value: number; readonly grads: ReadonlyArray<Float32Array> } =>
  tf.tidy(() => {
    const x = tfTensor(c.x)
    const y = tfTensor(c.y)
    const leaves = c.params.flatMap((l) => (l.b === undefined ? [tfTensor(l.w)] : [tfTensor(l.w), tfTensor(l.b)]))
    const f = (...ps: Array<tf.Tensor>): tf.Scalar => {
      let h = x
      let k = 0
      c.activations.forEach((a, i) => {
        const z = tf.matMul(h, ps[k++]!)
        h = tfActivation(a, c.params[i]!.b === undefined ? z : tf.add(z, ps[k++]!))
      })
      return tfLoss(c, h, y)
    }
    const { value, grads } = tf.valueAndGrads(f)(leaves)
    return { value: value.dataSync()[0]!, grads: grads.map((g) => g.dataSync() as Float32Array) }
  })

const close = (a: number, b: number): boolean =>
  Math.abs(a - b) <= RELATIVE * Math.max(Math.abs(a), Math.abs(b)) + ABSOLUTE

const ourGradients = (c: NetworkCase): { readonly value: number; readonly grads: ReadonlyArray<Float64Array> } => {
  const r = AD.valueAndGrad(networkLoss(c))(c.params)
  if (E.isLeft(r)) throw new Error(r.left.message)
  const grads = (r.right.grad as MlpParams).flatMap((l) => (l.b === undefined ? [l.w.data] : [l.w.data, l.b.data]))
  return { value: r.right.value, grads }
}

// The first 4 networks of each loss among 300 drawn with the laws' seed, skipping any with a
// rectifier input within 1e-3 of its kink (float32 and float64 could fall on either side).
const cases = fc
  .sample(networkCase(), { numRuns: 300 })
  .map(toFloat32)
  .filter((c) => clearOfKinks(c, 1e-3))

describe('gradients of generated MLPs agree with @tensorflow/tfjs (cpu, float32)', () => {
  it.each(networkLosses)(
    'on 4 networks ending in %s: the loss and every gradient within 1e-4 relative (floor 1e-6)',
    (loss) => {
      const picked = cases.filter((c) => c.loss === loss).slice(0, 4)
      expect(picked).toHaveLength(4)
      for (const c of picked) {
        const ours = ourGradients(c)
        const theirs = byTfjs(c)
        expect(close(ours.value, theirs.value)).toBe(true)
        expect(theirs.grads.map((g) => g.length)).toEqual(ours.grads.map((g) => g.length))
        ours.grads.forEach((g, i) =>
          g.forEach((v, j) => {
            const w = theirs.grads[i]![j]!
            if (!close(v, w))
              expect.fail(`${c.sizes.join('-')} ${c.loss}, leaf ${i}, element ${j}: gradfold ${v}, tfjs ${w}`)
          })
        )
      }
    }
  )
})
