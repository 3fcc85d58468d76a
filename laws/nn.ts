/**
 * Laws of `nn/`: gradients of whole networks and losses, and the equations between the ways of
 * writing one network.
 *
 * - Gradients of generated networks agree with central differences and the first-order
 *   approximation (the predicates of laws/ad.ts, applied to {@link networkLoss}).
 * - Linearity: the gradient of a sum of two losses is the sum of their gradients; the gradient
 *   of a batch-mean loss is the mean of the per-sample gradients.
 * - The founding text's 3-2-3 network: the twelve gradients written out by hand with the chain
 *   rule equal AD; the weight-by-weight record and the `mlp` give the same gradients.
 * - Fused ops equal what they fuse: `denseActivation` and the MLP's forward pass equal the
 *   `matmul`, `addRow`, activation pipeline bit for bit; `softmaxCrossEntropy` equals
 *   `crossEntropy(softmax)` and `sigmoidBinaryCrossEntropy` equals its definition by logs of
 *   sigmoids, within stated tolerances; `huber` equals its `where` of `abs`, `square`, `scale`
 *   and `addScalar` bit for bit.
 *
 * Users can run these predicates on their own networks and losses.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { add, addScalar, div, log, mul, neg, scale, square, sub } from '../src/ad/ops/arithmetic.js'
import { abs, where } from '../src/ad/ops/piecewise.js'
import { addRow, matmul } from '../src/ad/ops/linear.js'
import { mean, sum } from '../src/ad/ops/reduce.js'
import { sigmoid } from '../src/ad/ops/activations.js'
import { softmax } from '../src/ad/ops/softmax.js'
import { evaluate, grad, valueAndGrad, type Traced, type ValueAndGrad } from '../src/ad/valueAndGrad.js'
import type { Params } from '../src/tree/index.js'
import { lift, type Operand, type Var } from '../src/ad/Var.js'
import { activate, negativeSlope, type Activation, type ElementwiseActivation } from '../src/nn/activations.js'
import { denseActivation, type Dense } from '../src/nn/dense.js'
import { crossEntropy, halfSumSquares, mse, type Loss, type LossOptions, type Reduction } from '../src/nn/losses.js'
import { sigmoidBinaryCrossEntropy, softmaxCrossEntropy } from '../src/nn/logitLosses.js'
import { mlp, type MlpParams } from '../src/nn/mlp.js'
import { huber } from '../src/nn/robustLosses.js'
import {
  threeTwoThreeLoss,
  threeTwoThreeMlp,
  threeTwoThreeToMlp,
  type ThreeTwoThree,
  type Triple
} from '../src/nn/threeTwoThree.js'
import { unsafeMake, type Tensor } from '../src/tensor/Tensor.js'
import { leafList, type Leaf } from '../src/tree/Tree.js'
import type { NetworkCase, NetworkLoss } from './arbitraries.js'
import { bitsEqual } from './purity.js'

// -------------------------------------------------------------------------------------
// networks as functions
// -------------------------------------------------------------------------------------

/**
 * The loss a generated case names.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Tensor } from 'gradfold'
 * import { NNLaws } from 'gradfold/laws'
 * // a prediction of ½ for the true class costs −log₂ ½ = 1 bit
 * pipe(
 *   E.Do,
 *   E.apS('y', Tensor.fromNested([[1, 0]])),
 *   E.apS('p', Tensor.fromNested([[0.5, 0.5]])),
 *   E.chainW(({ y, p }) => AD.value((q: AD.Traced<{ p: Tensor.Tensor }>) => NNLaws.lossNamed('crossEntropyBits')(y)(q.p))({ p }))
 * ) // right(1)
 *
 * @category networks
 * @since 0.1.0
 */
export const lossNamed = (name: NetworkLoss): Loss => {
  switch (name) {
    case 'mse':
      return mse
    case 'halfSumSquares':
      return halfSumSquares
    case 'crossEntropy':
      return crossEntropy
    case 'crossEntropyBits':
      return (y, options) => crossEntropy(y, { ...options, base: 2 })
    case 'softmaxCrossEntropy':
      return softmaxCrossEntropy
    case 'sigmoidBinaryCrossEntropy':
      return sigmoidBinaryCrossEntropy
  }
}

/**
 * The MLP's forward pass written as the unfused pipeline `matmul`, `addRow`, activation, layer
 * by layer: what `mlp(...).forward` must equal.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, NN, Tensor } from 'gradfold'
 * import { NNLaws } from 'gradfold/laws'
 * // one identity layer without a bias: x·W = 3·2
 * pipe(
 *   E.Do,
 *   E.apS('x', Tensor.fromNested([[3]])),
 *   E.apS('w', Tensor.fromNested([[2]])),
 *   E.chainW(({ x, w }) => AD.evaluate((p: AD.Traced<{ layers: NN.MlpParams }>) => NNLaws.unfusedForward(['identity'])(p.layers)(x))({ layers: [{ w }] }))
 * ) // right([[6]])
 *
 * @category networks
 * @since 0.1.0
 */
export const unfusedForward =
  (activations: ReadonlyArray<Activation>) =>
  (params: Traced<MlpParams>) =>
  (x: Operand): Var =>
    activations.reduce((h: Var, a, i) => {
      const layer = params[i]!
      const z = pipe(h, matmul(layer.w))
      return activate(a)(layer.b === undefined ? z : addRow(layer.b)(z))
    }, lift(x))

/**
 * The case's loss as a function of its parameters: the `mlp` of its sizes and activations, on
 * its inputs `x` (or `x` and `y` given), ending in its loss with its reduction. (A case whose
 * configuration `mlp` refuses runs the unfused pipeline instead, layer for layer.)
 *
 * @example
 * import fc from 'fast-check'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { AD } from 'gradfold'
 * import { Arbitraries, NNLaws } from 'gradfold/laws'
 * // the loss of a generated network on its batch, as a function of its parameters
 * fc.sample(Arbitraries.networkCase(), { seed: 1, numRuns: 10 }).every((c) => E.isRight(AD.value(NNLaws.networkLoss(c))(c.params))) // => true
 *
 * @category networks
 * @since 0.1.0
 */
export const networkLoss =
  (c: NetworkCase, data: { readonly x: Tensor; readonly y: Tensor } = c) =>
  (p: Traced<MlpParams>): Var => {
    const spec = mlp({ sizes: c.sizes, activations: c.activations, bias: c.bias })
    const forward = E.isRight(spec) ? spec.right.forward : unfusedForward(c.activations)
    return pipe(data.x, forward(p), lossNamed(c.loss)(data.y, { reduction: c.reduction }))
  }

/**
 * Every pre-activation of a rectifier layer is at least `margin` away from 0, where the
 * rectifier has no derivative: finite differences across the kink say nothing about AD.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries, NNLaws } from 'gradfold/laws'
 * // cases whose rectifiers are all at least 0.001 from 0 (central differences hold there)
 * fc.sample(Arbitraries.networkCase(), { seed: 1, numRuns: 20 }).some((c) => NNLaws.clearOfKinks(c, 1e-3)) // => true
 *
 * @category networks
 * @since 0.1.0
 */
export const clearOfKinks = (c: NetworkCase, margin: number): boolean => {
  let clear = true
  const run = evaluate((p: Traced<MlpParams>) =>
    c.activations.reduce((h: Var, a, i) => {
      const layer = p[i]!
      const z0 = matmul(layer.w)(h)
      const z = layer.b === undefined ? z0 : addRow(layer.b)(z0)
      if (negativeSlope(a) !== undefined) clear = clear && z.value.data.every((v) => Math.abs(v) >= margin)
      return activate(a)(z)
    }, lift(c.x))
  )(c.params)
  return E.isRight(run) && clear
}

// -------------------------------------------------------------------------------------
// comparing gradients
// -------------------------------------------------------------------------------------

const scalarsOf = (tree: Params): ReadonlyArray<number> =>
  leafList(tree).flatMap((l: Leaf) => (typeof l === 'number' ? [l] : Array.from(l.data)))

/**
 * Two gradients of one structure agree norm-wise: `max |a − b| ≤ tolerance · max(‖a‖∞, ‖b‖∞,
 * floor)`. Rounding in a backward pass is bounded by ε times the magnitudes it adds up, so the
 * comparison is against the largest gradient, with `floor` for gradients that all vanish.
 *
 * @example
 * import { NNLaws } from 'gradfold/laws'
 * NNLaws.gradientsClose({ w: 1 }, { w: 1 + 1e-13 }, 1e-12) // => true
 * NNLaws.gradientsClose({ w: 1 }, { w: 1 + 1e-10 }, 1e-12) // => false
 *
 * @category gradients
 * @since 0.1.0
 */
export const gradientsClose = (a: Params, b: Params, tolerance: number, floor = 1e-3): boolean => {
  const xs = scalarsOf(a)
  const ys = scalarsOf(b)
  if (xs.length !== ys.length) return false
  let diff = 0
  let size = floor
  for (let i = 0; i < xs.length; i++) {
    diff = Math.max(diff, Math.abs(xs[i]! - ys[i]!))
    size = Math.max(size, Math.abs(xs[i]!), Math.abs(ys[i]!))
  }
  return diff <= tolerance * size
}

/**
 * Linearity, for sums: the gradient of `f + g` is the gradient of `f` plus the gradient of `g`
 * (norm-wise within `tolerance`, see {@link gradientsClose}).
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD } from 'gradfold'
 * import { NNLaws } from 'gradfold/laws'
 * // ∇(x² + 3x) = 2x + 3 at x = 2
 * NNLaws.gradientOfSumIsSumOfGradients((p: AD.Traced<{ x: number }>) => AD.square(p.x), (p) => pipe(p.x, AD.mul(3)), { x: 2 }, 1e-12) // => true
 *
 * @category gradients
 * @since 0.1.0
 */
export const gradientOfSumIsSumOfGradients = <P extends Params>(
  f: (p: Traced<P>) => Var,
  g: (p: Traced<P>) => Var,
  params: P,
  tolerance: number
): boolean => {
  const both = grad<P>((p) => add(g(p))(f(p)))(params)
  const gf = grad<P>(f)(params)
  const gg = grad<P>(g)(params)
  if (E.isLeft(both) || E.isLeft(gf) || E.isLeft(gg)) return false
  const sumOf = scalarsOf(gf.right).map((v, i) => v + scalarsOf(gg.right)[i]!)
  return gradientsClose(both.right, [unsafeMake([sumOf.length], Float64Array.from(sumOf))], tolerance)
}

/** Row `r` of a `[rows, cols]` tensor, as `[1, cols]`. */
const row = (t: Tensor, r: number): Tensor => {
  const cols = t.shape[1]!
  return unsafeMake([1, cols], t.data.slice(r * cols, (r + 1) * cols))
}

/**
 * Linearity, for batches: with `reduction: 'mean'`, the gradient of the case's loss over its
 * batch is the mean of the gradients of the same loss on each sample alone (with `'sum'`, their
 * sum), norm-wise within `tolerance`.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries, NNLaws } from 'gradfold/laws'
 * // a batch's gradient is the mean of its samples' gradients, up to rounding
 * fc.sample(Arbitraries.networkCase({ maxWidth: 3, maxDepth: 2 }), { seed: 1, numRuns: 10 }).every((c) => NNLaws.batchGradientIsMeanOfSampleGradients(c, 1e-9)) // => true
 *
 * @category gradients
 * @since 0.1.0
 */
export const batchGradientIsMeanOfSampleGradients = (c: NetworkCase, tolerance: number): boolean => {
  const rows = c.x.shape[0]!
  const whole = grad(networkLoss(c))(c.params)
  if (E.isLeft(whole)) return false
  const total = new Float64Array(scalarsOf(whole.right).length)
  for (let r = 0; r < rows; r++) {
    const one = grad(networkLoss(c, { x: row(c.x, r), y: row(c.y, r) }))(c.params)
    if (E.isLeft(one)) return false
    scalarsOf(one.right).forEach((v, i) => (total[i] = total[i]! + v))
  }
  const combined = c.reduction === 'mean' ? total.map((v) => v / rows) : total
  return gradientsClose(whole.right, [unsafeMake([combined.length], combined)], tolerance)
}

// -------------------------------------------------------------------------------------
// the founding text's 3-2-3 network
// -------------------------------------------------------------------------------------

/**
 * The twelve gradients of `½ Σ (ŷᵢ − yᵢ)²` written out by hand with the chain rule, and beside
 * each the same expression with every term replaced by its absolute value (the scale that
 * rounding errors are relative to, where a sum may cancel).
 *
 * Output deltas `δₖ = (ŷₖ − yₖ)·ŷₖ(1 − ŷₖ)`; then `∂L/∂w7 = δ1·h1`, `∂L/∂w8 = δ2·h1`,
 * `∂L/∂w9 = δ3·h1`, `∂L/∂w10 = δ1·h2`, `∂L/∂w11 = δ2·h2`, `∂L/∂w12 = δ3·h2`. Hidden deltas
 * `ε1 = (δ1·w7 + δ2·w8 + δ3·w9)·h1(1 − h1)`, `ε2 = (δ1·w10 + δ2·w11 + δ3·w12)·h2(1 − h2)`;
 * then `∂L/∂w1 = ε1·x1`, `∂L/∂w2 = ε2·x1`, `∂L/∂w3 = ε1·x2`, `∂L/∂w4 = ε2·x2`,
 * `∂L/∂w5 = ε1·x3`, `∂L/∂w6 = ε2·x3`.
 *
 * @example
 * import { NNLaws } from 'gradfold/laws'
 * const w = { w1: 0, w2: 0, w3: 0, w4: 0, w5: 0, w6: 0, w7: 0, w8: 0, w9: 0, w10: 0, w11: 0, w12: 0 }
 * // with every weight 0 each output is ½; for the target (1, 0, 0) the output errors are ∓½, times σ′ = ¼,
 * // times the hidden activation ½: w7…w12 get ∓0.0625; no error reaches the hidden layer through zero weights
 * NNLaws.threeTwoThreeByHand(w, [1, 0, 0], [1, 0, 0]).grad // => { w1: 0, w2: 0, w3: 0, w4: 0, w5: 0, w6: 0, w7: -0.0625, w8: 0.0625, w9: 0.0625, w10: -0.0625, w11: 0.0625, w12: 0.0625 }
 *
 * @category the 3-2-3 network
 * @since 0.1.0
 */
export const threeTwoThreeByHand = (
  w: ThreeTwoThree,
  [x1, x2, x3]: Triple,
  [y1, y2, y3]: Triple
): { readonly grad: ThreeTwoThree; readonly scale: ThreeTwoThree } => {
  const s = (v: number): number => 1 / (1 + Math.exp(-v))
  const h1 = s(w.w1 * x1 + w.w3 * x2 + w.w5 * x3)
  const h2 = s(w.w2 * x1 + w.w4 * x2 + w.w6 * x3)
  const o1 = s(w.w7 * h1 + w.w10 * h2)
  const o2 = s(w.w8 * h1 + w.w11 * h2)
  const o3 = s(w.w9 * h1 + w.w12 * h2)
  const d1 = (o1 - y1) * o1 * (1 - o1)
  const d2 = (o2 - y2) * o2 * (1 - o2)
  const d3 = (o3 - y3) * o3 * (1 - o3)
  const e1 = (d1 * w.w7 + d2 * w.w8 + d3 * w.w9) * h1 * (1 - h1)
  const e2 = (d1 * w.w10 + d2 * w.w11 + d3 * w.w12) * h2 * (1 - h2)
  const e1Scale = (Math.abs(d1 * w.w7) + Math.abs(d2 * w.w8) + Math.abs(d3 * w.w9)) * h1 * (1 - h1)
  const e2Scale = (Math.abs(d1 * w.w10) + Math.abs(d2 * w.w11) + Math.abs(d3 * w.w12)) * h2 * (1 - h2)
  const [a1, a2, a3] = [Math.abs(x1), Math.abs(x2), Math.abs(x3)]
  return {
    grad: {
      w1: e1 * x1,
      w2: e2 * x1,
      w3: e1 * x2,
      w4: e2 * x2,
      w5: e1 * x3,
      w6: e2 * x3,
      w7: d1 * h1,
      w8: d2 * h1,
      w9: d3 * h1,
      w10: d1 * h2,
      w11: d2 * h2,
      w12: d3 * h2
    },
    scale: {
      w1: e1Scale * a1,
      w2: e2Scale * a1,
      w3: e1Scale * a2,
      w4: e2Scale * a2,
      w5: e1Scale * a3,
      w6: e2Scale * a3,
      w7: Math.abs(d1 * h1),
      w8: Math.abs(d2 * h1),
      w9: Math.abs(d3 * h1),
      w10: Math.abs(d1 * h2),
      w11: Math.abs(d2 * h2),
      w12: Math.abs(d3 * h2)
    }
  }
}

const KEYS = ['w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7', 'w8', 'w9', 'w10', 'w11', 'w12'] as const

/** Every weight's gradient within `tolerance` of the hand-written one, relative to its scale. */
const closeToHand = (g: ThreeTwoThree, hand: ReturnType<typeof threeTwoThreeByHand>, tolerance: number): boolean =>
  KEYS.every((k) => Math.abs(g[k] - hand.grad[k]) <= tolerance * Math.max(hand.scale[k], Number.MIN_VALUE))

/**
 * The hand-written chain rule equals AD on the weight-by-weight record, every weight within
 * `tolerance` relative to its scale (see {@link threeTwoThreeByHand}).
 *
 * @example
 * import { NNLaws } from 'gradfold/laws'
 * const w = { w1: 0.1, w2: 0.2, w3: 0.3, w4: 0.4, w5: 0.5, w6: 0.6, w7: 0.7, w8: 0.8, w9: 0.9, w10: 0.1, w11: 0.2, w12: 0.3 }
 * NNLaws.handGradientsEqualAD(w, [1, 0.5, -1], [1, 0, 0], 1e-12) // => true
 *
 * @category the 3-2-3 network
 * @since 0.1.0
 */
export const handGradientsEqualAD = (w: ThreeTwoThree, x: Triple, y: Triple, tolerance: number): boolean => {
  const ad = grad(threeTwoThreeLoss(x, y))(w)
  return E.isRight(ad) && closeToHand(ad.right, threeTwoThreeByHand(w, x, y), tolerance)
}

/**
 * The record form and the `mlp` form of the network give the same loss bit for bit and the
 * same gradients within `tolerance` relative to each weight's scale (the two sum a hidden
 * unit's incoming gradients in different orders).
 *
 * @example
 * import { NNLaws } from 'gradfold/laws'
 * const w = { w1: 0.1, w2: 0.2, w3: 0.3, w4: 0.4, w5: 0.5, w6: 0.6, w7: 0.7, w8: 0.8, w9: 0.9, w10: 0.1, w11: 0.2, w12: 0.3 }
 * NNLaws.recordAndMlpFormsAgree(w, [1, 0.5, -1], [1, 0, 0], 1e-12) // => true
 *
 * @category the 3-2-3 network
 * @since 0.1.0
 */
export const recordAndMlpFormsAgree = (w: ThreeTwoThree, x: Triple, y: Triple, tolerance: number): boolean => {
  const byRecord = valueAndGrad(threeTwoThreeLoss(x, y))(w)
  const xs = unsafeMake([1, 3], Float64Array.from(x))
  const ys = unsafeMake([1, 3], Float64Array.from(y))
  const params = threeTwoThreeToMlp(w)
  if (E.isLeft(params)) return false
  const byMlp = valueAndGrad((p: Traced<MlpParams>) => pipe(xs, threeTwoThreeMlp.forward(p), halfSumSquares(ys)))(
    params.right
  )
  if (E.isLeft(byRecord) || E.isLeft(byMlp)) return false
  const [hidden, out] = byMlp.right.grad
  const flat = [...hidden!.w.data, ...out!.w.data]
  const asRecord = Object.fromEntries(KEYS.map((k, i) => [k, flat[i]!])) as ThreeTwoThree
  const hand = threeTwoThreeByHand(w, x, y)
  return (
    Object.is(byRecord.right.value, byMlp.right.value) &&
    closeToHand(byRecord.right.grad, { ...hand, grad: asRecord }, tolerance)
  )
}

// -------------------------------------------------------------------------------------
// fused ops
// -------------------------------------------------------------------------------------

/** Value and gradient, bit for bit. */
const sameBits = <P>(a: E.Either<unknown, ValueAndGrad<P>>, b: E.Either<unknown, ValueAndGrad<P>>): boolean =>
  E.isRight(a) && E.isRight(b) && bitsEqual(a.right, b.right)

/**
 * `denseActivation(a)(layer)(x)` equals `pipe(x, matmul(W), addRow(b), activate(a))`: the
 * value (through a weighted sum `Σ c ⊙ y`, so that every output element carries its own
 * gradient) and the gradients of `x`, `W` and `b`, bit for bit.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * import { NNLaws } from 'gradfold/laws'
 * pipe(
 *   E.Do,
 *   E.apS('w', Tensor.fromNested([[0.5, -1], [2, 0.25]])),
 *   E.apS('b', Tensor.fromNested([0.1, -0.2])),
 *   E.apS('x', Tensor.fromNested([[1, 2]])),
 *   E.apS('c', Tensor.fromNested([[1, -1]])),
 *   E.map(({ w, b, x, c }) => NNLaws.denseActivationEqualsUnfused('tanh', { w, b }, x, c))
 * ) // right(true)
 *
 * @category fused ops
 * @since 0.1.0
 */
export const denseActivationEqualsUnfused = (a: ElementwiseActivation, layer: Dense, x: Tensor, c: Tensor): boolean => {
  type P = { readonly layer: Dense; readonly x: Tensor }
  const fused = (p: Traced<P>) => pipe(p.x, denseActivation(a)(p.layer), mul(c), sum)
  const unfused = (p: Traced<P>) => pipe(unfusedForward([a])([p.layer])(p.x), mul(c), sum)
  return sameBits(valueAndGrad(fused)({ layer, x }), valueAndGrad(unfused)({ layer, x }))
}

/**
 * The MLP's forward pass (fused layers) equals the unfused pipeline, value and gradients bit
 * for bit, for the case's loss.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries, NNLaws } from 'gradfold/laws'
 * fc.sample(Arbitraries.networkCase({ maxWidth: 3, maxDepth: 2 }), { seed: 1, numRuns: 10 }).every((c) => NNLaws.mlpEqualsUnfused(c)) // => true
 *
 * @category fused ops
 * @since 0.1.0
 */
export const mlpEqualsUnfused = (c: NetworkCase): boolean => {
  const unfused = (p: Traced<MlpParams>) =>
    pipe(c.x, unfusedForward(c.activations)(p), lossNamed(c.loss)(c.y, { reduction: c.reduction }))
  return sameBits(valueAndGrad(networkLoss(c))(c.params), valueAndGrad(unfused)(c.params))
}

/** Value and gradient within `tolerance`, relative to `max(|·|, 1)` for the value, norm-wise for the gradient. */
const closeValueAndGrad = <P extends Params>(
  a: E.Either<unknown, ValueAndGrad<P>>,
  b: E.Either<unknown, ValueAndGrad<P>>,
  tolerance: number
): boolean =>
  E.isRight(a) &&
  E.isRight(b) &&
  Math.abs(a.right.value - b.right.value) <= tolerance * Math.max(1, Math.abs(a.right.value)) &&
  gradientsClose(a.right.grad, b.right.grad, tolerance, 1)

type Logits = { readonly z: Tensor }

/**
 * `softmaxCrossEntropy(y)(z)` equals `crossEntropy(y)(softmax(z))`, value and gradient within
 * `tolerance` (see the runner for the bound).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * import { NNLaws } from 'gradfold/laws'
 * pipe(
 *   E.Do,
 *   E.apS('z', Tensor.fromNested([[1, 2, 3]])),
 *   E.apS('y', Tensor.fromNested([[0, 0, 1]])),
 *   E.map(({ z, y }) => NNLaws.softmaxCrossEntropyEqualsUnfused(z, y, 'mean', 1e-12))
 * ) // right(true)
 *
 * @category fused ops
 * @since 0.1.0
 */
export const softmaxCrossEntropyEqualsUnfused = (
  z: Tensor,
  y: Tensor,
  reduction: Reduction,
  tolerance: number
): boolean => {
  const options: LossOptions = { reduction }
  const fused = (p: Traced<Logits>) => softmaxCrossEntropy(y, options)(p.z)
  const unfused = (p: Traced<Logits>) => crossEntropy(y, options)(softmax(p.z))
  return closeValueAndGrad(valueAndGrad(fused)({ z }), valueAndGrad(unfused)({ z }), tolerance)
}

/**
 * `sigmoidBinaryCrossEntropy(y)(z)` equals its definition `−[y·ln σ(z) + (1 − y)·ln(1 − σ(z))]`,
 * per sample the mean over outputs, then reduced over the batch; value and gradient within
 * `tolerance`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * import { NNLaws } from 'gradfold/laws'
 * pipe(
 *   E.Do,
 *   E.apS('z', Tensor.fromNested([[0.5, -1]])),
 *   E.apS('y', Tensor.fromNested([[1, 0]])),
 *   E.map(({ z, y }) => NNLaws.sigmoidBinaryCrossEntropyEqualsUnfused(z, y, 'mean', 1e-12))
 * ) // right(true)
 *
 * @category fused ops
 * @since 0.1.0
 */
export const sigmoidBinaryCrossEntropyEqualsUnfused = (
  z: Tensor,
  y: Tensor,
  reduction: Reduction,
  tolerance: number
): boolean => {
  const cols = z.shape[z.shape.length - 1]!
  const fused = (p: Traced<Logits>) => sigmoidBinaryCrossEntropy(y, { reduction })(p.z)
  const unfused = (p: Traced<Logits>) => {
    const s = sigmoid(p.z)
    const terms = add(mul(sub(y)(1))(log(sub(s)(1))))(mul(y)(log(s)))
    return reduction === 'mean' ? neg(mean(terms)) : scale(-1 / cols)(sum(terms))
  }
  return closeValueAndGrad(valueAndGrad(fused)({ z }), valueAndGrad(unfused)({ z }), tolerance)
}

/**
 * `huber(δ)(y)(ŷ)`, one op, equals Huber's loss written with the ops it stands for,
 * `where(|d| ≤ δ)(½ d², δ (|d| − ½ δ))` with `d = ŷ − y` (`abs`, `square`, `scale`, `addScalar`,
 * `where` on a condition read from the values), the loss times `weight` (a negative weight sends
 * negative gradients back): wherever the ops give a value, the same value and gradient, bit for
 * bit (±0 told apart). Where the ops fail because the branch not taken overflows (`d²` beyond
 * the largest double), `huber` may answer the branch taken.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * import { NNLaws } from 'gradfold/laws'
 * // d = [−2, −0, 1]: beyond δ, at 0, and on the threshold itself
 * pipe(
 *   E.Do,
 *   E.apS('p', Tensor.fromNested([[-1, 0, 2]])),
 *   E.apS('y', Tensor.fromNested([[1, 0, 1]])),
 *   E.map(({ p, y }) => NNLaws.huberEqualsUnfused(p, y, 1, 'sum', -0.5))
 * ) // right(true)
 *
 * @category fused ops
 * @since 0.3.0
 */
export const huberEqualsUnfused = (
  p: Tensor,
  y: Tensor,
  delta: number,
  reduction: Reduction,
  weight: number
): boolean => {
  const outputs = p.shape.length === 0 ? 1 : p.shape[p.shape.length - 1]!
  const fused = (q: Traced<{ p: Tensor }>) => scale(weight)(huber(delta)(y, { reduction })(q.p))
  const unfused = (q: Traced<{ p: Tensor }>) => {
    const d = sub(y)(q.p)
    const a = abs(d)
    const inside = unsafeMake(
      a.value.shape,
      a.value.data.map((v) => (v <= delta ? 1 : 0))
    )
    const elements = where(inside)(scale(0.5)(square(d)), scale(delta)(addScalar(-0.5 * delta)(a)))
    return scale(weight)(reduction === 'sum' ? div(outputs)(sum(elements)) : mean(elements))
  }
  const ops = valueAndGrad(unfused)({ p })
  return E.isLeft(ops) || sameBits(valueAndGrad(fused)({ p }), ops)
}

// -------------------------------------------------------------------------------------
// determinism
// -------------------------------------------------------------------------------------

/**
 * Two calls of `valueAndGrad` on the case give the same value and gradients, bit for bit.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries, NNLaws } from 'gradfold/laws'
 * fc.sample(Arbitraries.networkCase({ maxWidth: 3, maxDepth: 2 }), { seed: 1, numRuns: 10 }).every((c) => NNLaws.networkGradientIsDeterministic(c)) // => true
 *
 * @category determinism
 * @since 0.1.0
 */
export const networkGradientIsDeterministic = (c: NetworkCase): boolean =>
  sameBits(valueAndGrad(networkLoss(c))(c.params), valueAndGrad(networkLoss(c))(c.params))
