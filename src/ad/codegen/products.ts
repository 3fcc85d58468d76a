/**
 * The matrix products as source for a generated program: a small product written out sum by
 * sum with its sizes baked in, a large one a call to the product kernels (wasm SIMD where it
 * runs). Either way each output element is `((0 + a₀b₀) + a₁b₁) + …` in index order, the sum
 * every product kernel takes (law: laws/tensor.ts, `productKernelsEqualTheTripleLoop`), so the
 * bits are the kernels'.
 *
 * @since 0.3.0
 */
import type { AxisShape, ProductShape } from '../../tensor/kernels.js'
import { matmulInto, matmulNTInto, matmulTNInto, sumAxisInto } from '../../tensor/kernelsInto.js'
import type { Scope } from './emit.js'

/**
 * Which product: `a·b` (`'NN'`, `a` `[m, k]`, `b` `[k, n]`), `a·bᵀ` (`'NT'`, `b` `[n, k]`) or
 * `aᵀ·b` (`'TN'`, `a` `[k, m]`).
 *
 * @category model
 * @since 0.3.0
 */
export type ProductKind = 'NN' | 'NT' | 'TN'

/** Products of at most this many multiplications are written out. */
const INLINE = 48

const kernelOf = { NN: matmulInto, NT: matmulNTInto, TN: matmulTNInto } as const

/**
 * The statements writing the `[m, n]` product of arrays `a` and `b` into `out`.
 *
 * @internal
 */
export const product = (
  scope: Scope,
  kind: ProductKind,
  out: string,
  a: string,
  b: string,
  shape: ProductShape
): string => {
  const { m, k, n } = shape
  if (m * k * n > INLINE) return `${scope.bind(kernelOf[kind])}(${out}, ${a}, ${b}, ${scope.bind({ m, k, n })});\n`
  const at = (i: number, p: number): string => (kind === 'TN' ? `${a}[${p * m + i}]` : `${a}[${i * k + p}]`)
  const bt = (p: number, j: number): string => (kind === 'NT' ? `${b}[${j * k + p}]` : `${b}[${p * n + j}]`)
  let s = ''
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let sum = '0'
      for (let p = 0; p < k; p++) sum += ` + ${at(i, p)} * ${bt(p, j)}`
      s += `${out}[${i * n + j}] = ${sum};\n`
    }
  return s
}

/**
 * The statements writing the sums of `a` `[len, inner]` along its first axis into `out`
 * (`sumAxisInto`'s sums, `((0 + a₀) + a₁) + …`, in its order): written out when short.
 *
 * @internal
 */
export const columnSums = (scope: Scope, out: string, a: string, shape: AxisShape): string => {
  const { outer, len, inner } = shape
  if (outer !== 1 || len * inner > INLINE) return `${scope.bind(sumAxisInto)}(${out}, ${a}, ${scope.bind(shape)});\n`
  let s = ''
  for (let i = 0; i < inner; i++) {
    let sum = '0'
    for (let l = 0; l < len; l++) sum += ` + ${a}[${l * inner + i}]`
    s += `${out}[${i}] = ${sum};\n`
  }
  return s
}
