/**
 * Laws of `tree/layout`: a compiled layout is the plain traversals with the structure worked
 * out once. Reading a tree of the layout's structure answers `leafList`'s leaves; building
 * answers `unsafeRebuild`'s tree (the same keys, in the same order, the same items); and reading
 * succeeds exactly when `firstMismatch` finds no difference (kinds, keys in any order, shapes),
 * so that a step that reuses a layout never takes a tree of another structure for it.
 *
 * @since 0.2.0
 */
import { compileLayout } from '../src/tree/layout.js'
import { firstMismatch } from '../src/tree/structure.js'
import { firstStray, leafList, unsafeRebuild, type Leaf, type Tree } from '../src/tree/Tree.js'
import { bitsEqual } from './purity.js'

/** The records' keys in the order each holds them, depth first: what `bitsEqual` does not see. */
const keyOrders = (u: unknown): string =>
  JSON.stringify(u, (_, v: unknown) => (v instanceof Float64Array ? Array.from(v) : v))

/** The same leaves, one by one (the very values: a tensor leaf is the tree's own). */
const sameLeaves = (a: ReadonlyArray<Leaf>, b: ReadonlyArray<Leaf>): boolean =>
  a.length === b.length && a.every((x, i) => Object.is(x, b[i]))

/**
 * A layout compiles for every tree, and reading the tree answers its `leafList`.
 *
 * @category laws
 * @since 0.2.0
 */
export const readIsLeafList = (t: Tree): boolean => {
  const layout = compileLayout(t)
  const read = layout?.read(t)
  return layout !== undefined && read !== undefined && layout.count === read.length && sameLeaves(read, leafList(t))
}

/**
 * Building from `leaves` answers `unsafeRebuild(t, leaves)`: the same values and the same key
 * order in every record.
 *
 * @category laws
 * @since 0.2.0
 */
export const buildIsRebuild = (t: Tree, leaves: ReadonlyArray<Leaf>): boolean => {
  const layout = compileLayout(t)
  if (layout === undefined) return false
  const built = layout.build(leaves)
  const rebuilt = unsafeRebuild(t, leaves)
  return bitsEqual(built, rebuilt) && keyOrders(built) === keyOrders(rebuilt)
}

/**
 * Reading `u` with `t`'s layout succeeds exactly when `u` has `t`'s structure, and then answers
 * `u`'s leaves.
 *
 * @category laws
 * @since 0.2.0
 */
export const readsExactlyItsStructure = (t: Tree, u: unknown): boolean => {
  const read = compileLayout(t)?.read(u)
  const same = firstStray(u) === undefined && firstMismatch(t, u as Tree) === undefined
  return same ? read !== undefined && sameLeaves(read, leafList(u as Tree)) : read === undefined
}

/**
 * A layout compiles exactly for a tree: a value holding anything that is not part of a tree has none.
 *
 * @category laws
 * @since 0.2.0
 */
export const compilesExactlyForTrees = (u: unknown): boolean =>
  (compileLayout(u) === undefined) === (firstStray(u) !== undefined)
