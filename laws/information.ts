/**
 * Laws of information theory (`NN.Information`), each with a tolerance worked out from the
 * rounding of the sums involved. For `n` outcomes a computed sum of `n` non-negative terms,
 * each a logarithm and a product (≤ 2 roundings, 3 with a division by `ln base`), is within
 * `(n + 3)·ε` of its exact value relative to itself. Distributions that sum to 1 only within
 * `nε` (as normalised floats do) move `KL`'s form `Σ q·φ(p/q)` by `|Σq − Σp| ≤ 2nε` from
 * `Σ p log(p/q)`.
 *
 * - `H(p, q) = H(p) + KL(p‖q)`, within `(2n + 10)·ε·(H(p, q) + H(p) + KL(p‖q) + 1/ln b)`.
 * - `KL(p‖q) ≥ 0`, `KL(p‖p) = 0` exactly, and `KL(p‖q) > 0` when `q ≠ p` (no rounding tolerance:
 *   the implementation makes these exact).
 * - `H(p, q) ≥ H(p)`: the cross-entropy is smallest at `q = p`, within `(n + 3)·ε·(H(p, q) + H(p))`.
 * - Bits and nats: `H₂·ln 2 = Hₑ` for `H`, cross-entropy and `KL`, within `(2n + 8)·ε·Hₑ`.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { crossEntropy, entropy, klDivergence, type Distribution } from '../src/nn/information.js'

const ε = Number.EPSILON

/** The three measures of `(p, q)` in one base, or undefined when any is a Left. */
const measures = (p: Distribution, q: Distribution, base: 'e' | 2) => {
  const all = E.sequenceArray([entropy({ base })(p), crossEntropy(p, { base })(q), klDivergence(p, { base })(q)])
  return E.isLeft(all) ? undefined : { h: all.right[0]!, cross: all.right[1]!, kl: all.right[2]! }
}

/**
 * `H(p, q) = H(p) + KL(p‖q)` within the stated tolerance.
 *
 * @category laws
 * @since 0.2.0
 */
export const crossEntropyIsEntropyPlusDivergence = (p: Distribution, q: Distribution, base: 'e' | 2): boolean => {
  const m = measures(p, q, base)
  if (m === undefined) return false
  const tolerance = (2 * p.length + 10) * ε * (m.cross + m.h + m.kl + 1 / (base === 2 ? Math.LN2 : 1))
  return Math.abs(m.cross - (m.h + m.kl)) <= tolerance
}

/**
 * `KL(p‖q) ≥ 0`; `KL(p‖p)` is 0 exactly; and `KL(p‖q) > 0` whenever `q` differs from `p`.
 *
 * @category laws
 * @since 0.2.0
 */
export const divergenceIsZeroExactlyAtP = (p: Distribution, q: Distribution): boolean => {
  const self = klDivergence(p)(p)
  const other = klDivergence(p)(q)
  if (E.isLeft(self) || E.isLeft(other)) return false
  const same = p.every((pi, i) => pi === q[i])
  return Object.is(self.right, 0) && other.right >= 0 && (other.right === 0) === same
}

/**
 * `H(p, q) ≥ H(p) = H(p, p)`: no prediction beats the truth, within the stated tolerance.
 *
 * @category laws
 * @since 0.2.0
 */
export const crossEntropyIsSmallestAtP = (p: Distribution, q: Distribution): boolean => {
  const m = measures(p, q, 'e')
  return m !== undefined && m.cross >= m.h - (p.length + 3) * ε * (m.cross + m.h)
}

/**
 * Bits times `ln 2` are nats, for the entropy, the cross-entropy and the divergence.
 *
 * @category laws
 * @since 0.2.0
 */
export const bitsTimesLn2AreNats = (p: Distribution, q: Distribution): boolean => {
  const bits = measures(p, q, 2)
  const nats = measures(p, q, 'e')
  if (bits === undefined || nats === undefined) return false
  const close = (b: number, n: number): boolean => Math.abs(b * Math.LN2 - n) <= (2 * p.length + 8) * ε * n
  return close(bits.h, nats.h) && close(bits.cross, nats.cross) && close(bits.kl, nats.kl)
}
