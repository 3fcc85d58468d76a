/**
 * Threefry-2x32 with 20 rounds: the counter-based block cipher of Salmon, Moraes, Dror and Shaw,
 * "Parallel random numbers: as easy as 1, 2, 3" (SC 2011), the generator behind JAX's PRNG keys.
 *
 * It maps a 64-bit key `(k0, k1)` and a 64-bit counter `(c0, c1)` to 64 output bits. For a fixed
 * key it is a bijection on counters, so distinct counters under one key never give the same
 * block. Everything is 32-bit integer arithmetic (`+` wrapped by `| 0`, shifts, `^`), which every
 * JavaScript engine computes exactly: the output is the same on every machine and Node version,
 * and it matches the Random123 known-answer vectors.
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// cipher
// -------------------------------------------------------------------------------------

/** Skein's key-schedule parity constant for 32-bit words. */
const PARITY = 0x1bd11bda

/**
 * Writes `threefry2x32((k0, k1), (c0, c1))` into `out[at]` and `out[at + 1]`. The hot path of
 * bulk draws: no allocation. Words are taken modulo 2^32 (as `>>> 0` would).
 *
 * The 20 rounds run in five groups of four: in each round `x0 += x1; x1 = rotl(x1, R) ^ x0`,
 * with R cycling through 13 15 26 6 | 17 29 16 24; after group s (1..5) the key schedule
 * `ks = [k0, k1, k0 ^ k1 ^ PARITY]` is injected: `x0 += ks[s % 3]; x1 += ks[(s + 1) % 3] + s`.
 * Values are kept as int32 inside (`| 0`) and returned as uint32 (`>>> 0`).
 *
 * @internal
 */
export const threefry2x32Into = (
  k0: number,
  k1: number,
  c0: number,
  c1: number,
  out: Uint32Array,
  at: number
): void => {
  const ks0 = k0 | 0
  const ks1 = k1 | 0
  const ks2 = (PARITY ^ ks0 ^ ks1) | 0
  let x0 = (c0 + ks0) | 0
  let x1 = (c1 + ks1) | 0
  // group 1
  x0 = (x0 + x1) | 0
  x1 = ((x1 << 13) | (x1 >>> 19)) ^ x0
  x0 = (x0 + x1) | 0
  x1 = ((x1 << 15) | (x1 >>> 17)) ^ x0
  x0 = (x0 + x1) | 0
  x1 = ((x1 << 26) | (x1 >>> 6)) ^ x0
  x0 = (x0 + x1) | 0
  x1 = ((x1 << 6) | (x1 >>> 26)) ^ x0
  x0 = (x0 + ks1) | 0
  x1 = (x1 + ks2 + 1) | 0
  // group 2
  x0 = (x0 + x1) | 0
  x1 = ((x1 << 17) | (x1 >>> 15)) ^ x0
  x0 = (x0 + x1) | 0
  x1 = ((x1 << 29) | (x1 >>> 3)) ^ x0
  x0 = (x0 + x1) | 0
  x1 = ((x1 << 16) | (x1 >>> 16)) ^ x0
  x0 = (x0 + x1) | 0
  x1 = ((x1 << 24) | (x1 >>> 8)) ^ x0
  x0 = (x0 + ks2) | 0
  x1 = (x1 + ks0 + 2) | 0
  // group 3
  x0 = (x0 + x1) | 0
  x1 = ((x1 << 13) | (x1 >>> 19)) ^ x0
  x0 = (x0 + x1) | 0
  x1 = ((x1 << 15) | (x1 >>> 17)) ^ x0
  x0 = (x0 + x1) | 0
  x1 = ((x1 << 26) | (x1 >>> 6)) ^ x0
  x0 = (x0 + x1) | 0
  x1 = ((x1 << 6) | (x1 >>> 26)) ^ x0
  x0 = (x0 + ks0) | 0
  x1 = (x1 + ks1 + 3) | 0
  // group 4
  x0 = (x0 + x1) | 0
  x1 = ((x1 << 17) | (x1 >>> 15)) ^ x0
  x0 = (x0 + x1) | 0
  x1 = ((x1 << 29) | (x1 >>> 3)) ^ x0
  x0 = (x0 + x1) | 0
  x1 = ((x1 << 16) | (x1 >>> 16)) ^ x0
  x0 = (x0 + x1) | 0
  x1 = ((x1 << 24) | (x1 >>> 8)) ^ x0
  x0 = (x0 + ks1) | 0
  x1 = (x1 + ks2 + 4) | 0
  // group 5
  x0 = (x0 + x1) | 0
  x1 = ((x1 << 13) | (x1 >>> 19)) ^ x0
  x0 = (x0 + x1) | 0
  x1 = ((x1 << 15) | (x1 >>> 17)) ^ x0
  x0 = (x0 + x1) | 0
  x1 = ((x1 << 26) | (x1 >>> 6)) ^ x0
  x0 = (x0 + x1) | 0
  x1 = ((x1 << 6) | (x1 >>> 26)) ^ x0
  x0 = (x0 + ks2) | 0
  x1 = (x1 + ks0 + 5) | 0
  out[at] = x0 >>> 0
  out[at + 1] = x1 >>> 0
}

/**
 * One block of Threefry-2x32-20: key `(k0, k1)`, counter `(c0, c1)`, two uint32 words out.
 * Arguments are uint32 words; anything else is taken modulo 2^32, as `>>> 0` would.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Random } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // the cipher itself is internal; the first bits of key 0 are its block (0, 0, 0, 0),
 * // Random123's known answer [0x6b200159, 0x99ba4efe]
 * pipe(Random.key(0), E.chain(Advanced.Random.bits(2)), E.map((b) => Array.from(b, (w) => w.toString(16)))) // right(['6b200159', '99ba4efe'])
 *
 * @category cipher
 * @since 0.1.0
 */
export const threefry2x32 = (k0: number, k1: number, c0: number, c1: number): readonly [number, number] => {
  const out = new Uint32Array(2)
  threefry2x32Into(k0, k1, c0, c1, out, 0)
  return Object.freeze([out[0] as number, out[1] as number] as const)
}
