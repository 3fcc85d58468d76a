/**
 * Losses by name, so that a file or a configuration can say which loss a model was trained
 * with: `'mse'`, `'halfSumSquares'`, `'crossEntropy'` (nats), `'crossEntropyBits'` (base 2,
 * the founding text's), `'softmaxCrossEntropy'` and `'sigmoidBinaryCrossEntropy'` (from logits).
 *
 * Law: `lossByName(n)` is the loss of that name with its default options (`crossEntropyBits`:
 * `crossEntropy` with `{ base: 2 }`).
 *
 * @since 0.2.0
 */
import * as t from 'io-ts'
import { describe } from '../tensor/describe.js'
import type { Operand, Var } from '../ad/Var.js'
import { abort } from '../ad/AdError.js'
import { invalidArgument, type InvalidArgument } from '../tensor/TensorError.js'
import { crossEntropy, halfSumSquares, mse, type Loss, type Reduction } from './losses.js'
import { sigmoidBinaryCrossEntropy, softmaxCrossEntropy } from './logitLosses.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The names of the losses.
 *
 * @category model
 * @since 0.2.0
 */
export type LossName =
  'mse' | 'halfSumSquares' | 'crossEntropy' | 'crossEntropyBits' | 'softmaxCrossEntropy' | 'sigmoidBinaryCrossEntropy'

/**
 * Every loss name, in the order the module lists them.
 *
 * @example
 * import { NN } from 'gradfold'
 * NN.LOSS_NAMES // => ['mse', 'halfSumSquares', 'crossEntropy', 'crossEntropyBits', 'softmaxCrossEntropy', 'sigmoidBinaryCrossEntropy']
 *
 * @category constants
 * @since 0.2.0
 */
export const LOSS_NAMES: ReadonlyArray<LossName> = Object.freeze([
  'mse',
  'halfSumSquares',
  'crossEntropy',
  'crossEntropyBits',
  'softmaxCrossEntropy',
  'sigmoidBinaryCrossEntropy'
])

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * A loss name.
 *
 * @example
 * import { NN } from 'gradfold'
 * NN.LossNameC.decode('mse') // right('mse')
 * NN.LossNameC.decode('hinge') // left: expected one of mse, halfSumSquares, …, got "hinge"
 *
 * @category codecs
 * @since 0.2.0
 */
export const LossNameC: t.Type<LossName, LossName, unknown> = new t.Type<LossName, LossName, unknown>(
  'LossName',
  (u): u is LossName => typeof u === 'string' && (LOSS_NAMES as ReadonlyArray<string>).includes(u),
  (u, c) =>
    typeof u === 'string' && (LOSS_NAMES as ReadonlyArray<string>).includes(u)
      ? t.success(u as LossName)
      : t.failure(u, c, `expected one of ${LOSS_NAMES.join(', ')}, got ${describe(u)}`),
  (n) => n
)

// -------------------------------------------------------------------------------------
// interpreters
// -------------------------------------------------------------------------------------

/**
 * The loss a name stands for, ready for `Train.Model`'s `loss`: `loss(targets)(predictions)`.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { AD, NN, Tensor } from 'gradfold'
 * const loss = NN.lossByName('crossEntropyBits') // y ↦ ŷ ↦ −Σ y · log₂ ŷ, the mean over the batch
 * pipe(
 *   E.Do,
 *   E.apS('y', Tensor.fromNested([[0, 1]])),
 *   E.apS('p', Tensor.fromNested([[0.5, 0.5]])),
 *   E.chainW(({ y, p }) => AD.value((q: AD.Traced<{ p: Tensor.Tensor }>) => loss(y)(q.p))({ p }))
 * ) // right(1): one bit
 *
 * @category interpreters
 * @since 0.2.0
 */
export const lossByName = (
  name: LossName,
  reduction: Reduction = 'mean'
): ((targets: Operand) => (predictions: Operand) => Var) => {
  const refused = checkLossName(name, reduction)
  if (refused !== undefined) return () => () => abort(refused)
  const loss: Loss = LOSSES[name]
  return name === 'crossEntropyBits' ? (y) => crossEntropy(y, { base: 2, reduction }) : (y) => loss(y, { reduction })
}

/** Why `name` and `reduction` make no loss, or `undefined` when they make one. */
const checkLossName = (name: unknown, reduction: unknown): InvalidArgument | undefined =>
  typeof name !== 'string' || !Object.hasOwn(LOSSES, name)
    ? invalidArgument('lossByName', `the loss is ${describe(name)}; expected one of ${LOSS_NAMES.join(', ')}`)
    : reduction !== 'mean' && reduction !== 'sum'
      ? invalidArgument('lossByName', `the reduction is ${describe(reduction)}; expected 'mean' or 'sum'`)
      : undefined

const LOSSES: Readonly<Record<LossName, Loss>> = {
  mse,
  halfSumSquares,
  crossEntropy,
  crossEntropyBits: crossEntropy,
  softmaxCrossEntropy,
  sigmoidBinaryCrossEntropy
}
