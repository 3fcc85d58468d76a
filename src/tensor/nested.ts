/**
 * Conversion between tensors and nested arrays (`[[1, 2], [3, 4]]`), and reshaping.
 *
 * Laws: `fromNested(toNested(t))` is `t`, to the bit; `reshape(t.shape)(t)` is `t`.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import { describe } from './describe.js'
import { MAX_RANK, validateLength, fromArray, unsafeMake, validateShape, type Shape, type Tensor } from './Tensor.js'
import { invalidShape, type TensorError } from './TensorError.js'
import { tensorArgument } from './tensorGuards.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A number, or a list of equally shaped nested arrays.
 *
 * @category model
 * @since 0.1.0
 */
export type Nested = number | ReadonlyArray<Nested>

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

/** The shape implied by the first element at every depth, read no deeper than one past `MAX_RANK`. */
const leadingShape = (u: unknown): Shape => {
  const shape: Array<number> = []
  let x = u
  while (Array.isArray(x) && shape.length <= MAX_RANK) {
    shape.push(x.length)
    x = x[0]
  }
  return shape
}

/** `u[i]`, or a description of a getter that threw (from `any`): no number, so refused by name. */
const itemOf = (u: ReadonlyArray<unknown>, i: number): unknown => {
  try {
    return u[i]
  } catch {
    return 'a getter that throws'
  }
}

/** Collects the leaves of `u` in row-major order, or says where it departs from `shape`. */
const collect = (u: unknown, shape: Shape, depth: number, path: string, out: Array<number>): string | undefined => {
  if (depth === shape.length) {
    if (typeof u === 'number') {
      out.push(u)
      return undefined
    }
    return `${path || 'the value'} is ${describe(u)}, expected a number`
  }
  if (!Array.isArray(u)) return `${path || 'the value'} is ${describe(u)}, expected an array of length ${shape[depth]}`
  if (u.length !== shape[depth])
    return `${path || 'the value'} has length ${u.length}, expected ${shape[depth]} (ragged array)`
  for (let i = 0; i < u.length; i++) {
    const why = collect(itemOf(u, i), shape, depth + 1, `${path}[${i}]`, out)
    if (why !== undefined) return why
  }
  return undefined
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A tensor from nested arrays, its shape read from the nesting; a ragged array, a non-number
 * leaf or a non-finite number answers a Left that names the place (`[1][0]`). The shape is checked
 * before the leaves are read, so nesting deeper than `MAX_RANK` or an array longer than
 * `MAX_ELEMENTS` is refused without a walk.
 *
 * @example
 * import { Tensor } from 'gradfold'
 * Tensor.fromNested([[1, 2, 3], [4, 5, 6]]) // right: shape [2, 3]
 * Tensor.fromNested([[1, 2], [3]]) // left: invalid shape [2, 2]: [1] has length 1, expected 2 (ragged array)
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromNested = (u: unknown): E.Either<TensorError, Tensor> => {
  const shape = leadingShape(u)
  return pipe(
    validateShape(shape),
    E.chainW((): E.Either<TensorError, Tensor> => {
      const values: Array<number> = []
      const why = collect(u, shape, 0, '', values)
      return why === undefined ? fromArray(shape)(values) : E.left(invalidShape(shape, why))
    })
  )
}

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * The tensor as nested arrays (a plain number for rank 0).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * pipe(Tensor.fromArray([2, 2])([1, 2, 3, 4]), E.map(Tensor.toNested)) // right([[1, 2], [3, 4]])
 *
 * @category destructors
 * @since 0.1.0
 */
export const toNested = (t: Tensor): Nested => {
  const build = (depth: number, offset: number): Nested => {
    if (depth === t.shape.length) return t.data[offset]!
    const stride = t.shape.slice(depth + 1).reduce((a, d) => a * d, 1)
    return Array.from({ length: t.shape[depth]! }, (_, i) => build(depth + 1, offset + i * stride))
  }
  return build(0, 0)
}

// -------------------------------------------------------------------------------------
// structure
// -------------------------------------------------------------------------------------

/**
 * The same elements under another shape with the same element count. Shares no array with
 * `t` that anyone could write to: tensors are never written after construction.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * pipe(Tensor.fromNested([1, 2, 3, 4, 5, 6]), E.chain(Tensor.reshape([2, 3])), E.map(Tensor.toNested)) // right([[1, 2, 3], [4, 5, 6]])
 * pipe(Tensor.fromNested([1, 2, 3]), E.chain(Tensor.reshape([2, 2]))) // left: …
 *
 * @category structure
 * @since 0.1.0
 */
export const reshape =
  (shape: Shape) =>
  (t: Tensor): E.Either<TensorError, Tensor> =>
    pipe(
      tensorArgument('reshape', 'the tensor')(t),
      E.chainW((a) => validateLength(shape, a.data.length)),
      E.map((s) => unsafeMake(s, t.data))
    )
