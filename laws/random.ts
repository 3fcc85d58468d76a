/**
 * Laws of the random module, as predicates. Each returns `true` when the law holds for the
 * arguments given; `laws/random.laws.test.ts` runs them on generated keys, and users can run
 * `deterministic` on their own key-taking functions (initialisers, dropout, shuffles).
 *
 * - Determinism: the same key and arguments give bit-identical results.
 * - Splitting: children differ from their parent and from each other, and so do their streams;
 *   `split(n)` is a prefix of `split(n + 1)`; `split2` is `split(2)`.
 * - Folding in: distinct data give distinct keys, none of them the parent.
 * - Draws: a permutation holds each index once; bits, uniforms and Bernoulli masks read one
 *   stream; sample moments and bin counts agree with the distribution within a stated number
 *   of standard errors.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { bernoulli } from '../src/random/bernoulli.js'
import { bits } from '../src/random/bits.js'
import { Eq, foldIn, split, split2, type Key } from '../src/random/Key.js'
import { permutation } from '../src/random/permutation.js'
import { uniform } from '../src/random/uniform.js'
import type { Shape } from '../src/tensor/Tensor.js'

// -------------------------------------------------------------------------------------
// equality, bit for bit
// -------------------------------------------------------------------------------------

const sameBytes = (a: ArrayBufferView, b: ArrayBufferView): boolean => {
  if (a.constructor !== b.constructor || a.byteLength !== b.byteLength) return false
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength)
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
  return x.every((v, i) => v === y[i])
}

/**
 * Structural equality that compares numbers with `Object.is` and typed arrays byte for byte:
 * two draws are identical when every bit is. Works on `Either`s, tensors, keys, arrays.
 *
 * @example
 * import { RandomLaws } from 'gradfold/laws'
 * RandomLaws.identical(Float64Array.of(1, Number.NaN), Float64Array.of(1, Number.NaN)) // => true
 * RandomLaws.identical(0, -0) // => false
 *
 * @category equality
 * @since 0.1.0
 */
export const identical = (a: unknown, b: unknown): boolean => {
  if (typeof a === 'number' || typeof b === 'number') return Object.is(a, b)
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b))
    return ArrayBuffer.isView(a) && ArrayBuffer.isView(b) && sameBytes(a, b)
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a === b
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  return (
    ka.length === kb.length &&
    ka.every(
      (k) =>
        Object.prototype.hasOwnProperty.call(b, k) &&
        identical((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])
    )
  )
}

// -------------------------------------------------------------------------------------
// determinism
// -------------------------------------------------------------------------------------

/**
 * A key-taking function gives bit-identical results when called twice with the same key, and
 * leaves the key as it was.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Random } from 'gradfold'
 * import { RandomLaws } from 'gradfold/laws'
 * // the same key draws the same three numbers
 * pipe(Random.key(0), E.map(RandomLaws.deterministic(Random.uniform([3])))) // right(true)
 *
 * @category determinism
 * @since 0.1.0
 */
export const deterministic =
  <A>(draw: (k: Key) => A) =>
  (k: Key): boolean => {
    const before = { ...k }
    return identical(draw(k), draw(k)) && identical(k, before)
  }

// -------------------------------------------------------------------------------------
// splitting and folding in
// -------------------------------------------------------------------------------------

const allDistinct = (keys: ReadonlyArray<Key>): boolean =>
  keys.every((a, i) => keys.every((b, j) => i === j || !Eq.equals(a, b)))

/**
 * `split(n)` gives `n` keys that differ from the parent and from each other.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Random } from 'gradfold'
 * import { RandomLaws } from 'gradfold/laws'
 * pipe(Random.key(0), E.map(RandomLaws.splitChildrenDistinct(8))) // right(true)
 *
 * @category splitting
 * @since 0.1.0
 */
export const splitChildrenDistinct =
  (n: number) =>
  (k: Key): boolean => {
    const children = split(n)(k)
    return E.isRight(children) && children.right.length === n && allDistinct([k, ...children.right])
  }

/**
 * The first `words` words of the parent's stream and of each of `split(n)`'s children differ
 * pairwise: the children draw different numbers, not only have different names.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Random } from 'gradfold'
 * import { RandomLaws } from 'gradfold/laws'
 * pipe(Random.key(0), E.map(RandomLaws.splitStreamsDistinct(4, 4))) // right(true)
 *
 * @category splitting
 * @since 0.1.0
 */
export const splitStreamsDistinct =
  (n: number, words: number) =>
  (k: Key): boolean => {
    const children = split(n)(k)
    if (E.isLeft(children)) return false
    const streams = [k, ...children.right].map((c) => bits(words)(c))
    return streams.every((a, i) =>
      streams.every((b, j) => i === j || (E.isRight(a) && E.isRight(b) && !sameBytes(a.right, b.right)))
    )
  }

/**
 * The first `n` blocks a key spends on draws, on `split(n)` and on `foldIn(0..n − 1)` are
 * `3n` distinct 64-bit values: the three purposes read disjoint counters (domain separation),
 * so a child key never equals numbers its parent draws, nor a key derived another way.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Random } from 'gradfold'
 * import { RandomLaws } from 'gradfold/laws'
 * pipe(Random.key(0), E.map(RandomLaws.purposesDoNotShareBlocks(4))) // right(true)
 *
 * @category splitting
 * @since 0.1.0
 */
export const purposesDoNotShareBlocks =
  (n: number) =>
  (k: Key): boolean => {
    const words = bits(2 * n)(k)
    const children = split(n)(k)
    const folded = E.sequenceArray(Array.from({ length: n }, (_x, d) => foldIn(d)(k)))
    if (E.isLeft(words) || E.isLeft(children) || E.isLeft(folded)) return false
    const draws = Array.from({ length: n }, (_x, b): Key => ({
      _tag: 'Key',
      k0: words.right[2 * b] as number,
      k1: words.right[2 * b + 1] as number
    }))
    return allDistinct([...draws, ...children.right, ...folded.right])
  }

/**
 * Child `i` does not depend on how many children are asked for, and `split2` is `split(2)`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Random } from 'gradfold'
 * import { RandomLaws } from 'gradfold/laws'
 * pipe(Random.key(0), E.map(RandomLaws.splitIsPrefixStable(4))) // right(true)
 *
 * @category splitting
 * @since 0.1.0
 */
export const splitIsPrefixStable =
  (n: number) =>
  (k: Key): boolean => {
    const small = split(n)(k)
    const large = split(n + 1)(k)
    const two = split(2)(k)
    return (
      E.isRight(small) &&
      E.isRight(large) &&
      E.isRight(two) &&
      identical(small.right, large.right.slice(0, n)) &&
      identical(split2(k), two.right)
    )
  }

/**
 * `foldIn(a)` and `foldIn(b)` of distinct data are distinct keys, and neither is the parent.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Random } from 'gradfold'
 * import { RandomLaws } from 'gradfold/laws'
 * pipe(Random.key(0), E.map(RandomLaws.foldInInjective(1, 2))) // right(true)
 *
 * @category splitting
 * @since 0.1.0
 */
export const foldInInjective =
  (a: number, b: number) =>
  (k: Key): boolean => {
    const ka = foldIn(a)(k)
    const kb = foldIn(b)(k)
    return a !== b && E.isRight(ka) && E.isRight(kb) && allDistinct([k, ka.right, kb.right])
  }

// -------------------------------------------------------------------------------------
// draws
// -------------------------------------------------------------------------------------

/**
 * `xs` holds each of `0, …, n − 1` exactly once.
 *
 * @example
 * import { RandomLaws } from 'gradfold/laws'
 * RandomLaws.isPermutation([2, 0, 1], 3) // => true
 * RandomLaws.isPermutation([0, 0, 1], 3) // => false
 *
 * @category draws
 * @since 0.1.0
 */
export const isPermutation = (xs: ReadonlyArray<number>, n: number): boolean => {
  const seen = new Uint8Array(n)
  for (const x of xs) {
    if (!Number.isInteger(x) || x < 0 || x >= n || seen[x] === 1) return false
    seen[x] = 1
  }
  return xs.length === n
}

/**
 * `permutation(n)` is a permutation of `0, …, n − 1`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Random } from 'gradfold'
 * import { RandomLaws } from 'gradfold/laws'
 * pipe(Random.key(0), E.map(RandomLaws.permutationIsPermutation(10))) // right(true)
 *
 * @category draws
 * @since 0.1.0
 */
export const permutationIsPermutation =
  (n: number) =>
  (k: Key): boolean => {
    const p = permutation(n)(k)
    return E.isRight(p) && isPermutation(p.right, n)
  }

/**
 * The uniforms and the Bernoulli mask of a shape read the key's words: uniform `i` is made from
 * words `2i` and `2i + 1`, and the mask is `uniform < p`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Random } from 'gradfold'
 * import { RandomLaws } from 'gradfold/laws'
 * pipe(Random.key(0), E.map(RandomLaws.drawsShareOneStream([2, 3], 0.5))) // right(true)
 *
 * @category draws
 * @since 0.1.0
 */
export const drawsShareOneStream =
  (shape: Shape, p: number) =>
  (k: Key): boolean => {
    const u = uniform(shape)(k)
    const mask = bernoulli(p, shape)(k)
    if (E.isLeft(u) || E.isLeft(mask)) return false
    const w = bits(2 * u.right.data.length)(k)
    if (E.isLeft(w)) return false
    const words = w.right
    return Array.from(u.right.data).every(
      (x, i) =>
        x === ((words[2 * i] as number) >>> 5) * 2 ** -27 + ((words[2 * i + 1] as number) >>> 6) * 2 ** -53 &&
        mask.right.data[i] === (x < p ? 1 : 0)
    )
  }

// -------------------------------------------------------------------------------------
// statistics
// -------------------------------------------------------------------------------------

/**
 * The sample mean of `g(x)` is within `sigmas` standard errors of its expectation:
 * `|mean(g(x)) − expected| ≤ sigmas · √(variance / n)`, where `variance` is the variance of
 * `g(X)` under the distribution. For i.i.d. draws the sample mean is nearly normal (CLT), so
 * six standard errors are passed with probability about 1 − 2·10^-9.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Random } from 'gradfold'
 * import { RandomLaws } from 'gradfold/laws'
 * // 10 000 uniform draws: their mean is ½ within 4 standard errors (the variance of U(0, 1) is 1/12)
 * pipe(Random.key(0), E.chainW(Random.uniform([10_000])), E.map((u) => RandomLaws.momentAgrees(u.data, (x) => x, 1 / 2, 1 / 12, 4))) // right(true)
 *
 * @category statistics
 * @since 0.1.0
 */
export const momentAgrees = (
  xs: ArrayLike<number>,
  g: (x: number) => number,
  expected: number,
  variance: number,
  sigmas: number
): boolean => {
  let sum = 0
  for (let i = 0; i < xs.length; i++) sum += g(xs[i] as number)
  return Math.abs(sum / xs.length - expected) <= sigmas * Math.sqrt(variance / xs.length)
}

/**
 * Pearson's χ² of counts against equal expected counts.
 *
 * @example
 * import { RandomLaws } from 'gradfold/laws'
 * RandomLaws.chiSquare([10, 10, 10]) // => 0
 * // Σ (count − 10)² / 10
 * RandomLaws.chiSquare([20, 10, 0]) // => 20
 *
 * @category statistics
 * @since 0.1.0
 */
export const chiSquare = (counts: ArrayLike<number>): number => {
  let total = 0
  for (let i = 0; i < counts.length; i++) total += counts[i] as number
  const expected = total / counts.length
  let chi2 = 0
  for (let i = 0; i < counts.length; i++) chi2 += ((counts[i] as number) - expected) ** 2 / expected
  return chi2
}

/**
 * Counts equally likely outcomes agree with the uniform law: χ² lies within `sigmas` standard
 * deviations of its mean under the law, `|χ² − df| ≤ sigmas · √(2 df)`, with `df` one less than
 * the number of outcomes. Too good a fit fails as well as too poor a one.
 *
 * @example
 * import { RandomLaws } from 'gradfold/laws'
 * RandomLaws.countsAgreeWithUniform([98, 103, 99, 100], 4) // => true
 * RandomLaws.countsAgreeWithUniform([400, 0, 0, 0], 4) // => false
 *
 * @category statistics
 * @since 0.1.0
 */
export const countsAgreeWithUniform = (counts: ArrayLike<number>, sigmas: number): boolean => {
  const df = counts.length - 1
  return Math.abs(chiSquare(counts) - df) <= sigmas * Math.sqrt(2 * df)
}

/**
 * The number of values of `xs` (each in [0, 1)) in each of `bins` equal bins.
 *
 * @example
 * import { RandomLaws } from 'gradfold/laws'
 * // two bins of [0, 1): [0, ½) and [½, 1)
 * RandomLaws.binCounts([0.1, 0.2, 0.6, 0.9, 0.95], 2) // => [2, 3]
 *
 * @category statistics
 * @since 0.1.0
 */
export const binCounts = (xs: ArrayLike<number>, bins: number): Float64Array => {
  const counts = new Float64Array(bins)
  for (let i = 0; i < xs.length; i++) {
    const b = Math.min(bins - 1, Math.floor((xs[i] as number) * bins)) // x · bins may round up to bins
    counts[b] = (counts[b] as number) + 1
  }
  return counts
}
