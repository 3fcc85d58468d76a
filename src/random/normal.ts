/**
 * Normally distributed doubles, by Marsaglia's polar method on the uniform stream.
 *
 * Determinism across platforms: the method needs `Math.log` and `Math.sqrt` and no trigonometry.
 * `Math.sqrt` is correctly rounded (IEEE 754), and V8's `Math.log` is its port of fdlibm's
 * `__ieee754_log`, compiled into V8 itself rather than taken from the system's libm, so the
 * same key gives the same normals on every machine. `Math.sin` and `Math.cos` are avoided on
 * purpose: V8 can be built with either fdlibm's or glibc's trigonometry (Chromium and Node's
 * builds have differed), which would make Box–Muller's last bits depend on the build.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { unsafeMake, validateShape, type Shape, type Tensor } from '../tensor/Tensor.js'
import { invalidArgument, type InvalidArgument, type InvalidShape } from '../tensor/TensorError.js'
import { finite } from './arguments.js'
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
          : E.left(invalidArgument('normal', `mean (${mean}) and std (${std}) could give values beyond the largest double`))
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
    const f = Math.sqrt((-2 * Math.log(s)) / s)
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
 * pipe(Random.key(0), E.chain(Random.normal([3], { std: -1 }))) // left: std is -1; expected a non-negative number
 *
 * @category draws
 * @since 0.1.0
 */
export const normal =
  (shape: Shape, options: NormalOptions = {}) =>
  (k: Key): E.Either<InvalidShape | InvalidArgument, Tensor> =>
    pipe(
      checkParameters(options.mean ?? 0, options.std ?? 1),
      E.chainW(([mean, std]) =>
        pipe(
          validateShape(shape),
          E.map((size) => {
            const out = new Float64Array(size)
            fillStandardNormals(streamOf(k), out)
            if (mean !== 0 || std !== 1) for (let i = 0; i < size; i++) out[i] = mean + std * (out[i] as number)
            return unsafeMake(shape, out)
          })
        )
      )
    )
