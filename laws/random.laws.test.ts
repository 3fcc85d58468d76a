import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as Random from '../src/random/index.js'
import type { Key } from '../src/random/Key.js'
import type { Tensor } from '../src/tensor/Tensor.js'
import { arbKey, finiteDouble, shape } from './arbitraries.js'
import { lawParameters } from './config.js'
import * as _ from './random.js'
import * as Advanced from '../src/advanced.js'

const arbShape = shape({ maxRank: 3, maxDim: 5 })
const uint32Range = fc.integer({ min: 1, max: 2 ** 32 })
const smallCount = fc.integer({ min: 0, max: 64 })

const holds = <Ts extends [unknown, ...unknown[]]>(property: fc.IProperty<Ts>): void =>
  fc.assert(property, lawParameters)

describe('determinism: the same key gives bit-identical draws', () => {
  it('bits', () => holds(fc.property(arbKey, smallCount, (k, n) => _.deterministic(Advanced.Random.bits(n))(k))))
  it('uniform', () =>
    holds(
      fc.property(arbKey, arbShape, finiteDouble(1e6), finiteDouble(1e6), (k, s, a, b) =>
        _.deterministic(Random.uniform(s, { low: Math.min(a, b), high: Math.max(a, b) }))(k)
      )
    ))
  it('normal', () =>
    holds(
      fc.property(arbKey, arbShape, finiteDouble(), fc.double({ min: 0, max: 1e3, noNaN: true }), (k, s, mean, std) =>
        _.deterministic(Random.normal(s, { mean, std }))(k)
      )
    ))
  it('integers and randint', () =>
    holds(
      fc.property(
        arbKey,
        smallCount,
        uint32Range,
        (k, c, n) => _.deterministic(Random.integers(c, n))(k) && _.deterministic(Random.randint(n))(k)
      )
    ))
  it('permutation', () => holds(fc.property(arbKey, smallCount, (k, n) => _.deterministic(Random.permutation(n))(k))))
  it('bernoulli', () =>
    holds(
      fc.property(arbKey, arbShape, fc.double({ min: 0, max: 1, noNaN: true }), (k, s, p) =>
        _.deterministic(Random.bernoulli(p, s))(k)
      )
    ))
  it('split, split2 and foldIn', () =>
    holds(
      fc.property(arbKey, fc.integer({ min: 1, max: 8 }), fc.maxSafeInteger(), (k, n, d) =>
        [_.deterministic(Random.split(n)), _.deterministic(Random.split2), _.deterministic(Random.foldIn(d))].every(
          (law) => law(k)
        )
      )
    ))
  it('tells a draw that changes from call to call (the predicate can fail)', () => {
    let calls = 0
    const drifting = (k: Key): unknown => Random.uniform([2])({ ...k, k1: (k.k1 + ++calls) >>> 0 })
    expect(_.deterministic(drifting)({ _tag: 'Key', k0: 0, k1: 0 })).toBe(false)
  })
})

describe('splitting and folding in', () => {
  it('split children differ from the parent and from each other', () =>
    holds(fc.property(arbKey, fc.integer({ min: 1, max: 32 }), (k, n) => _.splitChildrenDistinct(n)(k))))
  it('split children draw different streams from each other and from the parent', () =>
    holds(fc.property(arbKey, fc.integer({ min: 1, max: 8 }), (k, n) => _.splitStreamsDistinct(n, 4)(k))))
  it('draw blocks, split children and foldIn keys of one key are all distinct (domain separation)', () =>
    holds(fc.property(arbKey, fc.integer({ min: 1, max: 16 }), (k, n) => _.purposesDoNotShareBlocks(n)(k))))
  it('split(n) is a prefix of split(n + 1), and split2 is split(2)', () =>
    holds(fc.property(arbKey, fc.integer({ min: 1, max: 16 }), (k, n) => _.splitIsPrefixStable(n)(k))))
  it('foldIn of distinct data gives distinct keys', () =>
    holds(
      fc.property(arbKey, fc.maxSafeInteger(), fc.maxSafeInteger(), (k, a, b) => {
        fc.pre(a !== b)
        return _.foldInInjective(a, b)(k)
      })
    ))
  it('foldIn of neighbouring epochs gives distinct keys', () =>
    holds(fc.property(arbKey, fc.integer({ min: -1000, max: 1000 }), (k, a) => _.foldInInjective(a, a + 1)(k))))
})

describe('draws', () => {
  it('permutation is a permutation', () =>
    holds(fc.property(arbKey, fc.integer({ min: 0, max: 200 }), (k, n) => _.permutationIsPermutation(n)(k))))
  it("uniforms and Bernoulli masks are read from the key's words", () =>
    holds(
      fc.property(arbKey, arbShape, fc.double({ min: 0, max: 1, noNaN: true }), (k, s, p) =>
        _.drawsShareOneStream(s, p)(k)
      )
    ))
  it('uniform stays in [low, high), however narrow the range', () =>
    holds(
      fc.property(arbKey, finiteDouble(1e6), fc.integer({ min: 1, max: 4 }), (k, low, ulps) => {
        const high = low + ulps * Math.max(Number.MIN_VALUE, Math.abs(low) * 2 ** -52)
        fc.pre(low < high)
        const t = Random.uniform([64], { low, high })(k)
        return E.isRight(t) && t.right.data.every((x) => x >= low && x < high)
      })
    ))
  it('integers stay in 0..n−1 and randint is the first of them', () =>
    holds(
      fc.property(arbKey, smallCount, uint32Range, (k, c, n) => {
        const xs = Random.integers(c + 1, n)(k)
        const x = Random.randint(n)(k)
        return (
          E.isRight(xs) &&
          E.isRight(x) &&
          xs.right[0] === x.right &&
          xs.right.every((v) => Number.isInteger(v) && v >= 0 && v < n)
        )
      })
    ))
})

// -------------------------------------------------------------------------------------
// statistics
// -------------------------------------------------------------------------------------

// Each run below draws 10^5 values and tests a distribution, not a key: a handful of generated
// keys shows that the law holds beyond one lucky key, while 200 runs would cost 40× the time
// and test nothing new.
const STATISTICAL_RUNS = 5
const N = 100_000
// Six standard errors. Each statistic is a mean of N i.i.d. terms (or a χ² with many degrees of
// freedom), close to normal by the CLT, so a correct generator fails one check with probability
// about 2·10^-9; a generator off by 6/√N ≈ 2% of a standard deviation in a moment fails it.
const SIGMAS = 6

const statistical = (property: fc.IProperty<[Key]>): void =>
  fc.assert(property, { ...lawParameters, numRuns: STATISTICAL_RUNS })
const data = (t: E.Either<unknown, Tensor>): Float64Array => (E.isRight(t) ? t.right.data : new Float64Array(0))

describe('statistics of 10^5 draws (a few keys, six standard errors)', () => {
  it('uniforms have mean 1/2 and variance 1/12', () =>
    statistical(
      fc.property(arbKey, (k) => {
        const u = data(Random.uniform([N])(k))
        // Var(U) = 1/12; Var((U − 1/2)²) = E(U − 1/2)^4 − (1/12)² = 1/80 − 1/144 = 1/180
        return (
          u.length === N &&
          _.momentAgrees(u, (x) => x, 1 / 2, 1 / 12, SIGMAS) &&
          _.momentAgrees(u, (x) => (x - 0.5) ** 2, 1 / 12, 1 / 180, SIGMAS)
        )
      })
    ))

  it('uniforms fill 100 equal bins evenly (χ²)', () =>
    // χ² with 99 degrees of freedom: mean 99, sd √198 ≈ 14.1, so 6 sd is the band [14.6, 183.4];
    // by Wilson–Hilferty P(χ²₉₉ > 183.4) ≈ 5·10^-7.
    statistical(
      fc.property(arbKey, (k) => _.countsAgreeWithUniform(_.binCounts(data(Random.uniform([N])(k)), 100), SIGMAS))
    ))

  it('standard normals have moments 0, 1, 0, 3', () =>
    statistical(
      fc.property(arbKey, (k) => {
        const z = data(Random.normal([N])(k))
        // Var(Z^m) = E Z^2m − (E Z^m)²: 1, 3 − 1 = 2, 15 − 0 = 15, 105 − 9 = 96
        return (
          z.length === N &&
          _.momentAgrees(z, (x) => x, 0, 1, SIGMAS) &&
          _.momentAgrees(z, (x) => x ** 2, 1, 2, SIGMAS) &&
          _.momentAgrees(z, (x) => x ** 3, 0, 15, SIGMAS) &&
          _.momentAgrees(z, (x) => x ** 4, 3, 96, SIGMAS)
        )
      })
    ))

  it('normals with a mean and std have that mean and variance', () =>
    statistical(
      fc.property(arbKey, (k) => {
        const x = data(Random.normal([N], { mean: -3, std: 2 })(k))
        // Var(X) = 4; Var((X + 3)²) = 2 · 4² = 32
        return _.momentAgrees(x, (v) => v, -3, 4, SIGMAS) && _.momentAgrees(x, (v) => (v + 3) ** 2, 4, 32, SIGMAS)
      })
    ))

  it('every bit of the words is a fair coin', () =>
    statistical(
      fc.property(arbKey, (k) => {
        const w = E.getOrElse((): Uint32Array => new Uint32Array(0))(Advanced.Random.bits(N)(k))
        const bit = new Float64Array(N)
        for (let b = 0; b < 32; b++) {
          for (let i = 0; i < N; i++) bit[i] = ((w[i] as number) >>> b) & 1
          if (!_.momentAgrees(bit, (x) => x, 1 / 2, 1 / 4, SIGMAS)) return false
        }
        return w.length === N
      })
    ))

  it('integers below n are equally likely, also where rejection matters (n = 3 · 2^30, χ²)', () =>
    statistical(
      fc.property(arbKey, (k) => {
        const counts = (n: number, bins: number): Float64Array => {
          const xs = E.getOrElse((): ReadonlyArray<number> => [])(Random.integers(N, n)(k))
          const c = new Float64Array(bins)
          for (const x of xs) c[Math.floor((x * bins) / n)]! += 1 // x · bins is exact; bins divides n
          return c
        }
        // without rejection, w mod 3 · 2^30 would make the first third of the range twice as likely
        return (
          _.countsAgreeWithUniform(counts(10, 10), SIGMAS) && _.countsAgreeWithUniform(counts(3 * 2 ** 30, 12), SIGMAS)
        )
      })
    ))

  it('Bernoulli(0.3) masks have mean 0.3', () =>
    statistical(
      fc.property(arbKey, (k) => _.momentAgrees(data(Random.bernoulli(0.3, [N])(k)), (x) => x, 0.3, 0.3 * 0.7, SIGMAS))
    ))

  it('the 6 orderings of 3 are equally likely (χ², 60 000 epochs of foldIn)', () =>
    statistical(
      fc.property(arbKey, (k) => {
        const counts = new Float64Array(6)
        for (let epoch = 0; epoch < 60_000; epoch++) {
          const p = E.chain(Random.permutation(3))(Random.foldIn(epoch)(k))
          if (E.isLeft(p)) return false
          const [a, b] = p.right as [number, number, number]
          counts[2 * a + (b > a ? b - 1 : b)]! += 1
        }
        return _.countsAgreeWithUniform(counts, SIGMAS)
      })
    ))

  it('the streams of split children and of the parent are uncorrelated', () =>
    statistical(
      fc.property(arbKey, (k) => {
        const [a, b] = Random.split2(k)
        const streams = [k, a, b].map((c) => data(Random.uniform([N])(c)))
        // Var((U − 1/2)(V − 1/2)) = (1/12)² for independent U, V
        const uncorrelated = (x: Float64Array, y: Float64Array): boolean =>
          _.momentAgrees(
            x.map((u, i) => (u - 0.5) * ((y[i] as number) - 0.5)),
            (v) => v,
            0,
            1 / 144,
            SIGMAS
          )
        return (
          uncorrelated(streams[0]!, streams[1]!) &&
          uncorrelated(streams[0]!, streams[2]!) &&
          uncorrelated(streams[1]!, streams[2]!)
        )
      })
    ))
})
