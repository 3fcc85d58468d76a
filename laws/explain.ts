/**
 * Laws of explanations (`Train.explainStep`, `Train.explainThreeTwoThree`): the numbers an
 * explanation shows are the numbers training computes.
 *
 * - Its gradient equals `AD.valueAndGrad`'s bit for bit, and so do its loss and its outputs.
 * - Its updated parameters equal one `Optim.sgd(η)` step, bit for bit.
 * - Each weight's gradient is the sum over samples of the products of its chain-rule factors,
 *   within {@link factorTolerance}: the factors are rounded numbers, multiplied in another
 *   grouping than the AD path's, so only rounding separates the two.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { valueAndGrad, type Traced } from '../src/ad/valueAndGrad.js'
import type { Batch } from '../src/data/EpochPlan.js'
import type { Mlp, MlpParams } from '../src/nn/mlp.js'
import { threeTwoThreeBatchLoss, type ThreeTwoThree } from '../src/nn/threeTwoThree.js'
import { applyUpdates } from '../src/optim/applyUpdates.js'
import { sgd } from '../src/optim/alias.js'
import type { Tensor } from '../src/tensor/Tensor.js'
import type { Tree } from '../src/tree/Tree.js'
import { explainStep, explainThreeTwoThree, type Explanation, type Samples } from '../src/train/teaching/explain.js'
import type { Operand, Var } from '../src/ad/Var.js'
import { bitsEqual } from './purity.js'

// -------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------

/** The parameters after one `Optim.sgd(η)` step with gradient `g`. */
const sgdStep = <P extends Tree>(params: P, g: P, eta: number): E.Either<unknown, P> =>
  pipe(
    sgd(eta),
    E.chainW((t) =>
      pipe(
        t.update(g, t.init(params), params),
        E.map(([updates]) => updates)
      )
    ),
    E.chainW((updates) => applyUpdates(updates)(params))
  )

/** The explanation's gradient, loss and update are the AD path's and one SGD step's, bit for bit. */
const matchesAD = <P extends Tree>(
  e: E.Either<unknown, Explanation<P>>,
  ad: E.Either<unknown, { readonly value: number; readonly grad: P }>,
  params: P,
  eta: number
): boolean => {
  if (E.isLeft(e) || E.isLeft(ad)) return false
  const stepped = sgdStep(params, ad.right.grad, eta)
  return (
    E.isRight(stepped) &&
    Object.is(e.right.loss, ad.right.value) &&
    bitsEqual(e.right.gradient, ad.right.grad) &&
    bitsEqual(e.right.updated, stepped.right)
  )
}

// -------------------------------------------------------------------------------------
// laws
// -------------------------------------------------------------------------------------

/**
 * `explainStep` on an MLP gives `AD.valueAndGrad`'s loss and gradient and `Optim.sgd(η)`'s
 * updated parameters, bit for bit.
 *
 * @category laws
 * @since 0.2.0
 */
export const explainStepIsTheADStep = (
  network: Mlp,
  loss: (y: Tensor) => (yHat: Operand) => Var,
  params: MlpParams,
  batch: Batch,
  eta: number
): boolean =>
  matchesAD(
    explainStep({ network, loss, learningRate: eta })(params, batch),
    valueAndGrad((p: Traced<MlpParams>) => pipe(batch.inputs, network.forward(p), loss(batch.targets)))(params),
    params,
    eta
  )

/**
 * `explainThreeTwoThree` gives `AD.valueAndGrad(Advanced.NN.threeTwoThreeBatchLoss)`'s loss and gradient
 * and `Optim.sgd(η)`'s updated weights, bit for bit.
 *
 * @category laws
 * @since 0.2.0
 */
export const explainThreeTwoThreeIsTheADStep = (w: ThreeTwoThree, samples: Samples, eta: number): boolean =>
  matchesAD(
    explainThreeTwoThree(eta)(w, samples),
    valueAndGrad(threeTwoThreeBatchLoss(samples.inputs, samples.targets))(w),
    w,
    eta
  )

/**
 * How far `Σₛ Πᵢ fₛᵢ` (each product taken left to right, the sum from 0 in sample order) may
 * stand from a gradient computed from the same numbers in another grouping, for `n` samples:
 * each of the two products of a term rounds at most three times (≤ 3ε relative each, so ≤ 6ε
 * between them), and each of the two sums of `n` terms at most `n − 1` times (≤ (n − 1)ε of
 * `Σ|terms|` each): `(2n + 4)·ε·Σₛ|Πᵢ fₛᵢ|`, plus 1% for the second-order terms.
 *
 * @category laws
 * @since 0.2.0
 */
export const factorTolerance = (n: number, sumOfMagnitudes: number): number =>
  1.01 * (2 * n + 4) * Number.EPSILON * sumOfMagnitudes

/**
 * Every weight's gradient is the sum over samples of the product of its factors, within
 * {@link factorTolerance}.
 *
 * @category laws
 * @since 0.2.0
 */
export const factorsMultiplyToTheGradient = <P>(e: Explanation<P>): boolean =>
  e.weights.every((w) => {
    const products = w.terms.map((factors) => factors.reduce((p, f) => p * f.value, 1))
    const total = products.reduce((s, t) => s + t, 0)
    const size = products.reduce((s, t) => s + Math.abs(t), 0)
    return Math.abs(total - w.gradient) <= factorTolerance(products.length, size)
  })
