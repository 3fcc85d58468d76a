/**
 * fast-check arbitraries for gradfold's laws: parameter records: skeletons (the structure) and
 * trees of a skeleton, in pairs and triples of one structure.
 *
 * @since 0.2.0
 */
import fc from 'fast-check'
import type { Shape } from '../../src/tensor/Tensor.js'
import type { Tree } from '../../src/tree/Tree.js'
import { finiteDouble } from './numbers.js'
import { shape, tensorOfShape } from './tensors.js'

/**
 * The structure of a parameter tree without its values: which paths hold a number, which a
 * tensor of which shape, and how arrays and records nest. Generating a skeleton first and values
 * second gives several trees of one structure.
 *
 * @category parameter records
 * @since 0.1.0
 */
export type TreeSkeleton =
  | { readonly kind: 'number' }
  | { readonly kind: 'tensor'; readonly shape: Shape }
  | { readonly kind: 'array'; readonly items: ReadonlyArray<TreeSkeleton> }
  | { readonly kind: 'record'; readonly entries: ReadonlyArray<readonly [string, TreeSkeleton]> }

/**
 * Options for generated trees: nesting depth of arrays and records (root = depth 0), the most
 * children per node, and the shapes of tensor leaves.
 *
 * @category parameter records
 * @since 0.1.0
 */
export interface TreeOptions {
  readonly maxDepth?: number
  readonly maxChildren?: number
  readonly shape?: Parameters<typeof shape>[0]
}

// Names a model would use, plus integer-like keys ('10' sorts before '9' but Object.keys lists
// it after), so that sorted traversal is exercised against insertion order.
const recordKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('w', 'b', 'w1', 'w2', 'w12', 'hidden', 'out', 'layers', 'gamma', 'beta', '0', '9', '10'),
  fc.string({ minLength: 1, maxLength: 4 })
)

const leafSkeleton = (options: TreeOptions): fc.Arbitrary<TreeSkeleton> =>
  fc.oneof(
    fc.constant<TreeSkeleton>({ kind: 'number' }),
    shape(options.shape ?? { maxRank: 3, maxDim: 4 }).map((s): TreeSkeleton => ({ kind: 'tensor', shape: s }))
  )

const skeletonAtDepth = (depth: number, options: TreeOptions): fc.Arbitrary<TreeSkeleton> => {
  if (depth <= 0) return leafSkeleton(options)
  const child = skeletonAtDepth(depth - 1, options)
  const maxLength = options.maxChildren ?? 4
  return fc.oneof(
    { weight: 2, arbitrary: leafSkeleton(options) },
    {
      weight: 2,
      arbitrary: fc.array(child, { minLength: 1, maxLength }).map((items): TreeSkeleton => ({ kind: 'array', items }))
    },
    {
      weight: 5,
      arbitrary: fc
        .uniqueArray(fc.tuple(recordKey, child), { minLength: 1, maxLength, selector: ([k]) => k })
        .map((entries): TreeSkeleton => ({ kind: 'record', entries }))
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom<TreeSkeleton>({ kind: 'array', items: [] }, { kind: 'record', entries: [] })
    }
  )
}

/**
 * Skeletons of depth at most `maxDepth` (default 3). At each position above the last level: a
 * leaf (2 in 10), a non-empty array (2 in 10), a non-empty record with its keys in generated
 * order (5 in 10), or an empty array or record (1 in 10).
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * // a skeleton gives the structure; its trees the values
 * fc.sample(Arbitraries.treeSkeleton({ maxDepth: 2 }).chain((s) => Arbitraries.treeOfSkeleton(s)), { seed: 1, numRuns: 20 }).length // => 20
 *
 * @category parameter records
 * @since 0.1.0
 */
export const treeSkeleton = (options: TreeOptions = {}): fc.Arbitrary<TreeSkeleton> =>
  skeletonAtDepth(options.maxDepth ?? 3, options)

/**
 * A tree of exactly the given skeleton with finite values (|x| ≤ `max`). Records are built with
 * their keys in the skeleton's order.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * import { Tree } from 'gradfold'
 * // two trees of one skeleton can be added
 * fc.sample(Arbitraries.treeSkeleton().chain((s) => fc.tuple(Arbitraries.treeOfSkeleton(s), Arbitraries.treeOfSkeleton(s))), { seed: 1, numRuns: 20 }).every(([a, b]) => Tree.add(b)(a)._tag === 'Right') // => true
 *
 * @category parameter records
 * @since 0.1.0
 */
export const treeOfSkeleton = (s: TreeSkeleton, max = 1e3): fc.Arbitrary<Tree> => {
  switch (s.kind) {
    case 'number':
      return finiteDouble(max)
    case 'tensor':
      return tensorOfShape(s.shape, max)
    case 'array':
      return fc.tuple(...s.items.map((item) => treeOfSkeleton(item, max))).map((items): Tree => items)
    case 'record':
      return fc
        .tuple(...s.entries.map(([, item]) => treeOfSkeleton(item, max)))
        .map((values): Tree => Object.fromEntries(s.entries.map(([k], i) => [k, values[i] as Tree])))
  }
}

/**
 * A parameter tree: nested records and arrays (depth ≤ 3) of numbers and tensors of random
 * shapes.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * import { Tree } from 'gradfold'
 * // every generated tree is a valid parameter tree: flattening it gives its numbers back
 * fc.sample(Arbitraries.tree(), { seed: 1, numRuns: 20 }).every((t) => Tree.flatten(t).every(Number.isFinite)) // => true
 *
 * @category parameter records
 * @since 0.1.0
 */
export const tree = (options: TreeOptions = {}, max = 1e3): fc.Arbitrary<Tree> =>
  treeSkeleton(options).chain((s) => treeOfSkeleton(s, max))

/**
 * `count` trees of one generated structure, each with its own values.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * import { Tree } from 'gradfold'
 * fc.sample(Arbitraries.treesOfOneStructure(3), { seed: 1, numRuns: 20 }).every(([a, b, c]) => Tree.flatten(a!).length === Tree.flatten(b!).length && Tree.flatten(b!).length === Tree.flatten(c!).length) // => true
 *
 * @category parameter records
 * @since 0.1.0
 */
export const treesOfOneStructure = (
  count: number,
  options: TreeOptions = {},
  max = 1e3
): fc.Arbitrary<ReadonlyArray<Tree>> =>
  treeSkeleton(options).chain((s) => fc.array(treeOfSkeleton(s, max), { minLength: count, maxLength: count }))

/**
 * Two trees of one structure.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * import { Tree } from 'gradfold'
 * fc.sample(Arbitraries.treePair(), { seed: 1, numRuns: 20 }).every(([a, b]) => Tree.add(b)(a)._tag === 'Right') // => true
 *
 * @category parameter records
 * @since 0.1.0
 */
export const treePair = (options: TreeOptions = {}, max = 1e3): fc.Arbitrary<readonly [Tree, Tree]> =>
  treeSkeleton(options).chain((s) => fc.tuple(treeOfSkeleton(s, max), treeOfSkeleton(s, max)))

/**
 * Three trees of one structure.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * import { TreeLaws } from 'gradfold/laws'
 * fc.sample(Arbitraries.treeTriple(), { seed: 1, numRuns: 20 }).every(([a, b, c]) => TreeLaws.addAssociates(a, b, c)) // => true
 *
 * @category parameter records
 * @since 0.1.0
 */
export const treeTriple = (options: TreeOptions = {}, max = 1e3): fc.Arbitrary<readonly [Tree, Tree, Tree]> =>
  treeSkeleton(options).chain((s) => fc.tuple(treeOfSkeleton(s, max), treeOfSkeleton(s, max), treeOfSkeleton(s, max)))
