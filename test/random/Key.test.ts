import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/random/Key.js'
import { threefry2x32 } from '../../src/random/threefry.js'
import { k0, right } from './helpers.js'

const words = (k: _.Key): readonly [number, number] => [k.k0, k.k1]

describe('key', () => {
  it.each([
    [0, [0, 0]],
    [42, [0, 42]],
    [2 ** 32 - 1, [0, 0xffffffff]],
    [2 ** 32, [1, 0]],
    [Number.MAX_SAFE_INTEGER, [0x1fffff, 0xffffffff]],
    [-1, [0xffffffff, 0xffffffff]],
    [-(2 ** 32), [0xffffffff, 0]],
    [-Number.MAX_SAFE_INTEGER, [0xffe00000, 1]]
  ] as const)("reads seed %s as a 64-bit two's complement integer, high word first", (seed, expected) => {
    expect(words(right(_.key(seed)))).toEqual(expected)
  })

  it('makes a frozen, JSON-able Key', () => {
    const k = right(_.key(7))
    expect(Object.isFrozen(k)).toBe(true)
    expect(JSON.parse(JSON.stringify(k))).toEqual({ _tag: 'Key', k0: 0, k1: 7 })
    expect(_.isKey(k)).toBe(true)
  })

  it.each([0.5, -1.25, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2 ** 53, -(2 ** 60)])(
    'answers seed %s with a Left naming the seed',
    (seed) => {
      expect(_.key(seed)).toEqual(
        E.left({
          _tag: 'InvalidArgument',
          op: 'key',
          message: `key: seed is ${String(seed)}; expected a safe integer (|seed| ≤ 2^53 − 1)`
        })
      )
    }
  )
})

describe('fromWords', () => {
  it('rebuilds a key from its words', () => {
    expect(_.fromWords(0xffffffff, 3)).toEqual(E.right({ _tag: 'Key', k0: 0xffffffff, k1: 3 }))
  })

  it.each([
    [-1, 0],
    [0, 2 ** 32],
    [0.5, 0],
    [0, Number.NaN]
  ])('refuses words %s and %s', (a, b) => {
    const r = _.fromWords(a, b)
    expect(E.isLeft(r) && r.left.message).toBe(
      `fromWords: words are ${a} and ${b}; each must be an integer from 0 to 2^32 − 1`
    )
  })
})

describe('isKey', () => {
  it.each([
    null,
    3,
    {},
    { _tag: 'Key', k0: 0 },
    { _tag: 'Key', k0: -1, k1: 0 },
    { _tag: 'Key', k0: 0, k1: 1.5 },
    { _tag: 'Tensor', k0: 0, k1: 0 }
  ])('refuses %j', (u) => {
    expect(_.isKey(u)).toBe(false)
  })

  it('refuses a record whose _tag getter throws, without throwing', () => {
    expect(
      _.isKey(
        Object.defineProperty({ k0: 0, k1: 0 }, '_tag', {
          enumerable: true,
          get: () => {
            throw new Error('the _tag getter was read')
          }
        })
      )
    ).toBe(false)
  })
})

describe('split', () => {
  it('makes child i from the block at counter (i, 0x80000000)', () => {
    const children = right(_.split(3)(k0))
    expect(children.map(words)).toEqual([0, 1, 2].map((i) => threefry2x32(0, 0, i, _.SPLIT_DOMAIN)))
  })

  it('makes children that differ from the parent and from each other', () => {
    const children = right(_.split(16)(k0))
    const all = new Set([k0, ...children].map((k) => `${k.k0}:${k.k1}`))
    expect(all.size).toBe(17)
  })

  it('gives one child for n = 1, not the parent', () => {
    const [child] = right(_.split(1)(k0))
    expect(child && _.Eq.equals(child, k0)).toBe(false)
  })

  it.each([0, -1, 1.5, Number.NaN, 2 ** 25 + 1])('answers n = %s with a Left naming n', (n) => {
    const r = _.split(n)(k0)
    expect(E.isLeft(r) && r.left).toEqual({
      _tag: 'InvalidArgument',
      op: 'split',
      message: `split: n is ${String(n)}; expected an integer from 1 to 33554432`
    })
  })
})

describe('split2', () => {
  it('is split(2), frozen', () => {
    const pair = _.split2(k0)
    expect(pair).toEqual(right(_.split(2)(k0)))
    expect(Object.isFrozen(pair)).toBe(true)
  })
})

describe('foldIn', () => {
  it('encrypts the datum under the folding key of counter (0, 0xC0000000)', () => {
    const [f0, f1] = threefry2x32(0, 0, 0, _.FOLD_DOMAIN)
    expect(words(right(_.foldIn(5)(k0)))).toEqual(threefry2x32(f0, f1, 5, 0))
    expect(words(right(_.foldIn(-1)(k0)))).toEqual(threefry2x32(f0, f1, 0xffffffff, 0xffffffff))
    expect(words(right(_.foldIn(2 ** 32 + 3)(k0)))).toEqual(threefry2x32(f0, f1, 3, 1))
  })

  it('gives different keys for different epochs, none of them the parent', () => {
    const keys = [0, 1, 2, 3, -1].map((d) => right(_.foldIn(d)(k0)))
    expect(new Set([k0, ...keys].map((k) => `${k.k0}:${k.k1}`)).size).toBe(6)
  })

  it.each([0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('answers data %s with a Left naming the datum', (d) => {
    expect(pipe(k0, _.foldIn(d))).toEqual(
      E.left({
        _tag: 'InvalidArgument',
        op: 'foldIn',
        message: `foldIn: data is ${String(d)}; expected a safe integer (|data| ≤ 2^53 − 1)`
      })
    )
  })
})

describe('Eq', () => {
  it('compares both words', () => {
    expect(_.Eq.equals(right(_.fromWords(1, 2)), right(_.fromWords(1, 2)))).toBe(true)
    expect(_.Eq.equals(right(_.fromWords(1, 2)), right(_.fromWords(1, 3)))).toBe(false)
    expect(_.Eq.equals(right(_.fromWords(1, 2)), right(_.fromWords(0, 2)))).toBe(false)
  })
})

describe('keys of the wrong type, as they arrive from JSON', () => {
  it('split, foldIn and the draws refuse a record that is no key, without throwing', () => {
    const junk: ReadonlyArray<unknown> = [
      null,
      42,
      { k0: 0, k1: 42 },
      { _tag: 'Key', k0: 0.5, k1: 0 },
      { _tag: 'Key', k0: 0, k1: 2 ** 32 }
    ]
    for (const u of junk) {
      expect(E.isLeft(_.split(2)(u as never))).toBe(true)
      expect(E.isLeft(_.foldIn(1)(u as never))).toBe(true)
    }
    const e = _.foldIn(1)(null as never)
    expect(E.isLeft(e) && e.left.message).toBe('foldIn: the key is null; expected a key (Random.key, Random.fromWords)')
  })

  it('keyArgument passes a key through as it is', () => {
    expect(right(_.keyArgument('op')(k0))).toBe(k0)
  })
})
