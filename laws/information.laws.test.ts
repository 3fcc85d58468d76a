import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { uniformDouble } from './arbitraries.js'
import { lawParameters } from './config.js'
import * as _ from './information.js'
import * as E from 'fp-ts/lib/Either.js'
import { klDivergence } from '../src/nn/information.js'

/** Normalised weights: some outcomes exactly 0 when `zeros`, the rest at least 1e-3 of the largest. */
const normalised = (ws: ReadonlyArray<number>): ReadonlyArray<number> => {
  const total = ws.reduce((s, w) => s + w, 0)
  return ws.map((w) => w / total)
}
const weight = (zeros: boolean) => (zeros ? fc.oneof(fc.constant(0), uniformDouble(1e-3, 1)) : uniformDouble(1e-3, 1))

/** A pair (p, q) over n outcomes: p may hold zeros, q is positive everywhere; sometimes q = p. */
const pair = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc
    .tuple(
      fc.array(weight(true), { minLength: n, maxLength: n }).filter((ws) => ws.some((w) => w > 0)),
      fc.array(weight(false), { minLength: n, maxLength: n }),
      fc.boolean()
    )
    .map(([pw, qw, same]) => {
      const p = normalised(pw)
      return { p, q: same && p.every((x) => x > 0) ? p : normalised(qw) }
    })
)

describe('information theory', () => {
  it('H(p, q) = H(p) + KL(p‖q), in nats and in bits, within (2n + 10)ε of the terms', () => {
    fc.assert(
      fc.property(pair, fc.constantFrom<'e' | 2>('e', 2), ({ p, q }, base) =>
        _.crossEntropyIsEntropyPlusDivergence(p, q, base)
      ),
      lawParameters
    )
  })

  it('KL(p‖q) ≥ 0, with equality exactly at q = p', () => {
    fc.assert(
      fc.property(pair, ({ p, q }) => _.divergenceIsZeroExactlyAtP(p, q)),
      lawParameters
    )
  })

  it('the cross-entropy is smallest at q = p', () => {
    fc.assert(
      fc.property(pair, ({ p, q }) => _.crossEntropyIsSmallestAtP(p, q)),
      lawParameters
    )
  })

  it('bits and nats differ by the factor ln 2', () => {
    fc.assert(
      fc.property(pair, ({ p, q }) => _.bitsTimesLn2AreNats(p, q)),
      lawParameters
    )
  })

  it('a divergence between distributions one rounding apart is positive, and of p from itself 0', () => {
    const p = [0.5, 0.5]
    const q = [0.5 + 2 ** -53, 0.5 - 2 ** -53]
    const kl = klDivergence(p)(q)
    expect(E.isRight(kl) && kl.right > 0).toBe(true)
    expect(klDivergence(p)(p)).toStrictEqual(E.right(0))
  })
})
