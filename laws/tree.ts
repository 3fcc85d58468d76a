/**
 * Laws of parameter trees, as predicates: the vector-space laws of `add`/`scale`/`sub`, the
 * gradient monoid's laws, exact flatten round trips, `dot(a)(a) ≈ norm(a)²`, and purity.
 *
 * Tolerances. Float64 arithmetic rounds each operation: fl(x ∘ y) = (x ∘ y)(1 + δ) + η with
 * |δ| ≤ u = 2⁻⁵³ and |η| ≤ 2⁻¹⁰⁷⁵ (underflow; η = 0 for addition, whose subnormal results are
 * exact). With γₙ = n·u / (1 − n·u) (Higham, Accuracy and Stability, §3.1):
 * - associativity: fl(fl(a + b) + c) is within γ₂·(|a| + |b| + |c|) of a + b + c, and so is
 *   fl(a + fl(b + c)); the two differ by at most 2·γ₂·(|a| + |b| + |c|) (about 2ε, ε = 2u);
 * - distributivity: fl(c·fl(a + b)) and fl(fl(c·a) + fl(c·b)) are each within
 *   γ₂·|c|·(|a| + |b|) of c·(a + b), plus one and two underflows: they differ by at most
 *   2·γ₂·|c|·(|a| + |b|) + 3·2⁻¹⁰⁷⁵·(1 + u), bounded here by 2·γ₂·|c|·(|a| + |b|) + 2·MIN_VALUE;
 * - `dot(a)(a)` sums n rounded squares: within γₙ·S of S = Σ aᵢ², plus n underflows. `norm`
 *   rounds n + 2 times to form s = Σ (aᵢ/m)², then a square root, a product with m, and the law
 *   squares it once more: norm² is within γₙ₊₈·S of S, plus one underflow (scaled-space
 *   underflows are below 2n·2⁻¹⁰⁷⁵·S, absorbed by the extra terms of γ). So
 *   |dot − norm²| ≤ 2·γₙ₊₉·max(dot, norm²) + (n + 2)·MIN_VALUE.
 * Commutativity of `add`, `scale(1)`, `sub(a)(a)` and the round trips are exact: IEEE addition
 * is commutative, 1·x = x, x − x = +0 for finite x, and copying doubles does not round.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { concatAll } from 'fp-ts/lib/Monoid.js'
import { firstMismatch } from '../src/tree/structure.js'
import { isLeaf, isTreeArray, keysOf, size, type Tree } from '../src/tree/Tree.js'
import {
  add,
  addScaled,
  validateFinite,
  dot,
  flatten,
  getSumMonoid,
  leaves,
  map,
  mapLeaves,
  norm,
  reduce,
  sameStructure,
  scale,
  sub,
  sumAll,
  sumSquares,
  unflatten,
  zerosLike,
  zipWith
} from '../src/tree/index.js'
import { zipWith3 } from '../src/tree/zipWith.js'
import { unsafeMap } from '../src/tree/map.js'
import { unsafeAdd, unsafeAddScaled, unsafeDot, unsafeNorm, unsafeScale, unsafeSub } from '../src/tree/vectorSpace.js'
import { unsafeZipWith, unsafeZipWith3 } from '../src/tree/zipWith.js'
import { leavesInputsUnchanged, sharesNoBuffer } from './purity.js'

// -------------------------------------------------------------------------------------
// tolerances
// -------------------------------------------------------------------------------------

/**
 * The unit roundoff of float64, 2⁻⁵³.
 *
 * @example
 * import { TreeLaws } from 'gradfold/laws'
 * TreeLaws.unitRoundoff // => 1.1102230246251565e-16
 *
 * @category tolerances
 * @since 0.1.0
 */
export const unitRoundoff = 2 ** -53

/**
 * γₙ = n·u / (1 − n·u): the relative error bound of n successive roundings.
 *
 * @example
 * import { TreeLaws } from 'gradfold/laws'
 * // the bound on the relative error of a sum of 3 numbers: 2 roundings
 * TreeLaws.gamma(2) // => 2.2204460492503136e-16
 *
 * @category tolerances
 * @since 0.1.0
 */
export const gamma = (n: number): number => (n * unitRoundoff) / (1 - n * unitRoundoff)

// -------------------------------------------------------------------------------------
// comparisons
// -------------------------------------------------------------------------------------

const sameBits = (x: Float64Array, y: Float64Array): boolean =>
  x.length === y.length && x.every((v, i) => Object.is(v, y[i]))

/**
 * Same structure and the same scalars bit for bit (`Object.is`); key insertion order does not
 * matter.
 *
 * @example
 * import { TreeLaws } from 'gradfold/laws'
 * TreeLaws.treeBitsEqual({ w: 1, b: 2 }, { b: 2, w: 1 }) // => true: key order does not matter
 * TreeLaws.treeBitsEqual({ w: 0 }, { w: -0 }) // => false
 *
 * @category comparisons
 * @since 0.1.0
 */
export const treeBitsEqual = (x: Tree, y: Tree): boolean =>
  firstMismatch(x, y) === undefined && sameBits(flatten(x), flatten(y))

/**
 * Same structure and equal scalars by `===` (so −0 equals +0).
 *
 * @example
 * import { TreeLaws } from 'gradfold/laws'
 * TreeLaws.treeValuesEqual({ w: 0 }, { w: -0 }) // => true
 *
 * @category comparisons
 * @since 0.1.0
 */
export const treeValuesEqual = (x: Tree, y: Tree): boolean => {
  if (firstMismatch(x, y) !== undefined) return false
  const fy = flatten(y)
  return flatten(x).every((v, i) => v === fy[i])
}

/**
 * Same structure and |xᵢ − yᵢ| ≤ bound(i) for every flat index i.
 *
 * @example
 * import { TreeLaws } from 'gradfold/laws'
 * TreeLaws.treeWithin({ w: [1, 2] }, { w: [1.05, 2] }, () => 0.1) // => true
 * TreeLaws.treeWithin({ w: [1, 2] }, { w: [1.5, 2] }, () => 0.1) // => false
 *
 * @category comparisons
 * @since 0.1.0
 */
export const treeWithin = (x: Tree, y: Tree, bound: (i: number) => number): boolean => {
  if (firstMismatch(x, y) !== undefined) return false
  const fy = flatten(y)
  return flatten(x).every((v, i) => Math.abs(v - (fy[i] as number)) <= bound(i))
}

const right = <A>(e: E.Either<unknown, A>): A | undefined => (E.isRight(e) ? e.right : undefined)

const both = <A>(x: E.Either<unknown, A>, y: E.Either<unknown, A>, ok: (x: A, y: A) => boolean): boolean =>
  E.isRight(x) && E.isRight(y) && ok(x.right, y.right)

// -------------------------------------------------------------------------------------
// vector space
// -------------------------------------------------------------------------------------

/**
 * a + b = b + a, bit for bit (`plus` is `add` unless a self-test hands in a broken one; so
 * for the other laws' last arguments).
 *
 * @example
 * import { TreeLaws } from 'gradfold/laws'
 * const a = { w: [1.5, -2], b: 0.25 }
 * const b = { w: [0.5, 3], b: -1 }
 * TreeLaws.addCommutes(a, b) // => true
 *
 * @category vector space
 * @since 0.1.0
 */
export const addCommutes = (a: Tree, b: Tree, plus: typeof add = add): boolean =>
  both(plus(b)(a), plus(a)(b), treeBitsEqual)

/**
 * (a + b) + c ≈ a + (b + c) within 2·γ₂·(|aᵢ| + |bᵢ| + |cᵢ|) per element.
 *
 * @example
 * import { TreeLaws } from 'gradfold/laws'
 * const a = { w: [1.5, -2], b: 0.25 }
 * const b = { w: [0.5, 3], b: -1 }
 * const c = { w: [-4, 0.125], b: 2 }
 * TreeLaws.addAssociates(a, b, c) // => true
 *
 * @category vector space
 * @since 0.1.0
 */
export const addAssociates = (a: Tree, b: Tree, c: Tree, plus: typeof add = add): boolean => {
  const [fa, fb, fc] = [flatten(a), flatten(b), flatten(c)]
  const bound = (i: number) =>
    2 * gamma(2) * (Math.abs(fa[i] as number) + Math.abs(fb[i] as number) + Math.abs(fc[i] as number))
  return both(E.chain(plus(c))(plus(b)(a)), E.chain((bc: Tree) => plus(bc)(a))(plus(c)(b)), (l, r) =>
    treeWithin(l, r, bound)
  )
}

/**
 * a + 0 = 0 + a = a exactly (by value: an input −0 comes back +0, as IEEE addition says).
 *
 * @example
 * import { TreeLaws } from 'gradfold/laws'
 * const a = { w: [1.5, -2], b: 0.25 }
 * TreeLaws.zeroIsUnit(a) // => true
 *
 * @category vector space
 * @since 0.1.0
 */
export const zeroIsUnit = (a: Tree): boolean => {
  const z = zerosLike(a)
  return both(add(z)(a), add(a)(z), (l, r) => treeValuesEqual(l, a) && treeValuesEqual(r, a))
}

/**
 * scale(1)(a) is a, bit for bit.
 *
 * @example
 * import { TreeLaws } from 'gradfold/laws'
 * const a = { w: [1.5, -2], b: 0.25 }
 * TreeLaws.scaleOneIsIdentity(a) // => true
 *
 * @category vector space
 * @since 0.1.0
 */
export const scaleOneIsIdentity = (a: Tree): boolean => {
  const r = right(scale(1)(a))
  return r !== undefined && treeBitsEqual(r, a)
}

/**
 * sub(a)(a) is +0 everywhere, bit for bit.
 *
 * @example
 * import { TreeLaws } from 'gradfold/laws'
 * const a = { w: [1.5, -2], b: 0.25 }
 * TreeLaws.subSelfIsZero(a) // => true
 *
 * @category vector space
 * @since 0.1.0
 */
export const subSelfIsZero = (a: Tree): boolean => {
  const r = right(sub(a)(a))
  return r !== undefined && treeBitsEqual(r, zerosLike(a))
}

/**
 * c·(a + b) ≈ c·a + c·b within 2·γ₂·|c|·(|aᵢ| + |bᵢ|) + 2·MIN_VALUE per element.
 *
 * @example
 * import { TreeLaws } from 'gradfold/laws'
 * const a = { w: [1.5, -2], b: 0.25 }
 * const b = { w: [0.5, 3], b: -1 }
 * TreeLaws.scaleDistributes(3, a, b) // => true
 *
 * @category vector space
 * @since 0.1.0
 */
export const scaleDistributes = (c: number, a: Tree, b: Tree): boolean => {
  const [fa, fb] = [flatten(a), flatten(b)]
  const bound = (i: number) =>
    2 * gamma(2) * Math.abs(c) * (Math.abs(fa[i] as number) + Math.abs(fb[i] as number)) + 2 * Number.MIN_VALUE
  const lhs = E.chainW(scale(c))(add(b)(a))
  const rhs = E.chainW((cb: Tree) => E.chainW(add(cb))(scale(c)(a)))(scale(c)(b))
  return both(lhs, rhs, (l, r) => treeWithin(l, r, bound))
}

/**
 * addScaled(1, b)(a) is add(b)(a) and addScaled(−1, b)(a) is sub(b)(a), bit for bit
 * (1·x = x and x + (−y) = x − y exactly).
 *
 * @example
 * import { TreeLaws } from 'gradfold/laws'
 * const a = { w: [1.5, -2], b: 0.25 }
 * const b = { w: [0.5, 3], b: -1 }
 * TreeLaws.addScaledAgrees(a, b) // => true
 *
 * @category vector space
 * @since 0.1.0
 */
export const addScaledAgrees = (a: Tree, b: Tree): boolean =>
  both(addScaled(1, b)(a), add(b)(a), treeBitsEqual) && both(addScaled(-1, b)(a), sub(b)(a), treeBitsEqual)

/**
 * dot(a)(a) ≈ norm(a)² within 2·γₙ₊₉·max(dot, norm²) + (n + 2)·MIN_VALUE, n = size(a).
 *
 * @example
 * import { TreeLaws } from 'gradfold/laws'
 * const a = { w: [1.5, -2], b: 0.25 }
 * TreeLaws.dotSelfIsNormSquared(a) // => true
 *
 * @category vector space
 * @since 0.1.0
 */
export const dotSelfIsNormSquared = (a: Tree): boolean => {
  const n = size(a)
  const d = right(dot(a)(a))
  const r = right(norm(a))
  if (d === undefined || r === undefined) return false
  const r2 = r * r
  return Math.abs(d - r2) <= 2 * gamma(n + 9) * Math.max(d, r2) + (n + 2) * Number.MIN_VALUE
}

// -------------------------------------------------------------------------------------
// gradient monoid
// -------------------------------------------------------------------------------------

/**
 * The sum monoid's `empty` is a unit on both sides, exactly (by value).
 *
 * @example
 * import { TreeLaws } from 'gradfold/laws'
 * const a = { w: [1.5, -2], b: 0.25 }
 * TreeLaws.sumMonoidIdentity(a) // => true
 *
 * @category gradient monoid
 * @since 0.1.0
 */
export const sumMonoidIdentity = (a: Tree): boolean => {
  const M = getSumMonoid(a)
  const x = E.right(a)
  return both(M.concat(M.empty, x), M.concat(x, M.empty), (l, r) => treeValuesEqual(l, a) && treeValuesEqual(r, a))
}

/**
 * The sum monoid's `concat` is associative within 2·γ₂·(|aᵢ| + |bᵢ| + |cᵢ|) per element, and
 * `concatAll` is the left fold from `empty`.
 *
 * @example
 * import { TreeLaws } from 'gradfold/laws'
 * const a = { w: [1.5, -2], b: 0.25 }
 * const b = { w: [0.5, 3], b: -1 }
 * const c = { w: [-4, 0.125], b: 2 }
 * TreeLaws.sumMonoidAssociates(a, b, c) // => true
 *
 * @category gradient monoid
 * @since 0.1.0
 */
export const sumMonoidAssociates = (
  a: Tree,
  b: Tree,
  c: Tree,
  monoidOf: typeof getSumMonoid = getSumMonoid
): boolean => {
  const M = monoidOf(a)
  const [x, y, z] = [E.right(a), E.right(b), E.right(c)]
  const [fa, fb, fc] = [flatten(a), flatten(b), flatten(c)]
  const bound = (i: number) =>
    2 * gamma(2) * (Math.abs(fa[i] as number) + Math.abs(fb[i] as number) + Math.abs(fc[i] as number))
  const left = M.concat(M.concat(x, y), z)
  return (
    both(left, M.concat(x, M.concat(y, z)), (l, r) => treeWithin(l, r, bound)) &&
    both(left, concatAll(M)([x, y, z]), treeBitsEqual)
  )
}

// -------------------------------------------------------------------------------------
// flatten
// -------------------------------------------------------------------------------------

/**
 * unflatten(a)(flatten(a)) is a, bit for bit, and flatten has size(a) elements.
 *
 * @example
 * import { TreeLaws } from 'gradfold/laws'
 * const a = { w: [1.5, -2], b: 0.25 }
 * TreeLaws.flattenRoundTrips(a) // => true
 *
 * @category flatten
 * @since 0.1.0
 */
export const flattenRoundTrips = (
  a: Tree,
  toFlat: typeof flatten = flatten,
  fromFlat: typeof unflatten = unflatten
): boolean => {
  const flat = toFlat(a)
  const back = right(fromFlat(a)(flat))
  return flat.length === size(a) && back !== undefined && treeBitsEqual(back, a)
}

/**
 * flatten(unflatten(template)(xs)) is xs, bit for bit, for finite xs of length size(template).
 *
 * @example
 * import { TreeLaws } from 'gradfold/laws'
 * TreeLaws.unflattenRoundTrips({ w: [0, 0], b: 0 }, Float64Array.of(1, -0, 3)) // => true
 *
 * @category flatten
 * @since 0.1.0
 */
export const unflattenRoundTrips = (template: Tree, xs: Float64Array): boolean => {
  const t = right(unflatten(template)(xs))
  return t !== undefined && sameBits(flatten(t), xs)
}

/**
 * `a` with every record's keys inserted in the reverse of traversal order (integer-like keys
 * still come first in `Object.keys`, as JavaScript lists them).
 *
 * @example
 * import { TreeLaws } from 'gradfold/laws'
 * // flatten visits keys in sorted order, b then w; the copy lists them w then b
 * Object.keys(TreeLaws.reverseKeyOrder({ b: 1, w: 2 })) // => ['w', 'b']
 *
 * @category flatten
 * @since 0.1.0
 */
export const reverseKeyOrder = (a: Tree): Tree => {
  if (isLeaf(a)) return a
  if (isTreeArray(a)) return a.map(reverseKeyOrder)
  return Object.fromEntries(
    keysOf(a)
      .reverse()
      .map((k) => [k, reverseKeyOrder(a[k] as Tree)])
  )
}

/**
 * Flatten order does not depend on the order in which a record's keys were inserted.
 *
 * @example
 * import { TreeLaws } from 'gradfold/laws'
 * const a = { w: [1.5, -2], b: 0.25 }
 * TreeLaws.flattenIgnoresKeyOrder(a) // => true
 *
 * @category flatten
 * @since 0.1.0
 */
export const flattenIgnoresKeyOrder = (a: Tree): boolean => sameBits(flatten(a), flatten(reverseKeyOrder(a)))

// -------------------------------------------------------------------------------------
// purity
// -------------------------------------------------------------------------------------

/**
 * Every operation on trees `a`, `b`, `c` of one structure (the checked ones and the library's
 * unchecked variants) leaves its inputs bit for bit as they were, and every tree or vector it
 * builds shares no memory with them.
 *
 * @example
 * import { TreeLaws } from 'gradfold/laws'
 * const a = { w: [1.5, -2], b: 0.25 }
 * const b = { w: [0.5, 3], b: -1 }
 * const c = { w: [-4, 0.125], b: 2 }
 * TreeLaws.treeOpsArePure(a, b, c) // => true
 *
 * @category purity
 * @since 0.1.0
 */
export const treeOpsArePure = (a: Tree, b: Tree, c: Tree): boolean => {
  const inputs = [a, b, c]
  const builders: ReadonlyArray<() => unknown> = [
    () => map((x) => 2 * x)(a),
    () => zipWith((x, y) => x - y)(b)(a),
    () => zipWith3((x, y, z) => x * y + z)(b, c)(a),
    () => add(b)(a),
    () => sub(b)(a),
    () => scale(-0.5)(a),
    () => addScaled(0.1, b)(a),
    () => zerosLike(a),
    () => flatten(a),
    () => unflatten(a)(flatten(b)),
    () => E.map(flatten)(sumAll(a)([a, b, c])),
    () => unsafeMap((x) => x + 1)(a),
    () => unsafeZipWith((x, y) => x * y)(b)(a),
    () => unsafeZipWith3((x, y, z) => x - y * z)(b, c)(a),
    () => unsafeAdd(b)(a),
    () => unsafeSub(b)(a),
    () => unsafeScale(3)(a),
    () => unsafeAddScaled(-2, b)(a)
  ]
  const readers: ReadonlyArray<() => unknown> = [
    () => mapLeaves((leaf) => leaf)(a),
    () => dot(b)(a),
    () => norm(a),
    () => sumSquares(a),
    () => sameStructure(a)(b),
    () => validateFinite(a),
    () => leaves(a),
    () => reduce(0, (s: number, x) => s + x)(a),
    () => unsafeDot(b)(a),
    () => unsafeNorm(a)
  ]
  return (
    builders.every((run) => leavesInputsUnchanged(inputs, () => run()) && sharesNoBuffer(run(), inputs)) &&
    readers.every((run) => leavesInputsUnchanged(inputs, run))
  )
}
