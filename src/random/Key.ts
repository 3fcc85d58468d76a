/**
 * PRNG keys: randomness as a value that is passed in, never a hidden global generator.
 *
 * A `Key` is two uint32 words, plain JSON-able data, so a checkpoint can store it and a run
 * resumes bit for bit. The generator is Threefry-2x32-20 (see `threefry.ts`), the one JAX
 * uses, chosen because it is
 * - counter-based: value `i` of a stream is `threefry(key, i)`, computed directly, with no state
 *   to carry from one draw to the next;
 * - splittable: a key makes independent child keys, so each layer, epoch or shard gets its own;
 * - pure integer arithmetic: the same key gives the same bits on every machine and Node version.
 *
 * Domain separation. The 64-bit counter `c1 · 2^32 + c0` is partitioned by the top two bits of
 * `c1`, so that the blocks a key spends on different purposes never share a counter:
 * - `00`: draws (`bits`, `uniform`, `normal`, ...) read blocks `b = 0, 1, 2, ...` at counter
 *   `(b mod 2^32, ⌊b / 2^32⌋)`;
 * - `10`: `split` child `i` is the block at counter `(i, 0x80000000)`;
 * - `11`: `foldIn` first derives a folding key from counter `(0, 0xC0000000)`, then encrypts
 *   the 64-bit datum under it.
 * Because the cipher is a bijection for a fixed key, children of one `split` are pairwise
 * distinct, `foldIn` of distinct data gives distinct keys, and neither reuses a block that a
 * draw from the parent reads.
 *
 * Laws (checked in `laws/random.laws.test.ts`): the same key gives bit-identical draws; split
 * children differ from their parent and from each other, and so do their streams; `foldIn` is
 * injective in its datum.
 *
 * @since 0.1.0
 */
import { describe } from '../tensor/describe.js'
import * as E from '#fp-ts/Either.js'
import type { Eq as EqType } from '#fp-ts/Eq.js'
import { pipe } from '#fp-ts/function.js'
import { invalidArgument, type InvalidArgument } from '../tensor/TensorError.js'
import { MAX_ELEMENTS } from '../tensor/Tensor.js'
import { integerIn, safeInteger } from './arguments.js'
import { wrongType } from '../tensor/tensorGuards.js'
import { threefry2x32Into } from './threefry.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A PRNG key: the two uint32 words of a Threefry key.
 *
 * @category model
 * @since 0.1.0
 */
export interface Key {
  readonly _tag: 'Key'
  readonly k0: number
  readonly k1: number
}

/** @internal The high word of the counters `split` uses. */
export const SPLIT_DOMAIN = 0x80000000

/** @internal The high word of the counter `foldIn` derives its folding key from. */
export const FOLD_DOMAIN = 0xc0000000

// -------------------------------------------------------------------------------------
// refinements
// -------------------------------------------------------------------------------------

const isWord = (u: unknown): u is number => typeof u === 'number' && Number.isInteger(u) && u >= 0 && u <= 0xffffffff

/**
 * A `Key` with two uint32 words.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Random } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * pipe(Random.key(0), E.map(Advanced.Random.isKey)) // right(true)
 * Advanced.Random.isKey({ k0: 0, k1: 0 }) // => false
 *
 * @category refinements
 * @since 0.1.0
 */
export const isKey = (u: unknown): u is Key => {
  if (typeof u !== 'object' || u === null) return false
  // A value from `any` may hold getters that throw: such a value is no key (a key's fields are data).
  try {
    return (
      (u as { readonly _tag?: unknown })._tag === 'Key' &&
      isWord((u as { readonly k0?: unknown }).k0) &&
      isWord((u as { readonly k1?: unknown }).k1)
    )
  } catch {
    return false
  }
}

/**
 * Right when `k` is a key; otherwise a Left naming `op`. Every draw checks its key with this
 * (in O(1)), since a key may arrive from JSON (a checkpoint, a config) through `any`.
 *
 * @internal
 */
export const keyArgument =
  (op: string) =>
  (k: unknown): E.Either<InvalidArgument, Key> =>
    isKey(k) ? E.right(k) : E.left(wrongType(op, 'the key', 'a key (Random.key, Random.fromWords)')(k))

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Wraps two words the library just computed as uint32.
 *
 * @internal
 */
export const unsafeKey = (k0: number, k1: number): Key => Object.freeze({ _tag: 'Key' as const, k0, k1 })

/** The 64-bit two's complement of a safe integer, as its high and low uint32 words. */
const int64Words = (x: number): readonly [number, number] => {
  const hi = Math.floor(x / 2 ** 32)
  return [hi >>> 0, x - hi * 2 ** 32]
}

/**
 * The key of an integer seed. Any safe integer, negative too: the seed is read as a 64-bit
 * two's complement integer whose high word is `k0` and low word `k1`, as `jax.random.PRNGKey`
 * does, so distinct seeds give distinct keys and `key(42)` has the words of `PRNGKey(42)`.
 *
 * @example
 * import { Random } from 'gradfold'
 * Random.key(42) // right({ _tag: 'Key', k0: 0, k1: 42 })
 * Random.key(-1) // right({ _tag: 'Key', k0: 0xffffffff, k1: 0xffffffff })
 * Random.key(0.5) // left: key: seed is 0.5; expected a safe integer ...
 *
 * @category constructors
 * @since 0.1.0
 */
export const key = (seed: number): E.Either<InvalidArgument, Key> =>
  pipe(
    safeInteger('key', 'seed')(seed),
    E.map((s) => unsafeKey(...int64Words(s)))
  )

/**
 * A key from its two words, for keys read back from a checkpoint. Each must be a uint32.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Random.fromWords(0, 42) // right({ _tag: 'Key', k0: 0, k1: 42 })
 * Advanced.Random.fromWords(-1, 0) // left: fromWords: words are -1 and 0; each must be an integer from 0 to 2^32 − 1
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromWords = (k0: number, k1: number): E.Either<InvalidArgument, Key> =>
  isWord(k0) && isWord(k1)
    ? E.right(unsafeKey(k0, k1))
    : E.left(
        invalidArgument(
          'fromWords',
          `words are ${describe(k0)} and ${describe(k1)}; each must be an integer from 0 to 2^32 − 1`
        )
      )

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/** Child `i` of a split: the block at counter `(i, SPLIT_DOMAIN)`. */
const child = (k: Key, i: number, out: Uint32Array): Key => {
  threefry2x32Into(k.k0, k.k1, i, SPLIT_DOMAIN, out, 0)
  return unsafeKey(out[0] as number, out[1] as number)
}

/**
 * `n` new keys from one (1 ≤ n ≤ 2^27). Child `i` does not depend on `n`, so
 * `split(n)(k)` is a prefix of `split(n + 1)(k)`. Use the children, not the parent, from then on.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Random } from 'gradfold'
 * pipe(Random.key(0), E.chain(Random.split(3))) // right: three distinct keys
 *
 * @category combinators
 * @since 0.1.0
 */
export const split =
  (n: number) =>
  (k: Key): E.Either<InvalidArgument, ReadonlyArray<Key>> =>
    pipe(
      keyArgument('split')(k),
      E.chain(() => integerIn('split', 'n', 1, MAX_ELEMENTS)(n)),
      E.map((m) => {
        const out = new Uint32Array(2)
        const keys = new Array<Key>(m)
        for (let i = 0; i < m; i++) keys[i] = child(k, i, out)
        return keys
      })
    )

/**
 * Two new keys from one: the same pair as `split(2)`, total.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Random } from 'gradfold'
 * pipe(Random.key(0), E.map(Random.split2)) // right: [init key, dropout key]
 *
 * @category combinators
 * @since 0.1.0
 */
export const split2 = (k: Key): readonly [Key, Key] => {
  const out = new Uint32Array(2)
  return Object.freeze([child(k, 0, out), child(k, 1, out)] as const)
}

/**
 * A key derived from `k` and a safe integer, such as an epoch or a step number: distinct data
 * give distinct keys, and the datum is read as a 64-bit two's complement integer.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Random } from 'gradfold'
 * pipe(Random.key(0), E.chain(Random.foldIn(7))) // right: the key of epoch 7
 *
 * @category combinators
 * @since 0.1.0
 */
export const foldIn =
  (data: number) =>
  (k: Key): E.Either<InvalidArgument, Key> =>
    pipe(
      keyArgument('foldIn')(k),
      E.chain(() => safeInteger('foldIn', 'data')(data)),
      E.map((d) => {
        const out = new Uint32Array(2)
        threefry2x32Into(k.k0, k.k1, 0, FOLD_DOMAIN, out, 0)
        const [hi, lo] = int64Words(d)
        threefry2x32Into(out[0] as number, out[1] as number, lo, hi, out, 0)
        return unsafeKey(out[0] as number, out[1] as number)
      })
    )

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

/**
 * Keys are equal when both words are.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Random } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // the key of seed 1 is the key of the words (0, 1)
 * pipe(
 *   E.Do,
 *   E.apS('a', Random.key(1)),
 *   E.apS('b', Advanced.Random.fromWords(0, 1)),
 *   E.map(({ a, b }) => Advanced.Random.Eq.equals(a, b))
 * ) // right(true)
 *
 * @category instances
 * @since 0.1.0
 */
export const Eq: EqType<Key> = {
  equals: (a, b) => a.k0 === b.k0 && a.k1 === b.k1
}
