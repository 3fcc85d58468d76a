/**
 * Initialisers: how a layer's first weights are drawn. An `Initializer` takes the shape, then
 * an explicit key, and answers the tensor (or why the shape or its parameters will not do):
 * the same key always gives the same bits, and nothing reads a hidden generator.
 *
 * The variance-scaling rules read the fans off the shape as Keras does for `W` `[in, out]`:
 * a matrix has fan-in `in` and fan-out `out`; a vector `[n]` has both `n`; a scalar has both 1;
 * a higher-rank kernel `[..., in, out]` multiplies both by the product of the leading
 * dimensions (its receptive field). The normal variants draw from an untruncated normal, as
 * PyTorch's `xavier_normal_` and `kaiming_normal_` do.
 *
 * | initialiser | draws from |
 * | --- | --- |
 * | `glorotUniform` | `U(−√(6 / (fanIn + fanOut)), +√(6 / (fanIn + fanOut)))` |
 * | `glorotNormal` | `N(0, 2 / (fanIn + fanOut))` |
 * | `heUniform` | `U(−√(6 / fanIn), +√(6 / fanIn))` |
 * | `heNormal` | `N(0, 2 / fanIn)` |
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { describe } from '../tensor/describe.js'
import type { Key } from '../random/Key.js'
import { normal as drawNormal, type NormalOptions } from '../random/normal.js'
import { uniform as drawUniform, type UniformOptions } from '../random/uniform.js'
import { unsafeMake, validateShape, type Shape, type Tensor } from '../tensor/Tensor.js'
import { invalidArgument, showShape, type InvalidArgument, type InvalidShape } from '../tensor/TensorError.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Why an initialiser could not draw: a bad shape, or parameters that give no finite values.
 *
 * @category model
 * @since 0.1.0
 */
export type InitError = InvalidShape | InvalidArgument

/**
 * `shape → key → tensor`.
 *
 * @category model
 * @since 0.1.0
 */
export type Initializer = (shape: Shape) => (key: Key) => E.Either<InitError, Tensor>

/**
 * The initialisers a configuration can name without parameters.
 *
 * @category model
 * @since 0.1.0
 */
export type InitName = 'zeros' | 'glorotUniform' | 'glorotNormal' | 'heUniform' | 'heNormal'

// -------------------------------------------------------------------------------------
// fans
// -------------------------------------------------------------------------------------

/**
 * `[fanIn, fanOut]` of a weight of this shape (see the module's header).
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.NN.fans([784, 128]) // right([784, 128])
 * Advanced.NN.fans([-1]) // left: invalid shape [-1]…
 *
 * @category fans
 * @since 0.1.0
 */
export const fans = (shape: Shape): E.Either<InvalidShape, readonly [number, number]> =>
  E.map((): readonly [number, number] => {
    if (shape.length === 0) return [1, 1]
    if (shape.length === 1) return [shape[0]!, shape[0]!]
    const receptive = shape.slice(0, -2).reduce((a, d) => a * d, 1)
    return [shape[shape.length - 2]! * receptive, shape[shape.length - 1]! * receptive]
  })(validateShape(shape))

/** `√(numerator / fan)`, or why the fan gives none. */
const scaleFor = (op: string, shape: Shape, numerator: number, fan: number): E.Either<InvalidArgument, number> =>
  fan > 0
    ? E.right(Math.sqrt(numerator / fan))
    : E.left(invalidArgument(op, `shape ${showShape(shape)} has a fan of 0; there is no scale to draw with`))

// -------------------------------------------------------------------------------------
// initialisers
// -------------------------------------------------------------------------------------

/**
 * Every element `value`; the key is not used.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { NN, Random } from 'gradfold'
 * pipe(Random.key(0), E.chainW(NN.constant(0.1)([3]))) // right: [0.1, 0.1, 0.1]
 *
 * @category initialisers
 * @since 0.1.0
 */
export const constant =
  (value: number): Initializer =>
  (shape) =>
  () => {
    if (!Number.isFinite(value))
      return E.left(invalidArgument('constant', `the value is ${describe(value)}; expected a finite number`))
    return E.map((size: number) => unsafeMake(shape, new Float64Array(size).fill(value)))(validateShape(shape))
  }

/**
 * Zeros; the key is not used. The usual bias initialiser.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { NN, Random } from 'gradfold'
 * pipe(Random.key(0), E.chainW(NN.zeros([3]))) // right([0, 0, 0])
 *
 * @category initialisers
 * @since 0.1.0
 */
export const zeros: Initializer = constant(0)

/**
 * Uniform on `[low, high)` (default `[0, 1)`).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { NN, Random, Tensor } from 'gradfold'
 * const draw = (seed: number) => pipe(Random.key(seed), E.chainW(NN.uniform({ low: -1, high: 1 })([2, 3])))
 * // six numbers in [−1, 1), the same six for the same key
 * pipe(draw(0), E.map((w) => Tensor.toArray(w).every((x) => x >= -1 && x < 1))) // right(true)
 * pipe(draw(0), E.chain((a) => pipe(draw(0), E.map(Tensor.equals(a))))) // right(true)
 *
 * @category initialisers
 * @since 0.1.0
 */
export const uniform =
  (options: UniformOptions = {}): Initializer =>
  (shape) =>
  (key) =>
    drawUniform(shape, options)(key)

/**
 * Normal with the given mean and standard deviation (default 0 and 1).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { NN, Random, Tensor } from 'gradfold'
 * // 10 000 draws of N(5, 2²): their mean, to one decimal
 * pipe(
 *   Random.key(0),
 *   E.chainW(NN.normal({ mean: 5, std: 2 })([10_000])),
 *   E.map((t) => Math.round(Tensor.toArray(t).reduce((a, b) => a + b, 0) / 1000) / 10)
 * ) // right(5)
 *
 * @category initialisers
 * @since 0.1.0
 */
export const normal =
  (options: NormalOptions = {}): Initializer =>
  (shape) =>
  (key) =>
    drawNormal(shape, options)(key)

/**
 * A variance-scaling initialiser: the scale from the fans, then the draw.
 */
const scaled =
  (
    op: string,
    numerator: number,
    fan: (f: readonly [number, number]) => number,
    draw: (s: number) => Initializer
  ): Initializer =>
  (shape) =>
  (key) => {
    const f = fans(shape)
    if (E.isLeft(f)) return f
    const s = scaleFor(op, shape, numerator, fan(f.right))
    return E.isLeft(s) ? s : draw(s.right)(shape)(key)
  }

const symmetricUniform = (limit: number): Initializer => uniform({ low: -limit, high: limit })

const centredNormal = (std: number): Initializer => normal({ std })

/**
 * Glorot (Xavier) uniform: `U(±√(6 / (fanIn + fanOut)))`.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { NN, Random } from 'gradfold'
 * pipe(Random.key(0), E.chainW(NN.glorotUniform([3, 2]))) // right: a [3, 2] tensor in (−1.095, 1.095)
 *
 * @category initialisers
 * @since 0.1.0
 */
export const glorotUniform: Initializer = scaled('glorotUniform', 6, ([i, o]) => i + o, symmetricUniform)

/**
 * Glorot (Xavier) normal: `N(0, 2 / (fanIn + fanOut))`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { NN, Random, Tensor } from 'gradfold'
 * // W [300, 100]: N(0, 2 / (300 + 100)), a standard deviation of √(1/200) ≈ 0.07
 * pipe(
 *   Random.key(0),
 *   E.chainW(NN.glorotNormal([300, 100])),
 *   E.map((w) => Math.sqrt(Tensor.toArray(w).reduce((a, x) => a + x * x, 0) / Tensor.size(w)).toFixed(2))
 * ) // right('0.07')
 *
 * @category initialisers
 * @since 0.1.0
 */
export const glorotNormal: Initializer = scaled('glorotNormal', 2, ([i, o]) => i + o, centredNormal)

/**
 * He (Kaiming) uniform, for rectifiers: `U(±√(6 / fanIn))`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { NN, Random, Tensor } from 'gradfold'
 * // W [6, 4]: every weight within ±√(6 / 6) = ±1
 * pipe(Random.key(0), E.chainW(NN.heUniform([6, 4])), E.map((w) => Tensor.toArray(w).every((x) => Math.abs(x) <= 1))) // right(true)
 * pipe(Random.key(0), E.chainW(NN.heUniform([0, 4]))) // left: heUniform: shape [0, 4] has a fan of 0; there is no scale to draw with
 *
 * @category initialisers
 * @since 0.1.0
 */
export const heUniform: Initializer = scaled('heUniform', 6, ([i]) => i, symmetricUniform)

/**
 * He (Kaiming) normal, for rectifiers: `N(0, 2 / fanIn)`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { NN, Random, Tensor } from 'gradfold'
 * // W [200, 100]: N(0, 2 / 200), a standard deviation of 0.1
 * pipe(
 *   Random.key(0),
 *   E.chainW(NN.heNormal([200, 100])),
 *   E.map((w) => Math.sqrt(Tensor.toArray(w).reduce((a, x) => a + x * x, 0) / Tensor.size(w)).toFixed(2))
 * ) // right('0.10')
 *
 * @category initialisers
 * @since 0.1.0
 */
export const heNormal: Initializer = scaled('heNormal', 2, ([i]) => i, centredNormal)

// -------------------------------------------------------------------------------------
// interpreters
// -------------------------------------------------------------------------------------

const NAMED: { readonly [K in InitName]: Initializer } = { zeros, glorotUniform, glorotNormal, heUniform, heNormal }

/**
 * The initialiser a name or a function stands for.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { NN, Random } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // a configuration names an initialiser; a program may pass its own function instead
 * pipe(Random.key(0), E.chainW(Advanced.NN.initializer('zeros')([2]))) // right([0, 0])
 * pipe(Random.key(0), E.chainW(Advanced.NN.initializer(NN.constant(0.5))([2]))) // right([0.5, 0.5])
 *
 * @category interpreters
 * @since 0.1.0
 */
export const initializer = (spec: InitName | Initializer): Initializer =>
  typeof spec === 'function'
    ? spec
    : typeof spec === 'string' && Object.hasOwn(NAMED, spec)
      ? NAMED[spec]
      : () => () => E.left(unknownInitializer(spec))

const unknownInitializer = (spec: unknown): InvalidArgument =>
  invalidArgument(
    'initializer',
    `the initializer is ${describe(spec)}; expected a function or one of ${Object.keys(NAMED).join(', ')}`
  )
