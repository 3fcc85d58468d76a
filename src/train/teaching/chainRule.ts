/**
 * Backpropagation written out unit by unit, for explanations: the forward pass (each unit's
 * weighted sum `z` and activation `a`), then, from the output back, each unit's `∂L/∂a`, its
 * `∂a/∂z` and its error term `δ = ∂L/∂z`, and each weight's gradient `Σₛ aᵢ·δⱼ`.
 *
 * Every sum is taken in the order the AD path takes it, so that the gradients here equal
 * `valueAndGrad`'s to the bit (law: laws/explain.ts). Two orders exist:
 *
 * - `'matrix'` — a network of fused dense layers (`NN.mlp`): each sum starts from 0 and adds its
 *   terms in index order, as the matrix-product kernels do (`Σᵢ` over inputs for `z`, `Σⱼ` over
 *   the next layer for `∂L/∂a`, `Σₛ` over samples for a weight's gradient).
 * - `'tape'` — a network written weight by weight with scalar ops (`NN.threeTwoThreeLoss`): `z`
 *   is `(w·x + w′·x′) + …` from its first term, and the reverse sweep meets a unit's consumers,
 *   and a weight's samples, last first, so `∂L/∂h1 = (δ3·w9 + δ2·w8) + δ1·w7` and a weight's
 *   gradient adds the last sample's term first.
 *
 * @internal
 * @since 0.2.0
 */
import * as E from '#fp-ts/Either.js'
import { activationRule, negativeSlope, type Activation } from '../../nn/activations.js'
import * as kernels from '../../tensor/kernels.js'
import { nonFinite, type NonFinite } from '../../tensor/TensorError.js'
import * as Elementary from '../../math/index.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The order in which sums are taken (see the module's header). */
export type SumOrder = 'matrix' | 'tape'

/** A layer as plain arrays: `w` `[inputs, outputs]` row-major, the bias optional. */
export interface PlainLayer {
  readonly inputs: number
  readonly outputs: number
  readonly w: Float64Array
  readonly b: Float64Array | undefined
  readonly activation: Activation
}

/** One layer's forward values, `[samples, outputs]` row-major. */
export interface LayerForward {
  readonly z: Float64Array
  readonly a: Float64Array
}

/** One layer's backward values, `[samples, outputs]`; `dadz` is undefined for softmax. */
export interface LayerBackward {
  readonly dLda: Float64Array
  readonly dadz: Float64Array | undefined
  readonly delta: Float64Array
  readonly gw: Float64Array
  readonly gb: Float64Array | undefined
}

// -------------------------------------------------------------------------------------
// sums
// -------------------------------------------------------------------------------------

/** `Σ term(k)` for k = 0 … n − 1 in the given order (n ≥ 1). */
const sumOf = (order: SumOrder, n: number, term: (k: number) => number): number => {
  if (order === 'matrix') {
    let s = 0
    for (let k = 0; k < n; k++) s += term(k)
    return s
  }
  return sumFrom(term(0), 1, n, term)
}

/** `((first + term(from)) + …)`, a sum that starts from its first term. */
const sumFrom = (first: number, from: number, n: number, term: (k: number) => number): number => {
  let s = first
  for (let k = from; k < n; k++) s += term(k)
  return s
}

/** `Σ term(k)` met last first, as the reverse sweep meets a value's consumers. */
const reverseSum = (order: SumOrder, n: number, term: (k: number) => number): number =>
  order === 'matrix' ? sumOf('matrix', n, term) : sumFrom(term(n - 1), 1, n, (k) => term(n - 1 - k))

// -------------------------------------------------------------------------------------
// forward
// -------------------------------------------------------------------------------------

/** `act(z)` of `[samples, cols]` weighted sums: the activation's own loop, or softmax row by row. */
const activate = (activation: Activation, z: Float64Array, rows: number, cols: number): Float64Array => {
  if (activation !== 'softmax') return activationRule(activation).apply(z)
  const lse = kernels.rowLogSumExp(z, { rows, cols })
  return z.map((v, i) => Elementary.exp(v - lse[Math.floor(i / cols)]!))
}

/** The forward pass of one layer over `samples` rows of `input`. */
export const forwardLayer = (
  order: SumOrder,
  layer: PlainLayer,
  input: Float64Array,
  samples: number
): LayerForward => {
  const { inputs: k, outputs: n, w, b } = layer
  const z = new Float64Array(samples * n)
  for (let s = 0; s < samples; s++) {
    for (let j = 0; j < n; j++) {
      const product = sumOf(order, k, (i) => input[s * k + i]! * w[i * n + j]!)
      z[s * n + j] = b === undefined ? product : product + b[j]!
    }
  }
  return { z, a: activate(layer.activation, z, samples, n) }
}

// -------------------------------------------------------------------------------------
// backward
// -------------------------------------------------------------------------------------

/** `∂a/∂z` of each unit (undefined for softmax, whose Jacobian is not diagonal). */
const derivative = (activation: Activation, z: Float64Array, a: Float64Array): Float64Array | undefined => {
  if (activation === 'softmax') return undefined
  const alpha = negativeSlope(activation)
  return z.map((v, i) =>
    alpha !== undefined
      ? v > 0
        ? 1
        : alpha
      : activation === 'sigmoid'
        ? a[i]! * (1 - a[i]!)
        : activation === 'tanh'
          ? 1 - a[i]! * a[i]!
          : 1
  )
}

/** `δ = ∂L/∂z` from `∂L/∂a`: the activation's own pullback, or softmax's `a ⊙ (g − ⟨g, a⟩)` per row. */
const errorTerms = (activation: Activation, g: Float64Array, f: LayerForward, n: number): Float64Array => {
  if (activation !== 'softmax') return activationRule(activation).pullback(g, f.z, f.a)
  const { a } = f
  const delta = new Float64Array(g.length)
  for (let o = 0; o < g.length; o += n) {
    let dot = 0
    for (let j = 0; j < n; j++) dot += g[o + j]! * a[o + j]!
    for (let j = 0; j < n; j++) delta[o + j] = a[o + j]! * (g[o + j]! - dot)
  }
  return delta
}

/**
 * The backward pass of one layer: given `∂L/∂a` of its units, their error terms, the gradients
 * of its weights and biases, and `∂L/∂a` of the layer below (`[samples, inputs]`).
 */
export const backwardLayer = (
  order: SumOrder,
  layer: PlainLayer,
  input: Float64Array,
  f: LayerForward,
  dLda: Float64Array,
  samples: number
): readonly [LayerBackward, Float64Array] => {
  const { inputs: k, outputs: n, w, b } = layer
  const delta = errorTerms(layer.activation, dLda, f, n)
  const gw = new Float64Array(k * n)
  for (let i = 0; i < k; i++)
    for (let j = 0; j < n; j++) gw[i * n + j] = reverseSum(order, samples, (s) => input[s * k + i]! * delta[s * n + j]!)
  const gb =
    b === undefined ? undefined : new Float64Array(n).map((_, j) => sumOf('matrix', samples, (s) => delta[s * n + j]!))
  const below = new Float64Array(samples * k)
  for (let s = 0; s < samples; s++)
    for (let i = 0; i < k; i++) below[s * k + i] = reverseSum(order, n, (j) => delta[s * n + j]! * w[i * n + j]!)
  return [{ dLda, dadz: derivative(layer.activation, f.z, f.a), delta, gw, gb }, below]
}

// -------------------------------------------------------------------------------------
// checks
// -------------------------------------------------------------------------------------

/** The first element of `data` that is not finite, named `where`. */
export const finiteIn = (where: string, data: Float64Array): E.Either<NonFinite, Float64Array> => {
  const i = data.findIndex((v) => !Number.isFinite(v))
  return i < 0 ? E.right(data) : E.left(nonFinite(where, i, data[i]!))
}
