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
import * as E from 'fp-ts/lib/Either.js'
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
 * import { NN } from 'gradfold'
 * NN.fans([784, 128]) // right([784, 128])
 * NN.fans([-1]) // left: invalid shape [-1]…
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
 * @category initialisers
 * @since 0.1.0
 */
export const zeros: Initializer = constant(0)

/**
 * Uniform on `[low, high)` (default `[0, 1)`).
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
 * @category initialisers
 * @since 0.1.0
 */
export const glorotNormal: Initializer = scaled('glorotNormal', 2, ([i, o]) => i + o, centredNormal)

/**
 * He (Kaiming) uniform, for rectifiers: `U(±√(6 / fanIn))`.
 *
 * @category initialisers
 * @since 0.1.0
 */
export const heUniform: Initializer = scaled('heUniform', 6, ([i]) => i, symmetricUniform)

/**
 * He (Kaiming) normal, for rectifiers: `N(0, 2 / fanIn)`.
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
