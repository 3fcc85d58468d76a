/**
 * Differentiable reductions: sums and means over everything or along one axis.
 *
 * @since 0.1.0
 */
import * as kernels from '../../tensor/kernels.js'
import type { AxisShape } from '../../tensor/kernels.js'
import { describe } from '../../tensor/describe.js'
import { invalidArgument } from '../../tensor/TensorError.js'
import { abort } from '../AdError.js'
import { lift, type Operand, type Var } from '../Var.js'
import { applyKernel, type Kernel } from '../kernel.js'
import { sumAxisInto } from '../../tensor/kernelsInto.js'
import { loop } from '../codegen/emit.js'

const product = (xs: ReadonlyArray<number>): number => xs.reduce((a, d) => a * d, 1)

/**
 * The sum of all elements, a scalar. Pullback: `g` repeated over the input's shape.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Tensor } from 'gradfold'
 * // each element counts once: the gradient is all ones
 * pipe(
 *   Tensor.fromNested([1, 2, 3]),
 *   E.chainW((w) => AD.valueAndGrad((p: AD.Traced<{ w: Tensor.Tensor }>) => AD.sum(p.w))({ w }))
 * ) // right({ value: 6, grad: { w: [1, 1, 1] } })
 *
 * @category reductions
 * @since 0.1.0
 */
export const sum = (x: Operand): Var => applyKernel('sum', [], sumKernel, [lift(x)])

const sumKernel: Kernel = {
  forward: ([a], out) => void (out[0] = kernels.sum(a!)),
  pullback: (g, _, __, [ga]) => void ga!.fill(g[0]!),
  emit: {
    kind: 'block',
    forward: ({ ins: [a], sizes: [n], out }) =>
      `{ let s = 0;\n${loop(n!, (i) => `s += ${a}[${i}];`)}${out}[0] = s; }\n`,
    pullback: ({ g, grads: [ga], sizes: [n] }) => `{ const s = ${g}[0];\n${loop(n!, (i) => `${ga}[${i}] = s;`)}}\n`
  }
}

/**
 * The mean of all elements, a scalar. Pullback: `g / n` repeated.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Tensor } from 'gradfold'
 * // each of three elements counts a third
 * pipe(
 *   Tensor.fromNested([1, 2, 3]),
 *   E.chainW((w) => AD.valueAndGrad((p: AD.Traced<{ w: Tensor.Tensor }>) => AD.mean(p.w))({ w }))
 * ) // right({ value: 2, grad: { w: [0.3333333333333333, 0.3333333333333333, 0.3333333333333333] } })
 *
 * @category reductions
 * @since 0.1.0
 */
export const mean = (x: Operand): Var => {
  const a = lift(x)
  const n = a.value.data.length
  if (n === 0) abort(invalidArgument('mean', 'an empty value has no mean'))
  return applyKernel('mean', [], meanKernel(n), [a])
}

const meanKernel = (n: number): Kernel => ({
  forward: ([a], out) => void (out[0] = kernels.sum(a!) / n),
  pullback: (g, _, __, [ga]) => void ga!.fill(g[0]! / n),
  emit: {
    kind: 'block',
    forward: ({ ins: [a], out }) => `{ let s = 0;\n${loop(n, (i) => `s += ${a}[${i}];`)}${out}[0] = s / ${n}; }\n`,
    pullback: ({ g, grads: [ga] }) => `{ const s = ${g}[0] / ${n};\n${loop(n, (i) => `${ga}[${i}] = s;`)}}\n`
  }
})

/** The input viewed as `[outer, len, inner]` around `axis`, after checking the axis. */
const around = (op: string, a: Var, axis: number): readonly [number, number, number] => {
  const shape = a.value.shape
  if (!Number.isInteger(axis) || axis < 0 || axis >= shape.length) {
    abort(invalidArgument(op, `axis ${describe(axis)} is not an axis of a rank-${shape.length} value`))
  }
  return [product(shape.slice(0, axis)), shape[axis]!, product(shape.slice(axis + 1))]
}

/** Repeats `[outer, inner]` values `len` times along the middle axis, each times `c`, into `out`. */
const spread = (out: Float64Array, g: Float64Array, outer: number, len: number, inner: number, c: number): void => {
  for (let o = 0; o < outer; o++) {
    for (let l = 0; l < len; l++) {
      const base = (o * len + l) * inner
      for (let i = 0; i < inner; i++) out[base + i] = c * g[o * inner + i]!
    }
  }
}

/** The sums (or means, `c = 1 / len`) along the middle axis of `[outer, len, inner]`. */
const axisKernel = (shape: AxisShape, mean: boolean): Kernel => {
  const { outer, len, inner } = shape
  return {
    forward: ([a], out) => {
      sumAxisInto(out, a!, shape)
      if (mean) for (let i = 0; i < out.length; i++) out[i] = out[i]! / len
    },
    pullback: (g, _, __, [ga]) => spread(ga!, g, outer, len, inner, mean ? 1 / len : 1)
  }
}

/**
 * Sums along one axis, which disappears: `[rows, cols]` along 0 is `[cols]`. Pullback: `g`
 * spread back along the axis.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Tensor } from 'gradfold'
 * // the column sums of [[1, 2], [3, 4]]
 * pipe(
 *   Tensor.fromNested([[1, 2], [3, 4]]),
 *   E.chainW((x) => AD.evaluate((p: AD.Traced<{ x: Tensor.Tensor }>) => pipe(p.x, AD.sumAxis(0)))({ x }))
 * ) // right([4, 6])
 *
 * @category reductions
 * @since 0.1.0
 */
export const sumAxis =
  (axis: number) =>
  (x: Operand): Var => {
    const a = lift(x)
    const [outer, len, inner] = around('sumAxis', a, axis)
    const shape = a.value.shape.filter((_, i) => i !== axis)
    return applyKernel('sumAxis', shape, axisKernel({ outer, len, inner }, false), [a])
  }

/**
 * Means along one axis, which disappears. Pullback: `g / len` spread back along the axis.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Tensor } from 'gradfold'
 * // the row means of [[1, 2], [3, 4]]
 * pipe(
 *   Tensor.fromNested([[1, 2], [3, 4]]),
 *   E.chainW((x) => AD.evaluate((p: AD.Traced<{ x: Tensor.Tensor }>) => pipe(p.x, AD.meanAxis(1)))({ x }))
 * ) // right([1.5, 3.5])
 *
 * @category reductions
 * @since 0.1.0
 */
export const meanAxis =
  (axis: number) =>
  (x: Operand): Var => {
    const a = lift(x)
    const [outer, len, inner] = around('meanAxis', a, axis)
    if (len === 0) abort(invalidArgument('meanAxis', `axis ${axis} has length 0`))
    const shape = a.value.shape.filter((_, i) => i !== axis)
    return applyKernel('meanAxis', shape, axisKernel({ outer, len, inner }, true), [a])
  }
