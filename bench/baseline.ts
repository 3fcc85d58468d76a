// The hand-written baseline: the same network, loss and SGD step as gradfold, in mutable
// Float64Arrays allocated once, with no tape, no records and no checks. Every sum runs in the
// order gradfold's kernels take it (products in index order, biases added after the product,
// the loss's constants applied as its ops apply them), so its losses match gradfold's to the
// last bits: the bench checks 1e-12 relative after one epoch.
import type { ActivationName, Workload } from './workloads.js'
import { batchesOf } from './workloads.js'

export interface Trainer {
  /** Runs `k` epochs; the mean batch loss of each (taken before each step's update). */
  readonly epochs: (k: number) => ReadonlyArray<number>
  /** The loss over the whole data set, with the current weights. */
  readonly datasetLoss?: () => number
  readonly dispose?: () => void
}

/**
 * `k` epochs of `step` over `batches` (each `[inputs, targets, rows]`): each epoch's mean
 * batch loss, weighted by batch size, as gradfold's history records it.
 */
export const epochLoop =
  <X, Y>(batches: ReadonlyArray<readonly [X, Y, number]>, step: (x: X, y: Y, m: number) => number) =>
  (k: number): ReadonlyArray<number> => {
    let rows = 0
    for (const b of batches) rows += b[2]
    const losses: Array<number> = []
    for (let e = 0; e < k; e++) {
      let total = 0
      for (const [x, y, m] of batches) total += step(x, y, m) * m
      losses.push(total / rows)
    }
    return losses
  }

/** The elementary functions the loop calls: the engine's `Math` (the baseline proper) or gradfold's `Elementary`. */
export interface ElementaryFunctions {
  readonly exp: (x: number) => number
  readonly log: (x: number) => number
}

export const baseline = (w: Workload, math: ElementaryFunctions = Math): Trainer => {
  const { exp, log } = math
  const sigmoid = (v: number): number => {
    if (v >= 0) return 1 / (1 + exp(-v))
    const e = exp(v)
    return e / (1 + e)
  }
  const L = w.sizes.length - 1
  const W = w.params.map((l) => l.w.data.slice())
  const B = w.params.map((l) => (l.b === undefined ? undefined : l.b.data.slice()))
  const gW = W.map((a) => new Float64Array(a.length))
  const gB = B.map((a) => (a === undefined ? undefined : new Float64Array(a.length)))
  const maxRows = Math.max(w.batch, w.data.inputs.shape[0]!)
  const acts = w.sizes.map((d) => new Float64Array(maxRows * d)) // acts[0] unused: the batch itself
  const deltas = w.sizes.map((d) => new Float64Array(maxRows * d))
  const lse = new Float64Array(maxRows)
  const act: ReadonlyArray<ActivationName> = w.activations

  const forward = (x: Float64Array, m: number): Float64Array => {
    let input = x
    for (let l = 0; l < L; l++) {
      const k = w.sizes[l]!
      const n = w.sizes[l + 1]!
      const wl = W[l]!
      const bl = B[l]
      const out = acts[l + 1]!
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) out[i * n + j] = 0
        for (let p = 0; p < k; p++) {
          const a = input[i * k + p]!
          for (let j = 0; j < n; j++) out[i * n + j] = out[i * n + j]! + a * wl[p * n + j]!
        }
        if (bl !== undefined) for (let j = 0; j < n; j++) out[i * n + j] = out[i * n + j]! + bl[j]!
        if (act[l] === 'relu')
          for (let j = 0; j < n; j++) out[i * n + j] = out[i * n + j]! > 0 ? out[i * n + j]! : 0 * out[i * n + j]!
        else if (act[l] === 'sigmoid') for (let j = 0; j < n; j++) out[i * n + j] = sigmoid(out[i * n + j]!)
      }
      input = out
    }
    return input
  }

  /** The batch's loss; fills deltas[L] with ∂loss/∂(last layer's output). */
  const lossAndDelta = (o: Float64Array, y: Float64Array, m: number): number => {
    const n = w.sizes[L]!
    const d = deltas[L]!
    if (w.loss === 'softmaxCrossEntropy') {
      let total = 0
      for (let r = 0; r < m; r++) {
        let mx = o[r * n]!
        for (let j = 1; j < n; j++) mx = Math.max(mx, o[r * n + j]!)
        let s = 0
        for (let j = 0; j < n; j++) s += exp(o[r * n + j]! - mx)
        lse[r] = mx + log(s)
      }
      for (let r = 0; r < m; r++) {
        let mass = 0
        for (let j = 0; j < n; j++) {
          total += y[r * n + j]! * (lse[r]! - o[r * n + j]!)
          mass += y[r * n + j]!
        }
        const gc = 1 * (1 / m)
        for (let j = 0; j < n; j++) d[r * n + j] = gc * (exp(o[r * n + j]! - lse[r]!) * mass - y[r * n + j]!)
      }
      return total / m
    }
    let s = 0
    for (let i = 0; i < m * n; i++) {
      const e = o[i]! - y[i]!
      s += e * e
    }
    const g = (1 / m) * 0.5
    for (let i = 0; i < m * n; i++) d[i] = g * (2 * (o[i]! - y[i]!))
    return (0.5 * s) / m
  }

  const step = (x: Float64Array, y: Float64Array, m: number): number => {
    const o = forward(x, m)
    const loss = lossAndDelta(o, y, m)
    for (let l = L - 1; l >= 0; l--) {
      const k = w.sizes[l]!
      const n = w.sizes[l + 1]!
      const d = deltas[l + 1]!
      const a = acts[l + 1]!
      if (act[l] === 'relu') for (let i = 0; i < m * n; i++) d[i] = a[i]! > 0 ? d[i]! : 0 * d[i]!
      else if (act[l] === 'sigmoid') for (let i = 0; i < m * n; i++) d[i] = d[i]! * a[i]! * (1 - a[i]!)
      const input = l === 0 ? x : acts[l]!
      const gw = gW[l]!
      gw.fill(0)
      for (let i = 0; i < m; i++)
        for (let p = 0; p < k; p++) {
          const xi = input[i * k + p]!
          for (let j = 0; j < n; j++) gw[p * n + j] = gw[p * n + j]! + xi * d[i * n + j]!
        }
      const gb = gB[l]
      if (gb !== undefined) {
        gb.fill(0)
        for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) gb[j] = gb[j]! + d[i * n + j]!
      }
      if (l > 0) {
        const wl = W[l]!
        const dp = deltas[l]!
        for (let i = 0; i < m; i++)
          for (let p = 0; p < k; p++) {
            let s = 0
            for (let j = 0; j < n; j++) s += d[i * n + j]! * wl[p * n + j]!
            dp[i * k + p] = s
          }
      }
    }
    for (let l = 0; l < L; l++) {
      const wl = W[l]!
      const gw = gW[l]!
      for (let i = 0; i < wl.length; i++) wl[i] = wl[i]! + -w.lr * gw[i]!
      const bl = B[l]
      const gb = gB[l]
      if (bl !== undefined && gb !== undefined) for (let i = 0; i < bl.length; i++) bl[i] = bl[i]! + -w.lr * gb[i]!
    }
    return loss
  }

  const rows = w.data.inputs.shape[0]!
  return {
    epochs: epochLoop(batchesOf(w), step),
    datasetLoss: () => lossAndDelta(forward(w.data.inputs.data, rows), w.data.targets.data, rows)
  }
}
