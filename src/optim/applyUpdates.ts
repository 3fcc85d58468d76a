/**
 * The one function that makes new parameters: `p + u`, leaf by leaf, for updates `u` that a
 * transformation answered. Transformations never touch the parameters themselves; they only
 * compute updates, which this adds.
 *
 * Laws: `applyUpdates(zerosLike(p))(p)` is `p` by value; with −0 updates (what `freeze` answers)
 * it is `p` bit for bit, since x + (−0) = x for every double x, −0 included.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { findNonFinite } from '../tree/finite.js'
import { firstMismatch } from '../tree/structure.js'
import { checkedBinary, type CheckedTreeBinary } from '../tree/Tree.js'
import { unsafeAdd } from '../tree/vectorSpace.js'
import { mismatchWith, nonFiniteIn, type OptimError } from './OptimError.js'

/**
 * `applyUpdates(updates)(params)` is `params + updates`, scalar by scalar: parameters of the same
 * type, or a `StructureMismatch` when the updates do not have the parameters' structure, or a
 * `NonFinite` naming the parameter leaf that overflowed.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * pipe({ w: 1, b: 0.5 }, Optim.applyUpdates({ w: -0.25, b: 0.5 })) // right({ b: 1, w: 0.75 })
 * pipe({ w: 1e308 }, Optim.applyUpdates({ w: 1e308 })) // left: applyUpdates: new parameter w: element 0 is Infinity; ...
 *
 * @category combinators
 * @since 0.1.0
 */
export const applyUpdates: CheckedTreeBinary<OptimError> = checkedBinary((updates) => (params) => {
  const m = firstMismatch(params, updates)
  if (m !== undefined) return E.left(mismatchWith('applyUpdates', 'the updates', m))
  const next = unsafeAdd(updates)(params)
  const bad = findNonFinite(next)
  return bad === undefined ? E.right(next) : E.left(nonFiniteIn('applyUpdates', 'new parameter', bad))
})
