/**
 * Trees of one structure form a vector space over the reals: `zerosLike`, `add`, `sub`,
 * `scale`, `addScaled` (a + c·b, the step every optimizer takes), and the inner product `dot`
 * with its `sumSquares` and `norm`. Gradients live here, and so do optimizer updates.
 *
 * Laws (in float64, see `laws/tree.ts` for the tolerances and their derivation): `add` is
 * commutative exactly and associative within 2·γ₂·(|a|+|b|+|c|) per element; `zerosLike(a)` is
 * its unit exactly (by value: IEEE makes −0 + 0 = +0); `scale(1)` is the identity bit for bit;
 * `sub(a)(a)` is +0 everywhere;
 * `scale(c)` distributes over `add` within 2·γ₂·|c|·(|a|+|b|); `dot(a)(a) ≈ norm(a)²`.
 *
 * Kernels are loops over `Float64Array` with no call per element. Sums (`dot`, `sumSquares`,
 * `norm`) run through the scalars in flatten order with one accumulator, so they are
 * deterministic. `norm` is computed stably by scaling: with m = max |xᵢ|, ‖x‖ = m·√Σ(xᵢ/m)², which
 * neither overflows nor underflows unless the norm itself does.
 *
 * Structure and finiteness follow `zipWith`'s policy: the public operations answer `Either`, a
 * `StructureMismatch` naming the first differing path or a `NonFinite` naming the leaf (or the
 * scalar result) that overflowed; `unsafe` variants are for the library's hot paths.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import * as T from '../tensor/Tensor.js'
import type { NonFinite } from '../tensor/TensorError.js'
import { wrongType } from '../tensor/tensorGuards.js'
import { validateFinite } from './finite.js'
import { firstMismatch } from './structure.js'
import {
  checkedBinary,
  checkedEndo,
  leafList,
  unsafeRebuild,
  type CheckedTreeBinary,
  type CheckedTreeEndo,
  type Leaf,
  type Tree,
  type TreeEndo
} from './Tree.js'
import { nonFiniteResult, type StructureMismatch, type TreeError } from './TreeError.js'
import { guarded, leafOp2, unsafeZipLeaves } from './zipWith.js'

// -------------------------------------------------------------------------------------
// kernels
// -------------------------------------------------------------------------------------

const addData = (x: Float64Array, y: Float64Array): Float64Array => {
  const out = new Float64Array(x.length)
  for (let i = 0; i < x.length; i++) out[i] = (x[i] as number) + (y[i] as number)
  return out
}

const subData = (x: Float64Array, y: Float64Array): Float64Array => {
  const out = new Float64Array(x.length)
  for (let i = 0; i < x.length; i++) out[i] = (x[i] as number) - (y[i] as number)
  return out
}

const addScaledData = (c: number, x: Float64Array, y: Float64Array): Float64Array => {
  const out = new Float64Array(x.length)
  for (let i = 0; i < x.length; i++) out[i] = (x[i] as number) + c * (y[i] as number)
  return out
}

const scaleData = (c: number, x: Float64Array): Float64Array => {
  const out = new Float64Array(x.length)
  for (let i = 0; i < x.length; i++) out[i] = c * (x[i] as number)
  return out
}

// The running sum `acc + Σ xᵢ·yᵢ`, continued in index order.
const dotData = (acc: number, x: Float64Array, y: Float64Array): number => {
  let s = acc
  for (let i = 0; i < x.length; i++) s += (x[i] as number) * (y[i] as number)
  return s
}

const maxAbsData = (m: number, x: Float64Array): number => {
  let r = m
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i] as number)
    if (a > r) r = a
  }
  return r
}

// The running sum `acc + Σ (xᵢ/m)²`.
const scaledSquaresData = (acc: number, x: Float64Array, m: number): number => {
  let s = acc
  for (let i = 0; i < x.length; i++) {
    const q = (x[i] as number) / m
    s += q * q
  }
  return s
}

// -------------------------------------------------------------------------------------
// unchecked operations
// -------------------------------------------------------------------------------------

/** `add` without checks. @internal */
export const unsafeAdd = unsafeZipLeaves(leafOp2((x, y) => x + y, addData))

/** `sub` without checks: `unsafeSub(b)(a)` is a − b. @internal */
export const unsafeSub = unsafeZipLeaves(leafOp2((x, y) => x - y, subData))

/** `addScaled` without checks: a + c·b. @internal */
export const unsafeAddScaled = <A extends Tree>(c: number, b: A): ((a: A) => A) =>
  unsafeZipLeaves(
    leafOp2(
      (x, y) => x + c * y,
      (x, y) => addScaledData(c, x, y)
    )
  )(b)

/** `scale` without the finiteness check. @internal */
export const unsafeScale =
  (c: number) =>
  <A extends Tree>(a: A): A =>
    unsafeRebuild(
      a,
      leafList(a).map((x) => (typeof x === 'number' ? c * x : T.unsafeMake(x.shape, scaleData(c, x.data))))
    ) as A

/** `dot` without checks: Σ aᵢ·bᵢ in flatten order. @internal */
export const unsafeDot =
  <A extends Tree>(b: A) =>
  (a: A): number => {
    const lb = leafList(b)
    let acc = 0
    leafList(a).forEach((x, k) => {
      const y = lb[k] as Leaf
      acc = typeof x === 'number' ? acc + x * (y as number) : dotData(acc, x.data, (y as T.Tensor).data)
    })
    return acc
  }

/** `sumSquares` without the finiteness check. @internal */
export const unsafeSumSquares = (a: Tree): number => unsafeDot(a)(a)

/** `norm` without the finiteness check. @internal */
export const unsafeNorm = (a: Tree): number => {
  const list = leafList(a)
  let m = 0
  for (const x of list) m = typeof x === 'number' ? Math.max(m, Math.abs(x)) : maxAbsData(m, x.data)
  if (m === 0) return 0
  let s = 0
  for (const x of list) s = typeof x === 'number' ? s + (x / m) * (x / m) : scaledSquaresData(s, x.data, m)
  return m * Math.sqrt(s)
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A tree of `a`'s type and structure with every scalar +0: the additive unit.
 *
 * @example
 * import { Tree } from 'gradfold'
 * Tree.zerosLike({ w1: 0.15, w2: 0.2 }) // { w1: 0, w2: 0 }
 *
 * @category constructors
 * @since 0.1.0
 */
export const zerosLike: TreeEndo = ((a: Tree): Tree =>
  unsafeRebuild(
    a,
    leafList(a).map((x) => (typeof x === 'number' ? 0 : T.zerosLike(x)))
  )) as TreeEndo

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * `add(b)(a)` is a + b, scalar by scalar.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tree } from 'gradfold'
 * pipe({ w1: 1, w2: 2 }, Tree.add({ w1: 0.5, w2: 0.25 })) // right({ w1: 1.5, w2: 2.25 })
 *
 * @category combinators
 * @since 0.1.0
 */
export const add: CheckedTreeBinary<TreeError> = checkedBinary((b) => (a) => guarded(a, [b], () => unsafeAdd(b)(a)))

/**
 * `sub(b)(a)` is a − b, scalar by scalar.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tree } from 'gradfold'
 * pipe({ w1: 1, w2: 2 }, Tree.sub({ w1: 0.5, w2: 0.25 })) // right({ w1: 0.5, w2: 1.75 })
 *
 * @category combinators
 * @since 0.1.0
 */
export const sub: CheckedTreeBinary<TreeError> = checkedBinary((b) => (a) => guarded(a, [b], () => unsafeSub(b)(a)))

/**
 * `c·a`, scalar by scalar; a `NonFinite` naming the leaf when a product overflows (or when `c`
 * is not finite).
 *
 * @example
 * import { Tree } from 'gradfold'
 * Tree.scale(0.5)({ w1: 1, w2: 2 }) // right({ w1: 0.5, w2: 1 })
 * Tree.scale(1e308)({ w1: 1, w2: 2 }) // left: w2: element 0 is Infinity; ...
 *
 * @category combinators
 * @since 0.1.0
 */
export const scale = (c: number): CheckedTreeEndo<NonFinite | StructureMismatch> =>
  typeof c === 'number'
    ? checkedEndo((a) => validateFinite(unsafeScale(c)(a)))
    : checkedEndo(() => E.left(notANumber(c)))

/** A constant that is no number at all is no finite number either: a `NonFinite` saying what it is. */
const notANumber = (c: unknown): NonFinite => ({
  ...nonFiniteResult('Tree.scale', Number.NaN),
  message: wrongType('Tree.scale', 'the constant', 'a finite number')(c).message
})

/**
 * `addScaled(c, b)(a)` is a + c·b, scalar by scalar: a gradient step is
 * `addScaled(-lr, grads)(params)`.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tree } from 'gradfold'
 * pipe({ w1: 1, w2: 2 }, Tree.addScaled(-0.5, { w1: 0.2, w2: 0.4 })) // right({ w1: 0.9, w2: 1.8 })
 *
 * @category combinators
 * @since 0.1.0
 */
export const addScaled = ((c: number, b: Tree) => (a: Tree) => guarded(a, [b], () => unsafeAddScaled(c, b)(a))) as {
  (c: number, b: number): (a: number) => E.Either<TreeError, number>
  <A extends Tree>(c: number, b: A): (a: A) => E.Either<TreeError, A>
}

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

const finiteResult = (op: string, x: number): E.Either<NonFinite, number> =>
  x - x === 0 ? E.right(x) : E.left(nonFiniteResult(op, x))

/**
 * The inner product Σ aᵢ·bᵢ, summed in flatten order.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tree } from 'gradfold'
 * pipe({ w1: 1, w2: 2 }, Tree.dot({ w1: 3, w2: 4 })) // right(11)
 *
 * @category destructors
 * @since 0.1.0
 */
export function dot(b: number): (a: number) => E.Either<TreeError, number>
export function dot<A extends Tree>(b: A): (a: A) => E.Either<TreeError, number>
export function dot(b: Tree): (a: Tree) => E.Either<TreeError, number> {
  return (a) => {
    const m = firstMismatch(a, b)
    return m === undefined ? finiteResult('dot', unsafeDot(b)(a)) : E.left(m)
  }
}

/**
 * Σ aᵢ², summed in flatten order; a `NonFinite` when it overflows.
 *
 * @example
 * import { Tree } from 'gradfold'
 * Tree.sumSquares({ w1: 3, w2: 4 }) // right(25)
 *
 * @category destructors
 * @since 0.1.0
 */
export const sumSquares = (a: Tree): E.Either<NonFinite, number> => finiteResult('sumSquares', unsafeSumSquares(a))

/**
 * The Euclidean (L2) norm √Σ aᵢ², computed by scaling with the largest magnitude, so that it
 * overflows only when the norm itself exceeds the largest double.
 *
 * @example
 * import { Tree } from 'gradfold'
 * Tree.norm({ w1: 3, w2: 4 }) // right(5)
 * Tree.norm({ w1: 3e200, w2: 4e200 }) // right(4.9999999999999995e+200): 5e200 up to rounding, where √(sumSquares) would overflow
 *
 * @category destructors
 * @since 0.1.0
 */
export const norm = (a: Tree): E.Either<NonFinite, number> => finiteResult('norm', unsafeNorm(a))
