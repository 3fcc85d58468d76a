/**
 * Information theory as the founding text uses it: the entropy `H(p) = −Σ pᵢ log pᵢ` of a
 * distribution, the cross-entropy `H(p, q) = −Σ pᵢ log qᵢ` of a true distribution `p` and a
 * predicted one `q` (how hard it is to say `p` in `q`'s terms), and the Kullback–Leibler
 * divergence `KL(p‖q) = Σ pᵢ log(pᵢ / qᵢ)`, in any base: `'e'` (nats, the default) or 2 (bits,
 * the text's `log₂`) or any positive number other than 1. By convention `0 · log 0 = 0`.
 *
 * A distribution is a non-empty array of finite numbers ≥ 0 summing to 1 within 1e-9. Anything
 * else, two distributions of different lengths, or a `q` that gives 0 to an outcome `p` gives a
 * positive probability (an infinite cross-entropy), is a `Left`.
 *
 * Laws (laws/information.ts): `H(p, q) = H(p) + KL(p‖q)`; `KL(p‖q) ≥ 0`, and `= 0` exactly at
 * `q = p`; the cross-entropy is smallest at `q = p`, where it is `H(p)`; bits and nats differ by
 * the factor `ln 2`. `KL` is computed as `Σ qᵢ·φ(pᵢ/qᵢ)` with `φ(t) = t ln t − t + 1 ≥ 0` (equal
 * to the definition when both sum to 1), so no rounding can make it negative, and it is 0 only
 * where every ratio is exactly 1.
 *
 * @since 0.2.0
 */
import * as E from '#fp-ts/Either.js'
import type { LogBase } from '../ad/ops/xlogy.js'
import { invalidArgument, type InvalidArgument } from '../tensor/TensorError.js'
import * as Elementary from '../math/index.js'
import { describe, ownValue } from '../tensor/describe.js'
import { isRecord } from '../tensor/guards.js'
import { MAX_ELEMENTS } from '../tensor/Tensor.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A probability distribution over outcomes `0 … n − 1`.
 *
 * @category model
 * @since 0.2.0
 */
export type Distribution = ReadonlyArray<number>

/**
 * `base`: `'e'` (nats, the default), 2 (bits) or any positive number other than 1.
 *
 * @category model
 * @since 0.2.0
 */
export interface InformationOptions {
  readonly base?: LogBase
}

/**
 * How far from 1 a distribution's sum may be.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { NN } from 'gradfold'
 * NN.Information.SUM_TOLERANCE // => 1e-9
 * // 0.1 + 0.2 + 0.7 is 1 only up to rounding, well within the tolerance
 * pipe([0.1, 0.2, 0.7], NN.Information.entropy()) // right: about 0.80 nats
 * pipe([0.5, 0.6], NN.Information.entropy()) // left: …
 *
 * @category constants
 * @since 0.2.0
 */
export const SUM_TOLERANCE = 1e-9

// -------------------------------------------------------------------------------------
// checks
// -------------------------------------------------------------------------------------

const checkBase = (op: string, base: LogBase): E.Either<InvalidArgument, number> =>
  base === 'e'
    ? E.right(1)
    : typeof base === 'number' && Number.isFinite(base) && base > 0 && base !== 1
      ? E.right(base === 2 ? Math.LN2 : Elementary.log(base))
      : E.left(invalidArgument(op, `the base ${describe(base)} is not a positive number other than 1`))

/** The base the options name ('e' unless they name one), or why the options are not options. */
const baseOf = (op: string, options: unknown): E.Either<InvalidArgument, LogBase> =>
  options === undefined
    ? E.right('e')
    : isRecord(options)
      ? E.right((ownValue(options, 'base') ?? 'e') as LogBase)
      : E.left(invalidArgument(op, `the options are ${describe(options)}; expected a record { base } or nothing`))

/** Own items only: an item that is a getter is refused, never read. */
const plainItem = (p: ReadonlyArray<unknown>, i: number): unknown => ownValue(p, String(i))

const checkDistribution = (op: string, name: string, p: unknown): E.Either<InvalidArgument, Distribution> => {
  if (!Array.isArray(p))
    return E.left(invalidArgument(op, `${name} is ${describe(p)}; expected a list of probabilities`))
  if (p.length === 0) return E.left(invalidArgument(op, `${name} is empty`))
  if (p.length > MAX_ELEMENTS) return E.left(invalidArgument(op, `${name} has more than ${MAX_ELEMENTS} outcomes`))
  let bad = -1
  for (let i = 0; i < p.length && bad < 0; i++) {
    const v = plainItem(p, i)
    if (!(typeof v === 'number' && Number.isFinite(v) && v >= 0)) bad = i
  }
  if (bad >= 0)
    return E.left(
      invalidArgument(op, `${name}[${bad}] is ${describe(plainItem(p, bad))}; probabilities are finite and ≥ 0`)
    )
  const total = p.reduce((s, v) => s + v, 0)
  return Math.abs(total - 1) <= SUM_TOLERANCE
    ? E.right(p)
    : E.left(invalidArgument(op, `${name} sums to ${total}, not 1`))
}

/** Both distributions checked, of one length, `q` positive wherever `p` is, and `ln base`. */
const checkPair = (op: string, p: Distribution, q: Distribution, base: LogBase): E.Either<InvalidArgument, number> => {
  const checked = E.sequenceArray([checkDistribution(op, 'p', p), checkDistribution(op, 'q', q)])
  if (E.isLeft(checked)) return checked
  if (p.length !== q.length) return E.left(invalidArgument(op, `p has ${p.length} outcomes, q ${q.length}`))
  const missing = p.findIndex((pi, i) => pi > 0 && q[i] === 0)
  if (missing >= 0)
    return E.left(
      invalidArgument(
        op,
        `q gives outcome ${missing} probability 0 where p gives it ${p[missing]}: the result is infinite`
      )
    )
  return checkBase(op, base)
}

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

/** `log_base` of a positive number, base-2 and natural logarithms taken directly. */
const logIn = (base: LogBase, lnBase: number, x: number): number =>
  base === 'e' ? Elementary.log(x) : base === 2 ? Elementary.log2(x) : Elementary.log(x) / lnBase

/**
 * `φ(t) = t ln t − t + 1`, ≥ 0 with equality only at t = 1. Near 1 the direct formula cancels,
 * so for `u = t − 1` in (−0.01, 0.01) it is the series `Σₖ₌₂ (−u)ᵏ / (k(k − 1))`, whose terms
 * past `k = 9` are below 1e-16 of the first; `u ≠ 0` makes it positive.
 */
const phi = (t: number): number => {
  // φ(0) = 1: the limit of t ln t is 0
  if (t === 0) return 1
  const u = t - 1
  if (Math.abs(u) >= 0.01) return Math.max(0, t * Elementary.log(t) - t + 1)
  let s = 0
  for (let k = 9; k >= 2; k--) s = s * -u + 1 / (k * (k - 1))
  return s * u * u
}

// -------------------------------------------------------------------------------------
// measures
// -------------------------------------------------------------------------------------

/**
 * The cross-entropy `H(p, q) = −Σ pᵢ log qᵢ` of the true distribution `p` and the predicted
 * `q`, the sum taken in outcome order from 0 (as the `crossEntropy` loss takes it on one sample).
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { NN } from 'gradfold'
 * // the true class is 2; the prediction gives it ¼: −log₂ ¼ = 2 bits
 * pipe([0.5, 0.25, 0.25], NN.Information.crossEntropy([0, 1, 0], { base: 2 })) // right(2)
 *
 * @category measures
 * @since 0.2.0
 */
export const crossEntropy =
  (p: Distribution, options: InformationOptions = {}) =>
  (q: Distribution): E.Either<InvalidArgument, number> => {
    const base = baseOf('crossEntropy', options)
    if (E.isLeft(base)) return base
    const lnBase = checkPair('crossEntropy', p, q, base.right)
    if (E.isLeft(lnBase)) return lnBase
    let s = 0
    for (let i = 0; i < p.length; i++) if (p[i]! > 0) s += logIn(base.right, lnBase.right, q[i]!) * p[i]!
    return E.right(0 - s) // 0 − s: −s, but +0 rather than −0 for a certain outcome
  }

/**
 * The entropy `H(p) = −Σ pᵢ log pᵢ`, which is `H(p, p)`: 0 for a certain outcome, `log n` for
 * `n` equally likely ones.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { NN } from 'gradfold'
 * pipe([0.25, 0.25, 0.25, 0.25], NN.Information.entropy({ base: 2 })) // right(2)
 * pipe([1, 0, 0], NN.Information.entropy()) // right(0)
 *
 * @category measures
 * @since 0.2.0
 */
export const entropy =
  (options: InformationOptions = {}) =>
  (p: Distribution): E.Either<InvalidArgument, number> =>
    crossEntropy(p, options)(p)

/**
 * The Kullback–Leibler divergence `KL(p‖q) = Σ pᵢ log(pᵢ / qᵢ)`: how many more bits (or nats)
 * than `H(p)` it costs to say `p` in `q`'s terms. Never negative; 0 exactly when `q = p`.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { NN } from 'gradfold'
 * // saying a fair coin with a ¼ : ¾ code costs ½ log₂(½/¼) + ½ log₂(½/¾) = 0.2075… bits more
 * pipe([0.25, 0.75], NN.Information.klDivergence([0.5, 0.5], { base: 2 })) // right(0.207518749639422)
 *
 * @category measures
 * @since 0.2.0
 */
export const klDivergence =
  (p: Distribution, options: InformationOptions = {}) =>
  (q: Distribution): E.Either<InvalidArgument, number> => {
    const base = baseOf('klDivergence', options)
    if (E.isLeft(base)) return base
    const lnBase = checkPair('klDivergence', p, q, base.right)
    if (E.isLeft(lnBase)) return lnBase
    let s = 0
    for (let i = 0; i < p.length; i++) if (q[i]! > 0) s += q[i]! * phi(p[i]! / q[i]!)
    return E.right(s / lnBase.right)
  }
