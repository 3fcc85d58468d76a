/**
 * Uniform integers in a range, without modulo bias.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import type { InvalidArgument } from '../tensor/TensorError.js'
import { count as checkCount, integerIn } from './arguments.js'
import { keyArgument, type Key } from './Key.js'
import { streamOf } from './stream.js'

/** The largest range: one uint32 word per accepted draw. */
const MAX_RANGE = 2 ** 32

/**
 * `count` integers uniform on `{0, …, n − 1}` (1 ≤ n ≤ 2^32, 0 ≤ count ≤ 2^27), each from one
 * word of the key's stream with rejection: a word at or above the largest multiple of `n` below
 * 2^32 is drawn again, so every value is exactly equally likely.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Random } from 'gradfold'
 * pipe(Random.key(0), E.chain(Random.integers(5, 6))) // right([1, 2, 4, 2, 0]): five throws of a die, 0..5
 * pipe(Random.key(0), E.chain(Random.integers(5, 0))) // left: integers: n is 0; expected an integer from 1 to 4294967296
 *
 * @category draws
 * @since 0.1.0
 */
export const integers =
  (count: number, n: number) =>
  (k: Key): E.Either<InvalidArgument, ReadonlyArray<number>> =>
    pipe(
      keyArgument('integers')(k),
      E.chain(() => checkCount('integers', 'count')(count)),
      E.chain((c) =>
        pipe(
          integerIn('integers', 'n', 1, MAX_RANGE)(n),
          E.map((range) => {
            const stream = streamOf(k)
            const out = new Array<number>(c)
            for (let i = 0; i < c; i++) out[i] = stream.below(range)
            return out
          })
        )
      )
    )

/**
 * One integer uniform on `{0, …, n − 1}` (1 ≤ n ≤ 2^32): the first of `integers(count, n)`.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Random } from 'gradfold'
 * pipe(Random.key(0), E.chain(Random.randint(10))) // right(9): a digit
 *
 * @category draws
 * @since 0.1.0
 */
export const randint =
  (n: number) =>
  (k: Key): E.Either<InvalidArgument, number> =>
    pipe(
      keyArgument('randint')(k),
      E.chain(() => integerIn('randint', 'n', 1, MAX_RANGE)(n)),
      E.map((range) => streamOf(k).below(range))
    )
