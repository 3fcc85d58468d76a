/**
 * Differentiable linear algebra: the matrix product, the transpose and the bias broadcast,
 * which together make a dense layer `x·W + b`.
 *
 * @since 0.1.0
 */
import { kernels } from '../../tensor/index.js'
import { shapeMismatch } from '../../tensor/TensorError.js'
import { abort } from '../AdError.js'
import { lift, type Operand, type Var } from '../Var.js'
import { record } from '../tape.js'
import { NO_GRADIENT } from '../customOp.js'

const matrixDims = (op: string, a: Var, b: Var): readonly [number, number, number, number] => {
  const [r1, c1] = a.value.shape
  const [r2, c2] = b.value.shape
  if (a.value.shape.length !== 2 || b.value.shape.length !== 2) {
    return abort(shapeMismatch(op, [a.value.shape, b.value.shape], 'both operands must be matrices (rank 2)'))
  }
  return [r1!, c1!, r2!, c2!]
}

/**
 * `a·b`: `[m, k] · [k, n] → [m, n]`; data last, so `pipe(x, matmul(w))` is `x·w`.
 * Pullback: `(g·bᵀ, aᵀ·g)`, each computed only for an operand that is traced (the product
 * for a constant input, such as a batch of data, would be thrown away).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Tensor } from 'gradfold'
 * // Σ x·W for x = [[1, 2]], W = [[3], [4]]: 1·3 + 2·4 = 11, and its gradient in W is xᵀ·1 = [[1], [2]]
 * pipe(
 *   E.Do,
 *   E.apS('x', Tensor.fromNested([[1, 2]])),
 *   E.apS('w', Tensor.fromNested([[3], [4]])),
 *   E.chainW(({ x, w }) => AD.valueAndGrad((p: AD.Traced<{ w: Tensor.Tensor }>) => pipe(x, AD.matmul(p.w), AD.sum))({ w }))
 * ) // right({ value: 11, grad: { w: [[1], [2]] } }): the [2, 1] gradient is xᵀ
 *
 * @category linear algebra
 * @since 0.1.0
 */
export const matmul =
  (y: Operand) =>
  (x: Operand): Var => {
    const a = lift(x)
    const b = lift(y)
    const [m, k, k2, n] = matrixDims('matmul', a, b)
    if (k !== k2)
      abort(shapeMismatch('matmul', [a.value.shape, b.value.shape], `inner dimensions ${k} and ${k2} differ`))
    const av = a.value.data
    const bv = b.value.data
    return record('matmul', [m, n], kernels.matmul(av, bv, { m, k, n }), [a, b], (g) => [
      a.tape === undefined ? NO_GRADIENT : kernels.matmulNT(g, bv, { m, k: n, n: k }),
      b.tape === undefined ? NO_GRADIENT : kernels.matmulTN(av, g, { m: k, k: m, n })
    ])
  }

/**
 * The transpose `[rows, cols] → [cols, rows]`. Pullback: `gᵀ`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Tensor } from 'gradfold'
 * pipe(
 *   Tensor.fromNested([[1, 2, 3]]),
 *   E.chainW((x) => AD.evaluate((p: AD.Traced<{ x: Tensor.Tensor }>) => AD.transpose(p.x))({ x }))
 * ) // right([[1], [2], [3]])
 *
 * @category linear algebra
 * @since 0.1.0
 */
export const transpose = (x: Operand): Var => {
  const a = lift(x)
  if (a.value.shape.length !== 2)
    abort(shapeMismatch('transpose', [a.value.shape], 'the operand must be a matrix (rank 2)'))
  const [rows, cols] = a.value.shape as readonly [number, number]
  return record('transpose', [cols, rows], kernels.transpose(a.value.data, { rows, cols }), [a], (g) => [
    kernels.transpose(g, { rows: cols, cols: rows })
  ])
}

/**
 * The bias broadcast `a[i, j] + b[j]`: `[rows, cols]` and `[cols]` → `[rows, cols]`.
 * Pullback: `(g, column sums of g)`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Tensor } from 'gradfold'
 * // a bias b added to each of two rows: Σ(x + b) = 10 + 2·(10 + 20), and ∂/∂b = the row count, 2
 * pipe(
 *   E.Do,
 *   E.apS('x', Tensor.fromNested([[1, 2], [3, 4]])),
 *   E.apS('b', Tensor.fromNested([10, 20])),
 *   E.chainW(({ x, b }) => AD.valueAndGrad((p: AD.Traced<{ b: Tensor.Tensor }>) => pipe(x, AD.addRow(p.b), AD.sum))({ b }))
 * ) // right({ value: 70, grad: { b: [2, 2] } })
 *
 * @category linear algebra
 * @since 0.1.0
 */
export const addRow =
  (row: Operand) =>
  (x: Operand): Var => {
    const a = lift(x)
    const b = lift(row)
    const [rows, cols] = a.value.shape
    if (a.value.shape.length !== 2 || b.value.shape.length !== 1 || b.value.shape[0] !== cols) {
      abort(
        shapeMismatch('addRow', [a.value.shape, b.value.shape], 'needs a matrix [rows, cols] and a row vector [cols]')
      )
    }
    return record(
      'addRow',
      a.value.shape,
      kernels.rowwise(a.value.data, b.value.data, { rows: rows!, cols: cols! }, 'add'),
      [a, b],
      (g) => [g, kernels.sumAxis(g, { outer: 1, len: rows!, inner: cols! })]
    )
  }
