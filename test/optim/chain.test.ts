import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { decode } from '../../src/codec/DecodeError.js'
import * as _ from '../../src/optim/chain.js'
import { clipByGlobalNorm } from '../../src/optim/clipByGlobalNorm.js'
import type { EmptyState } from '../../src/optim/GradientTransformation.js'
import { identity } from '../../src/optim/identity.js'
import { scale } from '../../src/optim/scale.js'
import { scaleByLearningRate, type ScaleByLearningRateState } from '../../src/optim/scaleByLearningRate.js'
import { traceMomentum, type TraceMomentumState } from '../../src/optim/traceMomentum.js'
import { getLeft, getRight } from '../either.js'

describe('chain', () => {
  const double = getRight(scale(2))
  const lr = getRight(scaleByLearningRate(0.1))

  it('runs each update on the previous one’s updates and keeps the tuple of states', () => {
    const t = _.chain(double, lr)
    const [u, s] = getRight(t.update({ w: 1 }, t.init({ w: 0 }), { w: 0 }))
    expect(u).toEqual({ w: -0.2 })
    expect(s).toEqual([{}, { count: 1 }])
    expectTypeOf(s).toEqualTypeOf<readonly [EmptyState, ScaleByLearningRateState]>()
  })

  it('applies its transformations in order: clipping then doubling is not doubling then clipping', () => {
    const clip = getRight(clipByGlobalNorm(1))
    const clipThenDouble = _.chain(clip, double)
    const doubleThenClip = _.chain(double, clip)
    expect(getRight(clipThenDouble.update({ w: 3 }, clipThenDouble.init({ w: 0 }), { w: 0 }))[0]).toEqual({ w: 2 })
    expect(getRight(doubleThenClip.update({ w: 3 }, doubleThenClip.init({ w: 0 }), { w: 0 }))[0]).toEqual({ w: 1 })
  })

  it('is identity when empty', () => {
    const t = _.chain()
    expect(getRight(t.update({ w: 3 }, t.init({ w: 0 }), { w: 0 }))).toEqual([{ w: 3 }, []])
  })

  it('stops at the first Left and answers it', () => {
    const t = _.chain(getRight(scale(1e300)), double, lr)
    expect(getLeft(t.update({ w: 1e10 }, t.init({ w: 0 }), { w: 0 })).message).toMatch(/^scale: update at w/)
  })

  it('encodes its state as a JSON array of the inner states and names a wrong item on decoding', () => {
    const t = _.chain(getRight(traceMomentum({ decay: 0.9 })), lr)
    const s = getRight(t.update({ w: -0 }, t.init({ w: 1 }), { w: 1 }))[1]
    const C = t.stateC({ w: 0 })
    expect(JSON.stringify(C.encode(s))).toBe('[{"count":1,"trace":{"w":"-0"}},{"count":1}]')
    expect(getLeft(decode(C)([{ count: 1, trace: { v: 0 } }, { count: 1 }])).path).toBe('0.trace.v')
    expect(getLeft(decode(C)([{ count: 1, trace: { w: 0 } }])).path).toBe('')
    expectTypeOf(s).toEqualTypeOf<readonly [TraceMomentumState, ScaleByLearningRateState]>()
  })

  it('is not changed by later writes into an array of transformations it was spread from', () => {
    const ts = [double, double]
    const t = _.chain(...ts)
    ts.push(double)
    expect(getRight(t.update({ w: 1 }, t.init({ w: 0 }), { w: 0 }))[0]).toEqual({ w: 4 })
  })
})

describe('chainResults', () => {
  it('chains transformations and the Eithers their constructors answer', () => {
    const t = getRight(_.chainResults(identity, scale(2), scaleByLearningRate(0.5)))
    expect(getRight(t.update({ w: 1 }, t.init({ w: 0 }), { w: 0 }))[0]).toEqual({ w: -1 })
    expectTypeOf(t.init({ w: 0 })).toEqualTypeOf<readonly [EmptyState, EmptyState, ScaleByLearningRateState]>()
  })

  it('answers the first Left', () => {
    expect(getLeft(_.chainResults(scale(Number.NaN), scaleByLearningRate(-1)))).toMatchObject({
      where: 'scale',
      field: 'c'
    })
    expect(E.isLeft(_.chainResults(identity, scaleByLearningRate(-1)))).toBe(true)
  })
})
