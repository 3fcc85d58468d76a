/**
 * Differentiable activations, elementwise, each forward loop beside its derivative.
 *
 * @since 0.1.0
 */
import { lift, type Operand, type Var } from '../Var.js'
import { record } from '../tape.js'
import { sigmoidOf } from './shared.js'

/**
 * The logistic sigmoid `σ(x) = 1 / (1 + e⁻ˣ)`, computed without overflow for any finite x.
 * Pullback: `g·σ(x)(1 − σ(x))`.
 *
 * @example
 * import { AD } from 'gradfold'
 * // σ(0) = ½ and σ′(0) = ½·(1 − ½) = ¼
 * AD.valueAndGrad((p: AD.Traced<{ x: number }>) => AD.sigmoid(p.x))({ x: 0 }) // right({ value: 0.5, grad: { x: 0.25 } })
 *
 * @category activations
 * @since 0.1.0
 */
export const sigmoid = (x: Operand): Var => {
  const a = lift(x)
  const xv = a.value.data
  const y = new Float64Array(xv.length)
  for (let i = 0; i < xv.length; i++) y[i] = sigmoidOf(xv[i]!)
  return record('sigmoid', a.value.shape, y, [a], (g) => {
    const ga = new Float64Array(g.length)
    for (let i = 0; i < g.length; i++) ga[i] = g[i]! * y[i]! * (1 - y[i]!)
    return [ga]
  })
}

/**
 * The hyperbolic tangent. Pullback: `g·(1 − tanh²x)`.
 *
 * @category activations
 * @since 0.1.0
 */
export const tanh = (x: Operand): Var => {
  const a = lift(x)
  const xv = a.value.data
  const y = new Float64Array(xv.length)
  for (let i = 0; i < xv.length; i++) y[i] = Math.tanh(xv[i]!)
  return record('tanh', a.value.shape, y, [a], (g) => {
    const ga = new Float64Array(g.length)
    for (let i = 0; i < g.length; i++) ga[i] = g[i]! * (1 - y[i]! * y[i]!)
    return [ga]
  })
}

/**
 * The rectifier `max(0, x)`. Pullback: `g` where `x > 0`, else 0 (the subgradient 0 at 0,
 * as PyTorch and TensorFlow take it).
 *
 * @category activations
 * @since 0.1.0
 */
export const relu = (x: Operand): Var => leakyRelu(0)(x)

/**
 * The leaky rectifier: `x` where `x > 0`, else `α·x`. Pullback: `g` where `x > 0`, else `α·g`.
 *
 * @category activations
 * @since 0.1.0
 */
export const leakyRelu =
  (alpha: number) =>
  (x: Operand): Var => {
    const a = lift(x)
    const xv = a.value.data
    const y = new Float64Array(xv.length)
    for (let i = 0; i < xv.length; i++) {
      const v = xv[i]!
      y[i] = v > 0 ? v : alpha * v
    }
    return record(alpha === 0 ? 'relu' : 'leakyRelu', a.value.shape, y, [a], (g) => {
      const ga = new Float64Array(g.length)
      for (let i = 0; i < g.length; i++) ga[i] = xv[i]! > 0 ? g[i]! : alpha * g[i]!
      return [ga]
    })
  }
