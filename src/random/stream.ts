/**
 * The draw stream of a key: the uint32 words `w0, w1, w2, ...` where words `2b` and `2b + 1`
 * are the block `threefry(key, (b mod 2^32, ⌊b / 2^32⌋))`. Every draw reads this stream from
 * its start, so a draw is a function of its key and arguments alone.
 *
 * A 53-bit uniform takes two consecutive words (27 high bits of the first, 26 of the second),
 * so uniform `i` of a fresh stream is block `i`. Bulk fills run a tight loop over the blocks;
 * `WordStream` serves the draws that consume a variable number of words (rejection sampling).
 *
 * @internal
 * @since 0.1.0
 */
import type { Key } from './Key.js'
import { threefry2x32Into } from './threefry.js'

const TWO_POW_32 = 4294967296
const TWO_POW_26 = 67108864
const TWO_POW_MINUS_53 = 1.1102230246251565e-16

/**
 * The double in [0, 1) with 53 random bits from two words: `(w0 >>> 5) · 2^26 + (w1 >>> 6)`
 * over 2^53. Exact: every value is a multiple of 2^-53.
 *
 * @internal
 */
export const unitOf = (w0: number, w1: number): number => ((w0 >>> 5) * TWO_POW_26 + (w1 >>> 6)) * TWO_POW_MINUS_53

/**
 * Fills `out` with the first `out.length` words of the key's stream. `out` is a fresh array
 * the caller owns.
 *
 * @internal
 */
export const fillWords = (k: Key, out: Uint32Array): void => {
  const blocks = out.length >>> 1
  for (let b = 0; b < blocks; b++) threefry2x32Into(k.k0, k.k1, b >>> 0, (b / TWO_POW_32) >>> 0, out, 2 * b)
  if (out.length % 2 === 1) {
    const last = new Uint32Array(2)
    threefry2x32Into(k.k0, k.k1, blocks >>> 0, (blocks / TWO_POW_32) >>> 0, last, 0)
    out[out.length - 1] = last[0] as number
  }
}

/**
 * Fills `out` with the first `out.length` 53-bit uniforms of the key's stream: `out[i]` comes
 * from block `i`. `out` is a fresh array the caller owns.
 *
 * @internal
 */
export const fillUnits = (k: Key, out: Float64Array): void => {
  const block = new Uint32Array(2)
  for (let b = 0; b < out.length; b++) {
    threefry2x32Into(k.k0, k.k1, b >>> 0, (b / TWO_POW_32) >>> 0, block, 0)
    out[b] = unitOf(block[0] as number, block[1] as number)
  }
}

/**
 * Reads the key's stream word by word, from block `start` (0 unless a test asks otherwise).
 * Local to one draw: it is created, read and dropped inside the function that draws.
 *
 * @internal
 */
export class WordStream {
  private readonly block = new Uint32Array(2)
  private next = 2
  private b: number

  constructor(
    private readonly k0: number,
    private readonly k1: number,
    start = 0
  ) {
    this.b = start
  }

  /** The next uint32 word. */
  word(): number {
    if (this.next === 2) {
      threefry2x32Into(this.k0, this.k1, this.b >>> 0, (this.b / TWO_POW_32) >>> 0, this.block, 0)
      this.b++
      this.next = 0
    }
    return this.block[this.next++] as number
  }

  /** The next 53-bit uniform in [0, 1), from the next two words. */
  unit(): number {
    const w0 = this.word()
    return unitOf(w0, this.word())
  }

  /**
   * An unbiased integer in [0, n) for 1 ≤ n ≤ 2^32, by rejection: words at or above the largest
   * multiple of n below 2^32 are drawn again, so each residue is equally likely. Fewer than two
   * words are needed on average.
   */
  below(n: number): number {
    const limit = TWO_POW_32 - (TWO_POW_32 % n)
    let w = this.word()
    while (w >= limit) w = this.word()
    return w % n
  }
}

/**
 * A fresh stream of the key's draws.
 *
 * @internal
 */
export const streamOf = (k: Key): WordStream => new WordStream(k.k0, k.k1)
