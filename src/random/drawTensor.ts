/**
 * The common frame of the tensor draws: check the parameters, check the shape, fill a fresh
 * `Float64Array` of that many elements, hand it out as a tensor.
 *
 * @internal
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import { unsafeMake, validateShape, type Shape, type Tensor } from '../tensor/Tensor.js'
import type { InvalidArgument, InvalidShape } from '../tensor/TensorError.js'
import { optionsArgument } from '../tensor/tensorGuards.js'
import { keyArgument } from './Key.js'

/**
 * A tensor of `shape` filled by `fill(parameters, out)`, once the parameters and the shape are
 * valid. Parameter errors come first.
 *
 * @internal
 */
export const drawTensor = <P>(
  parameters: E.Either<InvalidArgument, P>,
  shape: Shape,
  fill: (p: P, out: Float64Array) => void
): E.Either<InvalidShape | InvalidArgument, Tensor> =>
  pipe(
    parameters,
    E.chainW((p) =>
      pipe(
        validateShape(shape),
        E.map((size) => {
          const out = new Float64Array(size)
          fill(p, out)
          return unsafeMake(shape, out)
        })
      )
    )
  )

/**
 * A draw's parameters, read from its options record once its key is known to be one: the
 * checks every draw with options makes, in that order, on arguments that may come from JSON.
 *
 * @internal
 */
export const drawOptions = <O extends object, P>(
  op: string,
  k: unknown,
  options: O | undefined,
  read: (o: Partial<O>) => E.Either<InvalidArgument, P>
): E.Either<InvalidArgument, P> =>
  pipe(
    keyArgument(op)(k),
    E.chain(() => optionsArgument(op)(options)),
    E.chain(read)
  )
