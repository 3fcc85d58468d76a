/**
 * Coin flips: tensors of zeros and ones, for dropout masks and the like.
 *
 * @since 0.1.0
 */
import { describe } from '../tensor/describe.js'
import * as E from '#fp-ts/Either.js'
import type { Shape, Tensor } from '../tensor/Tensor.js'
import { invalidArgument, type InvalidArgument, type InvalidShape } from '../tensor/TensorError.js'
import { drawTensor } from './drawTensor.js'
import { keyArgument, type Key } from './Key.js'
import { fillUnits } from './stream.js'

const checkProbability = (p: number): E.Either<InvalidArgument, number> =>
  p >= 0 && p <= 1
    ? E.right(p)
    : E.left(invalidArgument('bernoulli', `p is ${describe(p)}; expected a probability from 0 to 1`))

/**
 * A tensor of the given shape whose elements are 1 with probability `p` and 0 otherwise:
 * element `i` is 1 exactly when the 53-bit uniform of block `i` is below `p`, so it is the
 * threshold of `uniform(shape)` with the same key. `p = 0` gives all zeros, `p = 1` all ones.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Random } from 'gradfold'
 * pipe(Random.key(0), E.chain(Random.bernoulli(0.8, [4]))) // right: a keep-mask for dropout, here [1, 1, 1, 1]
 * pipe(Random.key(0), E.chain(Random.bernoulli(1.5, [4]))) // left: bernoulli: p is 1.5; expected a probability from 0 to 1
 *
 * @category draws
 * @since 0.1.0
 */
export const bernoulli =
  (p: number, shape: Shape) =>
  (k: Key): E.Either<InvalidShape | InvalidArgument, Tensor> =>
    drawTensor(E.chain(() => checkProbability(p))(keyArgument('bernoulli')(k)), shape, (q, out) => {
      fillUnits(k, out)
      for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) < q ? 1 : 0
    })
