// Generated set-ups for the step laws: parameters of any tree structure (records with keys in
// any written order, arrays, numbers and tensors), a model that uses every leaf (so that every
// leaf has a gradient, and number leaves added directly share one gradient array), optimizers
// plain SGD is and is not (a constant rate, a schedule that turns negative, a rate so large that
// the update overflows, momentum, adam, a chain, a mask), batches, and a second structure that
// the parameters switch to mid-run.
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { add, mul, square, sum } from '../../src/ad/ops/index.js'
import { isVar, lift, type Var } from '../../src/ad/Var.js'
import { unsafeDataset, type Dataset } from '../../src/data/Dataset.js'
import { mse } from '../../src/nn/losses.js'
import * as Optim from '../../src/optim/index.js'
import type { GradientTransformation } from '../../src/optim/GradientTransformation.js'
import type { Key } from '../../src/random/Key.js'
import { isTensor, unsafeMake } from '../../src/tensor/Tensor.js'
import type { Model } from '../../src/train/Model.js'
import { initialState, type TrainState } from '../../src/train/bookkeeping/TrainState.js'
import type { Tree } from '../../src/tree/Tree.js'
import { arbKey } from './keys.js'
import { treeOfSkeleton, treeSkeleton } from './trees.js'

/** Every traced leaf, depth first (the order does not matter: both steps trace the same record). */
const tracedLeaves = (u: unknown): ReadonlyArray<Var> =>
  isVar(u)
    ? [u]
    : Array.isArray(u)
      ? u.flatMap(tracedLeaves)
      : typeof u === 'object' && u !== null
        ? Object.values(u).flatMap(tracedLeaves)
        : []

/**
 * `ŷ = x · s` with `s` the sum of the number leaves and of the tensor leaves' sums of squares,
 * `mse` against the targets: a model of any parameter record.
 *
 * @category steps
 * @since 0.2.0
 */
/**
 * The parameters' static type in these laws: any tree at run time, a flat record to the type
 * checker (the traced type of every tree at once is too deep for it).
 *
 * @category steps
 * @since 0.2.0
 */
export type AnyParams = Readonly<Record<string, number>>

export const everyLeafModel: Model<AnyParams> = {
  forward: (p) => (x) => {
    const terms = tracedLeaves(p as unknown).map((v) => (v.value.shape.length === 0 ? v : sum(square(v))))
    const s = terms.reduce((acc: Var, t) => add(t)(acc), lift(0))
    return pipe(x, mul(s))
  },
  loss: mse
}

const built = <S>(t: E.Either<Optim.OptimError, GradientTransformation<S>>): GradientTransformation<unknown> => {
  if (E.isLeft(t)) throw new Error(`an arbitrary built a bad optimizer: ${t.left.message}`)
  return t.right as GradientTransformation<unknown>
}

/** Optimizers, plain SGD and not; rates from tiny to overflowing. */
const optimizer: fc.Arbitrary<GradientTransformation<unknown>> = fc
  .tuple(fc.constantFrom(1e-3, 0.05, 1e300), fc.integer({ min: 0, max: 6 }))
  .map(([lr, k]) =>
    k === 0
      ? built(Optim.sgd(lr))
      : k === 1
        ? built(Optim.sgd((t: number) => lr * (1 - t / 3))) // negative from the fourth step: a failing schedule
        : k === 2
          ? built(Optim.scaleByLearningRate(lr))
          : k === 3
            ? built(Optim.momentum(lr, 0.9))
            : k === 4
              ? built(Optim.adam({ lr }))
              : k === 5
                ? (Optim.chain(
                    built(Optim.clipByGlobalNorm(1)),
                    built(Optim.sgd(lr))
                  ) as GradientTransformation<unknown>)
                : (Optim.masked(
                    (path) => path.length % 2 === 0,
                    built(Optim.sgd(lr))
                  ) as GradientTransformation<unknown>)
  )

/** A parameter record: a generated tree, wrapped in a record when it is a bare leaf. */
const params: fc.Arbitrary<AnyParams> = treeSkeleton()
  .chain((s) => treeOfSkeleton(s, 3))
  .map((t: Tree) => (typeof t === 'number' || isTensor(t) ? { w: t } : t) as unknown as AnyParams)

const batch: fc.Arbitrary<Dataset> = fc
  .integer({ min: 1, max: 3 })
  .chain((rows) =>
    fc
      .tuple(
        fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: rows, maxLength: rows }),
        fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: rows, maxLength: rows })
      )
      .map(([x, y]) =>
        unsafeDataset(unsafeMake([rows, 1], Float64Array.from(x)), unsafeMake([rows, 1], Float64Array.from(y)))
      )
  )

/**
 * A step set-up: the model, an optimizer, the state before the first step, batches, and the
 * step before which the parameters switch to `other`.
 *
 * @category steps
 * @since 0.2.0
 */
export interface StepCase {
  readonly model: Model<AnyParams>
  readonly optimizer: GradientTransformation<unknown>
  readonly state: TrainState<AnyParams, unknown>
  readonly batches: ReadonlyArray<Dataset>
  readonly switchAt: number
  readonly other: AnyParams
}

/**
 * @category steps
 * @since 0.2.0
 */
export const stepCase: fc.Arbitrary<StepCase> = fc
  .record({
    optimizer,
    params,
    other: params,
    key: arbKey,
    batches: fc.array(batch, { minLength: 1, maxLength: 6 }),
    switchAt: fc.integer({ min: 0, max: 8 })
  })
  .map(
    (r: {
      optimizer: GradientTransformation<unknown>
      params: AnyParams
      other: AnyParams
      key: Key
      batches: ReadonlyArray<Dataset>
      switchAt: number
    }): StepCase => ({
      model: everyLeafModel,
      optimizer: r.optimizer,
      state: initialState(r.optimizer)(r.params, r.key),
      batches: r.batches,
      switchAt: r.switchAt,
      other: r.other
    })
  )
