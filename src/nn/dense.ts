/**
 * The dense (fully connected) layer `y = act(x·W + b)`: `x` `[batch, in]`, `W` `[in, out]`,
 * the bias `b` `[out]` optional, `y` `[batch, out]` (DESIGN.md's convention).
 *
 * `denseActivation(a)` is one op, with one pullback, for an element-wise activation `a`: the
 * matrix product, the bias and the activation in a single pass, where the unfused pipeline
 * `pipe(x, AD.matmul(W), AD.addRow(b), Advanced.NN.activate(a))` records three ops and three
 * intermediate arrays. Law (laws/nn.ts): the fused op equals that pipeline bit for bit, value
 * and gradients, since it runs the same arithmetic in the same order. `dense` is the fused op
 * with the identity. A weighted sum that overflows stops the trace even where the activation
 * would have squashed it to a finite value (`tanh(∞) = 1`), as the unfused `matmul` does.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import {
  activationPullbackStatements,
  activationStatements,
  identityRule,
  type ActivationRule,
  type RuleSource
} from '../ad/activationRules.js'
import { lift, type Operand, type Var } from '../ad/index.js'
import { applyKernel, type Kernel } from '../ad/kernel.js'
import { loop, UNROLL, type BlockEmitter } from '../ad/codegen/emit.js'
import { columnSums, product } from '../ad/codegen/products.js'
import type * as kernels from '../tensor/kernels.js'
import { matmulInto, matmulNTInto, matmulTNInto, sumAxisInto } from '../tensor/kernelsInto.js'
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

/** Adds `b` to each of the `m` rows of `sums` (`n` columns), in place: a dense layer's bias. */
const addBias = (sums: Float64Array, b: Float64Array, m: number, n: number): void => {
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) sums[i * n + j] = sums[i * n + j]! + b[j]!
}

/**
 * `act(x·W + b)` as one op with its flat kernel: forward, the product, the bias and the
 * activation's loop (the weighted sums `z` kept in the kernel's own buffer); back, the
 * activation's pullback `g ⊙ act′` and then the product's two pullbacks and the bias's column
 * sums, each only for an operand whose gradient is asked. A kernel is made per application, so
 * each layer of a compiled program keeps its own `z`.
 */
const denseKernel = (op: string, rule: ActivationRule, shape: kernels.ProductShape, bias: boolean): Kernel => {
  const { m, k, n } = shape
  const z = rule === identityRule ? undefined : new Float64Array(m * n)
  let gz: Float64Array | undefined
  return {
    forward: ([x, w, b], y) => {
      const sums = z ?? y
      matmulInto(sums, x!, w!, shape)
      if (bias) addBias(sums, b!, m, n)
      if (z === undefined) return
      const overflow = firstNonFinite(z)
      if (overflow >= 0) abort(nonFinite(op, overflow, z[overflow]!))
      rule.applyInto(z, y)
    },
    pullback: (g, [x, w], y, [gx, gw, gb]) => {
      let back = g
      if (z !== undefined) rule.pullbackInto(g, z, y, (back = gz ??= new Float64Array(m * n)))
      if (gx !== undefined) matmulNTInto(gx, back, w!, { m, k: n, n: k })
      if (gw !== undefined) matmulTNInto(gw, x!, back, { m: k, k: m, n })
      if (gb !== undefined) sumAxisInto(gb, back, { outer: 1, len: m, inner: n })
    },
    ...(rule.source === undefined ? {} : { emit: denseEmitter(rule, rule.source, shape, bias, z) })
  }
}

/** The dense kernel's arithmetic as source: the same product, bias loop, check and activation, and back. */
const denseEmitter = (
  rule: ActivationRule,
  source: RuleSource,
  shape: kernels.ProductShape,
  bias: boolean,
  z: Float64Array | undefined
): BlockEmitter => {
  const { m, k, n } = shape
  return {
    kind: 'block',
    forward: (site) => {
      const [x, w, b] = site.ins
      const sums = z === undefined ? site.out : site.bind(z)
      let s = product(site, 'NN', sums, x!, w!, shape)
      // a short bias written out; a long one by the kernel's own loop, as activationStatements calls the rule's
      if (bias)
        s +=
          m * n <= UNROLL
            ? loop(m, (r) =>
                loop(n, (j) => `${sums}[${r} * ${n} + ${j}] = ${sums}[${r} * ${n} + ${j}] + ${b}[${j}];`, 'j')
              )
            : `${site.bind(addBias)}(${sums}, ${b!}, ${m}, ${n});\n`
      if (z === undefined) return s
      s += site.check(sums, m * n)
      return s + activationStatements(rule, source, site, sums, site.out, m * n)
    },
    pullback: (site) => {
      const [x, w] = site.ins
      const [gx, gw, gb] = site.grads
      let back = site.g
      let s = ''
      if (z !== undefined) {
        // the pre-activation sums' gradient: made when the program is generated, not at each traced op
        back = site.bind(new Float64Array(m * n))
        const zs = site.bind(z)
        s += activationPullbackStatements(rule, source, site, { g: site.g, x: zs, y: site.out, gx: back }, m * n)
      }
      if (gx !== undefined) s += product(site, 'NT', gx, back, w!, { m, k: n, n: k })
      if (gw !== undefined) s += product(site, 'TN', gw, x!, back, { m: k, k: m, n })
      if (gb !== undefined) s += columnSums(site, gb, back, { outer: 1, len: m, inner: n })
      return s
    }
  }
}

/** The dense op on `x`, `W` and optionally `b`, naming itself `op`: its shapes checked, then its kernel applied. */
const applyDense = (op: string, rule: ActivationRule, operands: ReadonlyArray<Operand>): Var => {
  const inputs = operands.map(lift)
  const shape = denseShape(
    op,
    inputs.map((v) => v.value)
  )
  if (E.isLeft(shape)) return abort(shape.left)
  return applyKernel(
    op,
    [shape.right.m, shape.right.n],
    denseKernel(op, rule, shape.right, inputs.length === 3),
    inputs
  )
}

// -------------------------------------------------------------------------------------
// layers
// -------------------------------------------------------------------------------------

/**
 * The fused op behind `dense` and `denseActivation`, naming itself `op` in errors.
 *
 * @internal
 */
export const fusedDense = (op: string, activation: ElementwiseActivation) => {
  // the rule is looked up once per layer kind, not once per forward pass
  const rule = activationRule(activation)
  return (layer: DenseOperands): ((x: Operand) => Var) =>
    (x) =>
      !isRecord(layer)
        ? abort(wrongType(op, 'the layer', 'a record { w, b? }')(layer))
        : layer.b === undefined
          ? applyDense(op, rule, [x, layer.w])
          : applyDense(op, rule, [x, layer.w, layer.b])
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
 * `act(x·W + b)`. Equals `pipe(x, AD.matmul(W), AD.addRow(b), Advanced.NN.activate(a))` bit for bit.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { AD, NN, Tensor } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // σ(2·1 + 1·(−1) − 1) = σ(0) = 0.5
 * pipe(
 *   E.Do,
 *   E.apS('x', Tensor.fromNested([[2, 1]])),
 *   E.apS('w', Tensor.fromNested([[1], [-1]])),
 *   E.apS('b', Tensor.fromNested([-1])),
 *   E.chainW(({ x, w, b }) => AD.evaluate((p: AD.Traced<NN.Dense>) => pipe(x, Advanced.NN.denseActivation('sigmoid')(p)))({ w, b }))
 * ) // right: a [1, 1] tensor holding 0.5
 *
 * @category layers
 * @since 0.1.0
 */
export const denseActivation =
  (activation: ElementwiseActivation) =>
  (layer: DenseOperands): ((x: Operand) => Var) =>
    fusedDense(activation === 'identity' ? 'dense' : `dense+${showActivation(activation)}`, activation)(layer)
