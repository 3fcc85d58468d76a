/**
 * Uniformly distributed doubles.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import type { Shape, Tensor } from '../tensor/Tensor.js'
import { invalidArgument, type InvalidArgument, type InvalidShape } from '../tensor/TensorError.js'
import { finite } from './arguments.js'
import { drawOptions, drawTensor } from './drawTensor.js'
import type { Key } from './Key.js'
import { fillUnits } from './stream.js'

/**
 * The bounds of {@link uniform}: `low` included, `high` excluded.
 *
 * @category model
 * @since 0.1.0
 */
export interface UniformOptions {
  readonly low?: number
  readonly high?: number
}

/** The largest double below `x` (finite `x`). */
const before = (x: number): number => {
  if (x === 0) return -Number.MIN_VALUE
  const f = new Float64Array([x])
  const bits = new BigInt64Array(f.buffer)
  bits[0] = (bits[0] as bigint) + (x > 0 ? -1n : 1n)
  return f[0] as number
}

const checkBounds = (low: number, high: number): E.Either<InvalidArgument, readonly [number, number]> =>
  pipe(
    finite('uniform', 'low')(low),
    E.chain(() => finite('uniform', 'high')(high)),
    E.chain(() =>
      low < high
        ? Number.isFinite(high - low)
          ? E.right([low, high] as const)
          : E.left(invalidArgument('uniform', `high − low (${high} − ${low}) overflows; the range must be finite`))
        : E.left(invalidArgument('uniform', `low (${low}) must be below high (${high})`))
    )
  )

/**
 * A tensor of the given shape with doubles uniform on `[low, high)` (default `[0, 1)`).
 * Element `i` is `low + (high − low) · u` with `u` the 53-bit uniform of Threefry block `i`
 * (a multiple of 2^-53); a value that rounds up to `high` is replaced by the double just below
 * it, so `high` is never drawn.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Random } from 'gradfold'
 * pipe(Random.key(0), E.chain(Random.uniform([2, 3], { low: -1, high: 1 }))) // right: a [2, 3] tensor
 * pipe(Random.key(0), E.chain(Random.uniform([2], { low: 1, high: 1 }))) // left: uniform: low (1) must be below high (1)
 *
 * @category draws
 * @since 0.1.0
 */
export const uniform =
  (shape: Shape, options: UniformOptions = {}) =>
  (k: Key): E.Either<InvalidShape | InvalidArgument, Tensor> =>
    drawTensor(
      drawOptions('uniform', k, options, (o) => checkBounds(o.low ?? 0, o.high ?? 1)),
      shape,
      ([low, high], out) => {
        fillUnits(k, out)
        if (low === 0 && high === 1) return
        const width = high - low
        const top = before(high)
        for (let i = 0; i < out.length; i++) {
          const x = low + width * (out[i] as number)
          out[i] = x < high ? x : top
        }
      }
    )
