/**
 * Gradient checking: the founding text's definition of the derivative as a limit, taken as
 * a central difference `(f(x + h) − f(x − h)) / 2h` for every scalar of every leaf, and
 * compared with `valueAndGrad`. Exported so that users can check their own functions.
 *
 * The step is `h = ∛ε · max(1, |x|)` (about 6e-6 for |x| ≤ 1): it balances the truncation
 * error `h²·|f'''|/6` against the rounding error `ε·|f|/h` of the difference, leaving about
 * 1e-10 of each. The quotient divides by the step actually taken, `(x + h) − (x − h)`, not by
 * `2h`, since `x ± h` are rounded. Errors are relative, `|ad − fd| / max(|ad|, |fd|, scale)`; `scale` (1 by
 * default) keeps near-zero gradients from turning rounding noise into large relative errors.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { unsafeMake } from '../tensor/Tensor.js'
import { leaves, unsafeRebuild, type Leaf } from '../tree/Tree.js'
import type { AdError } from './AdError.js'
import { value, valueAndGrad, type Traced } from './valueAndGrad.js'
import type { Params } from '../tree/Tree.js'
import type { Var } from './Var.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The outcome of a check: the largest relative error and where it is (leaf path and element
 * index), with both gradients there, and how many scalars were checked.
 *
 * @category model
 * @since 0.1.0
 */
export interface GradCheck {
  readonly maxRelativeError: number
  readonly path: string
  readonly index: number
  readonly analytic: number
  readonly numeric: number
  readonly checked: number
}

/**
 * @category model
 * @since 0.1.0
 */
export interface GradCheckOptions {
  /** The floor of the relative error's denominator; 1 unless given. */
  readonly scale?: number
}

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const CBRT_EPSILON = Math.cbrt(Number.EPSILON)

/** `leaf` with element `index` moved by `delta`. */
const nudge = (leaf: Leaf, index: number, delta: number): Leaf => {
  if (typeof leaf === 'number') return leaf + delta
  const data = leaf.data.slice()
  data[index] = data[index]! + delta
  return unsafeMake(leaf.shape, data)
}

const elementAt = (leaf: Leaf, index: number): number => (typeof leaf === 'number' ? leaf : leaf.data[index]!)

const sizeOf = (leaf: Leaf): number => (typeof leaf === 'number' ? 1 : leaf.data.length)

// -------------------------------------------------------------------------------------
// checking
// -------------------------------------------------------------------------------------

/**
 * Compares `valueAndGrad(f)` with central differences at `params`, scalar by scalar.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD } from 'gradfold'
 * const f = (p: AD.Traced<{ w: number }>) => pipe(p.w, AD.sigmoid, AD.log)
 * // d/dw log σ(w) = 1 − σ(w) = 0.42555… at w = 0.3; the central difference agrees to ≈ 4e-12
 * AD.checkGrad(f)({ w: 0.3 }) // right({ maxRelativeError: 3.62…e-12, path: 'w', index: 0, analytic: 0.42555…, … })
 *
 * @category checking
 * @since 0.1.0
 */
export const checkGrad =
  <P extends Params>(f: (p: Traced<P>) => Var, options: GradCheckOptions = {}) =>
  (params: P): E.Either<AdError, GradCheck> => {
    const analytic = valueAndGrad<P>(f)(params)
    if (E.isLeft(analytic)) return analytic
    const scale = options.scale ?? 1
    const entries = leaves(params)
    const gradEntries = leaves(analytic.right.grad)
    const at = (leafIndex: number, leaf: Leaf): P =>
      unsafeRebuild(
        params,
        entries.map((e, i) => (i === leafIndex ? leaf : e.leaf))
      ) as P
    let worst: GradCheck = { maxRelativeError: 0, path: '', index: -1, analytic: 0, numeric: 0, checked: 0 }
    let checked = 0
    for (let i = 0; i < entries.length; i++) {
      const { path, leaf } = entries[i]!
      for (let j = 0; j < sizeOf(leaf); j++) {
        const x = elementAt(leaf, j)
        const h = CBRT_EPSILON * Math.max(1, Math.abs(x))
        const plus = value<P>(f)(at(i, nudge(leaf, j, h)))
        const minus = value<P>(f)(at(i, nudge(leaf, j, -h)))
        if (E.isLeft(plus)) return plus
        if (E.isLeft(minus)) return minus
        const numeric = (plus.right - minus.right) / (x + h - (x - h))
        const ad = elementAt(gradEntries[i]!.leaf, j)
        const error = Math.abs(ad - numeric) / Math.max(Math.abs(ad), Math.abs(numeric), scale)
        checked++
        if (!(error <= worst.maxRelativeError))
          worst = { maxRelativeError: error, path, index: j, analytic: ad, numeric, checked: 0 }
      }
    }
    return E.right({ ...worst, checked })
  }
