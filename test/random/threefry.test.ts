import { describe, expect, it } from 'vitest'
import * as _ from '../../src/random/threefry.js'

// Random123's tests/kat_vectors lists, for threefry2x32 with 20 rounds: the counter (two
// words), then the key (two words), then the expected output.
const kat: ReadonlyArray<{
  readonly counter: readonly [number, number]
  readonly key: readonly [number, number]
  readonly out: readonly [number, number]
}> = [
  { counter: [0x00000000, 0x00000000], key: [0x00000000, 0x00000000], out: [0x6b200159, 0x99ba4efe] },
  { counter: [0xffffffff, 0xffffffff], key: [0xffffffff, 0xffffffff], out: [0x1cb996fc, 0xbb002be7] },
  { counter: [0x243f6a88, 0x85a308d3], key: [0x13198a2e, 0x03707344], out: [0xc4923a9c, 0x483df7a0] }
]

describe('threefry2x32', () => {
  it.each(kat)('matches the Random123 known answer for counter $counter and key $key', ({ counter, key, out }) => {
    expect(_.threefry2x32(key[0], key[1], counter[0], counter[1])).toEqual(out)
  })

  it('depends on which words are the key and which the counter', () => {
    expect(_.threefry2x32(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344)).not.toEqual([0xc4923a9c, 0x483df7a0])
  })

  it('answers uint32 words in a frozen pair', () => {
    const out = _.threefry2x32(1, 2, 3, 4)
    expect(Object.isFrozen(out)).toBe(true)
    for (const w of out) expect(Number.isInteger(w) && w >= 0 && w <= 0xffffffff).toBe(true)
  })

  it('takes words modulo 2^32, as >>> 0 would', () => {
    expect(_.threefry2x32(-1, 2 ** 32, 2 ** 32 + 5, -(2 ** 32))).toEqual(_.threefry2x32(0xffffffff, 0, 5, 0))
  })
})

describe('threefry2x32Into', () => {
  it('writes the same block as threefry2x32 at the given offset and nowhere else', () => {
    const out = new Uint32Array(5).fill(7)
    _.threefry2x32Into(0x13198a2e, 0x03707344, 0x243f6a88, 0x85a308d3, out, 2)
    expect(Array.from(out)).toEqual([7, 7, 0xc4923a9c, 0x483df7a0, 7])
  })
})
