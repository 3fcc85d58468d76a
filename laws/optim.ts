/**
 * Laws of gradient transformations and optimizers, as predicates over generated parameter
 * records, gradients and hyperparameters. Users can run them on their own transformations.
 *
 * Exactness. Most laws are bit for bit, because the two sides run the same float operations in
 * the same order:
 * - `chain(a, chain(b, c))` and `chain(chain(a, b), c)` call the same updates on the same values;
 *   `identity` hands its gradient on untouched;
 * - `scale(1)`: 1·x = x for every double;
 * - one `sgd(η)` step: `applyUpdates` computes p + (−η)·g; negation is exact, so (−η)·g is
 *   −(η·g) exactly, and p + (−y) is p − y in IEEE arithmetic: the same bits as p − η·g;
 * - `momentum(η, 0)` keeps v = g (PyTorch keeps no buffer at μ = 0) and `nesterov(η, 0)` updates
 *   g + 0·g = g (0·g is ±0 with g's sign, and g + (±0) = g), so both are `sgd(η)`;
 * - `adamw` with weightDecay 0 passes Adam's updates through `addDecayedWeights(0)` untouched;
 * - `freeze` answers −0 updates and p + (−0) = p for every double p, −0 included;
 * - states survive JSON exactly: JSON writes the shortest decimal that reads back as the same
 *   double, and the codecs write −0 as "-0".
 *
 * Clipping by global norm. With n scalars, the computed norm N(x) = m·√Σ(xᵢ/m)² rounds once per
 * quotient, square and addition, once in the square root and once in the product, so
 * |N(x) − ‖x‖| ≤ γₙ₊₃·‖x‖ (γₖ = k·u/(1 − k·u), u = 2⁻⁵³). Clipping multiplies by
 * c = fl(max/N(g)) ≤ (max/N(g))(1 + u); each fl(c·gᵢ) is within a factor (1 + u) of c·gᵢ, plus
 * an underflow of at most 2⁻¹⁰⁷⁵. So N(clip(g)) ≤ max·(1 + u)²(1 + γₙ₊₃)/(1 − γₙ₊₃) + n·2⁻¹⁰⁷⁴,
 * which is below max·(1 + γ₃ₙ₊₁₁) + n·MIN_VALUE (products of (1 + γ) factors add their indices).
 * And c < 1 means |fl(c·gᵢ)| ≤ |gᵢ| exactly, rounding being monotone: no scalar grows.
 *
 * Convergence on quadratics f(p) = ½(p − p*)ᵀA(p − p*), with A's eigenvalues λ in [0.1, 1] and
 * ‖p₀ − p*‖ ≤ 2√8 (scalars in [−1, 1], at most 8 of them). Writing e = p − p* in A's eigenbasis,
 * every method below that is linear acts on each eigen-coordinate separately:
 * - gradient descent, η = 1: e ← (1 − λ)e, |1 − λ| ≤ 0.9, so ‖e_K‖ ≤ 0.9ᴷ·‖e₀‖; K = 200 gives
 *   ‖e_K‖ ≤ 7.1e-10·5.66 < 4e-9;
 * - PyTorch momentum, η = 1, μ = ½: (e, v) ← M(e, v) with M = [[1 − λ, −½], [λ, ½]] (v₀ = 0
 *   makes the first v equal g, as PyTorch's). det M = ½ and tr M = 3/2 − λ, whose discriminant
 *   (3/2 − λ)² − 2 is below −0.04 for λ ≥ 0.1: complex eigenvalues r, r̄ with |r| = 2^(−1/2)
 *   and |r − r̄| ≥ 0.2. From Mᴷ = (rᴷ(M − r̄I) − r̄ᴷ(M − rI))/(r − r̄),
 *   |(Mᴷ)₁₁| ≤ |r|ᴷ·2(|M₁₁| + |r|)/|r − r̄| ≤ 2^(−K/2)·2(0.9 + 0.71)/0.2 < 17·2^(−K/2); K = 80
 *   gives ‖e_K‖ ≤ 17·2⁻⁴⁰·5.66 < 1e-10;
 * - PyTorch Nesterov, η = 0.9, μ = 0.6: M = [[1 − 1.44λ, −0.324], [λ, 0.6]], det M = 0.6x and
 *   tr M = 1.6x with x = 1 − 0.9λ in [0.1, 0.91]; the discriminant x(2.56x − 2.4) is below
 *   −0.064, so |r| ≤ √0.546 < 0.739, |r − r̄| ≥ 0.25, and |(Mᴷ)₁₁| ≤ 0.739ᴷ·2(0.86 + 0.74)/0.25
 *   < 13·0.739ᴷ; K = 80 gives ‖e_K‖ ≤ 13·3.1e-11·5.66 < 3e-9.
 * Each bound is far below the tolerance 1e-6, which leaves room for rounding (each step adds
 * a few ulps of |p*| ≤ 1 that the same contraction then damps).
 * Adaptive methods have no such closed form. Their budgets (cosine decay of the rate to 0 for
 * Adam, AdamW and RMSprop, a constant rate for Adagrad) were found on 3000 generated problems
 * of the same family before being fixed here, with the worst final distance 2e-8 (Adam, K = 400),
 * 3e-9 (AdamW on quadratics centred at 0, K = 400), 2e-9 (RMSprop, K = 300), 6e-8 (Adagrad,
 * K = 600): the laws check them on the runs' own generated problems, at tolerance 1e-6. AdamW's
 * decay pulls towards 0, so its fixed point is the minimum of f only when p* = 0; elsewhere it
 * settles about 0.75·wd away, which is what decoupled decay is for.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { decode } from '../src/codec/DecodeError.js'
import { adam, adamw, momentum, nesterov, sgd } from '../src/optim/alias.js'
import { applyUpdates } from '../src/optim/applyUpdates.js'
import { chain, type AnyTransformation } from '../src/optim/chain.js'
import { clipByGlobalNorm } from '../src/optim/clipByGlobalNorm.js'
import { freeze } from '../src/optim/freeze.js'
import { gradientTransformation } from '../src/optim/GradientTransformation.js'
import { identity } from '../src/optim/identity.js'
import { masked, prune, type Mask } from '../src/optim/masked.js'
import type { OptimError } from '../src/optim/OptimError.js'
import { scale } from '../src/optim/scale.js'
import { flatten, unflatten } from '../src/tree/flatten.js'
import { leafList, leaves, type Leaf, type Tree } from '../src/tree/Tree.js'
import type { TreeError } from '../src/tree/TreeError.js'
import { unsafeNorm } from '../src/tree/vectorSpace.js'
import { unsafeZipWith } from '../src/tree/zipWith.js'
import type { Quadratic, TrajectoryInputs } from './arbitraries.js'
import { bitsEqual, leavesInputsUnchanged } from './purity.js'
import { gamma, treeBitsEqual } from './tree.js'

// -------------------------------------------------------------------------------------
// trajectories
// -------------------------------------------------------------------------------------

/**
 * What a transformation did over a run: the updates of each step, the parameters after it, and
 * the state after it (`states[0]` is `init`'s).
 *
 * @category trajectories
 * @since 0.1.0
 */
export interface Trajectory {
  readonly updates: ReadonlyArray<Tree>
  readonly params: ReadonlyArray<Tree>
  readonly states: ReadonlyArray<unknown>
}

/**
 * Runs `t` from `inputs.params` over `inputs.grads`, applying each step's updates: the
 * trajectory, or the first `Left`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * import { OptimLaws } from 'gradfold/laws'
 * // SGD(0.1) from w = 1 with the gradients 2 then 1: w = 0.8, then 0.8 − 0.1, which rounds to 0.7000000000000001
 * pipe(Optim.sgd(0.1), E.chainW((t) => OptimLaws.trajectory(t, { params: { w: 1 }, grads: [{ w: 2 }, { w: 1 }] })), E.map((tr) => tr.params)) // right([{ w: 0.8 }, { w: 0.7000000000000001 }])
 *
 * @category trajectories
 * @since 0.1.0
 */
export const trajectory = (t: AnyTransformation, inputs: TrajectoryInputs): E.Either<OptimError, Trajectory> => {
  let p = inputs.params
  let s: unknown = t.init(p)
  const updates: Array<Tree> = []
  const params: Array<Tree> = []
  const states: Array<unknown> = [s]
  for (const g of inputs.grads) {
    const r = t.update(g, s, p)
    if (E.isLeft(r)) return r
    const next = applyUpdates(r.right[0])(p)
    if (E.isLeft(next)) return next
    ;[p, s] = [next.right, r.right[1]]
    updates.push(r.right[0])
    params.push(p)
    states.push(s)
  }
  return E.right({ updates, params, states })
}

/**
 * Two trajectories with the same updates and parameters at every step, bit for bit (states may
 * differ in shape: a nested chain's state is a nested tuple).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * import { OptimLaws } from 'gradfold/laws'
 * const inputs = { params: { w: 1 }, grads: [{ w: 2 }, { w: 1 }] }
 * // SGD(0.1) and momentum 0 take the same steps, bit for bit
 * pipe(
 *   E.Do,
 *   E.apS('a', pipe(Optim.sgd(0.1), E.chainW((t) => OptimLaws.trajectory(t, inputs)))),
 *   E.apS('b', pipe(Optim.momentum(0.1, 0), E.chainW((t) => OptimLaws.trajectory(t, inputs)))),
 *   E.map(({ a, b }) => OptimLaws.sameSteps(a, b))
 * ) // right(true)
 *
 * @category trajectories
 * @since 0.1.0
 */
export const sameSteps = (x: Trajectory, y: Trajectory): boolean =>
  x.updates.length === y.updates.length &&
  x.updates.every(
    (u, i) => treeBitsEqual(u, y.updates[i] as Tree) && treeBitsEqual(x.params[i] as Tree, y.params[i] as Tree)
  )

const bothRight = <A>(x: E.Either<unknown, A>, y: E.Either<unknown, A>, ok: (x: A, y: A) => boolean): boolean =>
  E.isRight(x) && E.isRight(y) && ok(x.right, y.right)

const sameRun = (t: AnyTransformation, u: AnyTransformation, inputs: TrajectoryInputs): boolean =>
  bothRight(trajectory(t, inputs), trajectory(u, inputs), sameSteps)

// -------------------------------------------------------------------------------------
// algebra
// -------------------------------------------------------------------------------------

/**
 * How two transformations are put one after the other; `chain` unless a self-test hands the
 * laws a broken one to see them fail.
 *
 * @category algebra
 * @since 0.2.0
 */
export type Compose = (a: AnyTransformation, b: AnyTransformation) => AnyTransformation

const chainTwo: Compose = (a, b) => chain(a, b)

/**
 * `chain(a, chain(b, c))` and `chain(chain(a, b), c)` take the same steps, bit for bit.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * import { OptimLaws } from 'gradfold/laws'
 * // starting parameters and two gradients of their structure
 * const inputs = { params: { w: 1, b: [0.5, -2] }, grads: [{ w: 0.1, b: [1, -1] }, { w: -0.3, b: [0.2, 0.4] }] }
 * pipe(
 *   E.Do,
 *   E.apS('clip', Optim.clipByGlobalNorm(1)),
 *   E.apS('adam', Optim.scaleByAdam({})),
 *   E.apS('scale', Optim.scale(-0.1)),
 *   E.map(({ clip, adam, scale }) => OptimLaws.chainAssociates(clip, adam, scale, inputs))
 * ) // right(true)
 *
 * @category algebra
 * @since 0.1.0
 */
export const chainAssociates = (
  a: AnyTransformation,
  b: AnyTransformation,
  c: AnyTransformation,
  inputs: TrajectoryInputs,
  compose: Compose = chainTwo
): boolean => sameRun(compose(a, compose(b, c)), compose(compose(a, b), c), inputs)

/**
 * `a` then `b`, by hand: each step runs `a` on the gradient and `b` on `a`'s updates; the
 * state is the pair of their states.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * import { OptimLaws } from 'gradfold/laws'
 * // clip the gradient 3 to norm 1, then scale by −0.1: the update −0.1
 * pipe(
 *   E.Do,
 *   E.apS('clip', Optim.clipByGlobalNorm(1)),
 *   E.apS('scale', Optim.scale(-0.1)),
 *   E.chainW(({ clip, scale }) => OptimLaws.trajectory(OptimLaws.oneAfterTheOther(clip, scale), { params: { w: 0 }, grads: [{ w: 3 }] })),
 *   E.map((tr) => tr.updates)
 * ) // right([{ w: -0.1 }])
 *
 * @category algebra
 * @since 0.2.0
 */
export const oneAfterTheOther = (a: AnyTransformation, b: AnyTransformation): AnyTransformation =>
  gradientTransformation<readonly [unknown, unknown]>(
    (params) => [a.init(params), b.init(params)],
    (grads, [sa, sb], params) =>
      E.chain(([ua, na]: readonly [Tree, unknown]) =>
        E.map(([ub, nb]: readonly [Tree, unknown]): readonly [Tree, readonly [unknown, unknown]] => [ub, [na, nb]])(
          b.update(ua, sb, params)
        )
      )(a.update(grads, sa, params)),
    chainTwo(a, b).stateC
  )

/**
 * `chain(a, b)` runs `a` first and `b` on its updates: it takes the steps of
 * {@link oneAfterTheOther}, bit for bit. With `a` and `b` that do not commute (a clip and a
 * scale, Adam and a learning rate), a chain applied backwards fails it.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * import { OptimLaws } from 'gradfold/laws'
 * // starting parameters and two gradients of their structure
 * const inputs = { params: { w: 1, b: [0.5, -2] }, grads: [{ w: 0.1, b: [1, -1] }, { w: -0.3, b: [0.2, 0.4] }] }
 * pipe(
 *   E.Do,
 *   E.apS('clip', Optim.clipByGlobalNorm(1)),
 *   E.apS('scale', Optim.scale(-0.1)),
 *   E.map(({ clip, scale }) => OptimLaws.chainAppliesInOrder(clip, scale, inputs))
 * ) // right(true)
 *
 * @category algebra
 * @since 0.2.0
 */
export const chainAppliesInOrder = (
  a: AnyTransformation,
  b: AnyTransformation,
  inputs: TrajectoryInputs,
  compose: Compose = chainTwo
): boolean => sameRun(compose(a, b), oneAfterTheOther(a, b), inputs)

/**
 * `chain(identity, t)`, `chain(t, identity)` and `t` take the same steps, bit for bit.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * import { OptimLaws } from 'gradfold/laws'
 * // starting parameters and two gradients of their structure
 * const inputs = { params: { w: 1, b: [0.5, -2] }, grads: [{ w: 0.1, b: [1, -1] }, { w: -0.3, b: [0.2, 0.4] }] }
 * pipe(Optim.adam({ lr: 0.1 }), E.map((t) => OptimLaws.identityIsUnitOfChain(t, inputs))) // right(true)
 *
 * @category algebra
 * @since 0.1.0
 */
export const identityIsUnitOfChain = (t: AnyTransformation, inputs: TrajectoryInputs): boolean =>
  sameRun(chain(identity, t), t, inputs) && sameRun(chain(t, identity), t, inputs)

/**
 * `scale(1)`'s updates are the gradients, bit for bit, at every step.
 *
 * @example
 * import { OptimLaws } from 'gradfold/laws'
 * // starting parameters and two gradients of their structure
 * const inputs = { params: { w: 1, b: [0.5, -2] }, grads: [{ w: 0.1, b: [1, -1] }, { w: -0.3, b: [0.2, 0.4] }] }
 * OptimLaws.scaleOneIsIdentity(inputs) // => true
 *
 * @category algebra
 * @since 0.1.0
 */
export const scaleOneIsIdentity = (inputs: TrajectoryInputs): boolean => {
  const t = scale(1)
  if (E.isLeft(t)) return false
  const run = trajectory(t.right, inputs)
  return E.isRight(run) && run.right.updates.every((u, i) => treeBitsEqual(u, inputs.grads[i] as Tree))
}

// -------------------------------------------------------------------------------------
// optimizers
// -------------------------------------------------------------------------------------

/**
 * One `sgd(lr)` step from `params` with gradient `grad` gives `p − lr·g`, bit for bit.
 *
 * @example
 * import { OptimLaws } from 'gradfold/laws'
 * // w − 0.1·g for every leaf, each one rounding
 * OptimLaws.sgdStepIsExact(0.1, { w: 1, b: [0.5, -2] }, { w: 0.3, b: [1, -1] }) // => true
 *
 * @category optimizers
 * @since 0.1.0
 */
export const sgdStepIsExact = (lr: number, params: Tree, grad: Tree): boolean => {
  const run = E.chainW((opt: AnyTransformation) => trajectory(opt, { params, grads: [grad] }))(sgd(lr))
  const expected = unsafeZipWith((p, g) => p - lr * g)(grad)(params)
  return E.isRight(run) && treeBitsEqual(run.right.params[0] as Tree, expected)
}

/**
 * `momentum(lr, 0)` and `nesterov(lr, 0)` take `sgd(lr)`'s steps, bit for bit.
 *
 * @example
 * import { OptimLaws } from 'gradfold/laws'
 * // starting parameters and two gradients of their structure
 * const inputs = { params: { w: 1, b: [0.5, -2] }, grads: [{ w: 0.1, b: [1, -1] }, { w: -0.3, b: [0.2, 0.4] }] }
 * OptimLaws.zeroMomentumIsSgd(0.1, inputs) // => true
 *
 * @category optimizers
 * @since 0.1.0
 */
export const zeroMomentumIsSgd = (lr: number, inputs: TrajectoryInputs): boolean => {
  const [plain, heavy, ahead] = [sgd(lr), momentum(lr, 0), nesterov(lr, 0)]
  if (E.isLeft(plain) || E.isLeft(heavy) || E.isLeft(ahead)) return false
  return sameRun(heavy.right, plain.right, inputs) && sameRun(ahead.right, plain.right, inputs)
}

/**
 * `adamw` with weightDecay 0 takes `adam`'s steps, bit for bit.
 *
 * @example
 * import { OptimLaws } from 'gradfold/laws'
 * // starting parameters and two gradients of their structure
 * const inputs = { params: { w: 1, b: [0.5, -2] }, grads: [{ w: 0.1, b: [1, -1] }, { w: -0.3, b: [0.2, 0.4] }] }
 * OptimLaws.zeroDecayAdamwIsAdam({ lr: 0.01, b1: 0.9, b2: 0.999, eps: 1e-8 }, inputs) // => true
 *
 * @category optimizers
 * @since 0.1.0
 */
export const zeroDecayAdamwIsAdam = (
  options: { readonly lr: number; readonly b1: number; readonly b2: number; readonly eps: number },
  inputs: TrajectoryInputs
): boolean => {
  const [a, w] = [adam(options), adamw({ ...options, weightDecay: 0 })]
  return E.isRight(a) && E.isRight(w) && sameRun(w.right, a.right, inputs)
}

// -------------------------------------------------------------------------------------
// clipping
// -------------------------------------------------------------------------------------

const clipOnce = (maxNorm: number, grad: Tree, params: Tree): Tree | undefined => {
  const t = clipByGlobalNorm(maxNorm)
  if (E.isLeft(t)) return undefined
  const r = t.right.update(grad, t.right.init(params), params)
  return E.isRight(r) ? r.right[0] : undefined
}

/**
 * A gradient whose norm is at most `maxNorm` comes out of `clipByGlobalNorm(maxNorm)` bit for bit.
 *
 * @example
 * import { OptimLaws } from 'gradfold/laws'
 * // the gradient's norm is 0.5, under the bound 1: clipping leaves it as it is
 * OptimLaws.clipKeepsSmallGradients(1, { w: 0.3, b: [0.4, 0] }, { w: 0, b: [0, 0] }) // => true
 *
 * @category clipping
 * @since 0.1.0
 */
export const clipKeepsSmallGradients = (maxNorm: number, grad: Tree, params: Tree): boolean => {
  const u = clipOnce(maxNorm, grad, params)
  return u !== undefined && (unsafeNorm(grad) > maxNorm || treeBitsEqual(u, grad))
}

/**
 * `clipByGlobalNorm(maxNorm)` never raises a magnitude (|uᵢ| ≤ |gᵢ| for every scalar, so the
 * exact norm never rises), and the computed norm of what it answers is at most
 * maxNorm·(1 + γ₃ₙ₊₁₁) + n·MIN_VALUE (a gradient under the bound comes back as it was).
 *
 * @example
 * import { OptimLaws } from 'gradfold/laws'
 * // the gradient's norm is 5, over the bound 1
 * OptimLaws.clipNeverRaisesNorm(1, { w: 3, b: [4, 0] }, { w: 0, b: [0, 0] }) // => true
 *
 * @category clipping
 * @since 0.1.0
 */
export const clipNeverRaisesNorm = (maxNorm: number, grad: Tree, params: Tree): boolean => {
  const u = clipOnce(maxNorm, grad, params)
  if (u === undefined) return false
  const [fu, fg] = [flatten(u), flatten(grad)]
  const n = fg.length
  const smaller = fu.every((x, i) => Math.abs(x) <= Math.abs(fg[i] as number))
  return smaller && unsafeNorm(u) <= maxNorm * (1 + gamma(3 * n + 11)) + n * Number.MIN_VALUE
}

// -------------------------------------------------------------------------------------
// masks
// -------------------------------------------------------------------------------------

const choices = (mask: Mask, tree: Tree): ReadonlyArray<boolean> => leaves(tree).map((e) => mask(e.path, e.leaf))

/**
 * At every step of `masked(mask, t)`: an unchosen leaf's update is its gradient, bit for bit,
 * and the chosen leaves' updates are those of `t` run on its own over the pruned trees.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * import { OptimLaws } from 'gradfold/laws'
 * // starting parameters and two gradients of their structure
 * const inputs = { params: { w: 1, b: [0.5, -2] }, grads: [{ w: 0.1, b: [1, -1] }, { w: -0.3, b: [0.2, 0.4] }] }
 * // Adam on the weights only: the biases get zero updates
 * const weightsOnly = (path: string) => path.startsWith('w')
 * pipe(Optim.adam({ lr: 0.1 }), E.map((t) => OptimLaws.maskedLeavesUntouched(weightsOnly, t, inputs))) // right(true)
 *
 * @category masks
 * @since 0.1.0
 */
export const maskedLeavesUntouched = (mask: Mask, t: AnyTransformation, inputs: TrajectoryInputs): boolean => {
  const run = trajectory(masked(mask, t), inputs)
  if (E.isLeft(run)) return false
  let s: unknown = t.init(prune(inputs.params, choices(mask, inputs.params)))
  return inputs.grads.every((g, i) => {
    const p = i === 0 ? inputs.params : (run.right.params[i - 1] as Tree)
    const choice = choices(mask, p)
    const inner = t.update(prune(g, choice), s, prune(p, choice))
    if (E.isLeft(inner)) return false
    s = inner.right[1]
    const [got, gl, il] = [leafList(run.right.updates[i] as Tree), leafList(g), leafList(inner.right[0])]
    let next = 0
    return got.every((leaf, k) => treeBitsEqual(leaf, choice[k] === true ? (il[next++] as Leaf) : (gl[k] as Leaf)))
  })
}

/**
 * With `chain(t, freeze(mask))`, every chosen parameter leaf stays bit for bit what it was,
 * −0 included, at every step.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * import { OptimLaws } from 'gradfold/laws'
 * // starting parameters and two gradients of their structure
 * const inputs = { params: { w: 1, b: [0.5, -2] }, grads: [{ w: 0.1, b: [1, -1] }, { w: -0.3, b: [0.2, 0.4] }] }
 * // the biases frozen, the rest trained by Adam
 * const biases = (path: string) => path.startsWith('b')
 * pipe(Optim.adam({ lr: 0.1 }), E.map((t) => OptimLaws.frozenLeavesUntouched(biases, t, inputs))) // right(true)
 *
 * @category masks
 * @since 0.1.0
 */
export const frozenLeavesUntouched = (mask: Mask, t: AnyTransformation, inputs: TrajectoryInputs): boolean => {
  const run = trajectory(chain(t, freeze(mask)), inputs)
  if (E.isLeft(run)) return false
  const start = leafList(inputs.params)
  const choice = choices(mask, inputs.params)
  return run.right.params.every((p) =>
    leafList(p).every((leaf, k) => choice[k] !== true || treeBitsEqual(leaf, start[k] as Leaf))
  )
}

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * Every state along the run survives `JSON.stringify` and `stateC(params)` bit for bit, and the
 * run resumed from the decoded state takes the same next step.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * import { OptimLaws } from 'gradfold/laws'
 * // starting parameters and two gradients of their structure
 * const inputs = { params: { w: 1, b: [0.5, -2] }, grads: [{ w: 0.1, b: [1, -1] }, { w: -0.3, b: [0.2, 0.4] }] }
 * // Adam's state after each step survives JSON, bit for bit
 * pipe(Optim.adam({ lr: 0.1 }), E.map((t) => OptimLaws.stateRoundTrips(t, inputs))) // right(true)
 *
 * @category codecs
 * @since 0.1.0
 */
export const stateRoundTrips = (t: AnyTransformation, inputs: TrajectoryInputs): boolean => {
  const run = trajectory(t, inputs)
  if (E.isLeft(run)) return false
  const C = t.stateC(inputs.params)
  return run.right.states.every((s, i) => {
    const back = decode(C)(JSON.parse(JSON.stringify(C.encode(s))))
    if (E.isLeft(back) || !bitsEqual(back.right, s)) return false
    const g = inputs.grads[i]
    if (g === undefined) return true
    const p = i === 0 ? inputs.params : (run.right.params[i - 1] as Tree)
    return bothRight(t.update(g, back.right, p), t.update(g, s, p), bitsEqual)
  })
}

// -------------------------------------------------------------------------------------
// determinism and purity
// -------------------------------------------------------------------------------------

/**
 * Two runs from the same inputs give the same updates, parameters and states, bit for bit.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * import { OptimLaws } from 'gradfold/laws'
 * // starting parameters and two gradients of their structure
 * const inputs = { params: { w: 1, b: [0.5, -2] }, grads: [{ w: 0.1, b: [1, -1] }, { w: -0.3, b: [0.2, 0.4] }] }
 * pipe(Optim.adam({ lr: 0.1 }), E.map((t) => OptimLaws.updateIsDeterministic(t, inputs))) // right(true)
 *
 * @category determinism
 * @since 0.1.0
 */
export const updateIsDeterministic = (t: AnyTransformation, inputs: TrajectoryInputs): boolean =>
  bothRight(trajectory(t, inputs), trajectory(t, inputs), (x, y) => sameSteps(x, y) && bitsEqual(x.states, y.states))

/**
 * No `update` along the run writes into its gradient, state or parameters.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * import { OptimLaws } from 'gradfold/laws'
 * // starting parameters and two gradients of their structure
 * const inputs = { params: { w: 1, b: [0.5, -2] }, grads: [{ w: 0.1, b: [1, -1] }, { w: -0.3, b: [0.2, 0.4] }] }
 * // updating changes neither the parameters, the gradient nor the state it was given
 * pipe(Optim.adam({ lr: 0.1 }), E.map((t) => OptimLaws.updateIsPure(t, inputs))) // right(true)
 *
 * @category determinism
 * @since 0.1.0
 */
export const updateIsPure = (t: AnyTransformation, inputs: TrajectoryInputs): boolean => {
  // the run itself must leave the inputs as they were: a write repeated by the checks below
  // (zeroing an element, say) would find nothing left to change
  const runs: Array<E.Either<OptimError, Trajectory>> = []
  if (!leavesInputsUnchanged([inputs], () => runs.push(trajectory(t, inputs)))) return false
  const run = runs[0]!
  if (E.isLeft(run)) return false
  return inputs.grads.every((g, i) => {
    const p = i === 0 ? inputs.params : (run.right.params[i - 1] as Tree)
    const s = run.right.states[i]
    return leavesInputsUnchanged([g, s, p], () => t.update(g, s, p)) && leavesInputsUnchanged([p], () => t.init(p))
  })
}

// -------------------------------------------------------------------------------------
// convergence
// -------------------------------------------------------------------------------------

/**
 * The gradient A(p − p*) of the quadratic, by hand, as a tree of `p`'s structure.
 *
 * @example
 * import fc from 'fast-check'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Tree } from 'gradfold'
 * import { Arbitraries, OptimLaws } from 'gradfold/laws'
 * // A(p − p*): zero at the minimum p*, nonzero at the start
 * const [q] = fc.sample(Arbitraries.quadratic(1, 2), { seed: 1, numRuns: 1 })
 * const g = OptimLaws.quadraticGradient(q!, q!.start)
 * E.isRight(g) && Tree.flatten(g.right).length === q!.n // => true
 *
 * @category convergence
 * @since 0.1.0
 */
export const quadraticGradient = (q: Quadratic, p: Tree): E.Either<TreeError, Tree> => {
  const x = flatten(p)
  const g = new Float64Array(q.n)
  for (let i = 0; i < q.n; i++) {
    let s = 0
    for (let j = 0; j < q.n; j++) s += (q.a[i * q.n + j] as number) * ((x[j] as number) - (q.target[j] as number))
    g[i] = s
  }
  return unflatten(p)(g)
}

/**
 * ‖p − p*‖.
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries, OptimLaws } from 'gradfold/laws'
 * const [q] = fc.sample(Arbitraries.quadratic(1, 2), { seed: 1, numRuns: 1 })
 * OptimLaws.distanceToMinimum(q!, q!.start) > 0 // => true
 *
 * @category convergence
 * @since 0.1.0
 */
export const distanceToMinimum = (q: Quadratic, p: Tree): number => {
  const x = flatten(p)
  return Math.hypot(...Array.from(x, (v, i) => v - (q.target[i] as number)))
}

/**
 * `steps` updates of `optimizer` from the quadratic's start, with the gradient computed by hand,
 * end within `tolerance` of the minimum.
 *
 * @example
 * import fc from 'fast-check'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * import { Arbitraries, OptimLaws } from 'gradfold/laws'
 * // gradient descent with step 0.3 on curvatures in [1, 2] contracts by at most 0.7 a step: 200 steps reach 1e-6
 * const [q] = fc.sample(Arbitraries.quadratic(1, 2), { seed: 1, numRuns: 1 })
 * pipe(Optim.sgd(0.3), E.map((sgd) => OptimLaws.drivesQuadraticToMinimum(sgd, q!, 200, 1e-6))) // right(true)
 *
 * @category convergence
 * @since 0.1.0
 */
export const drivesQuadraticToMinimum = (
  optimizer: AnyTransformation,
  q: Quadratic,
  steps: number,
  tolerance: number
): boolean => {
  let p = q.start
  let s: unknown = optimizer.init(p)
  for (let k = 0; k < steps; k++) {
    const g = quadraticGradient(q, p)
    if (E.isLeft(g)) return false
    const r = optimizer.update(g.right, s, p)
    if (E.isLeft(r)) return false
    const next = applyUpdates(r.right[0])(p)
    if (E.isLeft(next)) return false
    ;[p, s] = [next.right, r.right[1]]
  }
  return distanceToMinimum(q, p) <= tolerance
}
