import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { describe, expect, it } from 'vitest'
import { bitsEqual } from '../../laws/purity.js'
import type { AnyTransformation } from '../../src/optim/chain.js'
import { decodeOptimizer, OptimizerSpecC, encodeOptimizer } from '../../src/optim/OptimizerSpec.js'
import * as _ from '../../src/optim/adamax.js'
import { getLeft, getRight } from '../either.js'
import { twoSteps } from './fixtures.js'

describe('adamax', () => {
  it('takes the two steps worked by hand: p = 1 → 0.53125 → 0.78125 (lr 0.5, β 0.5, ε 0.125)', () => {
    const t = getRight(_.adamax({ lr: 0.5, b1: 0.5, b2: 0.5, eps: 0.125 }))
    const { p1, s1, p2, s2 } = twoSteps(t, { w: 1 }, 1.875, -4.125)
    // m = 0.5·1.875; u = max(0, 1.875 + 0.125); p − 0.5·0.9375/(0.5·2)
    expect(s1[0]).toEqual({ count: 1, mu: { w: 0.9375 }, nu: { w: 2 } })
    expect(p1).toEqual({ w: 0.53125 })
    // m = 0.46875 − 2.0625; u = max(0.5·2, 4.125 + 0.125); p − 0.5·(−1.59375)/(0.75·4.25)
    expect(s2[0]).toEqual({ count: 2, mu: { w: -1.59375 }, nu: { w: 4.25 } })
    expect(p2).toEqual({ w: 0.78125 })
  })

  it('adds ε to |g| inside the max, as PyTorch does: a zero gradient leaves u at ε, not 0', () => {
    const t = getRight(_.scaleByAdamax({ eps: 0.25 }))
    const [u, s] = getRight(t.update({ w: 0 }, t.init({ w: 0 }), { w: 0 }))
    expect(s.nu).toEqual({ w: 0.25 })
    expect(u).toEqual({ w: 0 })
  })

  it('has PyTorch’s defaults and refuses β outside [0, 1) and ε ≤ 0, naming the field', () => {
    expect(_.ADAMAX_DEFAULTS).toEqual({ lr: 2e-3, b1: 0.9, b2: 0.999, eps: 1e-8 })
    expect(getLeft(_.adamax({ b2: 1 }))).toMatchObject({ where: 'adamax', field: 'b2' })
    expect(getLeft(_.adamax({ eps: 0 }))).toMatchObject({ where: 'adamax', field: 'eps' })
    expect(getLeft(_.scaleByAdamax({ b1: -0.1 }))).toMatchObject({ where: 'scaleByAdamax', field: 'b1' })
  })

  it('says itself as a model file’s spec and is built again from it, through JSON, updating to the same bits', () => {
    const original = getRight(_.adamax({ lr: 0.1, b2: 0.5 }))
    const spec = O.toUndefined(encodeOptimizer(original))!
    expect(spec).toEqual({
      _tag: 'chain',
      parts: [
        { _tag: 'scaleByAdamax', b1: 0.9, b2: 0.5, eps: 1e-8 },
        { _tag: 'scaleByLearningRate', lr: 0.1 }
      ]
    })
    const back = getRight(OptimizerSpecC.decode(JSON.parse(JSON.stringify(OptimizerSpecC.encode(spec)))))
    const step = (t: AnyTransformation) => twoSteps(t, { w: 0.3 }, 0.7, -0.2)
    expect(bitsEqual(step(original), step(getRight(decodeOptimizer(back))))).toBe(true)
    expect(E.isRight(_.scaleByAdamaxBlock.build({ _tag: 'scaleByAdamax', b1: 0.9, b2: 0.999, eps: 1e-8 }))).toBe(true)
  })
})
