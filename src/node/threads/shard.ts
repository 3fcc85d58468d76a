/**
 * One shard of a batch, as a worker thread computes it: the model the spec describes (built
 * once per spec, with the `'sum'` reduction), its loss over rows `[start, end)` and the
 * gradient by the model's compiled program (`train/loop/compiled.ts`: any model's program, no
 * recognised network), read from the parameters and rows where they lie (shared memory) and
 * written straight into the shard's slot of the result array. The bits are
 * `Advanced.Train.shardedLossAndGrad`'s (the program is `valueAndGrad`'s, bit for bit; laws/compiled.ts).
 *
 * @internal
 * @since 0.3.0
 */
import * as E from '#fp-ts/Either.js'
import { unsafeDataset, type Dataset } from '../../data/Dataset.js'
import type { MlpParams } from '../../nn/mlp.js'
import { unsafeMake, type Tensor } from '../../tensor/Tensor.js'
import { invalidArgument } from '../../tensor/TensorError.js'
import { flattenInto } from '../../tree/flatten.js'
import { compileLayout, type Layout } from '../../tree/layout.js'
import { size, type Leaf } from '../../tree/Tree.js'
import { decodeModelSpec } from '../../train/files/ModelSpec.js'
import { programOf } from '../../train/loop/compiled.js'
import type { Model } from '../../train/Model.js'
import { shardLossAndGrad } from '../../train/parallel/shards.js'
import { mlpTemplate, viewTree, type BufferSet, type ShardResult } from './shared.js'

/** What a shard reads: the model as data, the parameters and the batch's rows. @internal */
export type Shardable = Pick<BufferSet, 'spec' | 'params' | 'inputs' | 'targets'>

interface Prepared {
  readonly model: Model<MlpParams>
  readonly template: MlpParams
  readonly layout: Layout
  /** The number of parameters. */
  readonly count: number
  readonly features: number
  readonly outputs: number
}

type Ready = E.Either<{ readonly _tag: string; readonly message: string }, Prepared>

const prepared = new Map<string, Ready>()

const prepare = (set: Shardable): Ready => {
  const id = JSON.stringify(set.spec)
  const hit = prepared.get(id)
  if (hit !== undefined) return hit
  const template = mlpTemplate(set.spec)
  const layout = compileLayout(template)
  const built: Ready =
    layout === undefined
      ? E.left(invalidArgument('Node.threadPool', 'the spec’s parameters have no layout'))
      : E.map((b: { readonly model: Model<MlpParams> }): Prepared => ({
          model: b.model,
          template,
          layout,
          count: size(template),
          features: template[0]!.w.shape[0]!,
          outputs: template[template.length - 1]!.w.shape[1]!
        }))(decodeModelSpec(set.spec, 'sum'))
  prepared.set(id, built)
  return built
}

/** A set's parameters as the program reads them: the tree, its leaves, their data, and where each starts in flatten order. */
interface Leaves {
  readonly params: MlpParams
  readonly list: ReadonlyArray<Leaf>
  readonly data: ReadonlyArray<Float64Array>
  readonly offsets: ReadonlyArray<number>
}

/** The views of each set's parameters, made once (the set's array is the key). */
const leavesOf = new WeakMap<Float64Array, Leaves>()

const leaves = (p: Prepared, flat: Float64Array): Leaves => {
  const hit = leavesOf.get(flat)
  if (hit !== undefined) return hit
  const params = viewTree(p.template, flat)
  const list = p.layout.read(params)!
  const data = list.map((x) => (x as Tensor).data)
  const offsets = data.map((d) => (d.byteOffset - flat.byteOffset) / Float64Array.BYTES_PER_ELEMENT)
  const made: Leaves = { params, list, data, offsets }
  leavesOf.set(flat, made)
  return made
}

/** Rows `[start, end)` of `set`'s batch, a data set of views. */
const rowsOf = (p: Prepared, set: Shardable, start: number, end: number): Dataset =>
  unsafeDataset(
    unsafeMake([end - start, p.features], set.inputs.subarray(start * p.features, end * p.features)),
    unsafeMake([end - start, p.outputs], set.targets.subarray(start * p.outputs, end * p.outputs))
  )

/** Rows `[start, end)` of `set` the general way (which names a failure): the summed loss and gradient, written into `out`. */
const general = (p: Prepared, set: Shardable, start: number, end: number, out: Float64Array): ShardResult => {
  const rows = set.inputs.length / p.features
  const batch = unsafeDataset(unsafeMake([rows, p.features], set.inputs), unsafeMake([rows, p.outputs], set.targets))
  const result = shardLossAndGrad(p.model, batch, { start, end })(viewTree(p.template, set.params))
  if (E.isLeft(result)) return { _tag: result.left._tag, message: result.left.message }
  flattenInto(result.right.grad, out)
  out[set.params.length] = result.right.value
  return null
}

/**
 * Rows `[start, end)` of `set`: the summed loss and gradient, written into `out` (the gradient
 * in flatten order, then the loss), by the model's compiled program over the buffers where they
 * lie; where the program gives up (a value that is not finite), the general way, which names
 * the failure. The program is traced once per shard shape and kept.
 *
 * `vouched`: the caller vouches that every parameter is finite and checks every number of the
 * gradient itself (the workers' combination does, in the pass that reads it): the program then
 * reads neither the parameters nor the gradient a second time to check them (two passes over
 * every parameter a shard), and may write a gradient that is not finite, which that check finds.
 *
 * @internal
 */
export const shardInto = (
  set: Shardable,
  start: number,
  end: number,
  out: Float64Array,
  vouched = false
): ShardResult => {
  const ready = prepare(set)
  if (E.isLeft(ready)) return ready.left
  const p = ready.right
  // not the spec's parameters: the general way says so
  if (set.params.length !== p.count) return general(p, set, start, end, out)
  const at = leaves(p, set.params)
  const batch = rowsOf(p, set, start, end)
  const program = programOf(p.model, p.layout, at.params, at.list, batch)
  const value = program?.run(at.data, [batch.inputs.data, batch.targets.data], vouched, vouched)
  if (program === undefined || value === undefined) return general(p, set, start, end, out)
  for (let k = 0; k < at.offsets.length; k++) out.set(program.grads[k]!, at.offsets[k])
  out[p.count] = value
  return null
}
