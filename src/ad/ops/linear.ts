/**
 * Differentiable linear algebra: the matrix product, the transpose and the bias broadcast,
 * which together make a dense layer `x·W + b`.
 *
 * @since 0.1.0
 */
import type { AxisShape, MatrixShape, ProductShape } from '../../tensor/kernels.js'
import {
  matmulInto,
  matmulNTInto,
  matmulTNInto,
  rowwiseInto,
  sumAxisInto,
  transposeInto
} from '../../tensor/kernelsInto.js'
import { shapeMismatch } from '../../tensor/TensorError.js'
import { abort } from '../AdError.js'
import { lift, type Operand, type Var } from '../Var.js'
import { applyKernel, type Kernel } from '../kernel.js'
import { loop } from '../codegen/emit.js'
import { columnSums, product } from '../codegen/products.js'

const matrixDims = (op: string, a: Var, b: Var): readonly [number, number, number, number] => {
  const [r1, c1] = a.value.shape
  const [r2, c2] = b.value.shape
  if (a.value.shape.length !== 2 || b.value.shape.length !== 2) {
    return abort(shapeMismatch(op, [a.value.shape, b.value.shape], 'both operands must be matrices (rank 2)'))
  }
  return [r1!, c1!, r2!, c2!]
}

/** `a·b` for `[m, k] · [k, n]`; back, `g·bᵀ` and `aᵀ·g`, each only for an input that wants it. */
const matmulKernel = ({ m, k, n }: ProductShape): Kernel => ({
  forward: ([a, b], out) => void matmulInto(out, a!, b!, { m, k, n }),
  pullback: (g, [a, b], _, [ga, gb]) => {
    if (ga !== undefined) matmulNTInto(ga, g, b!, { m, k: n, n: k })
    if (gb !== undefined) matmulTNInto(gb, a!, g, { m: k, k: m, n })
  },
  emit: {
    kind: 'block',
    forward: (site) => product(site, 'NN', site.out, site.ins[0]!, site.ins[1]!, { m, k, n }),
    pullback: (site) => {
      const [a, b] = site.ins
      const [ga, gb] = site.grads
      return (
        (ga === undefined ? '' : product(site, 'NT', ga, site.g, b!, { m, k: n, n: k })) +
        (gb === undefined ? '' : product(site, 'TN', gb, a!, site.g, { m: k, k: m, n }))
      )
    }
  }
})

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
    return applyKernel('matmul', [m, n], matmulKernel({ m, k, n }), [a, b])
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
  return applyKernel('transpose', [cols, rows], transposeKernel({ rows, cols }), [a])
}

/** The transpose of a `[rows, cols]` matrix; back, the transpose of the gradient. */
const transposeKernel = ({ rows, cols }: MatrixShape): Kernel => ({
  forward: ([a], out) => void transposeInto(out, a!, { rows, cols }),
  pullback: (g, _, __, [ga]) => void transposeInto(ga!, g, { rows: cols, cols: rows }),
  emit: {
    kind: 'block',
    forward: ({ ins: [a], out }) => transposed(out, a!, rows, cols),
    pullback: ({ g, grads: [ga] }) => transposed(ga!, g, cols, rows)
  }
})

/** `transposeInto`'s loop as source: `out[j, i] = a[i, j]` for `a` `[rows, cols]`. */
const transposed = (out: string, a: string, rows: number, cols: number): string =>
  loop(rows, (i) => loop(cols, (j) => `${out}[${j} * ${rows} + ${i}] = ${a}[${i} * ${cols} + ${j}];`, 'j'))

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
    return applyKernel('addRow', a.value.shape, addRowKernel({ rows: rows!, cols: cols! }), [a, b])
  }

/** A row added to each row of a matrix; back, the gradient and its column sums. */
const addRowKernel = ({ rows, cols }: MatrixShape): Kernel => {
  const columns: AxisShape = { outer: 1, len: rows, inner: cols }
  return {
    forward: ([a, b], out) => void rowwiseInto(out, a!, b!, { rows, cols }, 'add'),
    pullback: (g, _, __, [ga, gb]) => {
      ga?.set(g)
      if (gb !== undefined) sumAxisInto(gb, g, columns)
    },
    emit: {
      kind: 'block',
      forward: ({ ins: [a, b], out }) =>
        loop(rows, (r) =>
          loop(cols, (j) => `${out}[${r} * ${cols} + ${j}] = ${a}[${r} * ${cols} + ${j}] + ${b}[${j}];`, 'j')
        ),
      pullback: (site) => {
        const [ga, gb] = site.grads
        const g = site.g
        return (
          (ga === undefined ? '' : loop(rows * cols, (i) => `${ga}[${i}] = ${g}[${i}];`)) +
          (gb === undefined ? '' : columnSums(site, gb, g, columns))
        )
      }
    }
  }
}
