/**
 * Differentiable piecewise ops: `abs`, `maximum`, `minimum` and `where`, each forward loop
 * beside its pullback. They have kinks (`abs` at 0, `maximum` and `minimum` where the operands
 * tie): there the pullback takes a subgradient, as PyTorch and JAX do — 0 for `abs` at 0, and
 * half of `g` to each operand of a tie. Away from the kinks they agree with central differences
 * (law: laws/piecewise.laws.test.ts). Robust losses such as Huber's are written with them.
 *
 * @since 0.2.0
 */
import { aligned } from './arithmetic.js'
import { lift, type Operand, type Var } from '../Var.js'
import { record } from '../tape.js'
import { sameShape } from '../../tensor/Tensor.js'
import { shapeMismatch } from '../../tensor/TensorError.js'
import { abort } from '../AdError.js'

/**
 * `|a|`. Pullback: `g·sign(a)`, 0 at `a = 0`.
 *
 * @example
 * import { AD } from 'gradfold'
 * AD.valueAndGrad((p: AD.Traced<{ x: number }>) => AD.abs(p.x))({ x: -3 }) // right({ value: 3, grad: { x: -1 } })
 *
 * @category piecewise
 * @since 0.2.0
 */
export const abs = (x: Operand): Var => {
  const a = lift(x)
  const xv = a.value.data
  return record('abs', a.value.shape, xv.map(Math.abs), [a], (g) => [
    g.map((gi, i) => (xv[i]! > 0 ? gi : xv[i]! < 0 ? -gi : 0))
  ])
}

/** `pick(a, b)` elementwise, its pullback sending `g` to the operand picked, half to each on a tie. */
const choose =
  (name: string, firstWins: (a: number, b: number) => boolean) =>
  (y: Operand) =>
  (x: Operand): Var => {
    const [a, b] = aligned(name, x, y)
    const av = a.value.data
    const bv = b.value.data
    const out = av.map((ai, i) => (firstWins(ai, bv[i]!) ? ai : bv[i]!))
    return record(name, a.value.shape, out, [a, b], (g) => {
      const ga = g.map((gi, i) => (av[i] === bv[i] ? 0.5 * gi : firstWins(av[i]!, bv[i]!) ? gi : 0))
      const gb = g.map((gi, i) => (av[i] === bv[i] ? 0.5 * gi : firstWins(av[i]!, bv[i]!) ? 0 : gi))
      return [ga, gb]
    })
  }

/**
 * The larger of `a` and `b`, elementwise (a scalar broadcasts); data last: `pipe(a, maximum(b))`.
 * Pullback: `g` to the larger, `g/2` to each on a tie.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD } from 'gradfold'
 * // max(x, 1) at x = 3 is x, so its derivative is 1
 * AD.valueAndGrad((p: AD.Traced<{ x: number }>) => pipe(p.x, AD.maximum(1)))({ x: 3 }) // right({ value: 3, grad: { x: 1 } })
 *
 * @category piecewise
 * @since 0.2.0
 */
export const maximum: (y: Operand) => (x: Operand) => Var = choose('maximum', (a, b) => a > b)

/**
 * The smaller of `a` and `b`, elementwise (a scalar broadcasts). Pullback: `g` to the smaller,
 * `g/2` to each on a tie.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD } from 'gradfold'
 * // min(x, 1) at x = 3 is the constant 1, so no gradient reaches x
 * AD.valueAndGrad((p: AD.Traced<{ x: number }>) => pipe(p.x, AD.minimum(1)))({ x: 3 }) // right({ value: 1, grad: { x: 0 } })
 *
 * @category piecewise
 * @since 0.2.0
 */
export const minimum: (y: Operand) => (x: Operand) => Var = choose('minimum', (a, b) => a < b)

/**
 * `onTrue` where `condition` is nonzero and `onFalse` elsewhere, elementwise, read in the order
 * of `c ? a : b`: `where(condition)(onTrue, onFalse)`. The three have one shape (or `onTrue` and
 * `onFalse` are scalars; or `condition` is a scalar). `condition` is a constant (no gradient
 * flows into it). Pullback: `g` to the branch taken, 0 to the other.
 *
 * @example
 * import { AD } from 'gradfold'
 * // the condition 1 takes the first branch, x², whose value at x = 3 is 9 and derivative 6
 * AD.valueAndGrad((p: AD.Traced<{ x: number }>) => AD.where(1)(AD.square(p.x), 0))({ x: 3 }) // right({ value: 9, grad: { x: 6 } })
 * // the condition 0 takes the second branch, 2x: value 6, derivative 2
 * AD.valueAndGrad((p: AD.Traced<{ x: number }>) => AD.where(0)(AD.square(p.x), AD.scale(2)(p.x)))({ x: 3 }) // right({ value: 6, grad: { x: 2 } })
 *
 * @category piecewise
 * @since 0.3.0
 */
export const where =
  (condition: Operand) =>
  (onTrue: Operand, onFalse: Operand): Var => {
    const [t, f] = aligned('where', onTrue, onFalse)
    const c = lift(condition)
    if (!sameShape(c.value.shape, t.value.shape) && c.value.shape.length !== 0)
      abort(
        shapeMismatch(
          'where',
          [c.value.shape, t.value.shape],
          'the condition must have the branches’ shape or be a scalar'
        )
      )
    const cv = c.value.data
    const on = (i: number): boolean => (cv.length === 1 ? cv[0]! : cv[i]!) !== 0
    const out = t.value.data.map((ti, i) => (on(i) ? ti : f.value.data[i]!))
    return record('where', t.value.shape, out, [t, f], (g) => [
      g.map((gi, i) => (on(i) ? gi : 0)),
      g.map((gi, i) => (on(i) ? 0 : gi))
    ])
  }

/**
 * `where` in its 0.2 order, `whereElse(condition, onFalse)(onTrue)`, for a pipeline that ends in
 * the branch taken when the condition holds.
 *
 * @deprecated since 0.3.0: use `where(condition)(onTrue, onFalse)`.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD } from 'gradfold'
 * AD.valueAndGrad((p: AD.Traced<{ x: number }>) => pipe(p.x, AD.square, AD.whereElse(1, 0)))({ x: 3 }) // right({ value: 9, grad: { x: 6 } })
 *
 * @category piecewise
 * @since 0.3.0
 */
export const whereElse =
  (condition: Operand, onFalse: Operand) =>
  (onTrue: Operand): Var =>
    where(condition)(onTrue, onFalse)
