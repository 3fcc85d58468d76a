/**
 * Losses by name, so that a file or a configuration can say which loss a model was trained
 * with: `'mse'`, `'halfSumSquares'`, `'crossEntropy'` (nats), `'crossEntropyBits'` (base 2,
 * the founding text's), `'softmaxCrossEntropy'` and `'sigmoidBinaryCrossEntropy'` (from logits),
 * `'huber'` (δ = 1; `{ huber: δ }` for another threshold), `'meanAbsoluteError'` (L1),
 * `'binaryCrossEntropy'` (on probabilities) and `'sparseSoftmaxCrossEntropy'` (from logits,
 * against integer labels).
 *
 * Law: `lossByName(n)` is the loss of that name with its default options (`crossEntropyBits`:
 * `crossEntropy` with `{ base: 2 }`; `huber`: `huber(1)`).
 *
 * @since 0.2.0
 */
import * as t from 'io-ts'
import { describe } from '../tensor/describe.js'
import type { Operand, Var } from '../ad/Var.js'
import { abort } from '../ad/AdError.js'
import { invalidArgument, type InvalidArgument } from '../tensor/TensorError.js'
import { crossEntropy, halfSumSquares, mse, type Loss, type Reduction } from './losses.js'
import { sigmoidBinaryCrossEntropy, softmaxCrossEntropy, sparseSoftmaxCrossEntropy } from './logitLosses.js'
import { binaryCrossEntropy, huber, meanAbsoluteError } from './robustLosses.js'

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
  | 'mse'
  | 'halfSumSquares'
  | 'crossEntropy'
  | 'crossEntropyBits'
  | 'softmaxCrossEntropy'
  | 'sigmoidBinaryCrossEntropy'
  | 'huber'
  | 'meanAbsoluteError'
  | 'binaryCrossEntropy'
  | 'sparseSoftmaxCrossEntropy'

/**
 * A loss as a file names it: a name, or Huber's loss with its threshold, `{ huber: δ }`.
 *
 * @category model
 * @since 0.3.0
 */
export type LossSpec = LossName | { readonly huber: number }

/**
 * Every loss name, in the order the module lists them.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.NN.LOSS_NAMES.slice(0, 6) // => ['mse', 'halfSumSquares', 'crossEntropy', 'crossEntropyBits', 'softmaxCrossEntropy', 'sigmoidBinaryCrossEntropy']
 * Advanced.NN.LOSS_NAMES.slice(6) // => ['huber', 'meanAbsoluteError', 'binaryCrossEntropy', 'sparseSoftmaxCrossEntropy']
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
  'sigmoidBinaryCrossEntropy',
  'huber',
  'meanAbsoluteError',
  'binaryCrossEntropy',
  'sparseSoftmaxCrossEntropy'
])

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * A loss name.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.NN.LossNameC.decode('mse') // right('mse')
 * Advanced.NN.LossNameC.decode('hinge') // left: expected one of mse, halfSumSquares, …, got "hinge"
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

const isHuber = (u: unknown): u is { readonly huber: number } =>
  typeof u === 'object' &&
  u !== null &&
  !Array.isArray(u) &&
  Object.keys(u).length === 1 &&
  typeof (u as { huber?: unknown }).huber === 'number' &&
  Number.isFinite((u as { huber: number }).huber) &&
  (u as { huber: number }).huber > 0

/**
 * A loss spec: a loss name, or `{ huber: δ }` with δ a positive finite number.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.NN.LossSpecC.decode({ huber: 0.5 }) // right({ huber: 0.5 })
 * Advanced.NN.LossSpecC.decode({ huber: 0 }) // left: expected a loss name (mse, …
 *
 * @category codecs
 * @since 0.3.0
 */
export const LossSpecC: t.Type<LossSpec, LossSpec, unknown> = new t.Type<LossSpec, LossSpec, unknown>(
  'LossSpec',
  (u): u is LossSpec => LossNameC.is(u) || isHuber(u),
  (u, c) =>
    LossNameC.is(u)
      ? t.success(u)
      : isHuber(u)
        ? t.success({ huber: u.huber })
        : t.failure(
            u,
            c,
            `expected a loss name (${LOSS_NAMES.join(', ')}) or { huber: δ } with δ > 0, got ${describe(u)}`
          ),
  (n) => (typeof n === 'string' ? n : { huber: n.huber })
)

/**
 * The name of a loss spec (`'huber'` for `{ huber: δ }`).
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.NN.lossNameOf({ huber: 2 }) // => 'huber'
 *
 * @category model
 * @since 0.3.0
 */
export const lossNameOf = (spec: LossSpec): LossName => (typeof spec === 'string' ? spec : 'huber')

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
  name: LossSpec,
  reduction: Reduction = 'mean'
): ((targets: Operand) => (predictions: Operand) => Var) => {
  const refused = checkLossName(name, reduction)
  if (refused !== undefined) return () => () => abort(refused)
  if (typeof name !== 'string') return (y) => huber(name.huber)(y, { reduction })
  const loss: Loss = LOSSES[name]
  return name === 'crossEntropyBits' ? (y) => crossEntropy(y, { base: 2, reduction }) : (y) => loss(y, { reduction })
}

/** Why `name` and `reduction` make no loss, or `undefined` when they make one. */
const checkLossName = (name: unknown, reduction: unknown): InvalidArgument | undefined =>
  !(isHuber(name) || (typeof name === 'string' && Object.hasOwn(LOSSES, name)))
    ? invalidArgument(
        'lossByName',
        `the loss is ${describe(name)}; expected one of ${LOSS_NAMES.join(', ')}, or { huber: δ }`
      )
    : reduction !== 'mean' && reduction !== 'sum'
      ? invalidArgument('lossByName', `the reduction is ${describe(reduction)}; expected 'mean' or 'sum'`)
      : undefined

const LOSSES: Readonly<Record<LossName, Loss>> = {
  mse,
  halfSumSquares,
  crossEntropy,
  crossEntropyBits: crossEntropy,
  softmaxCrossEntropy,
  sigmoidBinaryCrossEntropy,
  huber: huber(1),
  meanAbsoluteError,
  binaryCrossEntropy,
  sparseSoftmaxCrossEntropy
}
