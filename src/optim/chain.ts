/**
 * Composition: `chain(a, b, c)` runs `a`'s update on the gradient, `b`'s on `a`'s updates,
 * `c`'s on `b`'s, and keeps the tuple of their states. Optimizers are chains of small
 * transformations: `adam = chain(scaleByAdam(…), scaleByLearningRate(lr))`.
 *
 * Laws: `chain` is associative (`chain(a, chain(b, c))` and `chain(chain(a, b), c)` give the
 * same updates bit for bit, since they run the same arithmetic in the same order; only the
 * nesting of their state tuples differs) and `identity` is its unit; `chain()` is `identity`.
 * The chain's learning rate is that of its last member that has one.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import { exactTuple } from '../codec/exact.js'
import { either, resultOf } from '../tensor/guards.js'
import type { Tree } from '../tree/Tree.js'
import {
  gradientTransformation,
  transformationKind,
  type GradientTransformation,
  type LearningRateOf,
  type StateCodec,
  withForms
} from './GradientTransformation.js'
import { flatRuleOf, type FlatRule, type FlatStage } from './FlatRule.js'
import { validateKinds } from './hyperparameters.js'
import type { OptimError } from './OptimError.js'
import type { OptimizerSpec } from './Entry.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Any transformation, whatever its state (`any`, because a state type is invariant: it is both
 * what `init` answers and what `update` takes).
 *
 * @category model
 * @since 0.1.0
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any state: GradientTransformation is invariant in it
export type AnyTransformation = GradientTransformation<any>

/**
 * The state of `chain(...ts)`: the tuple of their states.
 *
 * @category model
 * @since 0.1.0
 */
export type ChainState<Ts extends ReadonlyArray<AnyTransformation>> = {
  readonly [K in keyof Ts]: Ts[K] extends GradientTransformation<infer S> ? S : never
}

/**
 * A transformation, or the `Either` its constructor answered.
 *
 * @category model
 * @since 0.1.0
 */
export type TransformationResult<T extends AnyTransformation = AnyTransformation> = T | E.Either<OptimError, T>

/**
 * The state of `chainResults(...ts)`.
 *
 * @category model
 * @since 0.1.0
 */
export type ChainResultsState<Ts extends ReadonlyArray<TransformationResult>> = {
  readonly [K in keyof Ts]: Ts[K] extends E.Either<OptimError, GradientTransformation<infer S>>
    ? S
    : Ts[K] extends GradientTransformation<infer S>
      ? S
      : never
}

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const updateAll = (
  ts: ReadonlyArray<AnyTransformation>,
  grads: Tree,
  states: ReadonlyArray<unknown>,
  params: Tree
): E.Either<OptimError, readonly [Tree, ReadonlyArray<unknown>]> => {
  let updates = grads
  const next: Array<unknown> = []
  for (let i = 0; i < ts.length; i++) {
    const r = (ts[i] as AnyTransformation).update(updates, states[i], params)
    if (E.isLeft(r)) return r
    updates = r.right[0]
    next.push(r.right[1])
  }
  return E.right([updates, next])
}

/** The learning rate of the last transformation that has one, read from its part of the tuple. */
const lastLearningRate = (ts: ReadonlyArray<AnyTransformation>): LearningRateOf<ReadonlyArray<unknown>> | undefined => {
  for (let i = ts.length - 1; i >= 0; i--) {
    const read = ts[i]!.learningRate
    if (read !== undefined) return (states) => read(states[i])
  }
  return undefined
}

/** The stages in order, stopping at the first that refuses; the last one's `descend` when it has one. */
const composed = (stages: ReadonlyArray<FlatStage>): FlatStage => {
  const n = stages.length
  const upTo = (u: ReadonlyArray<Float64Array>, p: ReadonlyArray<Float64Array>, end: number): number => {
    for (let i = 0; i < end; i++) if (stages[i]!.apply(u, p) !== 0) return Number.NaN
    return 0
  }
  const last = stages[n - 1]?.descend
  return {
    apply: (u, p) => upTo(u, p, n),
    ...(last === undefined ? {} : { descend: (u, p) => (upTo(u, p, n - 1) !== 0 ? Number.NaN : last(u, p)) }),
    save: () => stages.map((st) => st.save())
  }
}

/** The chain's flat rule: its members' rules one after the other, when every member has one. */
const chainFlat = (ts: ReadonlyArray<AnyTransformation>): FlatRule | undefined => {
  const rules = ts.map(flatRuleOf)
  if (!rules.every((r) => r !== undefined)) return undefined
  return {
    compile: (layout) => {
      const loaders = (rules as ReadonlyArray<FlatRule>).map((r) => r.compile(layout))
      return (state) => {
        if (!Array.isArray(state) || state.length !== loaders.length) return undefined
        const stages: Array<FlatStage> = []
        for (let i = 0; i < loaders.length; i++) {
          const stage = loaders[i]!(state[i])
          if (stage === undefined) return undefined
          stages.push(stage)
        }
        return composed(stages)
      }
    }
  }
}

/** The chain's spec: its members' specs in order, when every member has one. */
const chainSpec = (ts: ReadonlyArray<AnyTransformation>): OptimizerSpec | undefined => {
  const parts = ts.map((t) => t.spec)
  return parts.every((s) => s !== undefined)
    ? { _tag: 'chain', parts: parts as ReadonlyArray<OptimizerSpec> }
    : undefined
}

const isTransformation = (v: TransformationResult): v is AnyTransformation => transformationKind.test(v)

/** A transformation, or the `Either` its constructor answered. */
const resultKind = either(transformationKind, resultOf(transformationKind))

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * The transformations one after the other; the state is the tuple of their states.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * // plain SGD on the weights, the biases held fixed
 * const opt = pipe(Optim.sgd(0.1), E.map((sgd) => Optim.chain(sgd, Optim.freeze((path) => path.endsWith('b')))))
 * const p = { w: 1, b: 1 }
 * pipe(opt, E.chain((t) => t.update({ w: 2, b: 2 }, t.init(p), p)), E.map(([updates]) => updates)) // right({ b: -0, w: -0.2 })
 *
 * @category combinators
 * @since 0.1.0
 */
export const chain = <Ts extends ReadonlyArray<AnyTransformation>>(
  ...ts: Ts
): GradientTransformation<ChainState<Ts>> => {
  const all = ts.slice()
  return withForms({ flat: chainFlat(all), spec: chainSpec(all) })(
    gradientTransformation(
      (params) => all.map((t) => t.init(params)) as unknown as ChainState<Ts>,
      (grads, states, params) =>
        updateAll(all, grads, states as ReadonlyArray<unknown>, params) as E.Either<
          OptimError,
          readonly [Tree, ChainState<Ts>]
        >,
      ((template: Tree) =>
        exactTuple(
          all.map((t) => t.stateC(template)),
          'ChainState'
        )) as StateCodec<ChainState<Ts>>,
      lastLearningRate(all) as LearningRateOf<ChainState<Ts>> | undefined
    )
  )
}

/**
 * `chain` for transformations given as they come from their constructors: each may be a
 * transformation or an `Either`; the first `Left` wins.
 *
 * @example
 * import { Optim } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Optim.chainResults(Optim.clipByGlobalNorm(1), Optim.scaleByAdam({}), Optim.scaleByLearningRate(1e-3)) // right(…)
 * Advanced.Optim.chainResults(Optim.identity, Optim.scaleByLearningRate(-1)) // left: scaleByLearningRate: lr is -1; …
 *
 * @category combinators
 * @since 0.1.0
 */
export const chainResults = <Ts extends ReadonlyArray<TransformationResult>>(
  ...ts: Ts
): E.Either<OptimError, GradientTransformation<ChainResultsState<Ts>>> =>
  pipe(
    validateKinds(
      'chainResults',
      ts.map((t, i) => [`transformation ${i}`, t, resultKind] as const)
    ),
    E.flatMap(() => E.sequenceArray(ts.map((t) => (isTransformation(t) ? E.right(t) : t)))),
    E.map((all) => chain(...all) as unknown as GradientTransformation<ChainResultsState<Ts>>)
  )
