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
import { applyKernel, type Kernel } from '../kernel.js'
import { sameShape } from '../../tensor/Tensor.js'
import { shapeMismatch } from '../../tensor/TensorError.js'
import { abort } from '../AdError.js'
import { elementwise, type Scope } from '../codegen/emit.js'

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
  return applyKernel('abs', a.value.shape, absKernel, [a])
}

const absKernel: Kernel = {
  forward: ([x], out) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.abs(x![i]!)
  },
  pullback: (g, [x], _, [gx]) => {
    for (let i = 0; i < g.length; i++) gx![i] = x![i]! > 0 ? g[i]! : x![i]! < 0 ? -g[i]! : 0
  },
  emit: elementwise(
    (_, [x]) => `Math.abs(${x})`,
    (_, g, [x]) => [`(${x} > 0 ? ${g} : ${x} < 0 ? -${g} : 0)`]
  )
}

/** `pick(a, b)` elementwise, its pullback sending `g` to the operand picked, half to each on a tie. */
const choose = (name: string, firstWins: (a: number, b: number) => boolean, wins: '>' | '<') => {
  const kernel: Kernel = {
    forward: ([a, b], out) => {
      for (let i = 0; i < out.length; i++) out[i] = firstWins(a![i]!, b![i]!) ? a![i]! : b![i]!
    },
    pullback: (g, [a, b], _, [ga, gb]) => {
      for (let i = 0; i < g.length; i++) {
        const tie = a![i] === b![i]
        const first = firstWins(a![i]!, b![i]!)
        if (ga !== undefined) ga[i] = tie ? 0.5 * g[i]! : first ? g[i]! : 0
        if (gb !== undefined) gb[i] = tie ? 0.5 * g[i]! : first ? 0 : g[i]!
      }
    },
    emit: elementwise(
      (_, [a, b]) => `(${a} ${wins} ${b} ? ${a} : ${b})`,
      (_, g, [a, b]) => [
        `(${a} === ${b} ? 0.5 * ${g} : ${a} ${wins} ${b} ? ${g} : 0)`,
        `(${a} === ${b} ? 0.5 * ${g} : ${a} ${wins} ${b} ? 0 : ${g})`
      ]
    )
  }
  return (y: Operand) =>
    (x: Operand): Var => {
      const [a, b] = aligned(name, x, y)
      return applyKernel(name, a.value.shape, kernel, [a, b])
    }
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
export const maximum: (y: Operand) => (x: Operand) => Var = choose('maximum', (a, b) => a > b, '>')

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
export const minimum: (y: Operand) => (x: Operand) => Var = choose('minimum', (a, b) => a < b, '<')

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
    // a condition computed from traced values is read as a constant: a program cannot bake it in
    if (c.tape?.compiling !== undefined) c.tape.compiling.escape()
    return applyKernel('where', t.value.shape, whereKernel(c.value.data), [t, f])
  }

/** `on(i)` as source: the condition's element `i` (its one element for a scalar) is nonzero. */
const condition = (scope: Scope, cv: Float64Array, i: string): string =>
  `${scope.bind(cv)}[${cv.length === 1 ? '0' : i}] !== 0`

/** `onTrue` where the (constant) condition is nonzero, `onFalse` elsewhere; back, `g` to the branch taken. */
const whereKernel = (cv: Float64Array): Kernel => {
  const on = (i: number): boolean => (cv.length === 1 ? cv[0]! : cv[i]!) !== 0
  return {
    forward: ([t, f], out) => {
      for (let i = 0; i < out.length; i++) out[i] = on(i) ? t![i]! : f![i]!
    },
    pullback: (g, _, __, [gt, gf]) => {
      for (let i = 0; i < g.length; i++) {
        if (gt !== undefined) gt[i] = on(i) ? g[i]! : 0
        if (gf !== undefined) gf[i] = on(i) ? 0 : g[i]!
      }
    },
    emit: elementwise(
      (scope, [t, f], i) => `(${condition(scope, cv, i)} ? ${t} : ${f})`,
      (scope, g, _, __, i) => [`(${condition(scope, cv, i)} ? ${g} : 0)`, `(${condition(scope, cv, i)} ? 0 : ${g})`]
    )
  }
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
