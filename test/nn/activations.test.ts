import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as AD from '../../src/ad/index.js'
import * as _ from '../../src/nn/activations.js'
import type { Tensor } from '../../src/tensor/Tensor.js'
import { getLeft, getRight } from '../either.js'
import { t, values } from '../tensor/fixtures.js'

const at = (a: _.Activation, x: Tensor): ReadonlyArray<number> =>
  values(getRight(AD.evaluate((p: AD.Traced<{ x: Tensor }>) => _.activate(a)(p.x))({ x })))

describe('activate', () => {
  const x = t([[-2, 0, 3]])

  it('gives each named activation its function', () => {
    expect(at('sigmoid', x)).toEqual([1 / (1 + Math.exp(2)), 0.5, 1 / (1 + Math.exp(-3))])
    expect(at('tanh', x)).toEqual([Math.tanh(-2), 0, Math.tanh(3)])
    expect(at('relu', x)).toEqual([-0, 0, 3])
    expect(at('identity', x)).toEqual([-2, 0, 3])
    const s = at('softmax', x)
    expect(s.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15)
    expect(s[2]! / s[1]!).toBeCloseTo(Math.exp(3), 12)
  })

  it('gives leakyRelu the default slope 0.01, or the slope a config names', () => {
    expect(at('leakyRelu', x)).toEqual([-0.02, 0, 3])
    expect(at({ leakyRelu: 0.2 }, x)).toEqual([-0.4, 0, 3])
  })

  it('lets the gradient through the identity unchanged', () => {
    const g = getRight(
      AD.grad((p: AD.Traced<{ x: Tensor }>) => AD.sum(AD.mul(t([1, 2]))(_.identity(p.x))))({ x: t([5, 6]) })
    )
    expect(values(g.x)).toEqual([1, 2])
  })
})

describe('validateActivation', () => {
  it('accepts every name and a leaky slope', () => {
    for (const a of ['sigmoid', 'tanh', 'relu', 'leakyRelu', 'softmax', 'identity'])
      expect(getRight(_.validateActivation(a))).toBe(a)
    expect(getRight(_.validateActivation({ leakyRelu: 0.3 }))).toEqual({ leakyRelu: 0.3 })
  })

  it('rejects unknown names, non-finite slopes and other objects, saying why', () => {
    expect(getLeft(_.validateActivation('swish')).message).toContain('unknown activation "swish"')
    expect(getLeft(_.validateActivation({ leakyRelu: Number.NaN })).message).toContain('slope of leakyRelu is NaN')
    expect(E.isLeft(_.validateActivation({ leakyRelu: 0.1, extra: 1 }))).toBe(true)
    expect(E.isLeft(_.validateActivation(null))).toBe(true)
  })
})

describe('negativeSlope and showActivation', () => {
  it('read a rectifier’s slope and name an activation', () => {
    expect([
      _.negativeSlope('relu'),
      _.negativeSlope('leakyRelu'),
      _.negativeSlope({ leakyRelu: 0.5 }),
      _.negativeSlope('tanh')
    ]).toEqual([0, 0.01, 0.5, undefined])
    expect([_.showActivation('softmax'), _.showActivation({ leakyRelu: 0.5 })]).toEqual(['softmax', 'leakyRelu(0.5)'])
  })
})

describe('activations of the wrong type, as they arrive from JSON', () => {
  const traced = (a: unknown) =>
    AD.evaluate((p: AD.Traced<{ x: Tensor }>) => _.activate(a as _.Activation)(p.x))({ x: t([1, -1]) })

  it('activate builds without throwing, and the trace answers a Left naming the activation', () => {
    expect(getLeft(traced('gelu')).message).toMatch(/unknown activation "gelu"/)
    expect(getLeft(traced(null))._tag).toBe('InvalidArgument')
    expect(getLeft(traced({ leakyRelu: '0.1' })).message).toMatch(/the slope of leakyRelu is "0.1"/)
    expect(getLeft(traced(JSON.parse('{"toString": 1}')))._tag).toBe('InvalidArgument')
  })

  it('showActivation and negativeSlope never throw', () => {
    expect(_.showActivation(null as never)).toBe('null')
    expect(_.showActivation({ leakyRelu: 2n } as never)).toBe('leakyRelu(2n)')
    expect(_.negativeSlope(null as never)).toBeUndefined()
    expect(_.negativeSlope({ leakyRelu: 'x' } as never)).toBeUndefined()
  })

  it('activationRule of a refused activation stops the trace when it is applied', () => {
    const rule = _.activationRule('gelu' as never)
    expect(() => rule.apply(Float64Array.of(1))).toThrow()
    expect(_.activationRule('softmax' as never).name).toBe('refused')
    expect(_.activationRule('tanh').name).not.toBe('refused')
  })
})
