import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/random/normal.js'
import { log } from '../../src/math/log.js'
import { uniform } from '../../src/random/uniform.js'
import { hex, k0, right, values } from './helpers.js'

describe('normal', () => {
  it('makes its first pair by the polar rule from the uniforms of blocks 0 and 1', () => {
    const [u1, u2] = values(right(uniform([2])(k0))) as [number, number]
    const [v1, v2] = [2 * u1 - 1, 2 * u2 - 1]
    const s = v1 * v1 + v2 * v2
    expect(s > 0 && s < 1).toBe(true) // key(0)'s first pair is accepted
    const f = Math.sqrt((-2 * log(s)) / s)
    expect(values(right(_.normal([2])(k0)))).toEqual([v1 * f, v2 * f])
  })

  it('gives the same bits as it always has for key(0), whatever the engine', () => {
    expect(values(right(_.normal([4])(k0))).map(hex)).toEqual([
      'bfe88213efefe795',
      'bffbd9628f048940',
      'bfe770ddf8331325',
      '3ff848df66a1224b'
    ])
  })

  it('drops the second value of the last pair for an odd count', () => {
    expect(values(right(_.normal([3])(k0)))).toEqual(values(right(_.normal([4])(k0))).slice(0, 3))
  })

  it('fills the shape, row-major', () => {
    const t = right(_.normal([2, 2])(k0))
    expect(t.shape).toEqual([2, 2])
    expect(values(t)).toEqual(values(right(_.normal([4])(k0))))
  })

  it('scales as mean + std · z', () => {
    const z = values(right(_.normal([6])(k0)))
    expect(values(right(_.normal([6], { mean: 3, std: 0.5 })(k0)))).toEqual(z.map((x) => 3 + 0.5 * x))
    expect(values(right(_.normal([6], { mean: -2, std: 0 })(k0)))).toEqual([-2, -2, -2, -2, -2, -2])
  })

  it.each([
    [{ mean: Number.NaN }, 'normal: mean is NaN; expected a finite number'],
    [{ std: Number.POSITIVE_INFINITY }, 'normal: std is Infinity; expected a finite number'],
    [{ std: -1 }, 'normal: std is -1; expected a non-negative number'],
    [{ mean: 1e308, std: 1e307 }, 'normal: mean (1e+308) and std (1e+307) could give values beyond the largest double']
  ])('answers %j with a Left naming the parameter', (options, message) => {
    expect(_.normal([2], options)(k0)).toEqual(E.left({ _tag: 'InvalidArgument', op: 'normal', message }))
  })

  it('answers a bad shape with InvalidShape', () => {
    const r = _.normal([1.5])(k0)
    expect(E.isLeft(r) && r.left._tag).toBe('InvalidShape')
  })
})
