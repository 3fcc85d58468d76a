/**
 * An MLP's step compiled for one parameter layout: the forward pass, the loss and its gradient,
 * and backpropagation, in loops over buffers allocated once per compiled network, with every
 * number computed as the general path computes it (the same formulas, products summed in index
 * order as the tensor kernels sum them, constants applied as the loss's ops apply them). So the
 * loss and the gradients are the general path's, bit for bit (law: laws/fusion.ts).
 *
 * A step that meets a value the general path would refuse (an overflowing weighted sum, a
 * non-finite loss or gradient, a non-positive probability under `crossEntropy`) answers NaN:
 * the caller then leaves the span to the general path, which names the failure. The checks
 * ride in the loops that make the values: each adds `v − v` (0 for a finite `v`, NaN for NaN
 * and ±∞) to a sum tested once a layer.
 *
 * @internal
 * @since 0.2.0
 */
import { logistic } from '../../../ad/activationRules.js'
import * as Elementary from '../../../math/index.js'
import { negativeSlope, type Activation } from '../../../nn/activations.js'
import { crossEntropy, halfSumSquares, mse, type Reduction } from '../../../nn/losses.js'
import { sigmoidBinaryCrossEntropy, softmaxCrossEntropy } from '../../../nn/logitLosses.js'
import { rowLogSumExp } from '../../../tensor/kernels.js'
import {
  matmulInto,
  matmulNTInto,
  matmulTNInto,
  wasmMatmulInto,
  wasmMatmulNTInto,
  wasmMatmulTNInto
} from '../../../tensor/kernelsInto.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The losses a compiled step knows, each with its default options (batch mean, nats). */
export type LossKind = 'mse' | 'halfSumSquares' | 'crossEntropy' | 'softmaxCrossEntropy' | 'sigmoidBinaryCrossEntropy'

/** What a layer does after `x·W + b`. */
type Kind = 'sigmoid' | 'tanh' | 'rectifier' | 'identity' | 'softmax'

export interface LayerPlan {
  readonly fanIn: number
  readonly fanOut: number
  readonly bias: boolean
  readonly kind: Kind
  readonly alpha: number
}

/** The loss a model's `loss` field is, when it is one of the library's own functions. */
export const lossKind = (loss: unknown): LossKind | undefined => LOSSES.get(loss)

const LOSSES = new Map<unknown, LossKind>([
  [mse, 'mse'],
  [halfSumSquares, 'halfSumSquares'],
  [crossEntropy, 'crossEntropy'],
  [softmaxCrossEntropy, 'softmaxCrossEntropy'],
  [sigmoidBinaryCrossEntropy, 'sigmoidBinaryCrossEntropy']
])

export const layerPlan = (fanIn: number, fanOut: number, bias: boolean, a: Activation): LayerPlan => {
  const alpha = negativeSlope(a)
  const kind: Kind =
    alpha !== undefined ? 'rectifier' : a === 'sigmoid' || a === 'tanh' || a === 'softmax' ? a : 'identity'
  return { fanIn, fanOut, bias, kind, alpha: alpha ?? 0 }
}

// -------------------------------------------------------------------------------------
// products into buffers
// -------------------------------------------------------------------------------------

// From WASM multiply-adds up a product runs in wasm SIMD, where it runs: far below the tensor
// kernels' own threshold, as the operands here are the network's buffers and no array is made
// (a 16-row batch of a 4-16-3 network takes it). Where wasm is missing, from BLOCKED up the
// blocked JavaScript kernels run, and below it a plain loop. All sum in index order: the same
// bits (laws: laws/wasmKernels.ts, laws/fusion.ts).
const WASM = 1 << 9
const BLOCKED = 1 << 14

/** The `length` elements of `a` from `at`: `a` itself when they are all of it. */
const part = (a: Float64Array, at: number, length: number): Float64Array =>
  at === 0 && a.length === length ? a : a.subarray(at, at + length)

// Below it each element's sum runs in a local, from +0, its terms in index order: the bits of
// the kernels' loops, without a load and a store of the element per term.

/** `a·b`, `[m, k]·[k, n]`, `a` read from element `at`. */
const product = (out: Float64Array, a: Float64Array, at: number, b: Float64Array, m: number, k: number, n: number) => {
  if (m * k * n >= WASM) {
    const done = wasmMatmulInto(out, part(a, at, m * k), b, { m, k, n })
    if (done !== undefined) return done
    if (m * k * n >= BLOCKED) return matmulInto(out, part(a, at, m * k), b, { m, k, n })
  }
  for (let i = 0; i < m; i++) {
    const ai = at + i * k
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let p = 0; p < k; p++) s += a[ai + p]! * b[p * n + j]!
      out[i * n + j] = s
    }
  }
  return out
}

/** `aᵀ·b`, `a` `[k, m]` read from element `at`, `b` `[k, n]`. */
const productTN = (
  out: Float64Array,
  a: Float64Array,
  at: number,
  b: Float64Array,
  k: number,
  m: number,
  n: number
) => {
  if (m * k * n >= WASM) {
    const done = wasmMatmulTNInto(out, part(a, at, k * m), b, { m, k, n })
    if (done !== undefined) return done
    if (m * k * n >= BLOCKED) return matmulTNInto(out, part(a, at, k * m), b, { m, k, n })
  }
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let p = 0; p < k; p++) s += a[at + p * m + i]! * b[p * n + j]!
      out[i * n + j] = s
    }
  return out
}

/** `a·bᵀ`, `a` `[m, k]`, `b` `[n, k]`. */
const productNT = (out: Float64Array, a: Float64Array, b: Float64Array, m: number, k: number, n: number) => {
  if (m * k * n >= WASM) {
    const done = wasmMatmulNTInto(out, a, b, { m, k, n })
    if (done !== undefined) return done
    if (m * k * n >= BLOCKED) return matmulNTInto(out, a, b, { m, k, n })
  }
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let p = 0; p < k; p++) s += a[i * k + p]! * b[j * k + p]!
      out[i * n + j] = s
    }
  return out
}

// -------------------------------------------------------------------------------------
// the compiled network
// -------------------------------------------------------------------------------------

export interface CompiledNetwork {
  /**
   * One batch of `m` rows: the loss, with the gradient of every weight and bias in `grads`
   * (leaf order: per layer `b` then `w`, as the parameter tree flattens); NaN when the general
   * path would stop. With `unchecked`, the gradients are not checked for finiteness: for a
   * caller that adds them, scaled, to finite weights and checks the sums (a non-finite
   * gradient makes its sum non-finite).
   */
  readonly lossAndGrad: (
    weights: ReadonlyArray<Float64Array>,
    grads: ReadonlyArray<Float64Array>,
    x: Float64Array,
    xAt: number,
    y: Float64Array,
    yAt: number,
    m: number,
    unchecked?: boolean
  ) => number
}

/**
 * Compiles the layers for batches of at most `rows` rows; the loss is the batch mean, or with
 * `reduction: 'sum'` the batch total (as `lossByName(name, 'sum')` computes it).
 */
export const compileNetwork = (
  layers: ReadonlyArray<LayerPlan>,
  loss: LossKind,
  rows: number,
  reduction: Reduction = 'mean'
): CompiledNetwork => {
  const sum = reduction === 'sum'
  const L = layers.length
  const z = layers.map((l) => new Float64Array(rows * l.fanOut))
  const y = layers.map((l) => (l.kind === 'identity' ? undefined : new Float64Array(rows * l.fanOut)))
  const g = layers.map((l) => new Float64Array(rows * l.fanOut)) // ∂loss/∂(layer output), then ∂/∂z
  const gz = layers.map((l) => new Float64Array(rows * l.fanOut))
  const outs: Array<Float64Array> = new Array(L) // each layer's output (z itself for the identity)
  const ins: Array<Float64Array> = new Array(L)
  const zs: Array<Float64Array> = new Array(L)
  const lse = new Float64Array(rows)
  const mass = new Float64Array(rows)
  // leaf index of each layer's w and b in the flattened parameters
  const wAt: Array<number> = []
  const bAt: Array<number> = []
  let leaf = 0
  for (const l of layers) {
    bAt.push(l.bias ? leaf++ : -1)
    wAt.push(leaf++)
  }

  /** 0 when `a`'s first `n` elements are all finite, NaN otherwise. */
  const badIn = (a: Float64Array, n: number): number => {
    let bad = 0
    for (let e = 0; e < n; e++) bad += a[e]! - a[e]!
    return bad
  }

  let xAt = 0 // where the batch starts in the first layer's input

  const forward = (weights: ReadonlyArray<Float64Array>, x: Float64Array, m: number): boolean => {
    let h = x
    for (let i = 0; i < L; i++) {
      const l = layers[i]!
      const n = l.fanOut
      ins[i] = h
      const zi = product(z[i]!, h, i === 0 ? xAt : 0, weights[wAt[i]!]!, m, l.fanIn, n)
      zs[i] = zi
      if (l.bias) {
        const b = weights[bAt[i]!]!
        for (let r = 0; r < m; r++) for (let j = 0; j < n; j++) zi[r * n + j] = zi[r * n + j]! + b[j]!
      }
      // the weighted sums' finiteness, checked in the activation's loop
      const size = m * n
      let bad = 0
      const yi = y[i]
      if (yi === undefined) {
        bad = badIn(zi, size)
        outs[i] = zi
      } else {
        if (l.kind === 'sigmoid')
          for (let e = 0; e < size; e++) {
            const v = zi[e]!
            bad += v - v
            // `logistic`, written out: 1 / (1 + e⁻ᵛ), or eᵛ / (1 + eᵛ) below 0
            if (v >= 0) yi[e] = 1 / (1 + Elementary.exp(-v))
            else {
              const ev = Elementary.exp(v)
              yi[e] = ev / (1 + ev)
            }
          }
        else if (l.kind === 'tanh')
          for (let e = 0; e < size; e++) {
            const v = zi[e]!
            bad += v - v
            yi[e] = Elementary.tanh(v)
          }
        else if (l.kind === 'rectifier') {
          const alpha = l.alpha
          for (let e = 0; e < size; e++) {
            const v = zi[e]!
            bad += v - v
            yi[e] = v > 0 ? v : alpha * v
          }
        } else {
          bad = badIn(zi, size)
          const s = rowLogSumExp(part(zi, 0, size), { rows: m, cols: n })
          for (let r = 0; r < m; r++)
            for (let j = 0; j < n; j++) {
              const v = Elementary.exp(zi[r * n + j]! - s[r]!)
              bad += v - v
              yi[r * n + j] = v
            }
        }
        outs[i] = yi
      }
      if (bad !== 0) return false
      h = outs[i]!
    }
    return true
  }

  /** The loss of outputs `o` `[m, n]` against `t`, and its gradient into `d`. */
  const lossInto = (o: Float64Array, t: Float64Array, tAt: number, d: Float64Array, m: number, n: number): number => {
    const size = m * n
    switch (loss) {
      case 'softmaxCrossEntropy': {
        let total = 0
        for (let r = 0; r < m; r++) {
          let mx = o[r * n]!
          for (let j = 1; j < n; j++) mx = Math.max(mx, o[r * n + j]!)
          let s = 0
          for (let j = 0; j < n; j++) s += Elementary.exp(o[r * n + j]! - mx)
          lse[r] = mx + Elementary.log(s)
          mass[r] = 0
        }
        for (let r = 0; r < m; r++) {
          const q = r * n
          for (let j = 0; j < n; j++) {
            total += t[tAt + q + j]! * (lse[r]! - o[q + j]!)
            mass[r] = mass[r]! + t[tAt + q + j]!
          }
        }
        const gc = 1 * (sum ? 1 : 1 / m)
        for (let r = 0; r < m; r++)
          for (let j = 0; j < n; j++)
            d[r * n + j] = gc * (Elementary.exp(o[r * n + j]! - lse[r]!) * mass[r]! - t[tAt + r * n + j]!)
        return sum ? total : total / m
      }
      case 'sigmoidBinaryCrossEntropy': {
        let total = 0
        for (let e = 0; e < size; e++) {
          const v = o[e]!
          total += Math.max(v, 0) - v * t[tAt + e]! + Elementary.log1p(Elementary.exp(-Math.abs(v)))
        }
        const per = sum ? n : size // the op divides its total by the outputs (sum) or by every element (mean)
        const gc = 1 / per
        for (let e = 0; e < size; e++) d[e] = gc * (logistic(o[e]!) - t[tAt + e]!)
        return total / per
      }
      case 'mse': {
        let s = 0
        for (let e = 0; e < size; e++) {
          const v = o[e]! - t[tAt + e]!
          s += v * v
        }
        const per = sum ? n : size // div(outputs)(sum(squares)), or mean(squares)
        const gc = 1 / per
        for (let e = 0; e < size; e++) d[e] = gc * (2 * (o[e]! - t[tAt + e]!))
        return s / per
      }
      case 'halfSumSquares': {
        let s = 0
        for (let e = 0; e < size; e++) {
          const v = o[e]! - t[tAt + e]!
          s += v * v
        }
        const gc = (sum ? 1 : 1 / m) * 0.5
        for (let e = 0; e < size; e++) d[e] = gc * (2 * (o[e]! - t[tAt + e]!))
        return sum ? 0.5 * s : (0.5 * s) / m
      }
      case 'crossEntropy': {
        let s = 0
        for (let e = 0; e < size; e++) {
          if (!(o[e]! > 0)) return Number.NaN
          s += t[tAt + e]! * Elementary.log(o[e]!)
        }
        const gc = (sum ? 1 : 1 / m) * -1
        for (let e = 0; e < size; e++) d[e] = gc * t[tAt + e]! * (1 / o[e]!)
        return sum ? -s : -s / m
      }
    }
  }

  const backward = (weights: ReadonlyArray<Float64Array>, grads: ReadonlyArray<Float64Array>, m: number): void => {
    for (let i = L - 1; i >= 0; i--) {
      const l = layers[i]!
      const n = l.fanOut
      const size = m * n
      const gi = g[i]!
      const o = outs[i]!
      let d = gi
      if (l.kind !== 'identity') {
        d = gz[i]!
        if (l.kind === 'sigmoid') for (let e = 0; e < size; e++) d[e] = gi[e]! * o[e]! * (1 - o[e]!)
        else if (l.kind === 'tanh') for (let e = 0; e < size; e++) d[e] = gi[e]! * (1 - o[e]! * o[e]!)
        else if (l.kind === 'rectifier') {
          const zi = zs[i]!
          for (let e = 0; e < size; e++) d[e] = zi[e]! > 0 ? gi[e]! : l.alpha * gi[e]!
        } else
          for (let r = 0; r < m; r++) {
            const q = r * n
            let dot = 0
            for (let j = 0; j < n; j++) dot += gi[q + j]! * o[q + j]!
            for (let j = 0; j < n; j++) d[q + j] = o[q + j]! * (gi[q + j]! - dot)
          }
      }
      const gw = grads[wAt[i]!]!
      const gwi = productTN(gw, ins[i]!, i === 0 ? xAt : 0, d, m, l.fanIn, n)
      if (gwi !== gw) gw.set(gwi)
      if (l.bias) {
        const gb = grads[bAt[i]!]!
        for (let j = 0; j < n; j++) {
          let s = 0
          for (let r = 0; r < m; r++) s += d[r * n + j]!
          gb[j] = s
        }
      }
      if (i > 0) {
        const below = g[i - 1]!
        const gx = productNT(below, d, weights[wAt[i]!]!, m, n, l.fanIn)
        if (gx !== below) below.set(gx)
      }
    }
  }

  return {
    lossAndGrad: (weights, grads, x, at, t, tAt, m, unchecked = false) => {
      xAt = at
      if (!forward(weights, x, m)) return Number.NaN
      const value = lossInto(outs[L - 1]!, t, tAt, g[L - 1]!, m, layers[L - 1]!.fanOut)
      if (value - value !== 0) return Number.NaN
      backward(weights, grads, m)
      if (unchecked) return value
      let bad = 0
      for (let k = 0; k < grads.length; k++) bad += badIn(grads[k]!, grads[k]!.length)
      return bad === 0 ? value : Number.NaN
    }
  }
}
