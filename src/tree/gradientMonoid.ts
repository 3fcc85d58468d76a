/**
 * Gradients form a monoid under addition: the gradient of a sum is the sum of the gradients,
 * so per-shard (or per-sample) gradients of one parameter tree combine in any grouping.
 *
 * The carrier is `Either<TreeError, T>`, because adding two trees is checked (their structures
 * must agree and the sum must be finite; see `add`). `empty` is `right(zerosLike(template))`,
 * `concat` is `add`, and a `Left` wins over anything it is combined with (the leftmost `Left`
 * when both are). Laws, on finite trees of the template's structure whose sums stay finite:
 * `empty` is a unit exactly (x + 0 = x for every finite x other than −0, which becomes +0), and
 * `concat` is associative within the rounding of float addition (see `laws/tree.ts`).
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { concatAll, type Monoid } from '#fp-ts/Monoid.js'
import { ownValue } from '../tensor/describe.js'
import { MAX_NODES, type Tree } from './Tree.js'
import type { TreeError } from './TreeError.js'
import { invalidArgument } from '../tensor/TensorError.js'
import { wrongType } from '../tensor/tensorGuards.js'
import { add, zerosLike } from './vectorSpace.js'

/**
 * The sum monoid of trees shaped like `template`.
 *
 * @example
 * import { concatAll } from 'fp-ts/lib/Monoid.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Tree } from 'gradfold'
 * const M = Tree.getSumMonoid({ w1: 0, w2: 0 })
 * concatAll(M)([E.right({ w1: 1, w2: 2 }), E.right({ w1: 3, w2: 4 })]) // right({ w1: 4, w2: 6 })
 *
 * @category instances
 * @since 0.1.0
 */
export const getSumMonoid = ((template: Tree): Monoid<E.Either<TreeError, Tree>> => ({
  concat: (x, y) => (E.isLeft(x) ? x : E.isLeft(y) ? y : add(y.right)(x.right)),
  empty: E.right(zerosLike(template))
})) as {
  (template: number): Monoid<E.Either<TreeError, number>>
  <T extends Tree>(template: T): Monoid<E.Either<TreeError, T>>
}

/**
 * The sum of trees shaped like `template`, added left to right from zero; `right` of zeros for
 * an empty list, a `StructureMismatch` when a tree's structure is not the template's, a
 * `NonFinite` when the sum overflows.
 *
 * @example
 * import { Tree } from 'gradfold'
 * Tree.sumAll({ w1: 0, w2: 0 })([{ w1: 1, w2: 2 }, { w1: 3, w2: 4 }]) // right({ w1: 4, w2: 6 })
 *
 * @category combinators
 * @since 0.1.0
 */
export const sumAll = ((template: Tree) => (trees: ReadonlyArray<Tree>) =>
  !Array.isArray(trees)
    ? E.left(wrongType('Tree.sumAll', 'the list of trees', 'an array of trees')(trees))
    : // The length is bounded before the list is looped over: an array may declare 2^32 − 1 items.
      trees.length > MAX_NODES
      ? E.left(invalidArgument('Tree.sumAll', `the list has ${trees.length} trees; expected at most ${MAX_NODES}`))
      : concatAll(getSumMonoid(template))(
          Array.from({ length: trees.length }, (_, i) => E.right(ownValue(trees, String(i)) as Tree))
        )) as {
  (template: number): (trees: ReadonlyArray<number>) => E.Either<TreeError, number>
  <T extends Tree>(template: T): (trees: ReadonlyArray<T>) => E.Either<TreeError, T>
}
