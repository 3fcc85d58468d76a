/**
 * `x · log y` with the information-theory convention `0 · log 0 = 0`: the terms of an entropy
 * or a cross-entropy, differentiable. Where `x = 0` the term is 0 whatever `y ≥ 0` is, so a
 * predicted probability of 0 for an outcome that never happens costs nothing. Elsewhere it is
 * `log(y) · x` exactly as `mul(x)(log(y))` computes it (bit for bit, gradients included), so
 * a cross-entropy written with it gives the numbers it gave before wherever those were finite.
 *
 * @since 0.2.0
 */
import * as Elementary from '../../math/index.js'
import { aligned } from './arithmetic.js'
import type { Operand, Var } from '../Var.js'
import { applyKernel, type Kernel } from '../kernel.js'
import { elementwise } from '../codegen/emit.js'

/**
 * The base of a logarithm: `'e'` (nats), 2 (bits), or any positive number other than 1.
 *
 * @category model
 * @since 0.2.0
 */
export type LogBase = 'e' | number

/** `log_base`, with the base-2 and natural logarithms taken directly. */
const logIn = (base: LogBase): ((y: number) => number) =>
  base === 'e' ? Elementary.log : base === 2 ? Elementary.log2 : (y) => Elementary.log(y) / Elementary.log(base)

/** `d/dy log_base y = 1 / (y · ln base)`, written as `log` and `log2`'s pullbacks write it. */
const logDerivative = (base: LogBase): ((y: number) => number) =>
  base === 'e' ? (y) => 1 / y : base === 2 ? (y) => 1 / (y * Math.LN2) : (y) => 1 / (y * Elementary.log(base))

/**
 * `x · log_base y` elementwise, 0 where `x = 0` and `y = 0`; data last, so `pipe(ŷ, xlogy(y))`
 * is `y · log ŷ`. Pullback: `(g · log y, g · x / (y ln base))`, the second 0 where `x = 0 = y`
 * (the first is then −∞, an honest answer a traced `x` gets as a non-finite gradient). A `y`
 * of 0 where `x ≠ 0` gives `−∞`, which stops the trace naming `xlogy`.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD } from 'gradfold'
 * // 0 · log₂ 0 = 0, and nothing flows back into a prediction of 0 for an outcome of probability 0
 * AD.valueAndGrad((p: AD.Traced<{ q: number }>) => pipe(p.q, AD.xlogy(0, 2)))({ q: 0 }) // right({ value: 0, grad: { q: 0 } })
 *
 * @category arithmetic
 * @since 0.2.0
 */
export const xlogy =
  (x: Operand, base: LogBase = 'e') =>
  (y: Operand): Var => {
    const [a, b] = aligned('xlogy', x, y)
    return applyKernel('xlogy', a.value.shape, xlogyKernel(base), [a, b])
  }

/** `x · log_base y`, 0 where `x = 0 = y`; back, `(g · log y, g · x / (y ln base))`. */
const xlogyKernel = (base: LogBase): Kernel => {
  const [log, dlog] = [logIn(base), logDerivative(base)]
  return {
    forward: ([xv, yv], out) => {
      for (let i = 0; i < out.length; i++) out[i] = xv![i] === 0 && yv![i] === 0 ? 0 : log(yv![i]!) * xv![i]!
    },
    pullback: (g, [xv, yv], _, [gx, gy]) => {
      if (gx !== undefined) for (let i = 0; i < g.length; i++) gx[i] = g[i]! * log(yv![i]!)
      if (gy !== undefined)
        for (let i = 0; i < g.length; i++)
          gy[i] = xv![i] === 0 && yv![i] === 0 ? g[i]! * xv![i]! : g[i]! * xv![i]! * dlog(yv![i]!)
    },
    emit: elementwise(
      (scope, [x, y]) => `(${x} === 0 && ${y} === 0 ? 0 : ${scope.bind(log)}(${y}) * ${x})`,
      (scope, g, [x, y]) => [
        `${g} * ${scope.bind(log)}(${y})`,
        `(${x} === 0 && ${y} === 0 ? ${g} * ${x} : ${g} * ${x} * ${scope.bind(dlog)}(${y}))`
      ]
    )
  }
}
