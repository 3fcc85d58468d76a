import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/random/uniform.js'
import { hex, k0, right, values } from './helpers.js'

describe('uniform', () => {
  it('makes its first value from the 53 bits of the Random123 answer for key 0, counter 0', () => {
    const [u] = values(right(_.uniform([1])(k0)))
    expect(u).toBe(((0x6b200159 >>> 5) * 2 ** 26 + (0x99ba4efe >>> 6)) / 2 ** 53)
  })

  it('gives the same bits as it always has for key(0)', () => {
    expect(values(right(_.uniform([4])(k0))).map(hex)).toEqual([
      '3fdac80054cdd276',
      '3fd423bece06f1f8',
      '3fd92989bfe0af2a',
      '3fe715789814dfae'
    ])
  })

  it('fills the shape, row-major, with values in [0, 1)', () => {
    const t = right(_.uniform([2, 3])(k0))
    expect(t.shape).toEqual([2, 3])
    expect(values(t)).toEqual(values(right(_.uniform([6])(k0))))
    expect(values(t).every((x) => x >= 0 && x < 1)).toBe(true)
  })

  it('makes a scalar for shape [] and nothing for a zero dimension', () => {
    expect(right(_.uniform([])(k0)).data.length).toBe(1)
    expect(right(_.uniform([3, 0])(k0)).data.length).toBe(0)
  })

  it('scales to [low, high) as low + (high − low) · u', () => {
    const u = values(right(_.uniform([5])(k0)))
    expect(values(right(_.uniform([5], { low: -2, high: 6 })(k0)))).toEqual(u.map((x) => -2 + 8 * x))
  })

  it('never returns high, even where low + (high − low) · u rounds up to it', () => {
    const high = 1 + 2 ** -51 // two ulps above 1: a quarter of the draws round to high
    const xs = values(right(_.uniform([200], { low: 1, high })(k0)))
    expect(xs.every((x) => x >= 1 && x < high)).toBe(true)
    expect(xs.filter((x) => x === 1 + 2 ** -52).length).toBeGreaterThan(50)
  })

  it('clamps below a negative or zero high too', () => {
    const xs = values(right(_.uniform([200], { low: -(2 ** -1073), high: 0 })(k0)))
    expect(xs.every((x) => x === -(2 ** -1073) || x === -(2 ** -1074))).toBe(true)
  })

  it.each([
    [{ low: Number.NaN }, 'uniform: low is NaN; expected a finite number'],
    [{ high: Number.POSITIVE_INFINITY }, 'uniform: high is Infinity; expected a finite number'],
    [{ low: 1, high: 1 }, 'uniform: low (1) must be below high (1)'],
    [{ low: 2, high: 1 }, 'uniform: low (2) must be below high (1)'],
    [{ low: -1e308, high: 1e308 }, 'uniform: high − low (1e+308 − -1e+308) overflows; the range must be finite']
  ])('answers %j with a Left naming the bound', (options, message) => {
    expect(_.uniform([2], options)(k0)).toEqual(E.left({ _tag: 'InvalidArgument', op: 'uniform', message }))
  })

  it('answers a bad shape with InvalidShape', () => {
    const r = _.uniform([2, -1])(k0)
    expect(E.isLeft(r) && r.left._tag).toBe('InvalidShape')
  })
})

describe('arguments of the wrong type, as they arrive from JSON', () => {
  it('refuses a key that is none, a key with a word out of range, and options that are no record', () => {
    expect(E.isLeft(_.uniform([2])(null as never))).toBe(true)
    expect(E.isLeft(_.uniform([2])({ _tag: 'Key', k0: Number.NaN, k1: 0 } as never))).toBe(true)
    expect(E.isLeft(_.uniform([2])(JSON.parse('{"_tag": "Key", "k0": 1, "k1": -1}')))).toBe(true)
    const e = _.uniform([2], null as never)(k0)
    expect(E.isLeft(e) && e.left.message).toBe(
      'uniform: the options record is null; expected a record of options or nothing'
    )
    expect(E.isLeft(_.uniform([2], { low: '0' } as never)(k0))).toBe(true)
  })

  it('names the key in its message', () => {
    const e = _.uniform([2])('seed' as never)
    expect(E.isLeft(e) && e.left.message).toBe(
      'uniform: the key is "seed"; expected a key (Random.key, Random.fromWords)'
    )
  })
})
