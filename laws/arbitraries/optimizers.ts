/**
 * fast-check arbitraries for gradfold's laws: optimizers: trajectory inputs, hyperparameters in
 * their valid ranges, every gradient transformation, convex quadratics.
 *
 * @since 0.2.0
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { addDecayedWeights } from '../../src/optim/addDecayedWeights.js'
import type { AnyTransformation } from '../../src/optim/chain.js'
import { clipByGlobalNorm } from '../../src/optim/clipByGlobalNorm.js'
import { clipByValue } from '../../src/optim/clipByValue.js'
import { identity } from '../../src/optim/identity.js'
import { scale } from '../../src/optim/scale.js'
import { scaleByAdam } from '../../src/optim/scaleByAdam.js'
import { scaleByLearningRate } from '../../src/optim/scaleByLearningRate.js'
import { scaleByRms } from '../../src/optim/scaleByRms.js'
import { scaleByRss } from '../../src/optim/scaleByRss.js'
import type { OptimError } from '../../src/optim/OptimError.js'
import { traceMomentum } from '../../src/optim/traceMomentum.js'
import { flatten, unflatten } from '../../src/tree/flatten.js'
import type { Tree } from '../../src/tree/Tree.js'
import { treeOfSkeleton, treeSkeleton, type TreeOptions, type TreeSkeleton } from './trees.js'

/**
 * A tree of exactly the given skeleton with finite values, about one scalar in nine of them
 * −0 or +0: for laws about signs of zero.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * import { Tree } from 'gradfold'
 * // among many draws, some scalars are −0
 * fc.sample(Arbitraries.treeSkeleton().chain((s) => Arbitraries.signedTreeOfSkeleton(s)), { seed: 1, numRuns: 20 }).some((t) => Tree.flatten(t).some((x) => Object.is(x, -0))) // => true
 *
 * @category optimizers
 * @since 0.1.0
 */
export const signedTreeOfSkeleton = (s: TreeSkeleton, max = 1e3): fc.Arbitrary<Tree> => {
  const n = skeletonSize(s)
  const zeros = fc.array(
    fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(-0, 0) }),
    {
      minLength: n,
      maxLength: n
    }
  )
  return fc.tuple(treeOfSkeleton(s, max), zeros).map(([tree, zs]) => {
    const xs = flatten(tree).map((x, i) => zs[i] ?? x)
    return E.getOrElse(() => tree)(unflatten(tree)(xs))
  })
}

/**
 * The number of scalars a tree of the skeleton holds.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * import { Tree } from 'gradfold'
 * fc.sample(Arbitraries.treeSkeleton().chain((s) => Arbitraries.treeOfSkeleton(s).map((t) => [s, t] as const)), { seed: 1, numRuns: 20 }).every(([s, t]) => Arbitraries.skeletonSize(s) === Tree.flatten(t).length) // => true
 *
 * @category optimizers
 * @since 0.1.0
 */
export const skeletonSize = (s: TreeSkeleton): number => {
  switch (s.kind) {
    case 'number':
      return 1
    case 'tensor':
      return s.shape.reduce((a, d) => a * d, 1)
    case 'array':
      return s.items.reduce((n, item) => n + skeletonSize(item), 0)
    case 'record':
      return s.entries.reduce((n, [, item]) => n + skeletonSize(item), 0)
  }
}

/**
 * The inputs of a trajectory: starting parameters and `steps` gradients, all of one generated
 * structure (|x| ≤ `max`).
 *
 * @category optimizers
 * @since 0.1.0
 */
export interface TrajectoryInputs {
  readonly params: Tree
  readonly grads: ReadonlyArray<Tree>
}

/**
 * Trajectory inputs over generated parameter records (nested records, arrays, numbers and
 * tensors of several shapes).
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * // starting parameters and 3 gradients of their structure
 * fc.sample(Arbitraries.trajectoryInputs(3), { seed: 1, numRuns: 20 }).every((i) => i.grads.length === 3) // => true
 *
 * @category optimizers
 * @since 0.1.0
 */
export const trajectoryInputs = (steps: number, options: TreeOptions = {}, max = 1e3): fc.Arbitrary<TrajectoryInputs> =>
  treeSkeleton(options).chain((s) =>
    fc.record({
      params: treeOfSkeleton(s, max),
      grads: fc.array(treeOfSkeleton(s, max), { minLength: steps, maxLength: steps })
    })
  )

/**
 * Trajectory inputs whose scalars include −0 and +0 (`signedTreeOfSkeleton`), for laws about
 * signs of zero.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * fc.sample(Arbitraries.signedTrajectoryInputs(2), { seed: 1, numRuns: 20 }).every((i) => i.grads.length === 2) // => true
 *
 * @category optimizers
 * @since 0.1.0
 */
export const signedTrajectoryInputs = (
  steps: number,
  options: TreeOptions = {},
  max = 1e3
): fc.Arbitrary<TrajectoryInputs> =>
  treeSkeleton(options).chain((s) =>
    fc.record({
      params: signedTreeOfSkeleton(s, max),
      grads: fc.array(signedTreeOfSkeleton(s, max), { minLength: steps, maxLength: steps })
    })
  )

/**
 * Learning rates in [1e-4, 1].
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * fc.sample(Arbitraries.learningRate, { seed: 1, numRuns: 20 }).every((lr) => lr >= 1e-4 && lr <= 1) // => true
 *
 * @category optimizers
 * @since 0.1.0
 */
export const learningRate: fc.Arbitrary<number> = fc.double({ min: 1e-4, max: 1, noNaN: true })

/**
 * Decay rates (β, μ, α) in [0, 0.999].
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * fc.sample(Arbitraries.decayRate, { seed: 1, numRuns: 20 }).every((d) => d >= 0 && d <= 0.999) // => true
 *
 * @category optimizers
 * @since 0.1.0
 */
export const decayRate: fc.Arbitrary<number> = fc.double({ min: 0, max: 0.999, noNaN: true })

/**
 * ε in [1e-10, 1e-3].
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * fc.sample(Arbitraries.epsilon, { seed: 1, numRuns: 20 }).every((e) => e >= 1e-10 && e <= 1e-3) // => true
 *
 * @category optimizers
 * @since 0.1.0
 */
export const epsilon: fc.Arbitrary<number> = fc.double({ min: 1e-10, max: 1e-3, noNaN: true })

/**
 * A transformation as its constructor answered it (`Right` for the valid hyperparameters these
 * arbitraries draw; a law that meets a `Left` fails), with a description for failure reports.
 *
 * @category optimizers
 * @since 0.1.0
 */
export interface NamedTransformation {
  readonly name: string
  readonly built: E.Either<OptimError, AnyTransformation>
}

const named = (name: string, built: E.Either<OptimError, AnyTransformation>): NamedTransformation => ({ name, built })

/**
 * Every building block of `src/optim` with generated hyperparameters in their valid ranges:
 * identity, scale, the learning rate (a number), momentum (plain and Nesterov), Adam, RMSprop,
 * Adagrad, weight decay, clipping by global norm and by value. Chained three deep over
 * gradients and parameters with |x| ≤ 1e3, their updates stay far from overflow.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * import { OptimLaws } from 'gradfold/laws'
 * // any building block, as its constructor answered it: each updates deterministically
 * fc.sample(fc.tuple(Arbitraries.gradientTransformation, Arbitraries.trajectoryInputs(2)), { seed: 1, numRuns: 10 }).every(([t, inputs]) => t.built._tag === 'Right' && OptimLaws.updateIsDeterministic(t.built.right, inputs)) // => true
 *
 * @category optimizers
 * @since 0.1.0
 */
export const gradientTransformation: fc.Arbitrary<NamedTransformation> = fc.oneof(
  fc.constant(named('identity', E.right(identity))),
  fc.double({ min: -4, max: 4, noNaN: true }).map((c) => named(`scale(${c})`, scale(c))),
  learningRate.map((lr) => named(`scaleByLearningRate(${lr})`, scaleByLearningRate(lr))),
  fc
    .tuple(decayRate, fc.boolean())
    .map(([decay, nesterov]) => named(`traceMomentum(${decay}, ${nesterov})`, traceMomentum({ decay, nesterov }))),
  fc
    .tuple(decayRate, decayRate, epsilon)
    .map(([b1, b2, eps]) => named(`scaleByAdam(${b1}, ${b2}, ${eps})`, scaleByAdam({ b1, b2, eps }))),
  fc.tuple(decayRate, epsilon).map(([decay, eps]) => named(`scaleByRms(${decay}, ${eps})`, scaleByRms({ decay, eps }))),
  fc
    .tuple(fc.double({ min: 0, max: 1, noNaN: true }), epsilon)
    .map(([a, eps]) => named(`scaleByRss(${a}, ${eps})`, scaleByRss({ initialAccumulatorValue: a, eps }))),
  fc.double({ min: 0, max: 0.5, noNaN: true }).map((wd) => named(`addDecayedWeights(${wd})`, addDecayedWeights(wd))),
  fc.double({ min: 0, max: 10, noNaN: true }).map((m) => named(`clipByGlobalNorm(${m})`, clipByGlobalNorm(m))),
  fc.double({ min: 0, max: 10, noNaN: true }).map((v) => named(`clipByValue(${-v}, ${v})`, clipByValue(-v, v)))
)

/**
 * A convex quadratic f(p) = ½(p − p*)ᵀA(p − p*) over a generated parameter record of 1 to 8
 * scalars: A = QᵀDQ with Q a product of generated Givens rotations (orthogonal) and D the
 * eigenvalues, generated in [`minEigenvalue`, `maxEigenvalue`]; the minimum p* and the start
 * have their scalars in [−1, 1]. `a` is A row-major over the flattened parameters.
 *
 * @category optimizers
 * @since 0.1.0
 */
export interface Quadratic {
  readonly n: number
  readonly a: Float64Array
  readonly eigenvalues: ReadonlyArray<number>
  readonly target: Float64Array
  readonly start: Tree
}

const givens = (n: number, q: Float64Array, i: number, j: number, angle: number): void => {
  const c = Math.cos(angle)
  const s = Math.sin(angle)
  for (let k = 0; k < n; k++) {
    const x = q[i * n + k] as number
    const y = q[j * n + k] as number
    q[i * n + k] = c * x - s * y
    q[j * n + k] = s * x + c * y
  }
}

/** QᵀDQ, each entry computed once for i ≤ j and mirrored, so that A is exactly symmetric. */
const congruence = (n: number, q: Float64Array, d: ReadonlyArray<number>): Float64Array => {
  const a = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0
      for (let k = 0; k < n; k++) s += (q[k * n + i] as number) * (d[k] as number) * (q[k * n + j] as number)
      a[i * n + j] = s
      a[j * n + i] = s
    }
  }
  return a
}

/**
 * Quadratics with eigenvalues in [`minEigenvalue`, `maxEigenvalue`] (both included, and drawn
 * often) over records of 1 to 8 scalars.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * // the curvatures (eigenvalues) lie in the range asked for
 * fc.sample(Arbitraries.quadratic(0.5, 2), { seed: 1, numRuns: 20 }).every((q) => q.eigenvalues.every((e) => e >= 0.5 && e <= 2)) // => true
 *
 * @category optimizers
 * @since 0.1.0
 */
export const quadratic = (minEigenvalue: number, maxEigenvalue: number): fc.Arbitrary<Quadratic> =>
  treeSkeleton({ maxDepth: 2, maxChildren: 3, shape: { maxRank: 2, maxDim: 3 } })
    .filter((s) => skeletonSize(s) >= 1 && skeletonSize(s) <= 8)
    .chain((s) => {
      const n = skeletonSize(s)
      const rotation = fc.tuple(fc.nat(n - 1), fc.nat(n - 1), fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }))
      const eigenvalue = fc.oneof(
        fc.constantFrom(minEigenvalue, maxEigenvalue),
        fc.double({ min: minEigenvalue, max: maxEigenvalue, noNaN: true })
      )
      const unit = fc.double({ min: -1, max: 1, noNaN: true })
      return fc
        .record({
          rotations: fc.array(rotation, { maxLength: 2 * n * n }),
          eigenvalues: fc.array(eigenvalue, { minLength: n, maxLength: n }),
          target: fc.array(unit, { minLength: n, maxLength: n }),
          start: treeOfSkeleton(s, 1)
        })
        .map(({ rotations, eigenvalues, target, start }): Quadratic => {
          const q = new Float64Array(n * n)
          for (let i = 0; i < n; i++) q[i * n + i] = 1
          for (const [i, j, angle] of rotations) if (i !== j) givens(n, q, i, j, angle)
          return { n, a: congruence(n, q, eigenvalues), eigenvalues, target: Float64Array.from(target), start }
        })
    })

/**
 * Three transformations, one from each of three families that do not commute with one another,
 * in a generated order: a clip (by global norm below the gradients' norms, or by value), a
 * scale by a factor of magnitude 1.5 to 4, and a stateful normalisation (Adam, RMSprop; not
 * momentum, which is linear and so commutes with a scale).
 * Put together in different orders they take different steps, so a law about the order of a
 * chain can fail on them.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * fc.sample(Arbitraries.nonCommutingTriple, { seed: 1, numRuns: 20 }).every((ts) => ts.length === 3) // => true
 *
 * @category optimizers
 * @since 0.2.0
 */
export const nonCommutingTriple: fc.Arbitrary<
  readonly [NamedTransformation, NamedTransformation, NamedTransformation]
> = fc
  .tuple(
    fc.oneof(
      fc.double({ min: 0.01, max: 0.5, noNaN: true }).map((m) => named(`clipByGlobalNorm(${m})`, clipByGlobalNorm(m))),
      fc.double({ min: 0.01, max: 0.5, noNaN: true }).map((v) => named(`clipByValue(${-v}, ${v})`, clipByValue(-v, v)))
    ),
    fc
      .tuple(fc.double({ min: 1.5, max: 4, noNaN: true }), fc.boolean())
      .map(([c, negative]) => named(`scale(${negative ? -c : c})`, scale(negative ? -c : c))),
    fc.oneof(
      fc
        .tuple(decayRate, decayRate, epsilon)
        .map(([b1, b2, eps]) => named(`scaleByAdam(${b1}, ${b2}, ${eps})`, scaleByAdam({ b1, b2, eps }))),
      fc
        .tuple(decayRate, epsilon)
        .map(([decay, eps]) => named(`scaleByRms(${decay}, ${eps})`, scaleByRms({ decay, eps }))),
      decayRate.map((decay) => named(`traceMomentum(${decay})`, traceMomentum({ decay })))
    )
  )
  .chain((ts) => fc.shuffledSubarray([...ts], { minLength: 3, maxLength: 3 }))
  .map(([a, b, c]) => [a!, b!, c!] as const)
