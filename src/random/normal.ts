/**
 * Normally distributed doubles, by Marsaglia's polar method on the uniform stream.
 *
 * Determinism across platforms: the method needs a square root and a logarithm, and no
 * trigonometry. `Math.sqrt` is correctly rounded (IEEE 754 and ECMAScript require it), so it is
 * the same everywhere. The logarithm is `Elementary.log`, computed from `+ − × ÷`, because
 * `Math.log` is only approximated to the engine's taste: V8 has swapped its fdlibm port for
 * LLVM's libc, so its last bit can change with the Node version. `Math.sin` and `Math.cos`
 * (Box–Muller) are avoided for the same reason: V8 builds have used fdlibm's, glibc's and
 * LLVM's. So the same key gives the same normals on every machine, engine and version.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import { log } from '../math/log.js'
import type { Shape, Tensor } from '../tensor/Tensor.js'
import { invalidArgument, type InvalidArgument, type InvalidShape } from '../tensor/TensorError.js'
import { finite } from './arguments.js'
import { drawOptions, drawTensor } from './drawTensor.js'
import type { Key } from './Key.js'
import { streamOf, type WordStream } from './stream.js'

/**
 * The parameters of {@link normal}: mean (default 0) and standard deviation (default 1).
 *
 * @category model
 * @since 0.1.0
 */
export interface NormalOptions {
  readonly mean?: number
  readonly std?: number
}

/**
 * Every standard normal drawn here has |z| < 12.01: with `v` on a grid of 2^-52, the polar
 * method's `s = v1² + v2²` is at least 2^-104 and |z| ≤ √(−2 ln s) ≤ √(208 ln 2). So
 * `|mean| + 13 · std` finite means every `mean + std · z` is finite.
 */
const Z_BOUND = 13

const checkParameters = (mean: number, std: number): E.Either<InvalidArgument, readonly [number, number]> =>
  pipe(
    finite('normal', 'mean')(mean),
    E.chain(() => finite('normal', 'std')(std)),
    E.chain(() =>
      std < 0
        ? E.left(invalidArgument('normal', `std is ${std}; expected a non-negative number`))
        : Number.isFinite(Math.abs(mean) + Z_BOUND * std)
          ? E.right([mean, std] as const)
          : E.left(
              invalidArgument('normal', `mean (${mean}) and std (${std}) could give values beyond the largest double`)
            )
    )
  )

/**
 * Fills `out` with standard normals from `stream`, two per accepted pair: `v1, v2` uniform on
 * [−1, 1), kept when `0 < s = v1² + v2² < 1` (probability π/4), then `v · √(−2 ln s / s)`.
 */
const fillStandardNormals = (stream: WordStream, out: Float64Array): void => {
  let i = 0
  while (i < out.length) {
    const v1 = 2 * stream.unit() - 1
    const v2 = 2 * stream.unit() - 1
    const s = v1 * v1 + v2 * v2
    if (s >= 1 || s === 0) continue
    const f = Math.sqrt((-2 * log(s)) / s)
    out[i++] = v1 * f
    if (i < out.length) out[i++] = v2 * f
  }
}

/**
 * A tensor of the given shape with normal doubles of the given mean and standard deviation
 * (default 0 and 1): `mean + std · z`, `z` standard normal by Marsaglia's polar method.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Random } from 'gradfold'
 * pipe(Random.key(0), E.chain(Random.normal([3, 2], { std: 0.1 }))) // right: a [3, 2] tensor
 * pipe(Random.key(0), E.chain(Random.normal([3], { std: -1 }))) // left: normal: std is -1; expected a non-negative number
 *
 * @category draws
 * @since 0.1.0
 */
export const normal =
  (shape: Shape, options: NormalOptions = {}) =>
  (k: Key): E.Either<InvalidShape | InvalidArgument, Tensor> =>
    drawTensor(
      drawOptions('normal', k, options, (o) => checkParameters(o.mean ?? 0, o.std ?? 1)),
      shape,
      ([mean, std], out) => {
        fillStandardNormals(streamOf(k), out)
        if (mean !== 0 || std !== 1) for (let i = 0; i < out.length; i++) out[i] = mean + std * (out[i] as number)
      }
    )
