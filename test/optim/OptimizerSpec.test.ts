import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { describe, expect, it } from 'vitest'
import { adamw, sgd } from '../../src/optim/alias.js'
import { chain, type AnyTransformation } from '../../src/optim/chain.js'
import { clipByValue } from '../../src/optim/clipByValue.js'
import { masked } from '../../src/optim/masked.js'
import * as _ from '../../src/optim/OptimizerSpec.js'
import { cosineDecay } from '../../src/optim/schedules.js'
import { bitsEqual } from '../../laws/purity.js'
import { getLeft, getRight } from '../either.js'

describe('encodeOptimizer and decodeOptimizer', () => {
  it('say an optimizer as data and build it again, updating to the same bits', () => {
    const original = chain(getRight(clipByValue(-0, 0.5)), getRight(adamw({ lr: 0.1, weightDecay: 0.01 })))
    const spec = O.toUndefined(_.encodeOptimizer(original))!
    expect(spec).toEqual({
      _tag: 'chain',
      parts: [
        { _tag: 'clipByValue', lo: -0, hi: 0.5 },
        {
          _tag: 'chain',
          parts: [
            { _tag: 'scaleByAdam', b1: 0.9, b2: 0.999, eps: 1e-8 },
            { _tag: 'addDecayedWeights', weightDecay: 0.01 },
            { _tag: 'scaleByLearningRate', lr: 0.1 }
          ]
        }
      ]
    })
    // through JSON, −0 kept
    const back = getRight(_.OptimizerSpecC.decode(JSON.parse(JSON.stringify(_.OptimizerSpecC.encode(spec)))))
    expect(Object.is((back as unknown as { parts: ReadonlyArray<{ lo: number }> }).parts[0]!.lo, -0)).toBe(true)
    const rebuilt = getRight(_.decodeOptimizer(back))
    const p = { w: 0.3, b: -2 }
    const g = { w: 0.7, b: -0.1 }
    const step = (t: AnyTransformation): unknown =>
      E.map(([u]: readonly [unknown, unknown]) => u)(t.update(g, t.init(p), p))
    expect(bitsEqual(step(original), step(rebuilt))).toBe(true)
  })

  it('has no spec for a schedule or a mask, which are functions', () => {
    const scheduled = getRight(sgd(getRight(cosineDecay({ init: 0.1, decaySteps: 10 }))))
    expect(O.isNone(_.encodeOptimizer(scheduled))).toBe(true)
    expect(O.isNone(_.encodeOptimizer(masked(() => true, getRight(sgd(0.1)))))).toBe(true)
  })

  it('refuses a spec with an unknown block or a missing number, naming the path', () => {
    expect(getLeft(_.decodeOptimizer({ _tag: 'lion' } as never)).message).toMatch(
      /^decodeOptimizer: spec is a record; expected an optimizer block/
    )
    expect(getLeft(_.decodeOptimizer({ _tag: 'chain', parts: [{ _tag: 'scale' }] } as never)).message).toBe(
      'decodeOptimizer: spec.parts.0.c is nothing; expected a finite number (or "-0")'
    )
  })
})
