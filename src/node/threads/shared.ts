/**
 * What crosses between the main thread and a shard worker, and how: parameters and batches as
 * `Float64Array`s over `SharedArrayBuffer`s (shared, never copied per shard, and treated as
 * immutable by both sides once written), gradients back as transferred buffers (moved, not
 * copied). Trees are rebuilt on either side as views over those arrays, in flatten order.
 *
 * @internal
 * @since 0.2.0
 */
import type { Params } from '../../tree/Tree.js'
import type { MlpParams } from '../../nn/mlp.js'
import { unsafeMake, type Tensor } from '../../tensor/Tensor.js'
import { flattenInto } from '../../tree/flatten.js'
import { leafList, size, unsafeRebuild, type Leaf, type Tree } from '../../tree/Tree.js'
import type { ModelSpec } from '../../train/ModelSpec.js'

/**
 * One shard's work: the model as data, the parameters and the batch in shared memory, and the
 * rows of the shard.
 *
 * @internal
 */
export interface ShardTask {
  readonly spec: ModelSpec
  readonly params: Float64Array
  readonly inputs: Float64Array
  readonly targets: Float64Array
  readonly start: number
  readonly end: number
}

/**
 * A shard's gradient in flatten order followed by its summed loss (one array, so that it moves
 * back as one buffer), or the error it met, as a plain value.
 *
 * @internal
 */
export type ShardResult = Float64Array | { readonly _tag: string; readonly message: string }

/**
 * `data` copied once into shared memory, or `data` itself when it already lives there.
 *
 * @internal
 */
export const toShared = (data: Float64Array): Float64Array => {
  if (data.buffer instanceof SharedArrayBuffer) return data
  const out = new Float64Array(new SharedArrayBuffer(data.byteLength))
  out.set(data)
  return out
}

const sharedCache = new WeakMap<Float64Array, Float64Array>()

/**
 * `toShared`, remembered per array: a data set used for many steps is copied once.
 *
 * @internal
 */
export const sharedOnce = (data: Float64Array): Float64Array => {
  const hit = sharedCache.get(data)
  if (hit !== undefined) return hit
  const out = toShared(data)
  sharedCache.set(data, out)
  return out
}

/**
 * Every scalar of `tree`, in flatten order, in one shared array.
 *
 * @internal
 */
export const flattenShared = (tree: Tree): Float64Array =>
  flattenInto(tree, new Float64Array(new SharedArrayBuffer(size(tree) * 8)))

/**
 * A tree of `template`'s structure whose tensors are views over `flat` (no copy), in flatten
 * order; the caller vouches that `flat` holds `size(template)` numbers and is never written.
 *
 * @internal
 */
export const viewTree = <P extends Params>(template: P, flat: Float64Array): P => {
  let offset = 0
  const view = (leaf: Leaf): Leaf => {
    if (typeof leaf === 'number') return flat[offset++]!
    const n = leaf.data.length
    const t: Tensor = unsafeMake(leaf.shape, flat.subarray(offset, offset + n))
    offset += n
    return t
  }
  return unsafeRebuild(template, leafList(template).map(view)) as P
}

/**
 * The parameters' structure an MLP spec implies (zeros), for rebuilding trees in a worker.
 *
 * @internal
 */
export const mlpTemplate = (spec: ModelSpec): MlpParams => {
  const layers: Array<{ w: Tensor; b?: Tensor }> = []
  for (let i = 0; i + 1 < spec.sizes.length; i++) {
    const [m, n] = [spec.sizes[i]!, spec.sizes[i + 1]!]
    const w = unsafeMake([m, n], new Float64Array(m * n))
    layers.push(spec.bias === false ? { w } : { w, b: unsafeMake([n], new Float64Array(n)) })
  }
  return layers
}
