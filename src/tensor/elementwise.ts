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
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as kernels from './kernels.js'
import { finiteResult } from './result.js'
import { sameShape, unsafeMake, type Tensor } from './Tensor.js'
import { describe } from './describe.js'
import { invalidArgument, shapeMismatch, type TensorError } from './TensorError.js'

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const binary =
  (op: string, kernel: (a: Float64Array, b: Float64Array) => Float64Array) =>
  (b: Tensor) =>
  (a: Tensor): E.Either<TensorError, Tensor> =>
    sameShape(a.shape, b.shape)
      ? finiteResult(op, a.shape, kernel(a.data, b.data))
      : E.left(shapeMismatch(op, [a.shape, b.shape], 'shapes must be equal'))

const unary =
  (op: string, kernel: (a: Float64Array) => Float64Array) =>
  (a: Tensor): E.Either<TensorError, Tensor> =>
    finiteResult(op, a.shape, kernel(a.data))

const finiteArgument = (op: string, c: number): E.Either<TensorError, number> =>
  Number.isFinite(c) ? E.right(c) : E.left(invalidArgument(op, `the constant is ${describe(c)}; it must be finite`))

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
 * @category binary
 * @since 0.1.0
 */
export const sub: (b: Tensor) => (a: Tensor) => E.Either<TensorError, Tensor> = binary('sub', kernels.sub)

/**
 * `a · b`, elementwise (the Hadamard product).
 *
 * @category binary
 * @since 0.1.0
 */
export const mul: (b: Tensor) => (a: Tensor) => E.Either<TensorError, Tensor> = binary('mul', kernels.mul)

/**
 * `a / b`, elementwise; a division by zero answers `NonFinite`.
 *
 * @category binary
 * @since 0.1.0
 */
export const div: (b: Tensor) => (a: Tensor) => E.Either<TensorError, Tensor> = binary('div', kernels.div)

/**
 * `f(a, b)`, elementwise.
 *
 * @category binary
 * @since 0.1.0
 */
export const zipWith = (
  f: (x: number, y: number) => number
): ((b: Tensor) => (a: Tensor) => E.Either<TensorError, Tensor>) =>
  binary('zipWith', (a, b) => kernels.zipWith(a, b, f))

// -------------------------------------------------------------------------------------
// with a constant
// -------------------------------------------------------------------------------------

/**
 * `c · a`.
 *
 * @category constant
 * @since 0.1.0
 */
export const scale =
  (c: number) =>
  (a: Tensor): E.Either<TensorError, Tensor> =>
    pipe(
      finiteArgument('scale', c),
      E.chainW((k) => finiteResult('scale', a.shape, kernels.scale(a.data, k)))
    )

/**
 * `a + c`.
 *
 * @category constant
 * @since 0.1.0
 */
export const addScalar =
  (c: number) =>
  (a: Tensor): E.Either<TensorError, Tensor> =>
    pipe(
      finiteArgument('addScalar', c),
      E.chainW((k) => finiteResult('addScalar', a.shape, kernels.addScalar(a.data, k)))
    )

// -------------------------------------------------------------------------------------
// unary
// -------------------------------------------------------------------------------------

/**
 * `−a`. Total: negation cannot leave the finite numbers.
 *
 * @category unary
 * @since 0.1.0
 */
export const neg = (a: Tensor): Tensor => unsafeMake(a.shape, kernels.scale(a.data, -1))

/**
 * `|a|`. Total.
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
  unary('map', (a) => kernels.map(a, f))

/**
 * `a²`, elementwise.
 *
 * @category unary
 * @since 0.1.0
 */
export const square: (a: Tensor) => E.Either<TensorError, Tensor> = unary('square', (a) => kernels.mul(a, a))

/**
 * `eᵃ`, elementwise.
 *
 * @category unary
 * @since 0.1.0
 */
export const exp: (a: Tensor) => E.Either<TensorError, Tensor> = unary('exp', (a) => kernels.map(a, Math.exp))

/**
 * The natural logarithm, elementwise; zero or a negative element answers `NonFinite`.
 *
 * @category unary
 * @since 0.1.0
 */
export const log: (a: Tensor) => E.Either<TensorError, Tensor> = unary('log', (a) => kernels.map(a, Math.log))

/**
 * The square root, elementwise; a negative element answers `NonFinite`.
 *
 * @category unary
 * @since 0.1.0
 */
export const sqrt: (a: Tensor) => E.Either<TensorError, Tensor> = unary('sqrt', (a) => kernels.map(a, Math.sqrt))
