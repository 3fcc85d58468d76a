/**
 * The dense (fully connected) layer `y = act(x·W + b)`: `x` `[batch, in]`, `W` `[in, out]`,
 * the bias `b` `[out]` optional, `y` `[batch, out]` (DESIGN.md's convention).
 *
 * `denseActivation(a)` is one op, with one pullback, for an element-wise activation `a`: the
 * matrix product, the bias and the activation in a single pass, where the unfused pipeline
 * `pipe(x, AD.matmul(W), AD.addRow(b), NN.activate(a))` records three ops and three
 * intermediate arrays. Law (laws/nn.ts): the fused op equals that pipeline bit for bit, value
 * and gradients, since it runs the same arithmetic in the same order. `dense` is the fused op
 * with the identity. A weighted sum that overflows stops the trace even where the activation
 * would have squashed it to a finite value (`tanh(∞) = 1`), as the unfused `matmul` does.
 *
 * @since 0.1.0
 */
import { abort } from '../ad/AdError.js'
import { NO_GRADIENT, sigmoidOf } from '../ad/ops/shared.js'
import { record } from '../ad/tape.js'
import { lift, type Operand, type Var } from '../ad/Var.js'
import { kernels } from '../tensor/index.js'
import { firstNonFinite, type Tensor } from '../tensor/Tensor.js'
import { nonFinite, shapeMismatch } from '../tensor/TensorError.js'
import { negativeSlope, showActivation, type ElementwiseActivation } from './activations.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The parameters of a dense layer: `w` `[in, out]` and an optional bias `b` `[out]`.
 *
 * @category model
 * @since 0.1.0
 */
export type Dense = { readonly w: Tensor; readonly b?: Tensor }

/**
 * A dense layer's parameters as an op takes them: traced (`AD.Traced<Dense>`) or constant.
 *
 * @category model
 * @since 0.1.0
 */
export type DenseOperands = { readonly w: Operand; readonly b?: Operand }

// -------------------------------------------------------------------------------------
// kernels
// -------------------------------------------------------------------------------------

/** What the fused op does after `x·W + b`. */
type FusedActivation = 'sigmoid' | 'tanh' | 'rectifier' | 'identity'

const fusedActivationOf = (a: ElementwiseActivation): FusedActivation =>
  negativeSlope(a) !== undefined ? 'rectifier' : a === 'sigmoid' ? 'sigmoid' : a === 'tanh' ? 'tanh' : 'identity'

/** `act(z)` into a fresh array (the identity hands `z` back). */
const applyActivation = (kind: FusedActivation, alpha: number, z: Float64Array): Float64Array => {
  if (kind === 'identity') return z
  const y = new Float64Array(z.length)
  if (kind === 'sigmoid') for (let i = 0; i < z.length; i++) y[i] = sigmoidOf(z[i]!)
  else if (kind === 'tanh') for (let i = 0; i < z.length; i++) y[i] = Math.tanh(z[i]!)
  else for (let i = 0; i < z.length; i++) y[i] = z[i]! > 0 ? z[i]! : alpha * z[i]!
  return y
}

/** `g ⊙ act′(z)`, written as the activation ops of `ad/` write it. */
const activationPullback = (
  kind: FusedActivation,
  alpha: number,
  g: Float64Array,
  z: Float64Array,
  y: Float64Array
): Float64Array => {
  if (kind === 'identity') return g
  const gz = new Float64Array(g.length)
  if (kind === 'sigmoid') for (let i = 0; i < g.length; i++) gz[i] = g[i]! * y[i]! * (1 - y[i]!)
  else if (kind === 'tanh') for (let i = 0; i < g.length; i++) gz[i] = g[i]! * (1 - y[i]! * y[i]!)
  else for (let i = 0; i < g.length; i++) gz[i] = z[i]! > 0 ? g[i]! : alpha * g[i]!
  return gz
}

/** `[batch, in, out]` after checking `x`, `W` and `b`; a mismatch stops the trace naming `op`. */
const denseDims = (op: string, x: Var, w: Var, b: Var | undefined): readonly [number, number, number] => {
  const [m, k] = x.value.shape
  const [k2, n] = w.value.shape
  const fits =
    x.value.shape.length === 2 &&
    w.value.shape.length === 2 &&
    k === k2 &&
    (b === undefined || (b.value.shape.length === 1 && b.value.shape[0] === n))
  if (!fits) {
    const shapes = b === undefined ? [x.value.shape, w.value.shape] : [x.value.shape, w.value.shape, b.value.shape]
    abort(shapeMismatch(op, shapes, `needs x [batch, in], W [in, out]${b === undefined ? '' : ' and b [out]'}`))
  }
  return [m!, k!, n!]
}

// -------------------------------------------------------------------------------------
// layers
// -------------------------------------------------------------------------------------

/**
 * The fused op behind `dense` and `denseActivation`, naming itself `op` in errors.
 *
 * @internal
 */
export const fusedDense =
  (op: string, activation: ElementwiseActivation) =>
  (layer: DenseOperands) =>
  (input: Operand): Var => {
    const x = lift(input)
    const w = lift(layer.w)
    const b = layer.b === undefined ? undefined : lift(layer.b)
    const [m, k, n] = denseDims(op, x, w, b)
    const kind = fusedActivationOf(activation)
    const alpha = negativeSlope(activation) ?? 0
    const xv = x.value.data
    const wv = w.value.data
    const z = kernels.matmul(xv, wv, { m, k, n })
    if (b !== undefined) {
      const bv = b.value.data
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) z[i * n + j] = z[i * n + j]! + bv[j]!
    }
    const overflow = kind === 'identity' ? -1 : firstNonFinite(z)
    if (overflow >= 0) abort(nonFinite(op, overflow, z[overflow]!))
    const y = applyActivation(kind, alpha, z)
    const inputs = b === undefined ? [x, w] : [x, w, b]
    return record(op, [m, n], y, inputs, (g) => {
      const gz = activationPullback(kind, alpha, g, z, y)
      const gx = x.tape === undefined ? NO_GRADIENT : kernels.matmulNT(gz, wv, { m, k: n, n: k })
      const gw = w.tape === undefined ? NO_GRADIENT : kernels.matmulTN(xv, gz, { m: k, k: m, n })
      if (b === undefined) return [gx, gw]
      return [gx, gw, b.tape === undefined ? NO_GRADIENT : kernels.sumAxis(gz, { outer: 1, len: m, inner: n })]
    })
  }

/**
 * A dense layer `x·W + b`: `[batch, in] → [batch, out]`, the bias optional.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { AD, NN, Tensor } from 'gradfold'
 * pipe(
 *   E.Do,
 *   E.apS('x', Tensor.fromNested([[1, 2]])),
 *   E.apS('w', Tensor.fromNested([[3], [4]])),
 *   E.apS('b', Tensor.fromNested([0.5])),
 *   E.chainW(({ x, w, b }) => AD.evaluate((p: AD.Traced<NN.Dense>) => pipe(x, NN.dense(p)))({ w, b }))
 * ) // right: a [1, 1] tensor holding 11.5 = 1·3 + 2·4 + 0.5
 *
 * @category layers
 * @since 0.1.0
 */
export const dense = (layer: DenseOperands): ((x: Operand) => Var) => fusedDense('dense', 'identity')(layer)

/**
 * A dense layer and an element-wise activation as one op: `[batch, in] → [batch, out]`,
 * `act(x·W + b)`. Equals `pipe(x, AD.matmul(W), AD.addRow(b), NN.activate(a))` bit for bit.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { AD, NN, Tensor } from 'gradfold'
 * // σ(2·1 + 1·(−1) − 1) = σ(0) = 0.5
 * pipe(
 *   E.Do,
 *   E.apS('x', Tensor.fromNested([[2, 1]])),
 *   E.apS('w', Tensor.fromNested([[1], [-1]])),
 *   E.apS('b', Tensor.fromNested([-1])),
 *   E.chainW(({ x, w, b }) => AD.evaluate((p: AD.Traced<NN.Dense>) => pipe(x, NN.denseActivation('sigmoid')(p)))({ w, b }))
 * ) // right: a [1, 1] tensor holding 0.5
 *
 * @category layers
 * @since 0.1.0
 */
export const denseActivation =
  (activation: ElementwiseActivation) =>
  (layer: DenseOperands): ((x: Operand) => Var) =>
    fusedDense(activation === 'identity' ? 'dense' : `dense+${showActivation(activation)}`, activation)(layer)
