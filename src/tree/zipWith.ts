/**
 * Zipping trees of one structure: a function applied to the scalars at the same place in two
 * (`zipWith`) or three (`zipWith3`, for an optimizer's moments and gradient) trees.
 *
 * Policy for every binary operation of this module and of `vectorSpace`: the trees must have the
 * same structure (see `sameStructure`). The public operations check it and answer a
 * `StructureMismatch` naming the first differing path, and they check the result and answer a
 * `NonFinite` naming the leaf where a NaN or an infinity appeared; they never throw and never
 * return a tree holding NaN. The `unsafe` variants (`@internal`, not in the public index) skip
 * both checks for hot paths where the library has itself established the structure (optimizer
 * and differentiation code). Given trees of different structures they may pair the wrong
 * scalars, produce NaN or throw, so their callers vouch for the structure and check finiteness
 * themselves (the training loop calls `validateFinite` every step).
 *
 * A user function (`f` of `zipWith`, `map`, ...) is called once per scalar; if it throws, the
 * exception is the caller's and passes through.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { unsafeMake, type Tensor } from '../tensor/Tensor.js'
import { wrongType } from '../tensor/tensorGuards.js'
import { validateFinite } from './finite.js'
import { firstMismatch } from './structure.js'
import { checkedBinary, leafList, unsafeRebuild, type CheckedTreeBinary, type Leaf, type Tree } from './Tree.js'
import type { TreeError } from './TreeError.js'

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

/**
 * Runs `compute` when every tree in `others` has `template`'s structure, then checks that the
 * result is finite.
 *
 * @internal
 */
export const guarded = (
  template: Tree,
  others: ReadonlyArray<Tree>,
  compute: () => Tree
): E.Either<TreeError, Tree> => {
  for (const other of others) {
    const m = firstMismatch(template, other)
    if (m !== undefined) return E.left(m)
  }
  return validateFinite(compute())
}

/**
 * Lifts a scalar function and its kernel over `Float64Array`s to a function on pairs of leaves
 * of one kind and shape.
 *
 * @internal
 */
export const leafOp2 =
  (scalar: (x: number, y: number) => number, kernel: (x: Float64Array, y: Float64Array) => Float64Array) =>
  (x: Leaf, y: Leaf): Leaf =>
    typeof x === 'number' ? scalar(x, y as number) : unsafeMake(x.shape, kernel(x.data, (y as Tensor).data))

/**
 * Combines the leaves of `a` and `b` pairwise, rebuilding `a`'s structure. Unchecked.
 *
 * @internal
 */
export const unsafeZipLeaves =
  (leaf: (x: Leaf, y: Leaf) => Leaf) =>
  <T extends Tree>(b: T) =>
  (a: T): T => {
    const lb = leafList(b)
    return unsafeRebuild(
      a,
      leafList(a).map((x, k) => leaf(x, lb[k] as Leaf))
    ) as T
  }

const zipData = (f: (a: number, b: number) => number, x: Float64Array, y: Float64Array): Float64Array => {
  const out = new Float64Array(x.length)
  for (let i = 0; i < x.length; i++) out[i] = f(x[i] as number, y[i] as number)
  return out
}

const zipData3 = (
  f: (a: number, b: number, c: number) => number,
  x: Float64Array,
  y: Float64Array,
  z: Float64Array
): Float64Array => {
  const out = new Float64Array(x.length)
  for (let i = 0; i < x.length; i++) out[i] = f(x[i] as number, y[i] as number, z[i] as number)
  return out
}

/**
 * `zipWith` without the structure and finiteness checks.
 *
 * @internal
 */
export const unsafeZipWith = (f: (a: number, b: number) => number) =>
  unsafeZipLeaves(leafOp2(f, (x, y) => zipData(f, x, y)))

/**
 * `zipWith3` without the structure and finiteness checks.
 *
 * @internal
 */
export const unsafeZipWith3 =
  (f: (a: number, b: number, c: number) => number) =>
  <T extends Tree>(b: T, c: T) =>
  (a: T): T => {
    const lb = leafList(b)
    const lc = leafList(c)
    const leaf = (x: Leaf, k: number): Leaf => {
      const y = lb[k] as Leaf
      const z = lc[k] as Leaf
      return typeof x === 'number'
        ? f(x, y as number, z as number)
        : unsafeMake(x.shape, zipData3(f, x.data, (y as Tensor).data, (z as Tensor).data))
    }
    return unsafeRebuild(a, leafList(a).map(leaf)) as T
  }

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * `f(aᵢ, bᵢ)` for the scalars at the same place in `a` and `b`: a tree of `a`'s type, a
 * `StructureMismatch` when the structures differ, or a `NonFinite` when `f` answers NaN or an
 * infinity.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tree } from 'gradfold'
 * pipe({ w1: 1, w2: 2 }, Tree.zipWith((a, b) => a * b)({ w1: 3, w2: 4 })) // right({ w1: 3, w2: 8 })
 * pipe({ w1: 1, w2: 2 }, Tree.zipWith((a, b) => a * b)({ w1: 3 })) // left: trees differ at w2: ...
 *
 * @category combinators
 * @since 0.1.0
 */
export const zipWith = (f: (a: number, b: number) => number): CheckedTreeBinary<TreeError> =>
  checkedBinary(
    (b) => (a) =>
      typeof f === 'function'
        ? guarded(a, [b], () => unsafeZipWith(f)(b)(a))
        : E.left(wrongType('Tree.zipWith', 'f', 'a function')(f))
  )

/**
 * The signature of {@link zipWith3}'s result.
 *
 * @category signatures
 * @since 0.1.0
 */
export interface CheckedTreeTernary<Err> {
  (b: number, c: number): (a: number) => E.Either<Err, number>
  <T extends Tree>(b: T, c: T): (a: T) => E.Either<Err, T>
}

/**
 * `f(aᵢ, bᵢ, cᵢ)` for the scalars at the same place in three trees; checked like `zipWith`.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as Advanced from 'gradfold/advanced'
 * // an RMSprop-like step from the parameters p, the second moment v and the gradient g
 * const p = { w: 1 }, v = { w: 4 }, g = { w: 0.5 }
 * pipe(p, Advanced.Tree.zipWith3((p, v, g) => p - (0.1 * g) / Math.sqrt(v))(v, g)) // right({ w: 0.975 })
 *
 * @category combinators
 * @since 0.1.0
 */
export const zipWith3 = (f: (a: number, b: number, c: number) => number): CheckedTreeTernary<TreeError> =>
  ((b: Tree, c: Tree) => (a: Tree) =>
    typeof f === 'function'
      ? guarded(a, [b, c], () => unsafeZipWith3(f)(b, c)(a))
      : E.left(wrongType('Tree.zipWith3', 'f', 'a function')(f))) as CheckedTreeTernary<TreeError>
