/**
 * The immutable tensor: a row-major `Float64Array` with a shape.
 *
 * Invariants, established by every constructor and kept by every operation:
 * - the shape is a frozen list of non-negative integer dimensions, with at most
 *   {@link MAX_ELEMENTS} elements in all;
 * - `data.length` is the product of the dimensions;
 * - every element is finite (no NaN, no infinity);
 * - nothing writes into `data` once the tensor has been returned.
 *
 * Constructors validate and answer `Either`; nothing here throws.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import {
  dataLengthMismatch,
  invalidArgument,
  invalidShape,
  type InvalidArgument,
  nonFinite,
  type DataLengthMismatch,
  type InvalidShape,
  type NonFinite,
  type TensorError
} from './TensorError.js'
import { asText, describe, ownValue } from './describe.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A list of dimensions, outermost first.
 *
 * @category model
 * @since 0.1.0
 */
export type Shape = ReadonlyArray<number>

/**
 * @category model
 * @since 0.1.0
 */
export interface Tensor {
  readonly _tag: 'Tensor'
  readonly shape: Shape
  readonly data: Float64Array
}

/**
 * The largest element count one allocation may have: 2^25 float64 values, 256 MiB. A tensor, a
 * draw of random numbers or a permutation larger than this is refused before any memory is
 * asked for or any loop runs.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Tensor.MAX_ELEMENTS // => 33554432
 * Advanced.Tensor.validateShape([2 ** 12, 2 ** 13]) // right(33554432): exactly the limit
 * Advanced.Tensor.validateShape([2 ** 13, 2 ** 13]) // left: invalid shape [8192, 8192]: more than 33554432 elements…
 *
 * @category model
 * @since 0.1.0
 */
export const MAX_ELEMENTS = 2 ** 25

// -------------------------------------------------------------------------------------
// refinements
// -------------------------------------------------------------------------------------

/**
 * Whether a value is a `Tensor`: tagged, with a `Float64Array` of data and an array shape.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * pipe(Tensor.zeros([2]), E.map(Tensor.isTensor)) // right(true)
 * Tensor.isTensor({ shape: [2], data: [0, 0] }) // => false
 *
 * @category refinements
 * @since 0.1.0
 */
export const isTensor = (u: unknown): u is Tensor => {
  if (typeof u !== 'object' || u === null) return false
  // A value from `any` may hold getters that throw: such a value is no tensor (a tensor's fields are data).
  try {
    return (
      (u as { readonly _tag?: unknown })._tag === 'Tensor' &&
      (u as { readonly data?: unknown }).data instanceof Float64Array &&
      Array.isArray((u as { readonly shape?: unknown }).shape)
    )
  } catch {
    return false
  }
}

// -------------------------------------------------------------------------------------
// validation
// -------------------------------------------------------------------------------------

/**
 * The largest rank a tensor may have. Nested arrays deeper than this are refused before they
 * are walked, so that no walk over a tensor's dimensions nests without bound.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Tensor.MAX_RANK // => 64
 * Advanced.Tensor.validateShape(new Array<number>(64).fill(1)) // right(1)
 * Advanced.Tensor.validateShape(new Array<number>(65).fill(1)) // left: invalid shape …
 *
 * @category model
 * @since 0.2.0
 */
export const MAX_RANK = 64

/**
 * Checks a shape and answers its element count. Every dimension counts against
 * {@link MAX_ELEMENTS}, a 0 among them too: the product of the non-zero dimensions is at most
 * `MAX_ELEMENTS`, so `[0, 2 ** 40]` is refused (a transpose, a sum over axis 0 or a matrix
 * product of it would ask for 2^40 elements). Anything that is not a list of at most
 * {@link MAX_RANK} non-negative integers is refused too.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Tensor.validateShape([2, 3]) // right(6)
 * Advanced.Tensor.validateShape([0, 2 ** 40]) // left: invalid shape [0, 1099511627776]: more than 33554432 elements in its non-zero dimensions
 *
 * @category validation
 * @since 0.1.0
 */
export const validateShape = (shape: unknown): E.Either<InvalidShape, number> => {
  if (!Array.isArray(shape))
    return E.left(invalidShape([], `the shape is ${describe(shape)}; expected a list of dimensions`))
  if (shape.length > MAX_RANK) return E.left(invalidShape([], `rank ${shape.length} is more than ${MAX_RANK}`))
  let size = 1
  let nonZero = 1
  for (let i = 0; i < shape.length; i++) {
    const d: unknown = ownValue(shape, String(i))
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      return E.left(
        invalidShape(shapeForMessage(shape), `dimension ${i} is ${describe(d)}; dimensions are non-negative integers`)
      )
    }
    size *= d
    nonZero *= d === 0 ? 1 : d
    if (nonZero > MAX_ELEMENTS) {
      return E.left(invalidShape(shape as Shape, `more than ${MAX_ELEMENTS} elements in its non-zero dimensions`))
    }
  }
  return E.right(size)
}

/** The dimensions of a refused shape that are numbers, for the message (others become NaN). */
const shapeForMessage = (shape: ReadonlyArray<unknown>): Shape =>
  Array.from({ length: shape.length }, (_, i) => {
    const d = ownValue(shape, String(i))
    return typeof d === 'number' ? d : NaN
  })

/**
 * The index and value of the first non-finite element, or -1 when all are finite.
 *
 * Every op checks its result with this, so typed arrays (nearly every call) take a loop of
 * their own, which stays fast because it never sees another kind of array.
 *
 * @internal
 */
export const firstNonFinite = (data: ArrayLike<number>): number =>
  data instanceof Float64Array ? firstNonFiniteOf(data) : firstNonFiniteIn(data)

/**
 * `x − x` is 0 for a finite `x` and NaN for NaN and ±∞, so a sum of four such terms is 0
 * exactly when all four elements are finite: one test per four elements (the last block reads
 * its last element again in place of those past the end), then a scan of the elements from the
 * block that failed, which finds the first bad one.
 *
 * One loop, with no tail loop after it: a tail loop that optimised code had not yet seen run
 * (arrays whose length is a multiple of 4 came first) sent V8 back to the interpreter at every
 * later call that reached it, and a training run calls this at every op.
 */
const firstNonFiniteOf = (data: Float64Array): number => {
  const n = data.length
  const last = n - 1
  for (let i = 0; i < n; i += 4) {
    const a = data[i]!,
      b = data[i + 1 < n ? i + 1 : last]!,
      c = data[i + 2 < n ? i + 2 : last]!,
      d = data[i + 3 < n ? i + 3 : last]!
    if (a - a + (b - b) + (c - c) + (d - d) !== 0) return scanFrom(data, i)
  }
  return -1
}

/** The index of the first non-finite element of `data` from `i`, or −1. */
const scanFrom = (data: Float64Array, i: number): number => {
  for (let j = i; j < data.length; j++) {
    const x = data[j]!
    if (x - x !== 0) return j
  }
  return -1
}

const firstNonFiniteIn = (data: ArrayLike<number>): number => {
  for (let i = 0; i < data.length; i++) {
    const x: unknown = data[i]
    if (typeof x !== 'number' || x - x !== 0) return i
  }
  return -1
}

/**
 * Right when every element is finite; otherwise a `NonFinite` naming `where` and the element.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * pipe(Tensor.fromNested([1, 2]), E.chainW(Advanced.Tensor.validateFinite('weights'))) // right([1, 2])
 * // a tensor put together by hand, not by a constructor, may hold a NaN
 * const handMade: Tensor.Tensor = { _tag: 'Tensor', shape: [2], data: Float64Array.of(1, Number.NaN) }
 * Advanced.Tensor.validateFinite('weights')(handMade) // left: weights: element 1 is NaN; only finite numbers are allowed
 *
 * @category validation
 * @since 0.1.0
 */
export const validateFinite =
  (where: string) =>
  (t: Tensor): E.Either<NonFinite | InvalidArgument, Tensor> => {
    if (!isTensor(t)) return E.left(invalidArgument(asText(where), `the argument is ${describe(t)}; expected a tensor`))
    const i = firstNonFinite(t.data)
    return i < 0 ? E.right(t) : E.left(nonFinite(asText(where), i, t.data[i] as number))
  }

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const SCALAR_SHAPE: Shape = Object.freeze([])

/**
 * The shape a tensor keeps: a frozen array can be shared as it is (nobody can change it);
 * any other is copied, then frozen. Copying and freezing costs far more than the rest of
 * making a tensor, and most ops hand on the frozen shape of their input.
 */
const keptShape = (shape: Shape): Shape =>
  shape.length === 0 ? SCALAR_SHAPE : Object.isFrozen(shape) ? shape : Object.freeze(shape.slice())

/**
 * Wraps an array this library owns. The caller vouches for the invariants; kernels use it to
 * hand out the fresh array they filled.
 *
 * @internal
 */
export const unsafeMake = (shape: Shape, data: Float64Array): Tensor =>
  Object.freeze({ _tag: 'Tensor' as const, shape: keptShape(shape), data })

/**
 * A tensor of the given shape from row-major values. The values are copied, so the caller's
 * array stays theirs.
 *
 * @example
 * import { Tensor } from 'gradfold'
 * Tensor.fromArray([2, 2])([1, 2, 3, 4]) // right: [[1, 2], [3, 4]]
 * Tensor.fromArray([2, 3])([1, 2, 3, 4, 5]) // left: shape [2, 3] needs 6 values, got 5
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromArray =
  (shape: Shape) =>
  (data: ArrayLike<number>): E.Either<TensorError, Tensor> =>
    pipe(
      validateShape(shape),
      E.chainW((size): E.Either<TensorError, Tensor> => {
        if (!Array.isArray(data) && !(ArrayBuffer.isView(data) && !(data instanceof DataView))) {
          return E.left(invalidArgument('fromArray', `the values are ${describe(data)}; expected an array of numbers`))
        }
        if (data.length !== size) return E.left(dataLengthMismatch(shape, data.length))
        const i = firstNonFinite(data)
        if (i >= 0 && typeof data[i] !== 'number') {
          return E.left(invalidArgument('fromArray', `value ${i} is ${describe(data[i])}; expected a finite number`))
        }
        if (i >= 0) return E.left(nonFinite(`fromArray(${`[${shape.join(', ')}]`})`, i, data[i] as number))
        return E.right(unsafeMake(shape, Float64Array.from(data)))
      })
    )

/**
 * A tensor of the given shape with every element `value`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * pipe(Tensor.full(0.5)([2, 2]), E.map(Tensor.toNested)) // right([[0.5, 0.5], [0.5, 0.5]])
 * Tensor.full(0.5)([-1]) // left: invalid shape [-1]…
 *
 * @category constructors
 * @since 0.1.0
 */
export const full =
  (value: number) =>
  (shape: Shape): E.Either<TensorError, Tensor> =>
    pipe(
      validateShape(shape),
      E.chainW((size): E.Either<TensorError, Tensor> =>
        Number.isFinite(value)
          ? E.right(unsafeMake(shape, new Float64Array(size).fill(value)))
          : E.left(nonFinite('full', 0, value))
      )
    )

/**
 * A tensor of zeros of the given shape.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * pipe(Tensor.zeros([2, 3]), E.map(Tensor.toNested)) // right([[0, 0, 0], [0, 0, 0]])
 *
 * @category constructors
 * @since 0.1.0
 */
export const zeros: (shape: Shape) => E.Either<TensorError, Tensor> = full(0)

/**
 * A tensor of ones of the given shape.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * pipe(Tensor.ones([3]), E.map(Tensor.toArray)) // right([1, 1, 1])
 *
 * @category constructors
 * @since 0.1.0
 */
export const ones: (shape: Shape) => E.Either<TensorError, Tensor> = full(1)

/**
 * A rank-0 tensor holding one number.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * // a scalar is a tensor of rank 0 holding one number
 * pipe(Tensor.scalar(2.5), E.map((t) => [Tensor.rank(t), Tensor.size(t)])) // right([0, 1])
 * pipe(Tensor.scalar(2.5), E.chainW(Tensor.item)) // right(2.5)
 *
 * @category constructors
 * @since 0.1.0
 */
export const scalar = (value: number): E.Either<TensorError, Tensor> => fromArray([])([value])

/**
 * A tensor of zeros shaped like `t`. Total: `t`'s shape is already valid.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * pipe(Tensor.fromNested([[1, 2], [3, 4]]), E.map(Tensor.zerosLike)) // right([[0, 0], [0, 0]])
 *
 * @category constructors
 * @since 0.1.0
 */
export const zerosLike = (t: Tensor): Tensor => unsafeMake(t.shape, new Float64Array(t.data.length))

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * The number of elements.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * pipe(Tensor.zeros([2, 3]), E.map(Tensor.size)) // right(6): 2 · 3 elements
 *
 * @category destructors
 * @since 0.1.0
 */
export const size = (t: Tensor): number => t.data.length

/**
 * The number of dimensions.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * pipe(Tensor.zeros([2, 3]), E.map(Tensor.rank)) // right(2): a matrix
 *
 * @category destructors
 * @since 0.1.0
 */
export const rank = (t: Tensor): number => t.shape.length

/**
 * A fresh copy of the row-major values as a plain array.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * // the elements in row-major order
 * pipe(Tensor.fromNested([[1, 2], [3, 4]]), E.map(Tensor.toArray)) // right([1, 2, 3, 4])
 *
 * @category destructors
 * @since 0.1.0
 */
export const toArray = (t: Tensor): ReadonlyArray<number> => Array.from(t.data)

/**
 * The sole element of a tensor with exactly one element (any rank).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * pipe(Tensor.fromNested([[7]]), E.chainW(Tensor.item)) // right(7)
 * pipe(Tensor.fromNested([1, 2]), E.chainW(Tensor.item)) // left: invalid shape [2]: item needs exactly one element
 *
 * @category destructors
 * @since 0.1.0
 */
export const item = (t: Tensor): E.Either<InvalidShape | InvalidArgument, number> =>
  !isTensor(t)
    ? E.left(invalidArgument('item', `the argument is ${describe(t)}; expected a tensor`))
    : t.data.length === 1
      ? E.right(t.data[0] as number)
      : E.left(invalidShape(t.shape, 'item needs exactly one element'))

/**
 * Same shape, element for element. False when either is not an array.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Tensor.sameShape([2, 3], [2, 3]) // => true
 * Advanced.Tensor.sameShape([2, 3], [3, 2]) // => false
 *
 * @category destructors
 * @since 0.1.0
 */
export const sameShape = (a: Shape, b: Shape): boolean => {
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * Right when `data` fills `shape` exactly; used by codecs and loaders.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Tensor.validateLength([2, 3], 6) // right([2, 3])
 * Advanced.Tensor.validateLength([2, 3], 5) // left: shape [2, 3] needs 6 values, got 5
 *
 * @category validation
 * @since 0.1.0
 */
export const validateLength = (shape: Shape, length: number): E.Either<TensorError, Shape> =>
  pipe(
    validateShape(shape),
    E.chainW((n): E.Either<DataLengthMismatch, Shape> =>
      n === length ? E.right(shape) : E.left(dataLengthMismatch(shape, length))
    )
  )
