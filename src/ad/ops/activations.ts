/**
 * Differentiable activations, elementwise: each runs the forward loop and the derivative of
 * its entry in the table of activations (`ad/activationRules.ts`), which the fused dense
 * layer runs too.
 *
 * @since 0.1.0
 */
import {
  activationPullbackStatements,
  activationStatements,
  rectifierRule,
  sigmoidRule,
  tanhRule,
  type ActivationRule,
  type RuleSource
} from '../activationRules.js'
import { lift, type Operand, type Var } from '../Var.js'
import { applyKernel, type Kernel } from '../kernel.js'
import type { BlockEmitter } from '../codegen/emit.js'

/**
 * A rule's code in a compiled program: its two loops, written out over a short array and called
 * over a long one (`activationStatements`).
 */
const emitterOf = (rule: ActivationRule, source: RuleSource): BlockEmitter => ({
  kind: 'block',
  forward: (site) => activationStatements(rule, source, site, site.ins[0]!, site.out, site.size),
  pullback: ({ grads: [gx], g, ins: [x], out, size, ...scope }) =>
    gx === undefined ? '' : activationPullbackStatements(rule, source, scope, { g, x: x!, y: out, gx }, size)
})

/** The op of a rule: `rule.applyInto` forward, `rule.pullbackInto` back. */
const activationOp = (rule: ActivationRule): ((x: Operand) => Var) => {
  const source = rule.source
  const kernel: Kernel = {
    forward: ([x], y) => rule.applyInto(x!, y),
    pullback: (g, [x], y, [gx]) => rule.pullbackInto(g, x!, y, gx!),
    ...(source === undefined ? {} : { emit: emitterOf(rule, source) })
  }
  return (x) => {
    const a = lift(x)
    return applyKernel(rule.name, a.value.shape, kernel, [a])
  }
}

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
export const sigmoid: (x: Operand) => Var = activationOp(sigmoidRule)

/**
 * The hyperbolic tangent. Pullback: `g·(1 − tanh²x)`.
 *
 * @example
 * import { AD } from 'gradfold'
 * // tanh at 0: value 0, derivative 1 − tanh² = 1
 * AD.valueAndGrad((p: AD.Traced<{ x: number }>) => AD.tanh(p.x))({ x: 0 }) // right({ value: 0, grad: { x: 1 } })
 *
 * @category activations
 * @since 0.1.0
 */
export const tanh: (x: Operand) => Var = activationOp(tanhRule)

/**
 * The rectifier `max(0, x)`. Pullback: `g` where `x > 0`, else 0 (the subgradient 0 at 0,
 * as PyTorch and TensorFlow take it).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Tensor } from 'gradfold'
 * // max(0, w) at w = [−2, 3]: the negative element passes neither value nor gradient
 * pipe(
 *   Tensor.fromNested([-2, 3]),
 *   E.chainW((w) => AD.valueAndGrad((p: AD.Traced<{ w: Tensor.Tensor }>) => pipe(p.w, AD.relu, AD.sum))({ w }))
 * ) // right({ value: 3, grad: { w: [0, 1] } })
 *
 * @category activations
 * @since 0.1.0
 */
export const relu: (x: Operand) => Var = activationOp(rectifierRule(0))

/**
 * The leaky rectifier: `x` where `x > 0`, else `α·x`. Pullback: `g` where `x > 0`, else `α·g`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Tensor } from 'gradfold'
 * // slope 0.1 below zero: −2 becomes −0.2 and passes a tenth of the gradient
 * pipe(
 *   Tensor.fromNested([-2, 3]),
 *   E.chainW((w) => AD.valueAndGrad((p: AD.Traced<{ w: Tensor.Tensor }>) => pipe(p.w, AD.leakyRelu(0.1), AD.sum))({ w }))
 * ) // right({ value: 2.8, grad: { w: [0.1, 1] } })
 *
 * @category activations
 * @since 0.1.0
 */
export const leakyRelu = (alpha: number): ((x: Operand) => Var) => activationOp(rectifierRule(alpha))
