/**
 * What crosses between the main thread and a shard worker, and how: parameters and batches as
 * `Float64Array`s over `SharedArrayBuffer`s (written once a step, never copied per shard, and
 * treated as immutable by both sides once written), and each shard's gradient written by its
 * worker into a slot of one shared result array (nothing is cloned or moved back). The shared
 * buffers are reused from step to step (an `Arena`). Trees are rebuilt on either side as views
 * over those arrays, in flatten order.
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
 * One shard's work: the model as data, the parameters and the batch in shared memory, the
 * rows of the shard, and where its result goes: `out`, shared too, receives the shard's
 * gradient in flatten order followed by its summed loss (nothing crosses back but a status).
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
  readonly out: Float64Array
}

/**
 * What a shard answers: `null` once its result is written, or the error it met, as a plain value.
 *
 * @internal
 */
export type ShardResult = null | { readonly _tag: string; readonly message: string }

/**
 * Shared buffers kept for reuse: a call takes the ones it needs and gives them back once every
 * shard that reads or writes them has answered, so a step allocates no shared memory once the
 * first steps have run (allocating a `SharedArrayBuffer` a step costs more than the copy into
 * it, and its external memory drives the collector).
 *
 * @internal
 */
export interface Arena {
  /** A shared array of `length` numbers (its contents are whatever was left there). */
  readonly take: (length: number) => Float64Array
  /** Gives `a` back: nobody reads or writes it any more. */
  readonly give: (a: Float64Array) => void
}

/**
 * An arena with no buffers yet; it keeps at most `keep` buffers of each length.
 *
 * @internal
 */
export const arena = (keep = 4): Arena => {
  const free = new Map<number, Array<Float64Array>>()
  return {
    take: (length) => free.get(length)?.pop() ?? new Float64Array(new SharedArrayBuffer(length * 8)),
    give: (a) => {
      const list = free.get(a.length) ?? []
      if (list.length < keep) list.push(a)
      free.set(a.length, list)
    }
  }
}

/**
 * `data` where shard workers can read it: `data` itself when it already lives in shared memory,
 * else a copy in a buffer taken from `from` (and listed in `taken`, to be given back).
 *
 * @internal
 */
export const sharedCopy = (from: Arena, taken: Array<Float64Array>, data: Float64Array): Float64Array => {
  if (data.buffer instanceof SharedArrayBuffer) return data
  const out = from.take(data.length)
  out.set(data)
  taken.push(out)
  return out
}

/**
 * Every scalar of `tree`, in flatten order, in a shared array taken from `from` (and listed in
 * `taken`).
 *
 * @internal
 */
export const flattenShared = (from: Arena, taken: Array<Float64Array>, tree: Tree): Float64Array => {
  const out = flattenInto(tree, from.take(size(tree)))
  taken.push(out)
  return out
}

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
