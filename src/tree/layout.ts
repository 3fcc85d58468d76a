/**
 * A tree's structure, worked out once: the kind of every node, the sorted keys of every
 * record, the shape of every tensor. A layout reads the leaves of any tree of that structure in
 * flatten order (checking the structure as it goes, with no paths and, for records holding
 * their keys sorted or as first written, no sorting) and builds trees of that structure from
 * leaves. A training run compiles its parameters' layout once and reuses it every step, where
 * the plain traversals (`leafList`, `unsafeRebuild`, `firstMismatch`) would work the structure
 * out again each time.
 *
 * Laws (laws/layout.ts): for every tree `t` with a layout `l`, `l.read(t)` is
 * `leafList(t)`, and `l.build(leaves)` is `unsafeRebuild(t, leaves)` (the same keys in the same
 * order, the same items); for a tree `u`, `l.read(u)` is defined exactly when
 * `firstMismatch(t, u)` is undefined (the same kinds, keys and shapes).
 *
 * @since 0.2.0
 */
import { isTensor, sameShape, type Shape } from '../tensor/Tensor.js'
import { keysOf, setOwn, type Leaf, type Tree, type TreeRecord } from './Tree.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A compiled structure. `read` answers the leaves in flatten order, or undefined when the tree
 * does not have exactly this structure; `build` takes one leaf per leaf, in flatten order.
 *
 * @internal
 */
export interface Layout {
  readonly _tag: 'Layout'
  /** The number of leaves. */
  readonly count: number
  readonly read: (tree: unknown) => Array<Leaf> | undefined
  readonly build: (leaves: ReadonlyArray<Leaf>) => Tree
}

/** One node, compiled: reads its leaves into `out` (false on a mismatch) and builds from `leaves` at the cursor. */
interface Compiled {
  readonly read: (u: unknown, out: Array<Leaf>) => boolean
  readonly build: (leaves: ReadonlyArray<Leaf>, at: Cursor) => unknown
}

interface Cursor {
  next: number
}

/**
 * How deep a layout compiles: deeper trees (rare for parameters) keep the plain traversals, so
 * that reading and building, which recurse, stay far from the stack's limit.
 */
const MAX_LAYOUT_DEPTH = 64

// -------------------------------------------------------------------------------------
// compiling
// -------------------------------------------------------------------------------------

const isRecord = (u: unknown): u is TreeRecord =>
  typeof u === 'object' && u !== null && !Array.isArray(u) && !isTensor(u)

const numberLeaf: Compiled = {
  read: (u, out) => typeof u === 'number' && out.push(u) > 0,
  build: (leaves, at) => leaves[at.next++]
}

const tensorLeaf = (shape: Shape): Compiled => ({
  read: (u, out) => isTensor(u) && sameShape(u.shape, shape) && out.push(u) > 0,
  build: (leaves, at) => leaves[at.next++]
})

const arrayNode = (items: ReadonlyArray<Compiled>): Compiled => ({
  read: (u, out) => {
    if (!Array.isArray(u) || u.length !== items.length) return false
    for (let i = 0; i < items.length; i++) if (!items[i]!.read(u[i], out)) return false
    return true
  },
  build: (leaves, at) => {
    const node = new Array<unknown>(items.length)
    for (let i = 0; i < items.length; i++) node[i] = items[i]!.build(leaves, at)
    return node
  }
})

/** Whether `keys` is `expected`, item for item. */
const sameKeys = (keys: ReadonlyArray<string>, expected: ReadonlyArray<string>): boolean => {
  if (keys.length !== expected.length) return false
  for (let i = 0; i < keys.length; i++) if (keys[i] !== expected[i]) return false
  return true
}

/**
 * A record node: `sorted` its keys in flatten order, `written` in the order the compiled tree
 * held them. Records this library builds hold their keys sorted and a user's as written, so a
 * record's own keys are first compared with those two lists; only a record that holds them in a
 * third order has them sorted to be compared. Any other set of keys is a mismatch.
 */
const recordNode = (
  sorted: ReadonlyArray<string>,
  written: ReadonlyArray<string>,
  children: ReadonlyArray<Compiled>
): Compiled => ({
  read: (u, out) => {
    if (!isRecord(u)) return false
    const keys = Object.keys(u)
    if (!sameKeys(keys, sorted) && !sameKeys(keys, written) && !sameKeys(keys.sort(), sorted)) return false
    for (let i = 0; i < sorted.length; i++) if (!children[i]!.read(u[sorted[i]!], out)) return false
    return true
  },
  build: (leaves, at) => {
    const node: Record<string, unknown> = {}
    for (let i = 0; i < sorted.length; i++) setOwn(node, sorted[i]!, children[i]!.build(leaves, at))
    return node
  }
})

/**
 * `f()`, or undefined when it throws: a value from `any` may hold a getter that throws, and such
 * a value is no tree this layout reads (the plain traversals then name it).
 */
const attempt = <A>(f: () => A): A | undefined => {
  try {
    return f()
  } catch {
    return undefined
  }
}

/** The compiled node of `u`, or undefined when `u` is not a tree (or nests too deep). */
const compileNode = (u: unknown, depth: number): Compiled | undefined => {
  if (typeof u === 'number') return numberLeaf
  if (isTensor(u)) return tensorLeaf(u.shape)
  if (typeof u !== 'object' || u === null || depth >= MAX_LAYOUT_DEPTH) return undefined
  if (Array.isArray(u)) {
    const items: Array<Compiled> = []
    for (const item of u as ReadonlyArray<unknown>) {
      const c = compileNode(item, depth + 1)
      if (c === undefined) return undefined
      items.push(c)
    }
    return arrayNode(items)
  }
  const record = u as TreeRecord
  const sorted = keysOf(record)
  const children: Array<Compiled> = []
  for (const k of sorted) {
    const c = compileNode(record[k], depth + 1)
    if (c === undefined) return undefined
    children.push(c)
  }
  return recordNode(sorted, Object.keys(record), children)
}

/**
 * The layout of `tree`, or undefined when `tree` is not a tree (a stray value somewhere) or
 * nests deeper than a layout compiles: the caller then keeps the plain traversals.
 *
 * @internal
 */
export const compileLayout = (tree: unknown): Layout | undefined => {
  const root = attempt(() => compileNode(tree, 0))
  if (root === undefined) return undefined
  const probe: Array<Leaf> = []
  if (attempt(() => root.read(tree, probe)) !== true) return undefined
  return {
    _tag: 'Layout',
    count: probe.length,
    read: (u) => {
      const out: Array<Leaf> = []
      try {
        return root.read(u, out) ? out : undefined
      } catch {
        return undefined
      }
    },
    build: (leaves) => root.build(leaves, { next: 0 }) as Tree
  }
}
