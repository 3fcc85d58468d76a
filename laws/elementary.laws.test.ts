// The portable elementary functions: within one ulp of an exact BigInt reference over generated
// arguments across each domain and at the special points, monotone, and with pinned bits.
// `npm test` draws 10^4 arguments per law; GRADFOLD_ELEMENTARY_RUNS=100000 (npm run
// test:elementary, run by CI) draws the full 10^5.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as Elementary from '../src/math/index.js'
import { lawSeed } from './config.js'
import * as _ from './elementary.js'
import { fingerprint } from './elementaryFingerprint.js'

const runs = Number(process.env['GRADFOLD_ELEMENTARY_RUNS'] ?? 10_000)
const parameters = { seed: lawSeed, numRuns: runs } as const

/** Doubles in [min, max]: half spread over the bit patterns (every binade, subnormals too), half evenly. */
const over = (min: number, max: number): fc.Arbitrary<number> =>
  fc.oneof(
    fc.double({ min, max, noNaN: true }),
    fc.integer({ min: 0, max: 2 ** 31 - 1 }).map((i) => min + (max - min) * (i / (2 ** 31 - 1)))
  )

const domains: Readonly<Record<_.UnaryName, fc.Arbitrary<number>>> = {
  exp: over(-760, 720),
  expm1: over(-60, 720),
  log: fc.oneof(over(Number.MIN_VALUE, Number.MAX_VALUE), over(0.5, 2)),
  log1p: fc.oneof(over(-1 + 2 ** -53, Number.MAX_VALUE), over(-1 + 2 ** -53, 3)),
  log2: fc.oneof(over(Number.MIN_VALUE, Number.MAX_VALUE), over(0.5, 2)),
  tanh: over(-50, 50),
  cosPi: fc.oneof(over(-4, 4), over(-(2 ** 60), 2 ** 60))
}

const names = Object.keys(domains) as ReadonlyArray<_.UnaryName>

describe(`within one ulp of the exact value (${runs} arguments each, seed ${lawSeed})`, () => {
  for (const name of names) {
    it(name, () => fc.assert(fc.property(domains[name], _.withinOneUlp(name)), parameters))
  }

  it('pow as Adam uses it: β^t for β in [0.5, 1) and integer steps up to 10^7', () =>
    fc.assert(
      fc.property(over(0.5, 1 - 2 ** -53), fc.integer({ min: 1, max: 10_000_000 }), (b, t) => _.powUlpError(b, t) <= 1),
      parameters
    ))
  it('pow as the schedules use it: a rate in (0, 1) to a real power up to 10^4', () =>
    fc.assert(
      fc.property(over(2 ** -20, 1), over(0, 1e4), (r, p) => _.powUlpError(r, p) <= 1),
      parameters
    ))
  it('pow over positive bases and real exponents, through overflow and underflow', () =>
    fc.assert(
      fc.property(
        over(Number.MIN_VALUE, Number.MAX_VALUE),
        fc.oneof(over(-1100, 1100), fc.integer({ min: -2000, max: 2000 })),
        (x, y) => _.powUlpError(x, y) <= 1
      ),
      parameters
    ))
  it('pow near 1 to huge exponents', () =>
    fc.assert(
      fc.property(over(1 - 2 ** -20, 1 + 2 ** -20), over(-1e9, 1e9), (x, y) => _.powUlpError(x, y) <= 1),
      parameters
    ))
})

describe('monotone', () => {
  it('cosPi falls over the half-turn [0, 1], on generated pairs and on neighbouring doubles', () =>
    fc.assert(
      fc.property(over(0, 1), over(0, 1), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a]
        return _.decreasingOnHalfTurn(lo, hi) && _.decreasingOnHalfTurn(lo, Math.min(1, _.nextUp(lo)))
      }),
      parameters
    ))
  for (const name of names.filter((n) => n !== 'cosPi')) {
    it(`${name} on generated pairs and on neighbouring doubles`, () =>
      fc.assert(
        fc.property(domains[name], domains[name], (a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a]
          return _.monotone(name)(lo, hi) && _.monotone(name)(lo, _.nextUp(lo))
        }),
        parameters
      ))
  }
})

/** [argument, exact result] pairs, compared with Object.is (so −0 and +0 differ). */
const special: Readonly<Record<_.UnaryName, ReadonlyArray<readonly [number, number]>>> = {
  exp: [
    [NaN, NaN],
    [-Infinity, 0],
    [Infinity, Infinity],
    [0, 1],
    [-0, 1],
    [Number.MIN_VALUE, 1],
    [-Number.MIN_VALUE, 1],
    [709.79, Infinity],
    [-745.14, 0],
    [1e308, Infinity],
    [-1e308, 0]
  ],
  expm1: [
    [NaN, NaN],
    [-Infinity, -1],
    [Infinity, Infinity],
    [0, 0],
    [-0, -0],
    [Number.MIN_VALUE, Number.MIN_VALUE],
    [-Number.MIN_VALUE, -Number.MIN_VALUE],
    [709.79, Infinity],
    [-1e308, -1]
  ],
  log: [
    [NaN, NaN],
    [-1, NaN],
    [-Infinity, NaN],
    [-0, -Infinity],
    [0, -Infinity],
    [Infinity, Infinity],
    [1, 0]
  ],
  log1p: [
    [NaN, NaN],
    [-1.5, NaN],
    [-Infinity, NaN],
    [-1, -Infinity],
    [0, 0],
    [-0, -0],
    [Infinity, Infinity],
    [Number.MIN_VALUE, Number.MIN_VALUE],
    [-Number.MIN_VALUE, -Number.MIN_VALUE]
  ],
  log2: [
    [NaN, NaN],
    [-1, NaN],
    [-0, -Infinity],
    [0, -Infinity],
    [Infinity, Infinity],
    [1, 0]
  ],
  cosPi: [
    [NaN, NaN],
    [Infinity, NaN],
    [-Infinity, NaN],
    [0, 1],
    [-0, 1],
    [1, -1],
    [-1, -1],
    [0.5, 0],
    [2, 1],
    [3, -1],
    [2 ** 60, 1],
    [Number.MIN_VALUE, 1]
  ],
  tanh: [
    [NaN, NaN],
    [Infinity, 1],
    [-Infinity, -1],
    [0, 0],
    [-0, -0],
    [Number.MIN_VALUE, Number.MIN_VALUE],
    [-Number.MIN_VALUE, -Number.MIN_VALUE],
    [1e300, 1],
    [-1e300, -1]
  ]
}

/** Arguments at the edges (subnormals, the overflow and underflow thresholds, extremes), checked within one ulp. */
const edges: Readonly<Record<_.UnaryName, ReadonlyArray<number>>> = {
  exp: [
    709.782712893384,
    709.7827128933839,
    -745.1332191019411,
    -745.1,
    -708.3964185322641,
    -708.4,
    2 ** -28,
    -(2 ** -28),
    0.5 * Math.LN2,
    -0.5 * Math.LN2,
    1.5 * Math.LN2
  ],
  expm1: [
    709.782712893384,
    -40,
    -37.5,
    2 ** -54,
    2 ** -53,
    -(2 ** -54),
    0.5 * Math.LN2,
    -0.5 * Math.LN2,
    56 * Math.LN2
  ],
  log: [
    Number.MIN_VALUE,
    2 ** -1022,
    2 ** -1022 - 2 ** -1074,
    Number.MAX_VALUE,
    Math.SQRT2,
    Math.SQRT1_2,
    1 - 2 ** -53,
    1 + 2 ** -52
  ],
  log1p: [
    Number.MAX_VALUE,
    -1 + 2 ** -53,
    2 ** -1022,
    Math.SQRT2 - 1,
    Math.SQRT1_2 - 1,
    2 ** -54,
    2 ** -53,
    2 ** 53,
    2 ** 53 + 2
  ],
  log2: [
    Number.MIN_VALUE,
    3 * Number.MIN_VALUE,
    2 ** -1022 - 2 ** -1074,
    Number.MAX_VALUE,
    Math.SQRT2,
    Math.SQRT1_2,
    1 - 2 ** -53,
    1 + 2 ** -52,
    3
  ],
  cosPi: [0.25, 0.25 + 2 ** -54, 0.5 - 2 ** -54, 0.5 + 2 ** -53, 1 - 2 ** -53, 1 / 3, 1 / 6, 1.75, -0.3, 2 ** 52 + 0.5],
  tanh: [2 ** -28, -(2 ** -28), 2 ** -27, 0.125, 0.5 * Math.LN2, 19.06, 21.99, -21.99, 22 - 2 ** -48]
}

describe('special points', () => {
  for (const name of names) {
    it(`${name}: NaN, ±0, ±∞, subnormals and the ends of the domain give their exact results`, () => {
      for (const [x, y] of special[name]) expect([x, Elementary[name](x)]).toEqual([x, y])
    })
    it(`${name}: within one ulp at the thresholds and edges`, () => {
      for (const x of edges[name]) expect([x, _.ulpError(name, x)]).toSatisfy(([, u]) => (u as number) <= 1)
    })
  }

  it('log2 is exact at every power of two, subnormal ones included', () => {
    for (let k = -1074; k <= 1023; k++) expect(Elementary.log2(2 ** k)).toBe(k)
  })

  it("pow follows ECMAScript's Math.pow at its special cases, and is exact at powers of two", () => {
    const values = [
      NaN,
      0,
      -0,
      Infinity,
      -Infinity,
      1,
      -1,
      0.5,
      -0.5,
      2,
      -2,
      3,
      -3,
      2.5,
      -2.5,
      Number.MIN_VALUE,
      -Number.MIN_VALUE
    ]
    for (const x of values)
      for (const y of values) {
        // those whose result ECMAScript fixes exactly (the rest are checked within one ulp above)
        const fixed =
          [x, y].some((v) => v !== v || v === 0 || !Number.isFinite(v)) ||
          Math.abs(x) === 1 ||
          ((Math.abs(x) === 2 || Math.abs(x) === 0.5) && Number.isInteger(y)) ||
          (Number.isInteger(y) && Math.abs(y) <= 3 && Number.isInteger(x)) ||
          (x < 0 && !Number.isInteger(y))
        if (fixed) expect([x, y, Elementary.pow(x, y)]).toEqual([x, y, Math.pow(x, y)])
      }
    for (let k = -1074; k <= 1023; k++) expect(Elementary.pow(2, k)).toBe(2 ** k)
  })
})

describe('fixed bits: a hash of each function over 10^4 fixed arguments (the fingerprint script hashes 10^5)', () => {
  const pinned: Readonly<Record<string, string>> = {
    exp: 'df51fc730df99594',
    expm1: '3cc6487c3677d932',
    log: 'cbad85446ad4a651',
    log1p: '8651d40b7189ce5e',
    log2: '9cf575a3ba53e8b9',
    tanh: 'cf496b96e0284afa',
    cosPi: '8452298cde8a4c76',
    pow: 'f8bc54ab48f681f8'
  }
  for (const name of Object.keys(pinned) as ReadonlyArray<keyof typeof Elementary>) {
    it(name, () => expect(fingerprint(name, 10_000)).toBe(pinned[name]))
  }
})
