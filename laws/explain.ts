/**
 * Laws of explanations (`Train.explainStep`, `Train.explainThreeTwoThree`): the numbers an
 * explanation shows are the numbers training computes.
 *
 * - Its gradient equals `AD.valueAndGrad`'s bit for bit, and so do its loss and its outputs.
 * - Its updated parameters equal one `Optim.sgd(η)` step, bit for bit.
 * - The founding text's network explained weight by weight (`explainThreeTwoThree`) is the
 *   step training takes on its mlp form: `explainStep` on `NN.threeTwoThreeMlp`, bit for bit.
 * - Each weight's gradient is the sum over samples of the products of its chain-rule factors,
 *   within {@link factorTolerance}: the factors are rounded numbers, multiplied in another
 *   grouping than the AD path's, so only rounding separates the two.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { valueAndGrad, type Traced } from '../src/ad/valueAndGrad.js'
import { unsafeDataset } from '../src/data/Dataset.js'
import type { Batch } from '../src/data/EpochPlan.js'
import type { Mlp, MlpParams } from '../src/nn/mlp.js'
import { halfSumSquares } from '../src/nn/losses.js'
import { threeTwoThreeMlp, threeTwoThreeToMlp, type ThreeTwoThree } from '../src/nn/threeTwoThree.js'
import { applyUpdates } from '../src/optim/applyUpdates.js'
import { sgd } from '../src/optim/alias.js'
import { unsafeMake, type Tensor } from '../src/tensor/Tensor.js'
import type { Tree } from '../src/tree/Tree.js'
import { key } from '../src/random/Key.js'
import { initialState } from '../src/train/bookkeeping/TrainState.js'
import { stepReport } from '../src/train/loop/step.js'
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
 * `explainStep` is the step training takes: `Train.stepReport` of the model `{ forward, loss }`
 * with `Optim.sgd(η)` (the compiled program, or the general step where the model does not
 * compile) answers the explanation's loss and updated parameters, bit for bit.
 *
 * @category laws
 * @since 0.3.0
 */
export const explainStepIsTrainStep = (
  network: Mlp,
  loss: (y: Tensor) => (yHat: Operand) => Var,
  params: MlpParams,
  batch: Batch,
  eta: number
): boolean => {
  const e = explainStep({ network, loss, learningRate: eta })(params, batch)
  const trained = pipe(
    E.Do,
    E.apS('sgd', sgd(eta)),
    E.apSW('key', key(0)),
    E.chainW(({ sgd, key }) =>
      stepReport({ forward: network.forward, loss }, sgd)(initialState(sgd)(params, key), batch)
    )
  )
  return (
    E.isRight(e) &&
    E.isRight(trained) &&
    Object.is(e.right.loss, trained.right.loss) &&
    bitsEqual(e.right.updated, trained.right.state.params)
  )
}

/** The samples as a batch `[samples, 3]` for the network's mlp form. */
const batchOf = (samples: Samples): Batch => {
  const rows = (r: ReadonlyArray<ReadonlyArray<number>>): Tensor =>
    unsafeMake([r.length, 3], Float64Array.from(r.flat()))
  return unsafeDataset(rows(samples.inputs), rows(samples.targets))
}

/** An explanation of the founding text's network with its gradient and update in the mlp form. */
const inMlpForm = (e: Explanation<ThreeTwoThree>): E.Either<unknown, Explanation<MlpParams>> =>
  pipe(
    E.Do,
    E.apS('gradient', threeTwoThreeToMlp(e.gradient)),
    E.apS('updated', threeTwoThreeToMlp(e.updated)),
    E.map(({ gradient, updated }) => ({ ...e, gradient, updated }))
  )

/**
 * `explainThreeTwoThree` gives the loss and gradient of `AD.valueAndGrad` on the network's mlp
 * form (`NN.threeTwoThreeMlp`, `NN.halfSumSquares`, the step training takes) and
 * `Optim.sgd(η)`'s updated weights, bit for bit.
 *
 * @category laws
 * @since 0.2.0
 */
export const explainThreeTwoThreeIsTheADStep = (w: ThreeTwoThree, samples: Samples, eta: number): boolean => {
  const params = threeTwoThreeToMlp(w)
  if (E.isLeft(params)) return false
  const { inputs, targets } = batchOf(samples)
  return matchesAD(
    E.chainW(inMlpForm)(explainThreeTwoThree(eta)(w, samples)),
    valueAndGrad((p: Traced<MlpParams>) => pipe(inputs, threeTwoThreeMlp.forward(p), halfSumSquares(targets)))(
      params.right
    ),
    params.right,
    eta
  )
}

/**
 * `explainThreeTwoThree` is `explainStep` on the network's mlp form, every number bit for bit:
 * the two explain the same step, so they agree to the last bit.
 *
 * @category laws
 * @since 0.3.0
 */
export const explainThreeTwoThreeIsExplainStep = (w: ThreeTwoThree, samples: Samples, eta: number): boolean => {
  const params = threeTwoThreeToMlp(w)
  if (E.isLeft(params)) return false
  const byRecord = E.chainW(inMlpForm)(explainThreeTwoThree(eta)(w, samples))
  const byMlp = explainStep({ network: threeTwoThreeMlp, learningRate: eta })(params.right, batchOf(samples))
  return (
    E.isRight(byRecord) &&
    E.isRight(byMlp) &&
    bitsEqual({ ...byRecord.right, network: '' }, { ...byMlp.right, network: '' })
  )
}

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

/** `a` within two roundings of `b`. */
const withinTwoRoundings = (a: number, b: number): boolean =>
  Math.abs(a - b) <= 2 * Number.EPSILON * Math.abs(b) + Number.MIN_VALUE

/**
 * Each unit's error term is the chain rule's: `δ = ∂L/∂a · ∂a/∂z` within two roundings (where
 * `∂a/∂z` is shown: the activation's pullback multiplies in another grouping), and each weight's
 * gradient is `Σₛ ∂z/∂w · δ` over the samples, within {@link factorTolerance}.
 *
 * @category laws
 * @since 0.3.0
 */
export const errorTermsAreTheChainRule = <P>(e: Explanation<P>): boolean => {
  const units = new Map(e.units.map((u) => [u.name, u]))
  const deltas = e.units.every((u) =>
    u.samples.every((v) => v.dadz === undefined || withinTwoRoundings(v.delta!, v.dLda! * v.dadz))
  )
  return (
    deltas &&
    e.weights.every((w) => {
      const products = w.terms.map(
        (factors, s) => factors[factors.length - 1]!.value * units.get(w.to)!.samples[s]!.delta!
      )
      const total = products.reduce((s, t) => s + t, 0)
      const size = products.reduce((s, t) => s + Math.abs(t), 0)
      return Math.abs(total - w.gradient) <= factorTolerance(products.length, size)
    })
  )
}

/**
 * Each unit's weighted sum is `z = Σᵢ wᵢ·aᵢ + b` over the weights that reach it (their values
 * before the step, the units they leave), sample by sample, within {@link factorTolerance}.
 *
 * @category laws
 * @since 0.3.0
 */
export const sumsAreTheWeightedInputs = <P>(e: Explanation<P>): boolean => {
  const units = new Map(e.units.map((u) => [u.name, u]))
  return e.units.every((u) => {
    const incoming = e.weights.filter((w) => w.to === u.name)
    return u.samples.every((v, s) => {
      if (v.z === undefined) return true
      const terms = incoming.map((w) => w.value * (w.kind === 'bias' ? 1 : units.get(w.from)!.samples[s]!.a))
      const total = terms.reduce((t, x) => t + x, 0)
      const size = terms.reduce((t, x) => t + Math.abs(x), 0)
      return Math.abs(total - v.z) <= factorTolerance(terms.length, size)
    })
  })
}
