/**
 * Structure: which paths a tree has and what sits at each (a number, a tensor of some shape, an
 * array, a record). Two trees have the same structure when they have the same paths, a number
 * where the other has a number and a tensor of the same shape where the other has a tensor.
 * Binary operations combine only trees of the same structure; {@link sameStructure} is the check.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { isTensor, sameShape } from '../tensor/Tensor.js'
import { describe } from '../tensor/describe.js'
import { MAX_DEPTH, childPath, isTreeArray, keysOf, type Tree, type TreeRecord } from './Tree.js'
import { structureMismatch, type StructureMismatch } from './TreeError.js'

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const isRecord = (u: unknown): u is TreeRecord =>
  typeof u === 'object' && u !== null && !Array.isArray(u) && !isTensor(u)

/**
 * What a node is, for messages: `a number`, `a tensor of shape [2, 3]`, `an array of 2 items`,
 * `a record`, `nothing` where there is no node; anything else as {@link describe} shows it.
 *
 * @internal
 */
export const describeNode = (u: unknown): string => (typeof u === 'number' ? 'a number' : describe(u))

/** `node[key]`, or `undefined` when reading it throws (a getter from `any`): a mismatch, named. */
const read = (node: ReadonlyArray<Tree> | TreeRecord, key: string | number): unknown => {
  try {
    return (node as Readonly<Record<string | number, unknown>>)[key]
  } catch {
    return undefined
  }
}

const kindMismatch = (path: string, expected: unknown, actual: unknown): StructureMismatch =>
  structureMismatch(path, 'kind', describeNode(expected), describeNode(actual))

const compareArrays = (
  t: ReadonlyArray<Tree>,
  u: ReadonlyArray<Tree>,
  path: string,
  depth: number
): StructureMismatch | undefined => {
  for (let i = 0; i < Math.max(t.length, u.length); i++) {
    const p = childPath(path, i)
    if (i >= u.length) return structureMismatch(p, 'missing', describeNode(read(t, i)), 'nothing')
    if (i >= t.length) return structureMismatch(p, 'extra', 'nothing', describeNode(read(u, i)))
    const m = firstMismatch(read(t, i) as Tree, read(u, i) as Tree, p, depth + 1)
    if (m !== undefined) return m
  }
  return undefined
}

// Walks the two sorted key lists side by side, so the first difference in flatten order wins.
const compareRecords = (t: TreeRecord, u: TreeRecord, path: string, depth: number): StructureMismatch | undefined => {
  const tk = keysOf(t)
  const uk = keysOf(u)
  let i = 0
  let j = 0
  while (i < tk.length || j < uk.length) {
    const a = tk[i]
    const b = uk[j]
    if (b === undefined || (a !== undefined && a < b)) {
      return structureMismatch(childPath(path, a as string), 'missing', describeNode(read(t, a as string)), 'nothing')
    }
    if (a === undefined || b < a)
      return structureMismatch(childPath(path, b), 'extra', 'nothing', describeNode(read(u, b)))
    const m = firstMismatch(read(t, a) as Tree, read(u, b) as Tree, childPath(path, a), depth + 1)
    if (m !== undefined) return m
    i++
    j++
  }
  return undefined
}

/**
 * The first path, in flatten order, where `tree` differs from `template`, or `undefined`. A
 * node that is not part of a tree matches nothing, and the walk goes no deeper than `MAX_DEPTH`.
 *
 * @internal
 */
export const firstMismatch = (template: Tree, tree: Tree, path = '', depth = 0): StructureMismatch | undefined => {
  if (typeof template === 'number') return typeof tree === 'number' ? undefined : kindMismatch(path, template, tree)
  if (isTensor(template)) {
    if (!isTensor(tree)) return kindMismatch(path, template, tree)
    return sameShape(template.shape, tree.shape)
      ? undefined
      : structureMismatch(path, 'shape', describeNode(template), describeNode(tree))
  }
  if (depth >= MAX_DEPTH)
    return structureMismatch(path, 'kind', describeNode(template), `nesting deeper than ${MAX_DEPTH}`)
  if (isTreeArray(template)) {
    return Array.isArray(tree) ? compareArrays(template, tree, path, depth) : kindMismatch(path, template, tree)
  }
  if (!isRecord(template)) return kindMismatch(path, template, tree)
  return isRecord(tree) ? compareRecords(template, tree, path, depth) : kindMismatch(path, template, tree)
}

// -------------------------------------------------------------------------------------
// validation
// -------------------------------------------------------------------------------------

/**
 * Right with `tree`, now typed as the template's type, when `tree` has the template's
 * structure; otherwise a `StructureMismatch` naming the first differing path in flatten order
 * (a missing key, an extra key, a number against a tensor, two tensor shapes).
 *
 * @example
 * import { Tree } from 'gradfold'
 * Tree.sameStructure({ w1: 0.15, w2: 0.2 })({ w1: 1 })
 * // left: trees differ at w2: expected a number, got nothing
 *
 * @category validation
 * @since 0.1.0
 */
export function sameStructure(template: number): (tree: Tree) => E.Either<StructureMismatch, number>
export function sameStructure<T extends Tree>(template: T): (tree: Tree) => E.Either<StructureMismatch, T>
export function sameStructure(template: Tree): (tree: Tree) => E.Either<StructureMismatch, Tree> {
  return (tree) => {
    const m = firstMismatch(template, tree)
    return m === undefined ? E.right(tree) : E.left(m)
  }
}
