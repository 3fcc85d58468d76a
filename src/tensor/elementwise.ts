/**
 * Elementwise arithmetic on tensors of one shape, and maps.
 *
 * Every operation answers `Either`: a `ShapeMismatch` when two shapes differ, a `NonFinite`
 * when the result would hold a NaN or an infinity (an overflow, a log of zero, a user function
 * that returns NaN). Laws (within floating point where stated):
 * - `add(b)(a)` equals `add(a)(b)` exactly; `mul` likewise;
 * - `sub(a)(a)` is all zeros exactly; `scale(1)` is the identity exactly;
 * - no operation writes into its inputs.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import * as kernels from './kernels.js'
import { finiteResult } from './result.js'
import { isTensor, sameShape, unsafeMake, type Tensor } from './Tensor.js'
import { notATensor, tensorPair, wrongType } from './tensorGuards.js'
import { shapeMismatch, type TensorError } from './TensorError.js'
import * as Elementary from '../math/index.js'

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const binary =
  (op: string, kernel: (a: Float64Array, b: Float64Array) => Float64Array) =>
  (b: Tensor) =>
  (a: Tensor): E.Either<TensorError, Tensor> => {
    const bad = tensorPair(op)(a, b)
    if (bad !== undefined) return E.left(bad)
    return sameShape(a.shape, b.shape)
      ? finiteResult(op, a.shape, kernel(a.data, b.data))
      : E.left(shapeMismatch(op, [a.shape, b.shape], 'shapes must be equal'))
  }

const unary =
  (op: string, kernel: (a: Float64Array) => Float64Array) =>
  (a: Tensor): E.Either<TensorError, Tensor> =>
    isTensor(a) ? finiteResult(op, a.shape, kernel(a.data)) : E.left(notATensor(op, 'a', a))

const withConstant =
  (op: string, kernel: (a: Float64Array, c: number) => Float64Array) =>
  (c: number) =>
  (a: Tensor): E.Either<TensorError, Tensor> =>
    !Number.isFinite(c)
      ? E.left(wrongType(op, 'the constant', 'a finite number')(c))
      : isTensor(a)
        ? finiteResult(op, a.shape, kernel(a.data, c))
        : E.left(notATensor(op, 'a', a))

// -------------------------------------------------------------------------------------
// binary
// -------------------------------------------------------------------------------------

/**
 * `a + b`, elementwise, for two tensors of one shape.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * pipe(
 *   E.Do,
 *   E.apS('a', Tensor.fromNested([[1, 2, 3], [4, 5, 6]])),
 *   E.apS('b', Tensor.fromNested([[10, 20, 30], [40, 50, 60]])),
 *   E.chain(({ a, b }) => pipe(a, Tensor.add(b))),
 *   E.map(Tensor.toNested)
 * ) // right([[11, 22, 33], [44, 55, 66]])
 *
 * @category binary
 * @since 0.1.0
 */
export const add: (b: Tensor) => (a: Tensor) => E.Either<TensorError, Tensor> = binary('add', kernels.add)

/**
 * `a − b`, elementwise.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * pipe(
 *   E.Do,
 *   E.apS('a', Tensor.fromNested([3, 5])),
 *   E.apS('b', Tensor.fromNested([1, 2])),
 *   E.chain(({ a, b }) => pipe(a, Tensor.sub(b)))
 * ) // right([2, 3])
 *
 * @category binary
 * @since 0.1.0
 */
export const sub: (b: Tensor) => (a: Tensor) => E.Either<TensorError, Tensor> = binary('sub', kernels.sub)

/**
 * `a · b`, elementwise (the Hadamard product).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * pipe(
 *   E.Do,
 *   E.apS('a', Tensor.fromNested([3, 5])),
 *   E.apS('b', Tensor.fromNested([1, 2])),
 *   E.chain(({ a, b }) => pipe(a, Tensor.mul(b)))
 * ) // right([3, 10])
 *
 * @category binary
 * @since 0.1.0
 */
export const mul: (b: Tensor) => (a: Tensor) => E.Either<TensorError, Tensor> = binary('mul', kernels.mul)

/**
 * `a / b`, elementwise; a division by zero answers `NonFinite`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * const divide = (a: ReadonlyArray<number>, b: ReadonlyArray<number>) =>
 *   pipe(
 *     E.Do,
 *     E.apS('a', Tensor.fromNested(a)),
 *     E.apS('b', Tensor.fromNested(b)),
 *     E.chain(({ a, b }) => pipe(a, Tensor.div(b)))
 *   )
 * divide([3, 5], [2, 4]) // right([1.5, 1.25])
 * divide([3, 5], [2, 0]) // left: div: element 1 is Infinity…
 *
 * @category binary
 * @since 0.1.0
 */
export const div: (b: Tensor) => (a: Tensor) => E.Either<TensorError, Tensor> = binary('div', kernels.div)

/**
 * `f(a, b)`, elementwise.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * pipe(
 *   E.Do,
 *   E.apS('a', Tensor.fromNested([1, 5])),
 *   E.apS('b', Tensor.fromNested([3, 2])),
 *   E.chain(({ a, b }) => pipe(a, Tensor.zipWith(Math.max)(b)))
 * ) // right([3, 5])
 *
 * @category binary
 * @since 0.1.0
 */
export const zipWith = (
  f: (x: number, y: number) => number
): ((b: Tensor) => (a: Tensor) => E.Either<TensorError, Tensor>) =>
  typeof f === 'function'
    ? binary('zipWith', (a, b) => kernels.zipWith(a, b, f))
    : () => () => E.left(wrongType('zipWith', 'f', 'a function')(f))

// -------------------------------------------------------------------------------------
// with a constant
// -------------------------------------------------------------------------------------

/**
 * `c · a`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * pipe(Tensor.fromNested([1, -0.5]), E.chain(Tensor.scale(2))) // right([2, -1])
 * pipe(Tensor.fromNested([1, -0.5]), E.chain(Tensor.scale(Number.NaN))) // left: scale: the constant is NaN; expected a finite number
 *
 * @category constant
 * @since 0.1.0
 */
export const scale: (c: number) => (a: Tensor) => E.Either<TensorError, Tensor> = withConstant('scale', kernels.scale)

/**
 * `a + c`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * pipe(Tensor.fromNested([1, 2]), E.chain(Tensor.addScalar(0.5))) // right([1.5, 2.5])
 *
 * @category constant
 * @since 0.1.0
 */
export const addScalar: (c: number) => (a: Tensor) => E.Either<TensorError, Tensor> = withConstant(
  'addScalar',
  kernels.addScalar
)

// -------------------------------------------------------------------------------------
// unary
// -------------------------------------------------------------------------------------

/**
 * `−a`. Total: negation cannot leave the finite numbers.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * pipe(Tensor.fromNested([1, -2]), E.map(Tensor.neg)) // right([-1, 2])
 *
 * @category unary
 * @since 0.1.0
 */
export const neg = (a: Tensor): Tensor => unsafeMake(a.shape, kernels.scale(a.data, -1))

/**
 * `|a|`. Total.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * pipe(Tensor.fromNested([-1.5, 2]), E.map(Tensor.abs)) // right([1.5, 2])
 *
 * @category unary
 * @since 0.1.0
 */
export const abs = (a: Tensor): Tensor => unsafeMake(a.shape, kernels.map(a.data, Math.abs))

/**
 * `f(a)`, elementwise.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * pipe(Tensor.fromNested([0, 1, 2]), E.chain(Tensor.map((x) => 2 * x + 1)), E.map(Tensor.toArray)) // right([1, 3, 5])
 * pipe(Tensor.fromNested([-1]), E.chain(Tensor.map(Math.sqrt))) // left: map: element 0 is NaN; …
 *
 * @category unary
 * @since 0.1.0
 */
export const map = (f: (x: number) => number): ((a: Tensor) => E.Either<TensorError, Tensor>) =>
  typeof f === 'function'
    ? unary('map', (a) => kernels.map(a, f))
    : () => E.left(wrongType('map', 'f', 'a function')(f))

/**
 * `a²`, elementwise.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * pipe(Tensor.fromNested([3, -2]), E.chain(Tensor.square)) // right([9, 4])
 * pipe(Tensor.fromNested([1e200]), E.chain(Tensor.square)) // left: square: element 0 is Infinity…
 *
 * @category unary
 * @since 0.1.0
 */
export const square: (a: Tensor) => E.Either<TensorError, Tensor> = unary('square', (a) => kernels.mul(a, a))

/**
 * `eᵃ`, elementwise.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * pipe(Tensor.fromNested([0, 1]), E.chain(Tensor.exp)) // right([1, 2.718281828459045])
 * pipe(Tensor.fromNested([1000]), E.chain(Tensor.exp)) // left: exp: element 0 is Infinity…
 *
 * @category unary
 * @since 0.1.0
 */
export const exp: (a: Tensor) => E.Either<TensorError, Tensor> = unary('exp', (a) => kernels.map(a, Elementary.exp))

/**
 * The natural logarithm, elementwise; zero or a negative element answers `NonFinite`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * pipe(Tensor.fromNested([1, Math.E]), E.chain(Tensor.log)) // right([0, 1])
 * pipe(Tensor.fromNested([0]), E.chain(Tensor.log)) // left: log: element 0 is -Infinity…
 *
 * @category unary
 * @since 0.1.0
 */
export const log: (a: Tensor) => E.Either<TensorError, Tensor> = unary('log', (a) => kernels.map(a, Elementary.log))

/**
 * The square root, elementwise; a negative element answers `NonFinite`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * pipe(Tensor.fromNested([4, 9]), E.chain(Tensor.sqrt)) // right([2, 3])
 * pipe(Tensor.fromNested([-1]), E.chain(Tensor.sqrt)) // left: sqrt: element 0 is NaN…
 *
 * @category unary
 * @since 0.1.0
 */
export const sqrt: (a: Tensor) => E.Either<TensorError, Tensor> = unary('sqrt', (a) => kernels.map(a, Math.sqrt))
