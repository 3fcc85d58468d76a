/**
 * A tree as one flat vector of its scalars, in flatten order (array items by index, record keys
 * sorted; see `Tree`), and back. Round trips are exact: `unflatten(t)(flatten(t))` gives `t`'s
 * values back bit for bit, and `flatten(unflatten(t)(xs))` gives `xs` back.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { firstNonFinite, unsafeMake } from '../tensor/Tensor.js'
import { wrongType } from '../tensor/tensorGuards.js'
import { validateFinite } from './finite.js'
import { leafList, size, unsafeRebuild, type Leaf, type Tree } from './Tree.js'
import { sizeMismatch, type TreeError } from './TreeError.js'

const copyRange = (flat: ArrayLike<number>, offset: number, n: number): Float64Array => {
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = flat[offset + i] as number
  return out
}

/**
 * Every scalar of the tree, in flatten order, in a fresh `Float64Array` of length `size(tree)`.
 *
 * @example
 * import { Tree } from 'gradfold'
 * Tree.flatten({ w2: 0.2, w1: 0.15 }) // Float64Array [0.15, 0.2]
 *
 * @category destructors
 * @since 0.1.0
 */
export const flatten = (tree: Tree): Float64Array => flattenInto(tree, new Float64Array(size(tree)))

/**
 * Every scalar of the tree, in flatten order, written at the start of `out` (at least
 * `size(tree)` long), which is returned: for arrays in shared memory or with room after.
 *
 * @internal
 */
export const flattenInto = (tree: Tree, out: Float64Array): Float64Array => {
  let offset = 0
  for (const leaf of leafList(tree)) {
    if (typeof leaf === 'number') out[offset++] = leaf
    else {
      out.set(leaf.data, offset)
      offset += leaf.data.length
    }
  }
  return out
}

/**
 * A tree of `template`'s type and structure holding `flat`'s values in flatten order. Answers a
 * `SizeMismatch` when `flat` does not hold exactly `size(template)` numbers, and a `NonFinite`
 * naming the leaf when a value is NaN or infinite. The values are copied.
 *
 * @example
 * import { Tree } from 'gradfold'
 * Tree.unflatten({ w1: 0, w2: 0 })([0.15, 0.2]) // right({ w1: 0.15, w2: 0.2 })
 * Tree.unflatten({ w1: 0, w2: 0 })([0.15]) // left: the tree holds 2 numbers, the flat vector has 1
 *
 * @category constructors
 * @since 0.1.0
 */
export function unflatten(template: number): (flat: ArrayLike<number>) => E.Either<TreeError, number>
export function unflatten<T extends Tree>(template: T): (flat: ArrayLike<number>) => E.Either<TreeError, T>
export function unflatten(template: Tree): (flat: ArrayLike<number>) => E.Either<TreeError, Tree> {
  return (flat) => {
    if (!Array.isArray(flat) && !(flat instanceof Float64Array))
      return E.left(wrongType('unflatten', 'the flat vector', 'an array of numbers')(flat))
    const n = size(template)
    if (flat.length !== n) return E.left(sizeMismatch(n, flat.length))
    const i = firstNonFinite(flat)
    if (i >= 0 && typeof flat[i] !== 'number')
      return E.left(wrongType('unflatten', `element ${i} of the flat vector`, 'a number')(flat[i]))
    let offset = 0
    const read = (leaf: Leaf): Leaf => {
      if (typeof leaf === 'number') return flat[offset++] as number
      const data = copyRange(flat, offset, leaf.data.length)
      offset += leaf.data.length
      return unsafeMake(leaf.shape, data)
    }
    return validateFinite(unsafeRebuild(template, leafList(template).map(read)))
  }
}
