/**
 * Mapping a tree: a function applied to every scalar (`map`), or to every leaf with its path
 * (`mapLeaves`). The result has the type and the structure of the tree it was given.
 *
 * Both are checked: a function that answers NaN or an infinity gives a `NonFinite` naming the
 * leaf's path, never a tree holding it; a leaf function that changes a leaf's kind or shape gives
 * a `StructureMismatch` naming the path.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { unsafeMake } from '../tensor/Tensor.js'
import type { NonFinite } from '../tensor/TensorError.js'
import { wrongType } from '../tensor/tensorGuards.js'
import { validateFinite } from './finite.js'
import { firstMismatch } from './structure.js'
import {
  checkedEndo,
  firstStray,
  leafList,
  leaves,
  unsafeRebuild,
  type CheckedTreeEndo,
  type Leaf,
  type Tree
} from './Tree.js'
import { structureMismatch, type StructureMismatch, type TreeError } from './TreeError.js'

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const mapData = (f: (x: number) => number, data: Float64Array): Float64Array => {
  const out = new Float64Array(data.length)
  for (let i = 0; i < data.length; i++) out[i] = f(data[i] as number)
  return out
}

const mapLeaf =
  (f: (x: number) => number) =>
  (leaf: Leaf): Leaf =>
    typeof leaf === 'number' ? f(leaf) : unsafeMake(leaf.shape, mapData(f, leaf.data))

/**
 * `map` without the finiteness check, for code that checks the result itself.
 *
 * @internal
 */
export const unsafeMap =
  (f: (x: number) => number) =>
  <T extends Tree>(tree: T): T =>
    unsafeRebuild(tree, leafList(tree).map(mapLeaf(f))) as T

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * Applies `f` to every scalar, inside tensors too: a tree of the same type and structure, or a
 * `NonFinite` naming the first leaf where `f` answered NaN or an infinity.
 *
 * @example
 * import { Tree } from 'gradfold'
 * Tree.map((x) => 2 * x)({ w1: 0.15, w2: 0.2 }) // right({ w1: 0.3, w2: 0.4 })
 * Tree.map(Math.log)({ w1: 1, w2: -1 }) // left: w2: element 0 is NaN; only finite numbers are allowed
 *
 * @category combinators
 * @since 0.1.0
 */
export const map = (f: (x: number) => number): CheckedTreeEndo<NonFinite | StructureMismatch> =>
  checkedEndo((tree): E.Either<NonFinite | StructureMismatch, Tree> => {
    // a value that is no tree (an array claiming 2^32 − 1 items among them) is refused before it is rebuilt
    const stray = firstStray(tree)
    return stray === undefined
      ? validateFinite(unsafeMap(f)(tree))
      : E.left(structureMismatch(stray.path, 'kind', 'a number, a tensor, an array or a record', stray.found))
  })

/**
 * Replaces every leaf by `f(leaf, path)`. Each new leaf must be of the old one's kind (a number
 * for a number, a tensor of the same shape for a tensor) and finite; otherwise the answer is a
 * `StructureMismatch` or a `NonFinite` naming the path.
 *
 * @example
 * import { Tree } from 'gradfold'
 * // zero the biases, keep the weights
 * Tree.mapLeaves((leaf, path) => (path.endsWith('b') ? 0 : leaf))({ w: 0.5, b: 0.1 }) // right({ b: 0, w: 0.5 })
 *
 * @category combinators
 * @since 0.1.0
 */
export const mapLeaves = (f: (leaf: Leaf, path: string) => Leaf): CheckedTreeEndo<TreeError> =>
  checkedEndo((tree): E.Either<TreeError, Tree> => {
    if (typeof f !== 'function') return E.left(wrongType('Tree.mapLeaves', 'f', 'a function')(f))
    const entries = leaves(tree)
    const out = entries.map((e) => f(e.leaf, e.path))
    for (let k = 0; k < entries.length; k++) {
      const e = entries[k] as (typeof entries)[number]
      const m = firstMismatch(e.leaf, out[k] as Leaf, e.path)
      if (m !== undefined) return E.left(m)
    }
    return validateFinite(unsafeRebuild(tree, out))
  })
