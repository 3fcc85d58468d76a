import { describe, expect, it } from 'vitest'
import type { Key } from '../../src/random/Key.js'
import * as _ from '../../src/random/stream.js'
import { threefry2x32 } from '../../src/random/threefry.js'
import { k0 } from './helpers.js'

const words = (k: Key, n: number): Uint32Array => {
  const out = new Uint32Array(n)
  _.fillWords(k, out)
  return out
}

describe('unitOf', () => {
  it('maps the smallest and largest words to 0 and 1 − 2^-53', () => {
    expect(_.unitOf(0, 0)).toBe(0)
    expect(_.unitOf(0xffffffff, 0xffffffff)).toBe(1 - 2 ** -53)
  })

  it('takes the 27 high bits of the first word and the 26 high bits of the second', () => {
    expect(_.unitOf(0x6b200159, 0x99ba4efe)).toBe(((0x6b200159 >>> 5) * 2 ** 26 + (0x99ba4efe >>> 6)) / 2 ** 53)
    expect(_.unitOf(0x1f, 0x3f)).toBe(0)
    expect(_.unitOf(0x20, 0)).toBe(2 ** -27)
    expect(_.unitOf(0, 0x40)).toBe(2 ** -53)
  })
})

describe('fillWords', () => {
  it('lays the blocks at counters (0, 0), (1, 0), ... end to end', () => {
    expect(Array.from(words(k0, 6))).toEqual([0, 1, 2].flatMap((b) => threefry2x32(0, 0, b, 0)))
  })

  it('keeps the first word of the last block for an odd length', () => {
    expect(Array.from(words(k0, 5))).toEqual(Array.from(words(k0, 6)).slice(0, 5))
  })
})

describe('fillUnits', () => {
  it('makes uniform i from block i', () => {
    const out = new Float64Array(3)
    _.fillUnits(k0, out)
    expect(Array.from(out)).toEqual([0, 1, 2].map((b) => _.unitOf(...threefry2x32(0, 0, b, 0))))
  })
})

describe('WordStream', () => {
  it('reads the same words as fillWords', () => {
    const s = _.streamOf(k0)
    expect(Array.from({ length: 7 }, () => s.word())).toEqual(Array.from(words(k0, 7)))
  })

  it('reads the same uniforms as fillUnits', () => {
    const s = _.streamOf(k0)
    const out = new Float64Array(4)
    _.fillUnits(k0, out)
    expect(Array.from({ length: 4 }, () => s.unit())).toEqual(Array.from(out))
  })

  it("carries the block number into the counter's high word past 2^32 − 1", () => {
    const s = new _.WordStream(5, 6, 2 ** 32 - 1)
    expect(Array.from({ length: 4 }, () => s.word())).toEqual([
      ...threefry2x32(5, 6, 0xffffffff, 0),
      ...threefry2x32(5, 6, 0, 1)
    ])
  })

  it('draws again when a word is at or above the largest multiple of n below 2^32', () => {
    const n = 3 * 2 ** 30 // limit 3 · 2^30: a quarter of the words are refused
    const w = Array.from(words(k0, 5))
    expect(w.slice(0, 3).every((x) => x < n) && (w[3] as number) >= n).toBe(true) // key(0)'s 4th word is refused
    const s = _.streamOf(k0)
    expect([s.below(n), s.below(n), s.below(n), s.below(n)]).toEqual([w[0], w[1], w[2], w[4]])
  })

  it('reduces accepted words modulo n', () => {
    const w = Array.from(words(k0, 3))
    const s = _.streamOf(k0)
    expect([s.below(10), s.below(1), s.below(2 ** 32)]).toEqual([(w[0] as number) % 10, 0, w[2]])
  })
})
