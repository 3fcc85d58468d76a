/**
 * A shard's summed loss and gradient through the fused kernel of `Train.fit` (the MLP step
 * compiled for one layout, loops over buffers allocated once), for the losses it knows, over
 * flat arrays: it reads the parameters and the batch where they lie (shared memory, for the
 * worker threads of `gradfold/node`) and writes the gradient straight into the array it is given. Every number is computed as
 * the general path computes it, so a shard is the general path's, bit for bit (checked by the
 * thread-invariance law, whose reference is the general path); a shard the kernel cannot
 * finish (a non-finite value) answers `undefined` and the general path names the failure.
 *
 * @since 0.2.0
 */
import type { LossName } from '../../nn/lossName.js'
import { compileNetwork, layerPlan, type CompiledNetwork, type LossKind } from '../loop/fused/network.js'
import type { ModelSpec } from '../files/ModelSpec.js'

/** The fused kernel's name for a loss, when it has one (`crossEntropyBits` it has not). */
const KINDS: Readonly<Partial<Record<LossName, LossKind>>> = {
  mse: 'mse',
  halfSumSquares: 'halfSumSquares',
  crossEntropy: 'crossEntropy',
  softmaxCrossEntropy: 'softmaxCrossEntropy',
  sigmoidBinaryCrossEntropy: 'sigmoidBinaryCrossEntropy'
}

/**
 * One shard, `[start, end)` of a batch: the summed loss, with the gradient written into `out`'s
 * first elements in flatten order; `undefined` when the general path must run it.
 *
 * @internal
 */
export type FusedShard = (
  params: Float64Array,
  inputs: Float64Array,
  targets: Float64Array,
  start: number,
  end: number,
  out: Float64Array
) => number | undefined

/** The leaves of a flat MLP parameter vector, as views, in flatten order (per layer `b` then `w`). */
const leaves = (spec: ModelSpec, flat: Float64Array): ReadonlyArray<Float64Array> => {
  const out: Array<Float64Array> = []
  let at = 0
  const take = (n: number) => {
    out.push(flat.subarray(at, at + n))
    at += n
  }
  for (let i = 0; i + 1 < spec.sizes.length; i++) {
    const [m, n] = [spec.sizes[i]!, spec.sizes[i + 1]!]
    if (spec.bias !== false) take(n)
    take(m * n)
  }
  return out
}

/**
 * The fused shard for `spec`, or `undefined` when its loss has no fused kernel. The kernel is
 * compiled for the largest shard met so far.
 *
 * @internal
 */
export const fusedShard = (spec: ModelSpec): FusedShard | undefined => {
  const kind = typeof spec.loss === 'string' ? KINDS[spec.loss] : undefined
  if (kind === undefined) return undefined
  const sizes = spec.sizes
  const layers = spec.activations.map((a, i) => layerPlan(sizes[i]!, sizes[i + 1]!, spec.bias !== false, a))
  const fin = sizes[0]!
  const fout = sizes[sizes.length - 1]!
  const count = layers.reduce((k, l) => k + l.fanIn * l.fanOut + (l.bias ? l.fanOut : 0), 0)
  let compiled: { readonly rows: number; readonly net: CompiledNetwork } | undefined
  return (params, inputs, targets, start, end, out) => {
    if (params.length !== count) return undefined // not the spec's parameters: the general path says so
    const m = end - start
    if (compiled === undefined || compiled.rows < m) compiled = { rows: m, net: compileNetwork(layers, kind, m, 'sum') }
    const value = compiled.net.lossAndGrad(
      leaves(spec, params),
      leaves(spec, out),
      inputs,
      start * fin,
      targets,
      start * fout,
      m
    )
    return Number.isNaN(value) ? undefined : value
  }
}
