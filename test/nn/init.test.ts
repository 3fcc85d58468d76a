import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/nn/init.js'
import { key, type Key } from '../../src/random/Key.js'
import type { Tensor } from '../../src/tensor/Tensor.js'
import { getLeft, getRight } from '../either.js'
import { values } from '../tensor/fixtures.js'

const k0: Key = getRight(key(0))
const k1: Key = getRight(key(1))

const moments = (t: Tensor): readonly [number, number] => {
  const xs = values(t)
  const m = xs.reduce((a, b) => a + b, 0) / xs.length
  return [m, Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length)]
}

const expectRatioNearOne = (ratio: number): void => {
  expect(Math.abs(ratio - 1)).toBeLessThan(0.015)
}

describe('fans', () => {
  it('reads fan-in and fan-out off W [in, out], vectors, scalars and kernels', () => {
    expect(_.fans([784, 128])).toEqual(E.right([784, 128]))
    expect(_.fans([5])).toEqual(E.right([5, 5]))
    expect(_.fans([])).toEqual(E.right([1, 1]))
    expect(_.fans([3, 3, 16, 32])).toEqual(E.right([144, 288]))
  })

  it('answers a Left for a shape that is none, as it may arrive from JSON', () => {
    expect(getLeft(_.fans(null as never))._tag).toBe('InvalidShape')
    expect(getLeft(_.fans([2, -1]))._tag).toBe('InvalidShape')
    expect(getLeft(_.fans('2, 3' as never)).message).toMatch(/expected a list of dimensions/)
  })
})

describe('the variance-scaling initialisers', () => {
  // 60,000 draws: the sample standard deviation's relative standard error is 1/√(2n) ≈ 0.29%
  // for a normal and √(0.8/(4n)) ≈ 0.18% for a uniform, so 1.5% is five standard errors or more.
  const shape = [200, 300]

  it('glorotUniform draws inside ±√(6 / (fanIn + fanOut)) with the uniform’s spread', () => {
    const w = getRight(_.glorotUniform(shape)(k0))
    const limit = Math.sqrt(6 / 500)
    expect(values(w).every((v) => Math.abs(v) < limit)).toBe(true)
    expectRatioNearOne(moments(w)[1] / (limit / Math.sqrt(3)))
  })

  it('glorotNormal has standard deviation √(2 / (fanIn + fanOut))', () => {
    expectRatioNearOne(moments(getRight(_.glorotNormal(shape)(k0)))[1] / Math.sqrt(2 / 500))
  })

  it('heUniform draws inside ±√(6 / fanIn); heNormal has standard deviation √(2 / fanIn)', () => {
    const u = getRight(_.heUniform(shape)(k0))
    expect(values(u).every((v) => Math.abs(v) < Math.sqrt(6 / 200))).toBe(true)
    expectRatioNearOne(moments(u)[1] / Math.sqrt(2 / 200))
    expectRatioNearOne(moments(getRight(_.heNormal(shape)(k0)))[1] / Math.sqrt(2 / 200))
  })

  it('gives the same bits for the same key, and other values for another key', () => {
    for (const init of [_.glorotUniform, _.glorotNormal, _.heUniform, _.heNormal]) {
      expect(getRight(init([3, 4])(k0))).toEqual(getRight(init([3, 4])(k0)))
      expect(values(getRight(init([3, 4])(k0)))).not.toEqual(values(getRight(init([3, 4])(k1))))
    }
  })

  it('answers a Left naming the initialiser for a shape with a fan of 0', () => {
    expect(getLeft(_.glorotUniform([0, 0])(k0))).toMatchObject({ _tag: 'InvalidArgument', op: 'glorotUniform' })
    expect(getLeft(_.heNormal([0, 4])(k0)).message).toContain('[0, 4]')
  })
})

describe('zeros, constant, uniform and normal', () => {
  it('fill or draw as asked', () => {
    expect(values(getRight(_.zeros([2, 2])(k0)))).toEqual([0, 0, 0, 0])
    expect(values(getRight(_.constant(0.1)([3])(k0)))).toEqual([0.1, 0.1, 0.1])
    expect(values(getRight(_.uniform({ low: 2, high: 3 })([100])(k0))).every((v) => v >= 2 && v < 3)).toBe(true)
    const [m, s] = moments(getRight(_.normal({ mean: 5, std: 0.5 })([10000])(k0)))
    expect([m, s]).toEqual([expect.closeTo(5, 1), expect.closeTo(0.5, 1)])
  })

  it('answer a Left for a bad shape or bad parameters', () => {
    expect(getLeft(_.zeros([-1])(k0))._tag).toBe('InvalidShape')
    expect(getLeft(_.constant(Number.NaN)([2])(k0))).toMatchObject({ _tag: 'InvalidArgument', op: 'constant' })
    expect(E.isLeft(_.uniform({ low: 1, high: 1 })([2])(k0))).toBe(true)
    expect(E.isLeft(_.normal({ std: -1 })([2])(k0))).toBe(true)
  })
})

describe('initializer', () => {
  it('looks a name up and passes a function through', () => {
    expect(_.initializer('heUniform')).toBe(_.heUniform)
    expect(_.initializer('zeros')).toBe(_.zeros)
    const mine = _.constant(2)
    expect(_.initializer(mine)).toBe(mine)
  })
})

describe('initialisers given values of the wrong type, as they arrive from JSON', () => {
  const k = getRight(key(0))
  it('answer a Left, never a throw', () => {
    expect(getLeft(_.constant(JSON.parse('{"toString": 1}'))([2])(k)).message).toMatch(/the value is a record/)
    expect(getLeft(_.glorotUniform(null as never)(k))._tag).toBe('InvalidShape')
    expect(getLeft(_.heNormal([2, 2])(null as never))._tag).toBe('InvalidArgument')
    expect(getLeft(_.uniform(null as never)([2])(k))._tag).toBe('InvalidArgument')
    expect(getLeft(_.initializer('__proto__' as never)([2])(k)).message).toMatch(/the initializer is "__proto__"/)
  })
})
