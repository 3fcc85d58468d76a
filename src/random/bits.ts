/**
 * Raw random words: the start of a key's draw stream.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import type { InvalidArgument } from '../tensor/TensorError.js'
import { count as checkCount } from './arguments.js'
import { keyArgument, type Key } from './Key.js'
import { fillWords } from './stream.js'

/**
 * `count` uniformly distributed uint32 words (0 ≤ count ≤ 2^27), in a fresh array: words `2b`
 * and `2b + 1` are Threefry block `b` of the key. `bits(n)(k)` is a prefix of `bits(n + 1)(k)`.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Random } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * pipe(Random.key(0), E.chain(Advanced.Random.bits(2))) // right: Uint32Array [0x6b200159, 0x99ba4efe]
 *
 * @category draws
 * @since 0.1.0
 */
export const bits =
  (count: number) =>
  (k: Key): E.Either<InvalidArgument, Uint32Array> =>
    pipe(
      keyArgument('bits')(k),
      E.chain(() => checkCount('bits', 'count')(count)),
      E.map((n) => {
        const out = new Uint32Array(n)
        fillWords(k, out)
        return out
      })
    )
