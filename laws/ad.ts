/**
 * Laws of `ad/`: reverse-mode gradients agree with the founding text's definition of the
 * derivative as a limit, taken as central differences; and they obey the first-order
 * approximation `f(x + Δx) − f(x) ≈ ∇f(x)ᵀΔx`. An op of one's own (`AD.customOp`) agrees with
 * the central differences of its forward step.
 *
 * Users can run these predicates on their own functions.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { checkGrad } from '../src/ad/checkGrad.js'
import { value, valueAndGrad, type Traced } from '../src/ad/valueAndGrad.js'
import type { Params } from '../src/tree/index.js'
import type { Var } from '../src/ad/Var.js'
import { leaves, unsafeRebuild, type Leaf } from '../src/tree/Tree.js'
import { unsafeMake } from '../src/tensor/Tensor.js'
import { AD, Tensor } from '../src/index.js'

/**
 * The tolerance of gradient checks: central differences with step ∛ε carry an error of
 * about ε^(2/3) ≈ 4e-11 relative to the function's scale and its third derivative; 1e-7
 * leaves a margin of three orders of magnitude for functions of moderate curvature.
 *
 * @example
 * import { ADLaws } from 'gradfold/laws'
 * ADLaws.GRADIENT_TOLERANCE // => 1e-7
 *
 * @category constants
 * @since 0.1.0
 */
export const GRADIENT_TOLERANCE = 1e-7

/**
 * AD agrees with central differences at `params`, every scalar within `tolerance`.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD } from 'gradfold'
 * import { ADLaws } from 'gradfold/laws'
 * // the gradient of x³ at x = 1.5 (3x² = 6.75) against (f(x + h) − f(x − h)) / 2h
 * ADLaws.agreesWithCentralDifferences((p: AD.Traced<{ x: number }>) => pipe(p.x, AD.pow(3)), { x: 1.5 }) // => true
 *
 * @category gradients
 * @since 0.1.0
 */
export const agreesWithCentralDifferences = <P extends Params>(
  f: (p: Traced<P>) => Var,
  params: P,
  tolerance: number = GRADIENT_TOLERANCE
): boolean =>
  E.exists((r: { readonly maxRelativeError: number }) => r.maxRelativeError <= tolerance)(checkGrad<P>(f)(params))

/**
 * The first-order law: for a small displacement `t·d`, `f(x + t·d) − f(x − t·d)` equals
 * `2t·∇f(x)ᵀd` within `tolerance` relative to `max(|lhs|, |rhs|, t)`. The symmetric form
 * cancels the second-order term, leaving O(t³).
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD } from 'gradfold'
 * import { ADLaws } from 'gradfold/laws'
 * // f(p + t·d) ≈ f(p) + t·∇f(p)·d for a small t, for x² at x = 2 in the direction d = 1
 * ADLaws.firstOrderApproximationHolds((p: AD.Traced<{ x: number }>) => pipe(p.x, AD.square), { x: 2 }, [1]) // => true
 *
 * @category gradients
 * @since 0.1.0
 */
export const firstOrderApproximationHolds = <P extends Params>(
  f: (p: Traced<P>) => Var,
  params: P,
  direction: ReadonlyArray<number>,
  t = 1e-5,
  tolerance = 1e-6
): boolean => {
  const vg = valueAndGrad<P>(f)(params)
  if (E.isLeft(vg)) return false
  const entries = leaves(params)
  const grads = leaves(vg.right.grad)
  let k = 0
  let dot = 0
  const move = (sign: number): P => {
    let j = 0
    const moved = entries.map(({ leaf }): Leaf => {
      if (typeof leaf === 'number') return leaf + sign * t * (direction[j++ % direction.length] ?? 0)
      return unsafeMake(
        leaf.shape,
        leaf.data.map((x) => x + sign * t * (direction[j++ % direction.length] ?? 0))
      )
    })
    return unsafeRebuild(params, moved) as P
  }
  for (const { leaf } of grads) {
    const g = typeof leaf === 'number' ? [leaf] : Array.from(leaf.data)
    for (const gi of g) dot += gi * (direction[k++ % direction.length] ?? 0)
  }
  const plus = value<P>(f)(move(1))
  const minus = value<P>(f)(move(-1))
  if (E.isLeft(plus) || E.isLeft(minus)) return false
  const lhs = plus.right - minus.right
  const rhs = 2 * t * dot
  return Math.abs(lhs - rhs) <= tolerance * Math.max(Math.abs(lhs), Math.abs(rhs), t)
}

// -------------------------------------------------------------------------------------
// custom ops
// -------------------------------------------------------------------------------------

/** A cotangent of `shape` whose entries all differ (in [0.5, 2.5]), so that a pullback that ignores or reorders `g` shows. */
const cotangentOf = (shape: Tensor.Shape): E.Either<unknown, Tensor.Tensor> =>
  Tensor.fromArray(shape)(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_v, i) => 1.5 + Math.sin(i + 1)))

/**
 * A user's op (`AD.customOp`) agrees with central differences at `inputs`: the gradient of
 * `Σ c ⊙ op(...inputs)` for a fixed cotangent `c` of distinct entries, by the op's pullback,
 * is within `tolerance` of the central differences of its forward step, for every input
 * element. Written against the public API alone (`AD.customOp`, `AD.checkGrad`), as a user
 * would write it.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { AD, Tensor } from 'gradfold'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { ADLaws } from 'gradfold/laws'
 * const cube: AD.CustomOp<Float64Array> = {
 *   name: 'cube',
 *   forward: ([x]) => E.right({ shape: x!.shape, data: x!.data.map((v) => v ** 3), saved: x!.data }),
 *   pullback: (g, x) => [g.map((gi, i) => 3 * x[i]! ** 2 * gi)]
 * }
 * pipe(Tensor.fromNested([0.5, -1.2]), E.map((x) => ADLaws.customOpAgreesWithCentralDifferences(cube, [x]))) // right(true)
 *
 * @category custom ops
 * @since 0.2.0
 */
export const customOpAgreesWithCentralDifferences = <R>(
  op: AD.CustomOp<R>,
  inputs: ReadonlyArray<Tensor.Tensor>,
  tolerance: number = GRADIENT_TOLERANCE
): boolean => {
  const apply = AD.customOp(op)
  const at = { inputs }
  const output = AD.evaluate((p: AD.Traced<typeof at>) => apply(...p.inputs))(at)
  if (E.isLeft(output)) return false
  const c = cotangentOf(output.right.shape)
  if (E.isLeft(c)) return false
  const loss = (p: AD.Traced<typeof at>): AD.Var => AD.sum(AD.mul(c.right)(apply(...p.inputs)))
  return E.exists((r: AD.GradCheck) => r.maxRelativeError <= tolerance)(AD.checkGrad(loss)(at))
}
