/**
 * Differentiable softmax family along the last axis (each row of a `[batch, classes]`
 * matrix, or a whole vector), computed stably by shifting each row by its maximum:
 * `logSumExp(x) = m + ln Σ e^(x−m)`, which neither overflows nor underflows to `ln 0`.
 *
 * @since 0.1.0
 */
import { kernels } from '../../tensor/index.js'
import { shapeMismatch } from '../../tensor/TensorError.js'
import { abort } from '../AdError.js'
import { lift, type Operand, type Var } from '../Var.js'
import { record } from '../tape.js'
import * as Elementary from '../../math/index.js'

/** `[rows, cols]` of the value viewed row by row along its last axis. */
const rowsOf = (op: string, a: Var): readonly [number, number] => {
  const shape = a.value.shape
  if (shape.length === 0 || shape[shape.length - 1] === 0) {
    abort(shapeMismatch(op, [shape], 'needs a vector or a matrix with at least one element per row'))
  }
  const cols = shape[shape.length - 1]!
  return [a.value.data.length / cols, cols]
}

/** `x − logSumExp(x)` for each row: the log-probabilities. */
const rowLogSoftmax = (x: Float64Array, rows: number, cols: number): Float64Array => {
  const lse = kernels.rowLogSumExp(x, { rows, cols })
  const out = new Float64Array(x.length)
  for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) out[r * cols + j] = x[r * cols + j]! - lse[r]!
  return out
}

/**
 * `ln Σⱼ e^(xⱼ)` along the last axis, which disappears. Pullback: `g·softmax(x)`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Elementary, Tensor } from 'gradfold'
 * // ln(e⁰ + e^(ln 3)) = ln 4 for the one row; its gradient is softmax: [0.25, 0.75], the
 * // second an ulp short (e^(ln 3 − ln 4) with both logarithms rounded)
 * pipe(
 *   Tensor.fromNested([[0, Elementary.log(3)]]),
 *   E.chainW((z) => AD.valueAndGrad((p: AD.Traced<{ z: Tensor.Tensor }>) => pipe(p.z, AD.logSumExp, AD.sum))({ z }))
 * ) // right({ value: 1.3862943611198906, grad: { z: [[0.25, 0.7499999999999999]] } })
 *
 * @category softmax
 * @since 0.1.0
 */
export const logSumExp = (x: Operand): Var => {
  const a = lift(x)
  const [rows, cols] = rowsOf('logSumExp', a)
  const xv = a.value.data
  const lse = kernels.rowLogSumExp(xv, { rows, cols })
  return record('logSumExp', a.value.shape.slice(0, -1), lse, [a], (g) => {
    const ga = new Float64Array(xv.length)
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < cols; j++) ga[r * cols + j] = g[r]! * Elementary.exp(xv[r * cols + j]! - lse[r]!)
    }
    return [ga]
  })
}

/**
 * `softmax(x)ⱼ = e^(xⱼ) / Σₖ e^(xₖ)` along the last axis. Pullback: `y ⊙ (g − ⟨g, y⟩)` per row.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Elementary, Tensor } from 'gradfold'
 * // e^0 : e^(ln 3) = 1 : 3, to an ulp (ln 3 and the row's ln 4 are rounded)
 * const probabilities = (p: AD.Traced<{ z: Tensor.Tensor }>) => AD.softmax(p.z)
 * pipe(Tensor.fromNested([[0, Elementary.log(3)]]), E.chainW((z) => AD.evaluate(probabilities)({ z })), E.map(Tensor.toNested))
 * // right([[0.25, 0.7499999999999999]])
 *
 * @category softmax
 * @since 0.1.0
 */
export const softmax = (x: Operand): Var => {
  const a = lift(x)
  const [rows, cols] = rowsOf('softmax', a)
  const y = rowLogSoftmax(a.value.data, rows, cols).map(Elementary.exp)
  return record('softmax', a.value.shape, y, [a], (g) => {
    const ga = new Float64Array(g.length)
    for (let r = 0; r < rows; r++) {
      const o = r * cols
      let dot = 0
      for (let j = 0; j < cols; j++) dot += g[o + j]! * y[o + j]!
      for (let j = 0; j < cols; j++) ga[o + j] = y[o + j]! * (g[o + j]! - dot)
    }
    return [ga]
  })
}

/**
 * `x − logSumExp(x)` along the last axis: log-probabilities. Pullback: `g − softmax(x)·Σg`
 * per row.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Elementary, Tensor } from 'gradfold'
 * // ln 0.25 and ln 0.75: the log-probabilities of the scores [0, ln 3]
 * pipe(
 *   Tensor.fromNested([[0, Elementary.log(3)]]),
 *   E.chainW((z) => AD.evaluate((p: AD.Traced<{ z: Tensor.Tensor }>) => AD.logSoftmax(p.z))({ z }))
 * ) // right([[-1.3862943611198906, -0.2876820724517…]])
 *
 * @category softmax
 * @since 0.1.0
 */
export const logSoftmax = (x: Operand): Var => {
  const a = lift(x)
  const [rows, cols] = rowsOf('logSoftmax', a)
  const y = rowLogSoftmax(a.value.data, rows, cols)
  return record('logSoftmax', a.value.shape, y, [a], (g) => {
    const ga = new Float64Array(g.length)
    for (let r = 0; r < rows; r++) {
      const o = r * cols
      let s = 0
      for (let j = 0; j < cols; j++) s += g[o + j]!
      for (let j = 0; j < cols; j++) ga[o + j] = g[o + j]! - Elementary.exp(y[o + j]!) * s
    }
    return [ga]
  })
}
