/**
 * The checks every transformation of this module makes around its arithmetic, so that an
 * `update` never pairs the wrong scalars and never hands out a NaN: before, the gradient and
 * each state tree must have the parameters' structure and the gradient must be finite; after,
 * the updates and each new state tree must be finite. The arithmetic in between uses the tree
 * module's unchecked kernels.
 *
 * @internal
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { findNonFinite } from '../tree/finite.js'
import { firstMismatch } from '../tree/structure.js'
import type { Tree } from '../tree/Tree.js'
import { mismatchWith, nonFiniteIn, stateMismatch, type OptimError } from './OptimError.js'

/** Trees named by the state field they are (`mu`, `trace`). */
type NamedTrees = Readonly<Record<string, Tree>>

/**
 * What one update computes: the updates, the next state, and the next state's trees by name.
 *
 * @internal
 */
export type ComputedUpdate<S> = readonly [updates: Tree, state: S, trees: NamedTrees]

const checkInputs = (where: string, grads: Tree, params: Tree, state: NamedTrees): OptimError | undefined => {
  const m = firstMismatch(params, grads)
  if (m !== undefined) return mismatchWith(where, 'the gradient', m)
  for (const field of Object.keys(state)) {
    const s = firstMismatch(params, state[field]!)
    if (s !== undefined) return stateMismatch(where, field, s)
  }
  const bad = findNonFinite(grads)
  return bad === undefined ? undefined : nonFiniteIn(where, 'gradient at', bad)
}

const checkOutputs = (where: string, updates: Tree, state: NamedTrees): OptimError | undefined => {
  const bad = findNonFinite(updates)
  if (bad !== undefined) return nonFiniteIn(where, 'update at', bad)
  for (const field of Object.keys(state)) {
    const b = findNonFinite(state[field]!)
    if (b !== undefined) return nonFiniteIn(where, `state ${field} at`, b)
  }
  return undefined
}

/**
 * Checks the inputs, runs `compute`, checks what it computed: `[updates, state]` or the first
 * problem found, named from `where`.
 *
 * @internal
 */
export const guardedUpdate = <S>(
  where: string,
  grads: Tree,
  params: Tree,
  state: NamedTrees,
  compute: () => E.Either<OptimError, ComputedUpdate<S>>
): E.Either<OptimError, readonly [Tree, S]> => {
  const before = checkInputs(where, grads, params, state)
  if (before !== undefined) return E.left(before)
  const done = compute()
  if (E.isLeft(done)) return done
  const [updates, next, trees] = done.right
  const after = checkOutputs(where, updates, trees)
  return after === undefined ? E.right([updates, next]) : E.left(after)
}

/**
 * `guardedUpdate` for an update that cannot fail by itself.
 *
 * @internal
 */
export const guardedInfallibleUpdate = <S>(
  where: string,
  grads: Tree,
  params: Tree,
  state: NamedTrees,
  compute: () => ComputedUpdate<S>
): E.Either<OptimError, readonly [Tree, S]> => guardedUpdate(where, grads, params, state, () => E.right(compute()))
