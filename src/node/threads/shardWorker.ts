/**
 * The body of a shard worker thread: rebuild the model from its spec (once per spec), view the
 * shared parameters and batch without copying, and compute one shard's summed loss and gradient
 * exactly as `Train.shardedLossAndGrad` does on the main thread. The gradient (and the loss
 * after it) goes back as a moved buffer.
 *
 * @internal
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { move } from 'piscina'
import { unsafeDataset } from '../../data/Dataset.js'
import type { MlpParams } from '../../nn/mlp.js'
import { unsafeMake } from '../../tensor/Tensor.js'
import { flattenInto } from '../../tree/flatten.js'
import type { Model } from '../../train/Model.js'
import { buildSpec } from '../../train/ModelSpec.js'
import { shardLossAndGrad } from '../../train/shards.js'
import { mlpTemplate, viewTree, type ShardResult, type ShardTask } from './shared.js'

interface Prepared {
  readonly model: Model<MlpParams>
  readonly template: MlpParams
}

const prepared = new Map<string, E.Either<{ readonly _tag: string; readonly message: string }, Prepared>>()

const prepare = (task: ShardTask) => {
  const id = JSON.stringify(task.spec)
  const hit = prepared.get(id)
  if (hit !== undefined) return hit
  const built = E.map((b: { readonly model: Model<MlpParams> }) => ({
    model: b.model,
    template: mlpTemplate(task.spec)
  }))(buildSpec(task.spec, 'sum'))
  prepared.set(id, built)
  return built
}

/** Runs one shard task. */
export default function shard(task: ShardTask): ShardResult {
  const ready = prepare(task)
  if (E.isLeft(ready)) return ready.left
  const { model, template } = ready.right
  const features = template[0]!.w.shape[0]!
  const outputs = template[template.length - 1]!.w.shape[1]!
  const rows = task.inputs.length / features
  const batch = unsafeDataset(unsafeMake([rows, features], task.inputs), unsafeMake([rows, outputs], task.targets))
  const result = shardLossAndGrad(model, batch, task)(viewTree(template, task.params))
  if (E.isLeft(result)) return { _tag: result.left._tag, message: result.left.message }
  const n = task.params.length
  const out = flattenInto(result.right.grad, new Float64Array(n + 1))
  out[n] = result.right.value
  return move(out) as Float64Array
}
