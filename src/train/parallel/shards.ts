/**
 * Data-parallel gradients without threads: a batch of `B` samples is cut into shards of a fixed
 * size (`shardSize` samples each, the last one smaller), each shard's summed loss and gradient
 * is computed on its own, and the shards combine through the gradient monoid along a fixed
 * pairwise tree over the shard index (`[0, n)` splits at the largest power of two below `n`,
 * recursively: a binary counter, so that shards streamed from a file combine the same way),
 * after which the sum is divided by `B`. This is the reference that worker threads (`gradfold/node`) run in
 * parallel: a worker computes a shard exactly as here, and the main thread combines in the same
 * tree, so the result does not depend on how many threads took part.
 *
 * Laws (`laws/shards.ts`):
 * - thread invariance: the result is a function of (spec, shardSize, batch, params) alone, bit
 *   for bit, whichever thread computed which shard;
 * - sharding only reorders a sum: each sample's terms of the summed gradient are the same
 *   floats in every shard layout (rows never interact in an MLP's forward pass), so sharded and
 *   unsharded (`shardSize ≥ B`) differ by two orders of one float sum of `B` terms, then one
 *   division: per element `|Δ| ≤ 2·γ_B·Σᵢ|tᵢ| / B` with `γ_B = B·u / (1 − B·u)`, `u = 2⁻⁵³`,
 *   and `Σᵢ|tᵢ|` the sum of the samples' absolute gradients.
 *
 * @since 0.2.0
 */
import * as E from '#fp-ts/Either.js'
import type { AdError } from '../../ad/AdError.js'
import type { ValueAndGrad } from '../../ad/valueAndGrad.js'
import type { Params } from '../../tree/Tree.js'
import type { Batch } from '../../data/EpochPlan.js'
import { unsafeSlice } from '../../data/select.js'
import type { MlpParams } from '../../nn/mlp.js'
import { describe, ownValue } from '../../tensor/describe.js'
import { array, checkArguments, isRecord, number, withFields } from '../../tensor/guards.js'
import { MAX_ELEMENTS } from '../../tensor/Tensor.js'
import { invalidArgument, type InvalidArgument } from '../../tensor/TensorError.js'
import { getSumMonoid } from '../../tree/gradientMonoid.js'
import type { TreeError } from '../../tree/TreeError.js'
import { scale } from '../../tree/vectorSpace.js'
import { lossAndGrad, type Model } from '../Model.js'
import { decodeModelSpec, type ModelSpec } from '../files/ModelSpec.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A shard: samples `start … end − 1` of a batch.
 *
 * @category model
 * @since 0.2.0
 */
export interface Shard {
  readonly start: number
  readonly end: number
}

/**
 * Why a sharded gradient could not be computed.
 *
 * @category model
 * @since 0.2.0
 */
export type ShardError = AdError | TreeError | InvalidArgument

/** A shard's summed loss and gradient, as `valueAndGrad` answers it (O(1)). */
const partKind = withFields('a loss and gradient { value, grad }', [
  ['value', number],
  ['grad', { expected: 'a parameter tree', test: (u) => typeof u === 'number' || isRecord(u) || Array.isArray(u) }]
])

/** A running sum of shards, as `pushShard` answers it (O(1)). */
const sumKind = withFields('a sum of shards (Train.pushShard)', [
  ['count', number],
  ['stack', array]
])

// -------------------------------------------------------------------------------------
// shards
// -------------------------------------------------------------------------------------

/**
 * A batch of `samples` cut into shards of `shardSize` (a positive integer), the last one
 * holding what is left; the layout depends on the batch and the shard size only.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Train.splitShards(16)(40) // right([{ start: 0, end: 16 }, { start: 16, end: 32 }, { start: 32, end: 40 }])
 *
 * @category shards
 * @since 0.2.0
 */
export const splitShards =
  (shardSize: number) =>
  (samples: number): E.Either<InvalidArgument, ReadonlyArray<Shard>> => {
    if (!Number.isSafeInteger(shardSize) || shardSize < 1)
      return E.left(
        invalidArgument('splitShards', `shardSize is ${describe(shardSize)}; it must be a positive integer`)
      )
    if (!Number.isSafeInteger(samples) || samples < 0)
      return E.left(invalidArgument('splitShards', `samples is ${describe(samples)}; it must be a whole number ≥ 0`))
    if (samples / shardSize > MAX_ELEMENTS)
      return E.left(
        invalidArgument('splitShards', `${describe(samples)} samples make more than ${MAX_ELEMENTS} shards`)
      )
    const out: Array<Shard> = []
    for (let start = 0; start < samples; start += shardSize)
      out.push({ start, end: Math.min(samples, start + shardSize) })
    return E.right(out)
  }

/**
 * The summed loss and its gradient over one shard of a batch, as a worker computes it; `model`
 * is built with the `'sum'` reduction.
 *
 * @internal
 */
export const shardLossAndGrad =
  (model: Model<MlpParams>, batch: Batch, shard: Shard) =>
  (params: MlpParams): E.Either<AdError, ValueAndGrad<MlpParams>> =>
    lossAndGrad(model)(unsafeSlice(shard.start, shard.end, batch))(params)

/**
 * A pairwise sum of shards that arrive one at a time (a binary counter): after `n` pushes it
 * holds one partial sum per 1-bit of `n`, the older ones for larger blocks. It combines shard
 * `i` the same way whether the shards came from one batch in memory or from a file read in
 * chunks of any size: the tree depends on the shard index alone. `finish` folds the partial
 * sums from the newest to the oldest, so the whole tree splits `[0, n)` at the largest power
 * of two below `n`.
 *
 * @category model
 * @since 0.2.0
 */
export interface ShardSum<P> {
  readonly count: number
  /** Partial sums, oldest (largest) first, each with its number of shards. */
  readonly stack: ReadonlyArray<{ readonly shards: number; readonly sum: ValueAndGrad<P> }>
}

/**
 * The sum of no shards yet.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Train.emptyShardSum // => { count: 0, stack: [] }
 *
 * @category shards
 * @since 0.2.0
 */
export const emptyShardSum: ShardSum<never> = { count: 0, stack: [] }

const addParts = <P extends Params>(a: ValueAndGrad<P>, b: ValueAndGrad<P>): E.Either<TreeError, ValueAndGrad<P>> => {
  const M = getSumMonoid(a.grad)
  return E.map((g: P) => ({ value: a.value + b.value, grad: g }))(M.concat(E.right(a.grad), E.right(b.grad)))
}

/**
 * Adds the next shard's summed loss and gradient.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as Advanced from 'gradfold/advanced'
 * // two shards' summed losses and gradients, added pairwise
 * pipe(
 *   Advanced.Train.pushShard({ value: 3, grad: { w: -1 } })(Advanced.Train.emptyShardSum),
 *   E.chain(Advanced.Train.pushShard({ value: 5, grad: { w: 2 } })),
 *   E.map((acc) => [acc.count, acc.stack.map((s) => s.sum)])
 * ) // right([2, [{ value: 8, grad: { w: 1 } }]])
 *
 * @category shards
 * @since 0.2.0
 */
export const pushShard =
  <P extends Params>(part: ValueAndGrad<P>) =>
  (acc: ShardSum<P>): E.Either<ShardError, ShardSum<P>> => {
    const wrong = checkArguments('pushShard', [
      ['the part', part, partKind],
      ['the sum', acc, sumKind]
    ])
    if (E.isLeft(wrong)) return wrong
    const stack = acc.stack.slice()
    let top = { shards: 1, sum: part }
    while (stack.length > 0 && stack[stack.length - 1]!.shards === top.shards) {
      const below = stack.pop()!
      const sum = addParts(below.sum, top.sum)
      if (E.isLeft(sum)) return sum
      top = { shards: 2 * top.shards, sum: sum.right }
    }
    stack.push(top)
    return E.right({ count: acc.count + 1, stack })
  }

/**
 * The pushed shards' sum, divided by the `samples` they held: the mean loss and its gradient.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as Advanced from 'gradfold/advanced'
 * // shards summing 3 and 5 over 4 samples in all: the mean loss 2 and the mean gradient
 * pipe(
 *   Advanced.Train.pushShard({ value: 3, grad: { w: -1 } })(Advanced.Train.emptyShardSum),
 *   E.chain(Advanced.Train.pushShard({ value: 5, grad: { w: 2 } })),
 *   E.chainW(Advanced.Train.finishShards(4))
 * ) // right({ value: 2, grad: { w: 0.25 } })
 * Advanced.Train.finishShards(4)(Advanced.Train.emptyShardSum) // left: combineShards: there are no shards to combine
 *
 * @category shards
 * @since 0.2.0
 */
export const finishShards =
  (samples: number) =>
  <P extends Params>(acc: ShardSum<P>): E.Either<ShardError, ValueAndGrad<P>> => {
    const wrong = checkArguments('finishShards', [
      [
        'samples',
        samples,
        { expected: 'a whole number ≥ 1', test: (u) => Number.isSafeInteger(u) && (u as number) >= 1 }
      ],
      ['the sum', acc, sumKind]
    ])
    if (E.isLeft(wrong)) return wrong
    if (acc.stack.length === 0) return E.left(invalidArgument('combineShards', 'there are no shards to combine'))
    let total = acc.stack[acc.stack.length - 1]!.sum
    for (let i = acc.stack.length - 2; i >= 0; i--) {
      const sum = addParts(acc.stack[i]!.sum, total)
      if (E.isLeft(sum)) return sum
      total = sum.right
    }
    const mean = total.value / samples
    return E.map((g: P) => ({ value: mean, grad: g }))(scale(1 / samples)(total.grad))
  }

/**
 * The shards' summed losses and gradients combined along the fixed pairwise tree (`pushShard`
 * for each, then `finishShards`), divided by the batch's `samples`: the batch's mean loss and
 * its gradient.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * // three shards of a 4-sample batch: the tree splits [0, 3) into [0, 2) and [2, 3), so ((a + b) + c) / 4
 * Advanced.Train.combineShards(4)([{ value: 1, grad: { w: 2 } }, { value: 2, grad: { w: 4 } }, { value: 5, grad: { w: 6 } }]) // right({ value: 2, grad: { w: 3 } })
 *
 * @category shards
 * @since 0.2.0
 */
export const combineShards =
  (samples: number) =>
  <P extends Params>(parts: ReadonlyArray<ValueAndGrad<P>>): E.Either<ShardError, ValueAndGrad<P>> => {
    const wrong = checkArguments('combineShards', [['the parts', parts, array]])
    if (E.isLeft(wrong)) return wrong
    let acc: ShardSum<P> = emptyShardSum
    for (let i = 0; i < parts.length; i++) {
      // an own value, read once: a getter (from `any`) is no part, and a hole ends the loop at once
      const next = pushShard(ownValue(parts, String(i)) as ValueAndGrad<P>)(acc)
      if (E.isLeft(next)) return next
      acc = next.right
    }
    return finishShards(samples)(acc)
  }

/**
 * The batch's mean loss and its gradient for the model `spec` describes, computed shard by
 * shard (shards of `shardSize` samples) and combined in the fixed pairwise tree, on this thread:
 * the reference the worker threads of `gradfold/node` reproduce bit for bit.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Data, NN, Random } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * const spec: Advanced.Train.ModelSpec = { sizes: [3, 2, 3], activations: ['sigmoid', 'sigmoid'], loss: 'halfSumSquares' }
 * pipe(
 *   E.Do,
 *   E.apS('net', NN.mlp(spec)),
 *   E.apSW('key', Random.key(0)),
 *   E.bindW('params', ({ net, key }) => net.init(key)),
 *   E.bindW('grad', () => Advanced.Train.shardedLossAndGrad(spec, 8)),
 *   E.chainW(({ grad, params }) => grad(Data.threeClass)(params)),
 *   E.map(({ value }) => value)
 * ) // right: the mean loss over the 30 samples, from shards of 8, 8, 8 and 6
 *
 * @category shards
 * @since 0.2.0
 */
export const shardedLossAndGrad = (
  spec: ModelSpec,
  shardSize: number
): E.Either<
  InvalidArgument,
  (batch: Batch) => (params: MlpParams) => E.Either<ShardError, ValueAndGrad<MlpParams>>
> => {
  const built = decodeModelSpec(spec, 'sum')
  if (E.isLeft(built)) return built
  const checked = splitShards(shardSize)(1)
  if (E.isLeft(checked)) return checked
  const model = built.right.model
  return E.right((batch) => (params) => {
    const samples = batch.inputs.shape[0]!
    const shards = splitShards(shardSize)(samples) as E.Right<ReadonlyArray<Shard>>
    const parts: Array<ValueAndGrad<MlpParams>> = []
    for (const shard of shards.right) {
      const part = shardLossAndGrad(model, batch, shard)(params)
      if (E.isLeft(part)) return part
      parts.push(part.right)
    }
    return combineShards(samples)(parts)
  })
}
