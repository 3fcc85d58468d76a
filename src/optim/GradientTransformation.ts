/**
 * The gradient transformation: a pair of pure functions, as in Optax.
 *
 * - `init(params)` builds the state (moments, step counts) for parameters of that structure;
 * - `update(grads, state, params)` turns a gradient into updates of the parameters' type and
 *   structure, and answers the next state; `applyUpdates` then adds the updates to the
 *   parameters (the only function that makes new parameters).
 *
 * `update` answers `Either` because the three trees it is given may not fit together at run
 * time (a state made for other parameters, a gradient of another record) and because nothing
 * may pass a NaN silently: every transformation in this module answers a `StructureMismatch`,
 * a `StateMismatch` or a `NonFinite` naming the leaf rather than a tree holding garbage.
 *
 * A state holds trees typed as `Tree` (the parameters' type is erased) and counters, and comes
 * with an io-ts codec: `stateC(template)` decodes a state made for parameters of `template`'s
 * structure, so that a checkpoint resumes bit for bit. A transformation that scales by a learning
 * rate says which rate is in force (`learningRate(state)`), and `chain` passes it on.
 *
 * Laws (see `laws/optim.ts`): `chain` is associative with `identity` as its unit; `update` is
 * deterministic (the same inputs give bit-identical updates and states) and writes into none of
 * its inputs; `decode(encode(state))` is the state.
 *
 * @since 0.1.0
 */
import type * as E from '#fp-ts/Either.js'
import type * as t from 'io-ts'
import { exactType } from '../codec/exact.js'
import { func, withFields, type Kind } from '../tensor/guards.js'
import type { Tree } from '../tree/Tree.js'
import type { FlatRule } from './FlatRule.js'
import type { OptimError } from './OptimError.js'
import type { OptimizerSpec } from './Entry.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * An update function: gradients and parameters of one type `P`, updates of that type. `P` is
 * read from the parameters, and a gradient of another type does not compile. A bare number is
 * typed `number`, not its literal type.
 *
 * @category model
 * @since 0.1.0
 */
export interface Update<S> {
  (grads: number, state: S, params: number): E.Either<OptimError, readonly [number, S]>
  <P extends Tree>(grads: NoInfer<P>, state: S, params: P): E.Either<OptimError, readonly [P, S]>
}

/**
 * A codec for a state, given the parameters it was made for.
 *
 * @category model
 * @since 0.1.0
 */
export type StateCodec<S> = (template: Tree) => t.Type<S, unknown, unknown>

/**
 * A gradient transformation with state `S`.
 *
 * @category model
 * @since 0.1.0
 */
export interface GradientTransformation<S> {
  /** The state before the first update, made for `params`. */
  readonly init: (params: Tree) => S
  readonly update: Update<S>
  readonly stateC: StateCodec<S>
  /** The learning rate the next update made from `state` will use, for a transformation that has one. */
  readonly learningRate?: LearningRateOf<S>
  /**
   * The same update on flat buffers, for a compiled epoch (see `FlatRule`); a record that
   * replaces `update` must drop it (or give one that computes the new update).
   */
  readonly flat?: FlatRule
  /** The transformation as data, for a model file (see `OptimizerSpec`). */
  readonly spec?: OptimizerSpec
}

/**
 * How a transformation reads the learning rate in force from its state.
 *
 * @category model
 * @since 0.2.0
 */
export type LearningRateOf<S> = (state: S) => E.Either<OptimError, number>

/**
 * The state type of a transformation.
 *
 * @category model
 * @since 0.1.0
 */
export type StateOf<G> = G extends GradientTransformation<infer S> ? S : never

/**
 * The state of a transformation that keeps none.
 *
 * @category model
 * @since 0.1.0
 */
export type EmptyState = Readonly<Record<string, never>>

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A transformation from its three parts, written over `Tree`; the result's `update` is typed to
 * keep the parameters' type. `update` must answer updates of the gradient's structure.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Optim, Tree } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // halves every gradient and keeps no state (Tree.scale answers a Left rather than overflow)
 * const halve = Optim.gradientTransformation(
 *   () => Advanced.Optim.emptyState,
 *   (grads, state) => E.map((g: typeof grads) => [g, state] as const)(Tree.scale(0.5)(grads)),
 *   () => Advanced.Optim.EmptyStateC
 * )
 * halve.update({ w: 3 }, halve.init({ w: 0 }), { w: 0 }) // right([{ w: 1.5 }, {}])
 *
 * @category constructors
 * @since 0.1.0
 */
export const gradientTransformation = <S>(
  init: (params: Tree) => S,
  update: (grads: Tree, state: S, params: Tree) => E.Either<OptimError, readonly [Tree, S]>,
  stateC: StateCodec<S>,
  learningRate?: LearningRateOf<S>
): GradientTransformation<S> =>
  learningRate === undefined
    ? { init, update: update as Update<S>, stateC }
    : { init, update: update as Update<S>, stateC, learningRate }

/**
 * `t` with its flat rule and its spec, for a library transformation (each when defined).
 *
 * @internal
 */
export const withForms =
  (forms: { readonly flat?: FlatRule | undefined; readonly spec?: OptimizerSpec | undefined }) =>
  <T extends object>(t: T): T => ({
    ...t,
    ...(forms.flat === undefined ? {} : { flat: forms.flat }),
    ...(forms.spec === undefined ? {} : { spec: forms.spec })
  })

/**
 * The structural guard of a transformation (its three functions, O(1)), for a boundary where
 * one may arrive as junk.
 *
 * @internal
 */
export const transformationKind: Kind = withFields('a gradient transformation (Optim.sgd, Optim.chain, …)', [
  ['init', func],
  ['update', func],
  ['stateC', func]
])

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * The empty state, encoded as `{}`.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Optim.EmptyStateC.decode({}) // right({})
 * Advanced.Optim.EmptyStateC.decode({ count: 1 }) // left: count: unexpected key in EmptyState
 *
 * @category codecs
 * @since 0.1.0
 */
export const EmptyStateC: t.Type<EmptyState, EmptyState, unknown> = exactType({}, 'EmptyState') as t.Type<
  EmptyState,
  EmptyState,
  unknown
>

/**
 * The empty state.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * // a stateless transformation (clipping, scaling by a constant) starts from and keeps the empty state
 * Advanced.Optim.emptyState // => {}
 *
 * @category constructors
 * @since 0.1.0
 */
export const emptyState: EmptyState = Object.freeze({})
