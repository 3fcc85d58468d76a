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
import * as E from 'fp-ts/lib/Either.js'
import {
  customOp,
  identityRule,
  NO_GRADIENT,
  type ActivationRule,
  type CustomOp,
  type Operand,
  type Var
} from '../ad/index.js'
import { kernels } from '../tensor/index.js'
import { firstNonFinite, type Tensor } from '../tensor/Tensor.js'
import { nonFinite, shapeMismatch, type ShapeMismatch } from '../tensor/TensorError.js'
import { isRecord, wrongType } from '../tensor/tensorGuards.js'
import { abort } from '../ad/AdError.js'
import { activationRule, showActivation, type ElementwiseActivation } from './activations.js'

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
// the fused op
// -------------------------------------------------------------------------------------

/** What the pullback needs: the operands, the weighted sums `z`, the output `y`, the dimensions. */
interface Saved {
  readonly x: Float64Array
  readonly w: Float64Array
  readonly z: Float64Array
  readonly y: Float64Array
  readonly shape: kernels.ProductShape
  readonly bias: boolean
}

/** `{ m: batch, k: in, n: out }` when `x`, `W` and `b` fit together; else the mismatch, naming `op`. */
const denseShape = (op: string, [x, w, b]: ReadonlyArray<Tensor>): E.Either<ShapeMismatch, kernels.ProductShape> => {
  const [m, k] = x!.shape
  const [k2, n] = w!.shape
  const fits =
    x!.shape.length === 2 &&
    w!.shape.length === 2 &&
    k === k2 &&
    (b === undefined || (b.shape.length === 1 && b.shape[0] === n))
  if (fits) return E.right({ m: m!, k: k!, n: n! })
  const shapes = b === undefined ? [x!.shape, w!.shape] : [x!.shape, w!.shape, b.shape]
  return E.left(shapeMismatch(op, shapes, `needs x [batch, in], W [in, out]${b === undefined ? '' : ' and b [out]'}`))
}

/**
 * `act(x·W + b)` as one custom op: forward, the product, the bias and the activation's loop;
 * back, the activation's pullback `g ⊙ act′` and then the product's two pullbacks and the
 * bias's column sums, each only for an operand that is traced.
 */
const denseOp = (op: string, rule: ActivationRule): CustomOp<Saved> => ({
  name: op,
  forward: (inputs) => {
    const checked = denseShape(op, inputs)
    if (E.isLeft(checked)) return checked
    const shape = checked.right
    const { m, n } = shape
    const [x, w, b] = inputs
    const z = kernels.matmul(x!.data, w!.data, shape)
    if (b !== undefined) {
      const bv = b.data
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) z[i * n + j] = z[i * n + j]! + bv[j]!
    }
    const overflow = rule === identityRule ? -1 : firstNonFinite(z)
    if (overflow >= 0) return E.left(nonFinite(op, overflow, z[overflow]!))
    const y = rule.apply(z)
    return E.right({ shape: [m, n], data: y, saved: { x: x!.data, w: w!.data, z, y, shape, bias: b !== undefined } })
  },
  pullback: (g, { x, w, z, y, shape: { m, k, n }, bias }, traced) => {
    const gz = rule.pullback(g, z, y)
    const gx = traced[0] ? kernels.matmulNT(gz, w, { m, k: n, n: k }) : NO_GRADIENT
    const gw = traced[1] ? kernels.matmulTN(x, gz, { m: k, k: m, n }) : NO_GRADIENT
    if (!bias) return [gx, gw]
    return [gx, gw, traced[2] ? kernels.sumAxis(gz, { outer: 1, len: m, inner: n }) : NO_GRADIENT]
  }
})

// -------------------------------------------------------------------------------------
// layers
// -------------------------------------------------------------------------------------

/**
 * The fused op behind `dense` and `denseActivation`, naming itself `op` in errors.
 *
 * @internal
 */
export const fusedDense = (op: string, activation: ElementwiseActivation) => {
  // the op is made once per layer kind, not once per forward pass
  const apply = customOp(denseOp(op, activationRule(activation)))
  return (layer: DenseOperands): ((x: Operand) => Var) =>
    (x) =>
      !isRecord(layer)
        ? abort(wrongType(op, 'the layer', 'a record { w, b? }')(layer))
        : layer.b === undefined
          ? apply(x, layer.w)
          : apply(x, layer.w, layer.b)
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
