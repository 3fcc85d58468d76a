/**
 * Generated products for the laws of the WebAssembly SIMD kernel: shapes with every dimension
 * from 0 up (0 and 1 included, every remainder modulo the kernel's 4 × 4 block, sometimes
 * several blocks), and operands in every layout the three products read, with the values a
 * sum can go wrong on; and fused epochs of networks wide enough to run the kernel.
 *
 * @since 0.2.0
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { unsafeMiniBatch } from '../../src/data/Batching.js'
import { unsafeDataset } from '../../src/data/Dataset.js'
import type { Activation } from '../../src/nn/activations.js'
import { softmaxCrossEntropy } from '../../src/nn/logitLosses.js'
import { mse } from '../../src/nn/losses.js'
import { mlp, type MlpParams } from '../../src/nn/mlp.js'
import * as Optim from '../../src/optim/index.js'
import { key as makeKey, split } from '../../src/random/Key.js'
import { uniform } from '../../src/random/uniform.js'
import type { ProductShape } from '../../src/tensor/kernels.js'
import { unsafeMake } from '../../src/tensor/Tensor.js'
import type { Model } from '../../src/train/Model.js'
import { initialState } from '../../src/train/bookkeeping/TrainState.js'
import type { FusionCase } from './fusion.js'
import { uniformDouble } from './networks.js'
import * as Advanced from '../../src/advanced.js'

/**
 * The operands of one product `[m, k]·[k, n]`, each also transposed: `a` `[m, k]` and `at`
 * `[k, m]` (for `matmulTN`), `b` `[k, n]` and `bt` `[n, k]` (for `matmulNT`).
 *
 * @category products
 * @since 0.2.0
 */
export interface ProductCase {
  readonly shape: ProductShape
  readonly a: Float64Array
  readonly at: Float64Array
  readonly b: Float64Array
  readonly bt: Float64Array
}

/**
 * A dimension: mostly 0..9 (0 and 1, below, at and above one block of 4), sometimes 10..70
 * (several blocks and a remainder).
 *
 * @category products
 * @since 0.2.0
 */
export const kernelDim: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 9 }) },
  { weight: 1, arbitrary: fc.integer({ min: 10, max: 70 }) }
)

/**
 * An element: mostly spread over [−1, 1] with full mantissas (sums in another order round
 * differently); sometimes ±0 (the sign a sum of zeros starts from shows), subnormals, huge
 * values whose products overflow, ±∞ and NaN (∞ − ∞ makes NaN in a sum).
 *
 * @category products
 * @since 0.2.0
 */
export const kernelElement: fc.Arbitrary<number> = fc.oneof(
  { weight: 20, arbitrary: uniformDouble(-1, 1) },
  { weight: 2, arbitrary: fc.constantFrom(0, -0) },
  { weight: 1, arbitrary: fc.constantFrom(5e-324, -5e-324, 2.2250738585072014e-308) },
  { weight: 1, arbitrary: fc.constantFrom(1e300, -1e300, 1.7976931348623157e308) },
  { weight: 1, arbitrary: fc.constantFrom(Infinity, -Infinity, NaN) }
)

const transposed = (x: Float64Array, rows: number, cols: number): Float64Array => {
  const out = new Float64Array(rows * cols)
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = x[i * cols + j]!
  return out
}

const elements = (length: number): fc.Arbitrary<Float64Array> =>
  fc.array(kernelElement, { minLength: length, maxLength: length }).map((xs) => Float64Array.from(xs))

/**
 * A product's shape and operands.
 *
 * @category products
 * @since 0.2.0
 */
export const productCase: fc.Arbitrary<ProductCase> = fc.tuple(kernelDim, kernelDim, kernelDim).chain(([m, k, n]) =>
  fc.tuple(elements(m * k), elements(k * n)).map(([a, b]) => ({
    shape: { m, k, n },
    a,
    at: transposed(a, m, k),
    b,
    bt: transposed(b, k, n)
  }))
)

/**
 * An epoch of an MLP wide enough that the fused kernel's products (16384 multiply-adds and up)
 * run in the tensor kernels, wasm SIMD included: 45-33-21 on 100 rows in batches of 29 (odd
 * sizes; the last batch of 13 rows), hidden activation, loss, optimizer, shuffling and seed
 * drawn.
 *
 * @category products
 * @since 0.2.0
 */
export const wideFusionCase: fc.Arbitrary<FusionCase> = fc
  .record({
    hidden: fc.constantFrom<Activation>('relu', 'tanh', 'sigmoid', { leakyRelu: 0.1 }),
    logits: fc.boolean(),
    adam: fc.boolean(),
    shuffle: fc.boolean(),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 })
  })
  .map((r): FusionCase => {
    const [sizes, rows] = [[45, 33, 21], 100] as const
    const get = <A>(e: E.Either<{ readonly message: string }, A>): A => {
      if (E.isLeft(e)) throw new Error(e.left.message)
      return e.right
    }
    const spec = get(mlp({ sizes, activations: [r.hidden, 'identity'] }))
    const [kInit, kx, ky, kRun] = get(split(4)(get(makeKey(r.seed))))
    const x = get(uniform([rows, sizes[0]], { low: -2, high: 2 })(kx!))
    const classes = get(uniform([rows])(ky!)).data
    const fout = sizes[2]
    const targets = unsafeMake(
      [rows, fout],
      Float64Array.from({ length: rows * fout }, (_, i) =>
        Math.floor(classes[Math.floor(i / fout)]! * fout) === i % fout ? 1 : 0
      )
    )
    const optimizer: Advanced.Optim.AnyTransformation = get<Advanced.Optim.AnyTransformation>(
      r.adam ? Optim.adam({ lr: 0.01 }) : Optim.sgd(0.1)
    )
    const model: Model<MlpParams> = { forward: spec.forward, loss: r.logits ? softmaxCrossEntropy : mse }
    return {
      config: { model, optimizer, batching: unsafeMiniBatch(29, { shuffle: r.shuffle }) },
      state: initialState(optimizer)(get(spec.init(kInit!)), kRun!),
      data: unsafeDataset(x, targets),
      fusable: true,
      label: `45-33-21 ${String(r.hidden)} ${r.logits ? 'softmaxCrossEntropy' : 'mse'} ${r.adam ? 'adam' : 'sgd'}`
    }
  })
