import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { describe, expect, it } from 'vitest'
import { bitsEqual } from '../../laws/purity.js'
import type { AnyTransformation } from '../../src/optim/chain.js'
import { decodeOptimizer, OptimizerSpecC, encodeOptimizer } from '../../src/optim/OptimizerSpec.js'
import * as _ from '../../src/optim/lion.js'
import { getLeft, getRight } from '../either.js'
import { twoSteps } from './fixtures.js'

describe('lion', () => {
  it('takes the two steps worked by hand: p = 1 → 0.25 → 0.6875 (lr 0.5, wd 0.5, gradients 2 then −1)', () => {
    const { p1, s1, p2, s2 } = twoSteps(getRight(_.lion({ lr: 0.5, weightDecay: 0.5 })), { w: 1 }, 2, -1)
    // c = 0.2 > 0: p − 0.5·(1 + 0.5·1); m = 0.01·2
    expect(p1).toEqual({ w: 0.25 })
    expect((s1[0].mu as { w: number }).w).toBeCloseTo(0.02, 16)
    // c = 0.9·0.02 − 0.1 < 0: p − 0.5·(−1 + 0.5·0.25); m = 0.99·0.02 − 0.01
    expect(p2).toEqual({ w: 0.6875 })
    expect((s2[0].mu as { w: number }).w).toBeCloseTo(0.0098, 16)
    expect(s2[2]).toEqual({ count: 2 })
  })

  it('updates by the sign alone, whatever the gradient’s size, a zero interpolation giving a zero update', () => {
    const t = getRight(_.scaleByLion({}))
    const [u] = getRight(t.update({ a: 1e-300, b: -1e300, c: 0 }, t.init({ a: 0, b: 0, c: 0 }), { a: 0, b: 0, c: 0 }))
    expect(u).toEqual({ a: 1, b: -1, c: 0 })
  })

  it('has lion-pytorch’s defaults and refuses β outside [0, 1) and a negative decay, naming the field', () => {
    expect(_.LION_DEFAULTS).toEqual({ lr: 1e-4, b1: 0.9, b2: 0.99, weightDecay: 0 })
    expect(getLeft(_.lion({ b1: 1 }))).toMatchObject({ where: 'lion', field: 'b1' })
    expect(getLeft(_.lion({ weightDecay: -1 }))).toMatchObject({ where: 'lion', field: 'weightDecay' })
    expect(getLeft(_.scaleByLion({ b2: -0.5 }))).toMatchObject({ where: 'scaleByLion', field: 'b2' })
  })

  it('says itself as a model file’s spec and is built again from it, through JSON, updating to the same bits', () => {
    const original = getRight(_.lion({ lr: 0.1, b1: 0.5, weightDecay: 0.01 }))
    const spec = O.toUndefined(encodeOptimizer(original))!
    expect(spec).toEqual({
      _tag: 'chain',
      parts: [
        { _tag: 'scaleByLion', b1: 0.5, b2: 0.99 },
        { _tag: 'addDecayedWeights', weightDecay: 0.01 },
        { _tag: 'scaleByLearningRate', lr: 0.1 }
      ]
    })
    const back = getRight(OptimizerSpecC.decode(JSON.parse(JSON.stringify(OptimizerSpecC.encode(spec)))))
    const rebuilt = getRight(decodeOptimizer(back))
    const step = (t: AnyTransformation) => twoSteps(t, { w: 0.3 }, 0.7, -0.2)
    expect(bitsEqual(step(original), step(rebuilt))).toBe(true)
    expect(E.isRight(_.scaleByLionBlock.build({ _tag: 'scaleByLion', b1: 0.9, b2: 0.99 }))).toBe(true)
  })
})
