/**
 * A fingerprint of the elementary functions' bits: each function evaluated at a fixed set of
 * arguments spread over its domain (drawn by threefry from a fixed key, so the arguments are
 * the same everywhere), the results hashed by FNV-1a over their 32-bit words. Two engines that
 * print the same fingerprint computed the same bits for every one of those arguments.
 *
 * @internal
 * @since 0.3.0
 */
import * as Elementary from '../src/math/index.js'
import { unitOf } from '../src/random/stream.js'
import { threefry2x32 } from '../src/random/threefry.js'

/** FNV-1a (32 bits, run twice with two offsets for 64) over the words of doubles, as 16 hex digits. */
export const hashDoubles = (values: Float64Array): string => {
  // the words in a fixed order (high word first), whatever the platform's byte order
  const view = new DataView(new ArrayBuffer(8))
  let a = 0x811c9dc5
  let b = 0x01000193 ^ 0x5bd1e995
  for (let i = 0; i < values.length * 2; i++) {
    if (i % 2 === 0) view.setFloat64(0, values[i >> 1]!)
    const w = view.getUint32((i % 2) * 4)
    a = Math.imul(a ^ w, 0x01000193) >>> 0
    b = Math.imul(b ^ (w >>> 16) ^ (w << 16), 0x01000193) >>> 0
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0')
}

/** The i-th fixed argument's uniform draw in [0, 1) for the function numbered `stream`. */
const unit = (stream: number, i: number): number => unitOf(...threefry2x32(stream, 0x9e3779b9, i, 0))

/** A double in [lo, hi], evenly spread or spread over magnitudes (log-uniform in |x| from 2^-60). */
const spread = (stream: number, i: number, lo: number, hi: number): number => {
  const u = unit(stream, i)
  if (i % 2 === 0) return lo + (hi - lo) * u
  const magnitude = Elementary.exp(-41.6 + 41.6 * unit(stream + 100, i)) // 2^-60 … 1
  const x = (u < 0.5 ? lo : hi) * magnitude
  return x
}

/** Each function's arguments: n of them, fixed. */
const argumentsOf: Readonly<Record<string, (i: number) => readonly [number, number?]>> = {
  cosPi: (i) => [spread(10, i, -4, 4)],
  exp: (i) => [spread(1, i, -745.2, 709.8)],
  expm1: (i) => [spread(2, i, -40, 709.8)],
  log: (i) => [Elementary.exp(spread(3, i, -744, 709))],
  log1p: (i) => [spread(4, i, -0.9999, 1e6)],
  log2: (i) => [Elementary.exp(spread(5, i, -744, 709))],
  tanh: (i) => [spread(6, i, -25, 25)],
  pow: (i) =>
    i % 2 === 0 ? [0.5 + 0.49999 * unit(7, i), 1 + (i % 100_000)] : [spread(8, i, 0, 1e4), spread(9, i, -300, 300)]
}

/** The functions fingerprinted, in order. */
export const names: ReadonlyArray<keyof typeof Elementary> = [
  'exp',
  'expm1',
  'log',
  'log1p',
  'log2',
  'tanh',
  'pow',
  'cosPi'
]

/** The fingerprint of one function over its first n fixed arguments. */
export const fingerprint = (name: keyof typeof Elementary, n: number): string => {
  const f = Elementary[name] as (x: number, y?: number) => number
  const args = argumentsOf[name]!
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const [x, y] = args(i)
    out[i] = y === undefined ? f(x) : f(x, y)
  }
  return hashDoubles(out)
}
