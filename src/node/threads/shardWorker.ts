/**
 * The body of a shard worker thread: rebuild the model from its spec (once per spec), view the
 * shared parameters and batch without copying, and compute one shard's summed loss and gradient
 * with the bits `Train.shardedLossAndGrad` gives on the main thread: through the fused kernel
 * when the loss has one (`train/fusedShard.ts`), else (or when a value is not finite, so that the
 * error is named) through the general path exactly as the main thread runs it. The gradient (and
 * the loss after it) is written into the task's slot of the shared result array.
 *
 * @internal
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { unsafeDataset } from '../../data/Dataset.js'
import type { MlpParams } from '../../nn/mlp.js'
import { unsafeMake } from '../../tensor/Tensor.js'
import { flattenInto } from '../../tree/flatten.js'
import type { Model } from '../../train/Model.js'
import { buildSpec } from '../../train/ModelSpec.js'
import { shardLossAndGrad } from '../../train/shards.js'
import { fusedShard, type FusedShard } from '../../train/fusedShard.js'
import { mlpTemplate, viewTree, type ShardResult, type ShardTask } from './shared.js'

interface Prepared {
  readonly model: Model<MlpParams>
  readonly template: MlpParams
  readonly fused: FusedShard | undefined
}

const prepared = new Map<string, E.Either<{ readonly _tag: string; readonly message: string }, Prepared>>()

const prepare = (task: ShardTask) => {
  const id = JSON.stringify(task.spec)
  const hit = prepared.get(id)
  if (hit !== undefined) return hit
  const built = E.map((b: { readonly model: Model<MlpParams> }) => ({
    model: b.model,
    template: mlpTemplate(task.spec),
    fused: fusedShard(task.spec)
  }))(buildSpec(task.spec, 'sum'))
  prepared.set(id, built)
  return built
}

/** Runs one shard task. */
export default function shard(task: ShardTask): ShardResult {
  const ready = prepare(task)
  if (E.isLeft(ready)) return ready.left
  const { model, template, fused } = ready.right
  const { out } = task
  const n = task.params.length
  const value = fused?.(task.params, task.inputs, task.targets, task.start, task.end, out)
  if (value !== undefined) {
    out[n] = value
    return null
  }
  const features = template[0]!.w.shape[0]!
  const outputs = template[template.length - 1]!.w.shape[1]!
  const rows = task.inputs.length / features
  const batch = unsafeDataset(unsafeMake([rows, features], task.inputs), unsafeMake([rows, outputs], task.targets))
  const result = shardLossAndGrad(model, batch, task)(viewTree(template, task.params))
  if (E.isLeft(result)) return { _tag: result.left._tag, message: result.left.message }
  flattenInto(result.right.grad, out)
  out[n] = result.right.value
  return null
}
