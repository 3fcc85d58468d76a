/**
 * Laws of data-parallel gradients (`Advanced.Train.shardedLossAndGrad`, `gradfold/node`'s thread pool).
 *
 * - Thread invariance: the gradient computed on any number of worker threads is the one
 *   computed on this thread, bit for bit (every shard is computed by the same code from the
 *   same bits; the main thread combines them in a fixed tree).
 * - Sharding reorders a sum, nothing more. In an MLP rows never interact, so every sample's
 *   terms of the summed gradient (a weight's `xᵢ·δᵢ`, a bias's `δᵢ`) are the same floats in
 *   every shard layout; the sharded and the unsharded gradient sum the same `B` terms in two
 *   orders, each within `γ_{B−1}·S` of the exact sum (`S = Σᵢ |tᵢ|`, Higham §4.2), then divide
 *   by `B` once (relative error `u`). So per element
 *   `|sharded − unsharded| ≤ 2·(γ_{B−1} + u·(1 + γ_{B−1}))·S / B ≤ 2·γ_B·S / B`,
 *   checked as `2·γ_B·(1 + γ_B)·Ŝ / B`, `Ŝ` the computed sum of the per-sample absolute
 *   gradients (a float sum of non-negative terms, itself within `γ_B` of `S`). The loss sums
 *   non-negative per-element terms (`B·C` of them for `C` outputs), so it obeys the same bound
 *   with `n = B·C + 2` terms and `S` = the loss times `B`.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import type { ValueAndGrad } from '../src/ad/valueAndGrad.js'
import type { Dataset } from '../src/data/Dataset.js'
import { unsafeSlice } from '../src/data/select.js'
import type { MlpParams } from '../src/nn/mlp.js'
import { flatten } from '../src/tree/flatten.js'
import { lossAndGrad } from '../src/train/Model.js'
import { decodeModelSpec, type ModelSpec } from '../src/train/files/ModelSpec.js'
import { shardedLossAndGrad } from '../src/train/parallel/shards.js'
import { bitsEqual } from './purity.js'
import { gamma } from './tree.js'

/**
 * Every result has the reference's value and gradient, bit for bit.
 *
 * @example
 * import { ShardLaws } from 'gradfold/laws'
 * ShardLaws.sameBits({ value: 1, grad: { w: 0.5 } }, [{ value: 1, grad: { w: 0.5 } }, { value: 1, grad: { w: 0.5 } }]) // => true
 * ShardLaws.sameBits({ value: 1, grad: { w: 0 } }, [{ value: 1, grad: { w: -0 } }]) // => false
 *
 * @category laws
 * @since 0.2.0
 */
export const sameBits = <P>(reference: ValueAndGrad<P>, results: ReadonlyArray<ValueAndGrad<P>>): boolean =>
  results.every(
    (r) => bitsEqual(r.value, reference.value) && bitsEqual(flatten(r.grad as never), flatten(reference.grad as never))
  )

/**
 * Every state has the reference's parameters, optimizer state and step count, bit for bit.
 *
 * @example
 * import { ShardLaws } from 'gradfold/laws'
 * ShardLaws.sameStates({ params: { w: 1 }, optState: null, step: 2 }, [{ params: { w: 1 }, optState: null, step: 2 }]) // => true
 * ShardLaws.sameStates({ params: { w: 1 }, optState: null, step: 2 }, [{ params: { w: 1 }, optState: null, step: 3 }]) // => false
 *
 * @category laws
 * @since 0.2.0
 */
export const sameStates = (
  reference: { readonly params: unknown; readonly optState: unknown; readonly step: number },
  states: ReadonlyArray<{ readonly params: unknown; readonly optState: unknown; readonly step: number }>
): boolean =>
  states.every(
    (s) =>
      s.step === reference.step && bitsEqual(s.params, reference.params) && bitsEqual(s.optState, reference.optState)
  )

/** Σᵢ |gᵢ| over the samples' own summed-loss gradients, in flatten order. */
const absoluteSum = (spec: ModelSpec, batch: Dataset, params: MlpParams): Float64Array | undefined => {
  const built = decodeModelSpec(spec, 'sum')
  if (E.isLeft(built)) return undefined
  const model = built.right.model
  const n = batch.inputs.shape[0]!
  let out: Float64Array | undefined
  for (let i = 0; i < n; i++) {
    const g = lossAndGrad(model)(unsafeSlice(i, i + 1, batch))(params)
    if (E.isLeft(g)) return undefined
    const flat = flatten(g.right.grad)
    out ??= new Float64Array(flat.length)
    for (let k = 0; k < flat.length; k++) out[k] = out[k]! + Math.abs(flat[k]!)
  }
  return out
}

const gradientOf = (spec: ModelSpec, shardSize: number, batch: Dataset, params: MlpParams) => {
  const f = shardedLossAndGrad(spec, shardSize)
  return E.isLeft(f) ? f : f.right(batch)(params)
}

/**
 * The gradient from shards of `shardSize` is the unsharded one (one shard of the whole batch)
 * within `2·γ_B·(1 + γ_B)·Σᵢ|gᵢ| / B` per element, and the loss within `2·γ_{BC+2}·(1 + γ)·loss`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Data, NN, Random } from 'gradfold'
 * import { ShardLaws } from 'gradfold/laws'
 * import * as Advanced from 'gradfold/advanced'
 * const spec: Advanced.Train.ModelSpec = { sizes: [3, 4, 3], activations: ['tanh', 'identity'], loss: 'softmaxCrossEntropy' }
 * // the 30 samples in shards of 8: the same loss and gradient as in one go, but for the order of the sums
 * pipe(
 *   E.Do,
 *   E.apS('net', NN.mlp(spec)),
 *   E.apSW('key', Random.key(0)),
 *   E.bindW('params', ({ net, key }) => net.init(key)),
 *   E.map(({ params }) => ShardLaws.shardingOnlyReorders(spec, 8, Data.threeClass, params))
 * ) // right(true)
 *
 * @category laws
 * @since 0.2.0
 */
export const shardingOnlyReorders = (
  spec: ModelSpec,
  shardSize: number,
  batch: Dataset,
  params: MlpParams
): boolean => {
  const n = batch.inputs.shape[0]!
  const outputs = batch.targets.shape[1]!
  const sharded = gradientOf(spec, shardSize, batch, params)
  const whole = gradientOf(spec, n, batch, params)
  if (E.isLeft(sharded) || E.isLeft(whole)) return false
  const a = flatten(sharded.right.grad)
  const b = flatten(whole.right.grad)
  const s = absoluteSum(spec, batch, params)
  if (s === undefined) return false
  const g = gamma(n)
  for (let k = 0; k < a.length; k++) if (Math.abs(a[k]! - b[k]!) > (2 * g * (1 + g) * s[k]!) / n) return false
  const gv = gamma(n * outputs + 2)
  return Math.abs(sharded.right.value - whole.right.value) <= 2 * gv * (1 + gv) * Math.abs(whole.right.value)
}
