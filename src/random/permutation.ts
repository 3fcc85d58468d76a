/**
 * Random orderings, for shuffling a data set.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import type { InvalidArgument } from '../tensor/TensorError.js'
import { count as checkCount } from './arguments.js'
import { keyArgument, type Key } from './Key.js'
import { streamOf } from './stream.js'

/**
 * A uniformly random permutation of `0, …, n − 1` (0 ≤ n ≤ 2^27): Fisher–Yates from the last
 * place down, swapping place `i` with a place drawn without bias from `0..i`.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Random } from 'gradfold'
 * pipe(Random.key(0), E.chain(Random.permutation(5))) // right([3, 0, 1, 2, 4])
 *
 * @category draws
 * @since 0.1.0
 */
export const permutation =
  (n: number) =>
  (k: Key): E.Either<InvalidArgument, ReadonlyArray<number>> =>
    pipe(
      keyArgument('permutation')(k),
      E.chain(() => checkCount('permutation', 'n')(n)),
      E.map((size) => {
        const stream = streamOf(k)
        const order = new Array<number>(size)
        for (let i = 0; i < size; i++) order[i] = i
        for (let i = size - 1; i > 0; i--) {
          const j = stream.below(i + 1)
          const t = order[i] as number
          order[i] = order[j] as number
          order[j] = t
        }
        return order
      })
    )
