// Generated trees for the layout laws: a tree, and trees to read with its layout: one of its
// structure (new values), the same with every record's keys written in reverse order, one a
// single change away (a key dropped or added, a shape or a kind changed), one of any structure,
// and one holding a value that is not part of a tree.
import fc from 'fast-check'
import { isTensor } from '../../src/tensor/Tensor.js'
import type { Tree } from '../../src/tree/Tree.js'
import { treeOfSkeleton, treeSkeleton, type TreeSkeleton } from './trees.js'

/** `s` changed in one place, chosen by `k`. */
const perturb = (s: TreeSkeleton, k: number): TreeSkeleton => {
  switch (s.kind) {
    case 'number':
      return k % 2 === 0 ? { kind: 'tensor', shape: [1] } : { kind: 'array', items: [s] }
    case 'tensor':
      return { kind: 'tensor', shape: s.shape.length === 0 ? [1] : [...s.shape.slice(0, -1), s.shape.at(-1)! + 1] }
    case 'array':
      if (s.items.length === 0) return { kind: 'array', items: [{ kind: 'number' }] }
      return k % 2 === 0
        ? { kind: 'array', items: s.items.slice(0, -1) }
        : { kind: 'array', items: [perturb(s.items[0]!, k >> 1), ...s.items.slice(1)] }
    case 'record': {
      const [first, ...rest] = s.entries
      if (first === undefined || k % 3 === 0)
        return { kind: 'record', entries: [...s.entries, ['~extra', { kind: 'number' }]] }
      return k % 3 === 1
        ? { kind: 'record', entries: s.entries.slice(0, -1) }
        : { kind: 'record', entries: [[first[0], perturb(first[1], Math.floor(k / 3))], ...rest] }
    }
  }
}

/** `t` with every record's keys written in reverse order: the same tree to every traversal. */
const reversedKeys = (t: Tree): Tree =>
  typeof t === 'number' || isTensor(t)
    ? t
    : Array.isArray(t)
      ? t.map(reversedKeys)
      : Object.fromEntries(
          Object.entries(t)
            .reverse()
            .map(([k, v]) => [k, reversedKeys(v as Tree)])
        )

const strays: ReadonlyArray<unknown> = ['w', null, undefined, true, () => 0]

/** `t` with its first leaf (or, for an empty node, a new child) replaced by a value that is not part of a tree. */
const withStray = (t: Tree, stray: unknown): unknown => {
  if (typeof t === 'number' || isTensor(t)) return stray
  if (Array.isArray(t)) return t.length === 0 ? [stray] : [withStray(t[0] as Tree, stray), ...t.slice(1)]
  const entries = Object.entries(t)
  if (entries.length === 0) return { w: stray }
  return Object.fromEntries([[entries[0]![0], withStray(entries[0]![1] as Tree, stray)], ...entries.slice(1)])
}

/**
 * A tree and a value to read with its layout, of its structure or not (see the module's header).
 *
 * @category layouts
 * @since 0.2.0
 */
export const treeAndOther: fc.Arbitrary<readonly [Tree, unknown]> = treeSkeleton().chain((s) =>
  fc.tuple(
    treeOfSkeleton(s),
    fc.oneof(
      treeOfSkeleton(s),
      treeOfSkeleton(s).map(reversedKeys),
      fc.nat().chain((k) => treeOfSkeleton(perturb(s, k))),
      treeSkeleton().chain((o) => treeOfSkeleton(o)),
      fc.tuple(treeOfSkeleton(s), fc.constantFrom(...strays)).map(([t, x]) => withStray(t, x))
    )
  )
)

/**
 * Two trees of one structure, the second with its keys written in reverse order.
 *
 * @category layouts
 * @since 0.2.0
 */
export const treeAndReordered: fc.Arbitrary<readonly [Tree, Tree]> = treeSkeleton().chain((s) =>
  fc.tuple(treeOfSkeleton(s), treeOfSkeleton(s).map(reversedKeys))
)

/**
 * A tree, or a tree holding a value that is not part of one.
 *
 * @category layouts
 * @since 0.2.0
 */
export const maybeTree: fc.Arbitrary<unknown> = fc.oneof(
  treeSkeleton().chain((s) => treeOfSkeleton(s)),
  fc
    .tuple(
      treeSkeleton().chain((s) => treeOfSkeleton(s)),
      fc.constantFrom(...strays)
    )
    .map(([t, x]) => withStray(t, x))
)
