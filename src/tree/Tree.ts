/**
 * Parameter trees: the records a model's parameters (and their gradients, and an optimizer's
 * moments) live in.
 *
 * A tree is a leaf, a readonly array of trees or a readonly record of trees (string keys). A
 * leaf is a plain finite number or a {@link Tensor}. `{ w1: 0.15, w2: 0.2 }`,
 * `{ hidden: { w, b }, out: { w, b } }` and `[{ w, b }, { w, b }]` are trees.
 *
 * Order. Every traversal (flatten, leaves, reduce, dot, ...) visits array items by index and
 * record keys in sorted order (`Array.prototype.sort`'s default: by UTF-16 code units, so `'10'`
 * comes before `'9'`), like JAX pytrees. Flatten order therefore does not depend on the order in
 * which a record's keys were written. Records that an operation builds have their keys inserted
 * in that sorted order.
 *
 * Paths name leaves: record keys and array indices joined by `.`, as in `hidden.w` or
 * `layers.0.b`; the root leaf of a bare number or tensor has the path `''`. A key that contains a
 * `.` makes a path ambiguous; such keys are allowed but best avoided.
 *
 * Types are preserved: every operation that returns a tree returns the type it was given, so
 * the gradient of a `{ w1: number }` is a `{ w1: number }`. Declare parameter records with
 * `type`, not `interface` (an interface has no index signature, so it is not a `TreeRecord`).
 * Records are plain objects: an operation rebuilds them as plain objects, and a key whose value
 * is a record with `_tag: 'Tensor'` is read as a tensor.
 *
 * Purity: nothing here writes into a tree it was given; results are fresh records, arrays and
 * tensors (a `mapLeaves` function may hand back a leaf it was given, which is then shared; tensors
 * are immutable, so sharing one is safe).
 *
 * @since 0.1.0
 */
import type * as E from '#fp-ts/Either.js'
import { describe } from '../tensor/describe.js'
import { isTensor, MAX_ELEMENTS, type Tensor } from '../tensor/Tensor.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A leaf of a parameter tree: a plain number or a tensor.
 *
 * @category model
 * @since 0.1.0
 */
export type Leaf = number | Tensor

/**
 * An inner node that is a record: string keys, trees as values.
 *
 * @category model
 * @since 0.1.0
 */
export interface TreeRecord {
  readonly [key: string]: Tree
}

/**
 * A parameter tree: a leaf, a readonly array of trees or a readonly record of trees.
 *
 * @category model
 * @since 0.1.0
 */
export type Tree = Leaf | ReadonlyArray<Tree> | TreeRecord

/**
 * Parameters: a record or an array of leaves (not a bare leaf; wrap it as `{ x }`), what
 * `AD.valueAndGrad` differentiates, an optimizer updates and training folds over.
 *
 * @example
 * import { Tree } from 'gradfold'
 * const p: Tree.Params = { hidden: { w: 0.5, b: 0 }, out: [1, 2] } // a bare `0.5` would not compile
 * Tree.size(p) // 4
 *
 * @category model
 * @since 0.2.0
 */
export type Params = Exclude<Tree, Leaf>

/**
 * A leaf together with its path.
 *
 * @category model
 * @since 0.1.0
 */
export interface LeafEntry {
  readonly path: string
  readonly leaf: Leaf
}

// -------------------------------------------------------------------------------------
// type-preserving signatures
// -------------------------------------------------------------------------------------

/**
 * A function from a tree to a tree of the same type. A bare number is typed `number` rather
 * than its literal type, so that `zerosLike(3)` is a `number`, not a `3`.
 *
 * @category signatures
 * @since 0.1.0
 */
export interface TreeEndo {
  (tree: number): number
  <T extends Tree>(tree: T): T
}

/**
 * A checked function from a tree to a tree of the same type, or an error.
 *
 * @category signatures
 * @since 0.1.0
 */
export interface CheckedTreeEndo<Err> {
  (tree: number): E.Either<Err, number>
  <T extends Tree>(tree: T): E.Either<Err, T>
}

/**
 * A checked, curried binary operation: `op(b)(a)` combines two trees of one type into a third,
 * or answers an error (for instance when the two structures differ).
 *
 * @category signatures
 * @since 0.1.0
 */
export interface CheckedTreeBinary<Err> {
  (b: number): (a: number) => E.Either<Err, number>
  <T extends Tree>(b: T): (a: T) => E.Either<Err, T>
}

/**
 * Gives a structure-preserving function the signature that says so.
 *
 * @internal
 */
export const checkedEndo = <Err>(f: (tree: Tree) => E.Either<Err, Tree>): CheckedTreeEndo<Err> =>
  f as CheckedTreeEndo<Err>

/**
 * Gives a structure-preserving binary operation the signature that says so.
 *
 * @internal
 */
export const checkedBinary = <Err>(f: (b: Tree) => (a: Tree) => E.Either<Err, Tree>): CheckedTreeBinary<Err> =>
  f as CheckedTreeBinary<Err>

// -------------------------------------------------------------------------------------
// refinements
// -------------------------------------------------------------------------------------

/**
 * Whether a tree is a leaf: a number or a tensor.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Tree.isLeaf(2) // => true
 * Advanced.Tree.isLeaf({ w: 2 }) // => false
 *
 * @category refinements
 * @since 0.1.0
 */
export const isLeaf = (tree: Tree): tree is Leaf => typeof tree === 'number' || isTensor(tree)

/**
 * Whether a tree is an array of trees (the layers of an MLP are one).
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Tree.isTreeArray([{ w: 1 }, { w: 2 }]) // => true
 * Advanced.Tree.isTreeArray({ w: 1 }) // => false
 *
 * @category refinements
 * @since 0.1.0
 */
export const isTreeArray = (tree: Tree): tree is ReadonlyArray<Tree> => Array.isArray(tree)

// -------------------------------------------------------------------------------------
// traversal primitives
// -------------------------------------------------------------------------------------

/**
 * A record's keys in traversal order (sorted).
 *
 * Records that this library builds hold their keys in that order already, so one pass checks
 * for it before sorting: string `>` compares by UTF-16 code units, as the default sort does,
 * so an array with no adjacent pair out of order is exactly what the sort would return.
 *
 * @internal
 */
export const keysOf = (record: TreeRecord): Array<string> => {
  const keys = Object.keys(record)
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return keys.sort()
  return keys
}

/**
 * The path of a child: `prefix.key`, or `key` at the root.
 *
 * @internal
 */
export const childPath = (prefix: string, key: string | number): string =>
  prefix === '' ? String(key) : `${prefix}.${key}`

/**
 * How deep a tree may nest: a leaf may sit at most `MAX_DEPTH` arrays and records below the
 * root. Every walk is a loop over an explicit stack, so depth costs no call stack; the limit
 * makes a cyclic value (which no type refuses) finite to walk. A checked operation answers a
 * Left for anything nested deeper; a plain walk (`size`, `leaves`, `flatten`) does not visit it.
 *
 * @category model
 * @since 0.2.0
 */
export const MAX_DEPTH = 1000

/**
 * How many nodes (leaves, arrays and records) a tree may hold: an array or record is counted
 * before it is entered, so one claiming 2^32 − 1 items is refused at once.
 *
 * @example
 * import { Tree } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Tree.MAX_NODES // => 33554432
 * // an array claiming 2^32 − 1 items is not looped over: it is no tree, and holds no number
 * Tree.size(new Array(2 ** 32 - 1)) // => 0
 *
 * @category model
 * @since 0.3.0
 */
export const MAX_NODES: number = MAX_ELEMENTS

/**
 * A value found where a tree node belongs that is none (a string, `null`, a boolean, nesting
 * deeper than {@link MAX_DEPTH}), with its path.
 *
 * @internal
 */
export interface Stray {
  readonly path: string
  readonly found: string
}

/** An inner node being walked: its children (array items, or the record's sorted keys) and the next one. */
interface Frame {
  readonly node: ReadonlyArray<Tree> | TreeRecord
  readonly keys: ReadonlyArray<string> | undefined
  next: number
}

const isInner = (u: unknown): u is ReadonlyArray<Tree> | TreeRecord => typeof u === 'object' && u !== null

/** Stands for a child whose getter threw when read: a value from `any` may hold one. */
const UNREADABLE: unique symbol = Symbol('unreadable')

const UNREADABLE_FOUND = 'a getter that throws'

/** `node[key]`, or {@link UNREADABLE} when reading it throws. */
const childOf = (node: ReadonlyArray<Tree> | TreeRecord, key: string | number): unknown => {
  try {
    return (node as Readonly<Record<string | number, unknown>>)[key]
  } catch {
    return UNREADABLE
  }
}

const childKey = (f: Frame): string | number => (f.keys === undefined ? f.next - 1 : f.keys[f.next - 1]!)

const pathOf = (frames: ReadonlyArray<Frame>): string => frames.map(childKey).join('.')

/**
 * Walks `tree` depth-first in flatten order without recursion, calling `onLeaf` on every leaf
 * with a thunk of its path, and `onStray` on every node that is not part of a tree (which is
 * not entered). Both `leafList` and `unsafeRebuild` see exactly the same leaves, in one order.
 */
const walk = (
  tree: unknown,
  onLeaf: (leaf: Leaf, path: () => string) => void,
  onStray: (stray: Stray) => void
): void => {
  const frames: Array<Frame> = []
  const path = (): string => pathOf(frames)
  let budget = MAX_NODES
  const stray = (found: string): void => onStray({ path: path(), found })
  const enter = (u: unknown): void => {
    if (typeof u === 'number' || isTensor(u)) onLeaf(u, path)
    else if (!isInner(u)) stray(describe(u))
    else if (frames.length >= MAX_DEPTH) stray(`nesting deeper than ${MAX_DEPTH}`)
    else {
      const keys = Array.isArray(u) ? undefined : keysOf(u as TreeRecord)
      const n = keys === undefined ? (u as ReadonlyArray<Tree>).length : keys.length
      if (n > budget) stray(`more than ${MAX_NODES} nodes`)
      else {
        budget -= n
        frames.push({ node: u, keys, next: 0 })
      }
    }
  }
  enter(tree)
  while (frames.length > 0) {
    const f = frames[frames.length - 1]!
    const n = f.keys === undefined ? (f.node as ReadonlyArray<Tree>).length : f.keys.length
    if (f.next >= n) frames.pop()
    else {
      f.next++
      const child = childOf(f.node, childKey(f))
      if (child === UNREADABLE) stray(UNREADABLE_FOUND)
      else enter(child)
    }
  }
}

const ignore = (): void => undefined

/**
 * The first node of `u` (in flatten order) that is not part of a tree, or `undefined` when
 * `u` is a tree.
 *
 * @internal
 */
export const firstStray = (u: unknown): Stray | undefined => {
  let first: Stray | undefined
  walk(u, ignore, (s) => {
    first ??= s
  })
  return first
}

/**
 * The leaves in flatten order, without paths: the cheap traversal the kernels loop over.
 *
 * @internal
 */
export const leafList = (tree: Tree): Array<Leaf> => {
  const out: Array<Leaf> = []
  walk(tree, (leaf) => out.push(leaf), ignore)
  return out
}

/**
 * Rebuilds `template`'s structure with `leaves` (in flatten order) as its leaves. Unchecked:
 * the caller supplies exactly one leaf per leaf of the template. A node that is not part of a
 * tree (an array past the node budget among them) is carried over as it is, as {@link leafList}
 * skips it; a child whose getter throws becomes `undefined`.
 *
 * @internal
 */
export const unsafeRebuild = (template: Tree, leaves: ReadonlyArray<Leaf>): Tree => {
  let next = 0
  // Nodes are entered in the order `walk` enters them, against the same budget.
  let budget = MAX_NODES
  const root: { value: unknown } = { value: undefined }
  // Each pending node: where its rebuilt value goes, and the node itself.
  const pending: Array<
    readonly [into: Record<string, unknown> | Array<unknown>, key: string | number, node: unknown, depth: number]
  > = [[root as unknown as Record<string, unknown>, 'value', template, 0]]
  while (pending.length > 0) {
    const [into, key, node, depth] = pending.pop()!
    let value: unknown = node === UNREADABLE ? undefined : node
    if (typeof node === 'number' || isTensor(node)) value = leaves[next++]
    else if (isInner(node) && depth < MAX_DEPTH) {
      const keys = Array.isArray(node) ? undefined : keysOf(node as TreeRecord)
      const n = keys === undefined ? (node as ReadonlyArray<Tree>).length : keys.length
      if (n <= budget) {
        budget -= n
        const out: Record<string, unknown> | Array<unknown> = keys === undefined ? new Array(n) : {}
        if (keys !== undefined) for (const k of keys) setOwn(out as Record<string, unknown>, k, undefined)
        // Pushed in reverse, so that children pop (and take their leaves) in flatten order.
        for (let i = n - 1; i >= 0; i--) {
          const k = keys === undefined ? i : keys[i]!
          pending.push([out, k, childOf(node, k), depth + 1])
        }
        value = out
      }
    }
    if (Array.isArray(into)) into[key as number] = value
    else setOwn(into, key as string, value)
  }
  return root.value as Tree
}

/**
 * `record[key] = value` as a new own, enumerable property, as `Object.fromEntries` makes it. A
 * plain assignment does that for every key but `__proto__`, the one accessor a plain object
 * inherits (assigning to it would set the prototype instead).
 *
 * @internal
 */
export const setOwn = (record: Record<string, unknown>, key: string, value: unknown): void => {
  if (key === '__proto__')
    Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true })
  else record[key] = value
}

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * Every leaf with its path, in flatten order.
 *
 * @example
 * import { Tree } from 'gradfold'
 * Tree.leaves({ w2: 0.2, w1: 0.15 }) // [{ path: 'w1', leaf: 0.15 }, { path: 'w2', leaf: 0.2 }]
 *
 * @category destructors
 * @since 0.1.0
 */
export const leaves = (tree: Tree): ReadonlyArray<LeafEntry> => {
  const out: Array<LeafEntry> = []
  walk(tree, (leaf, path) => out.push({ path: path(), leaf }), ignore)
  return out
}

/**
 * The path of every leaf, in flatten order.
 *
 * @example
 * import { Tree } from 'gradfold'
 * Tree.paths({ layers: [{ w: 1, b: 2 }] }) // ['layers.0.b', 'layers.0.w']
 *
 * @category destructors
 * @since 0.1.0
 */
export const paths = (tree: Tree): ReadonlyArray<string> => leaves(tree).map((e) => e.path)

/**
 * The number of scalars: 1 per number leaf, the element count of each tensor leaf.
 *
 * @example
 * import { Tree } from 'gradfold'
 * Tree.size({ w1: 0.15, w2: 0.2 }) // 2
 *
 * @category destructors
 * @since 0.1.0
 */
export const size = (tree: Tree): number => {
  let n = 0
  for (const leaf of leafList(tree)) n += typeof leaf === 'number' ? 1 : leaf.data.length
  return n
}

/**
 * Folds every scalar, in flatten order, into `b`.
 *
 * @example
 * import { Tree } from 'gradfold'
 * Tree.reduce(0, (acc: number, x) => acc + x)({ w1: 1, w2: 2 }) // 3
 *
 * @category destructors
 * @since 0.1.0
 */
export const reduce =
  <B>(b: B, f: (b: B, x: number) => B) =>
  (tree: Tree): B => {
    let acc = b
    for (const leaf of leafList(tree)) {
      if (typeof leaf === 'number') acc = f(acc, leaf)
      else for (let i = 0; i < leaf.data.length; i++) acc = f(acc, leaf.data[i] as number)
    }
    return acc
  }
