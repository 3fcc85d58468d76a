/**
 * Training on data that does not fit in memory: the data set is a stream of chunks
 * (`Advanced.Data.Chunks`), opened afresh for every pass, and only a block, a buffer and a chunk are held
 * at a time.
 *
 * - `streamLossAndGrad(spec, blockSize)`: the full-batch mean loss and gradient over the whole
 *   stream, summed block by block (`blockSize` rows each, whatever the chunks) through the
 *   gradient monoid along the binary-counter tree of `Advanced.Train.combineShards`. Laws
 *   (`laws/stream.ts`): bit for bit the in-memory `shardedLossAndGrad(spec, blockSize)` of the
 *   same rows, for any chunk sizes; hence within `2·γ_B·Σᵢ|gᵢ| / B` of the unsharded gradient.
 * - `fitStream(config)`: epochs of full-batch descent (one step per pass over the file), or of
 *   mini-batch descent over `Advanced.Data.shuffledBatches` (seeded shuffling inside a bounded buffer).
 *
 * Everything here is a `TaskEither` over async iterables and stays browser-safe; the CSV
 * reader that makes chunks from a file is in `gradfold/node` (`csvChunks`).
 *
 * @since 0.2.0
 */
import * as E from '#fp-ts/Either.js'
import * as TE from '#fp-ts/TaskEither.js'
import type { ValueAndGrad } from '../../ad/valueAndGrad.js'
import { blocks, shuffledBatches, type Chunks } from '../../data/stream.js'
import type { MlpParams } from '../../nn/mlp.js'
import { applyUpdates } from '../../optim/applyUpdates.js'
import type { GradientTransformation } from '../../optim/GradientTransformation.js'
import type { OptimError } from '../../optim/OptimError.js'
import type { Key } from '../../random/Key.js'
import { array, checkArguments, func, isRecord, record } from '../../tensor/guards.js'
import type { InvalidArgument } from '../../tensor/TensorError.js'
import { keyKind, transformationKind } from '../kinds.js'
import type { TreeError } from '../../tree/TreeError.js'
import { lossAndGrad } from '../Model.js'
import { decodeModelSpec, type ModelSpec } from '../files/ModelSpec.js'
import {
  emptyShardSum,
  finishShards,
  pushShard,
  shardLossAndGrad,
  splitShards,
  type ShardError,
  type ShardSum
} from '../parallel/shards.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * How a stream is descended: full batch (the gradient summed over blocks of `blockSize` rows),
 * or mini-batches of `batchSize` shuffled inside a buffer of `buffer` rows.
 *
 * @category model
 * @since 0.2.0
 */
export type StreamBatching =
  | { readonly _tag: 'FullBatch'; readonly blockSize: number }
  | { readonly _tag: 'MiniBatch'; readonly batchSize: number; readonly buffer: number }

/**
 * @category model
 * @since 0.2.0
 */
export interface StreamFitConfig<S> {
  readonly spec: ModelSpec
  readonly optimizer: GradientTransformation<S>
  readonly batching: StreamBatching
  readonly epochs: number
}

/**
 * The parameters after the last epoch, and each epoch's loss: the full-batch loss before its
 * step, or the mean of the mini-batches' losses (each before its step) weighted by their sizes.
 *
 * @category model
 * @since 0.2.0
 */
export interface StreamFitResult {
  readonly params: MlpParams
  readonly losses: ReadonlyArray<number>
}

/**
 * @category model
 * @since 0.2.0
 */
export type StreamFitError<Err> = Err | ShardError | OptimError | InvalidArgument

// -------------------------------------------------------------------------------------
// gradients
// -------------------------------------------------------------------------------------

/**
 * The mean loss and its gradient over every row of the stream `open()` gives, block by block.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Data, NN, Random } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * const spec: Advanced.Train.ModelSpec = { sizes: [3, 2, 3], activations: ['sigmoid', 'sigmoid'], loss: 'halfSumSquares' }
 * async function* chunksOf7() {
 *   for (let i = 0; i < 30; i += 7) yield Data.slice(i, Math.min(30, i + 7))(Data.threeClass)
 * }
 * const params = E.chainW((net: NN.Mlp) => E.chainW(net.init)(Random.key(0)))(NN.mlp(spec))
 * const grad = Advanced.Train.streamLossAndGrad(spec, 8)
 * if (E.isRight(params) && E.isRight(grad)) await grad.right(chunksOf7)(params.right)() // right: Advanced.Train.shardedLossAndGrad(spec, 8) over the 30 rows, bit for bit
 *
 * @category gradients
 * @since 0.2.0
 */
export const streamLossAndGrad = (
  spec: ModelSpec,
  blockSize: number
): E.Either<
  InvalidArgument,
  <Err>(open: () => Chunks<Err>) => (params: MlpParams) => TE.TaskEither<StreamFitError<Err>, ValueAndGrad<MlpParams>>
> => {
  const built = decodeModelSpec(spec, 'sum')
  if (E.isLeft(built)) return built
  const checked = splitShards(blockSize)(1)
  if (E.isLeft(checked)) return checked
  const model = built.right.model
  return E.right((open) => (params) => async () => {
    let acc: ShardSum<MlpParams> = emptyShardSum
    let samples = 0
    for await (const block of blocks(blockSize)(open())) {
      if (E.isLeft(block)) return block
      const rows = block.right.inputs.shape[0]!
      const part = shardLossAndGrad(model, block.right, { start: 0, end: rows })(params)
      if (E.isLeft(part)) return part
      const next: E.Either<ShardError, ShardSum<MlpParams>> = pushShard(part.right)(acc)
      if (E.isLeft(next)) return next
      acc = next.right
      samples += rows
    }
    return finishShards(samples)(acc)
  })
}

// -------------------------------------------------------------------------------------
// training
// -------------------------------------------------------------------------------------

const stepWith =
  <S>(optimizer: GradientTransformation<S>) =>
  (params: MlpParams, state: S, grad: MlpParams): E.Either<OptimError | TreeError, readonly [MlpParams, S]> => {
    const update = optimizer.update(grad, state, params)
    if (E.isLeft(update)) return update
    return E.map((p: MlpParams) => [p, update.right[1]] as const)(applyUpdates(update.right[0])(params))
  }

/**
 * `config.epochs` epochs of descent over the stream `open()` gives (opened once per epoch),
 * from `params`; `key` seeds the mini-batch shuffling.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Data, NN, Optim, Random, Train } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * const spec: Advanced.Train.ModelSpec = { sizes: [3, 2, 3], activations: ['sigmoid', 'sigmoid'], loss: 'halfSumSquares' }
 * async function* oneChunk() {
 *   yield E.right(Data.threeClass)
 * }
 * const key = Random.key(0)
 * const sgd = Optim.sgd(0.5)
 * const params = E.chainW((net: NN.Mlp) => E.chainW(net.init)(Random.key(0)))(NN.mlp(spec))
 * if (E.isRight(key) && E.isRight(sgd) && E.isRight(params)) {
 *   const config = { spec, optimizer: sgd.right, batching: { _tag: 'MiniBatch' as const, batchSize: 5, buffer: 10 }, epochs: 20 }
 *   await Train.fitStream(config)(params.right, key.right, oneChunk)() // right: { params, losses } with 20 falling losses
 * }
 *
 * @category training
 * @since 0.2.0
 */
export const fitStream =
  <S>(config: StreamFitConfig<S>) =>
  <Err>(params: MlpParams, key: Key, open: () => Chunks<Err>): TE.TaskEither<StreamFitError<Err>, StreamFitResult> =>
  async () => {
    const wrong = checkArguments('fitStream', [
      ['the config', config, record],
      ['the optimizer', isRecord(config) ? config.optimizer : undefined, transformationKind],
      ['the batching', isRecord(config) ? config.batching : undefined, record],
      [
        'epochs',
        isRecord(config) ? config.epochs : undefined,
        { expected: 'a whole number ≥ 0', test: (u) => Number.isSafeInteger(u) && (u as number) >= 0 }
      ],
      ['the parameters', params, array],
      ['the key', key, keyKind],
      ['open', open, func]
    ])
    if (E.isLeft(wrong)) return wrong
    const step = stepWith(config.optimizer)
    const mean = decodeModelSpec(config.spec)
    if (E.isLeft(mean)) return mean
    const full =
      config.batching._tag === 'FullBatch' ? streamLossAndGrad(config.spec, config.batching.blockSize) : undefined
    if (full !== undefined && E.isLeft(full)) return full
    let p = params
    let state = config.optimizer.init(params)
    const losses: Array<number> = []
    for (let epoch = 0; epoch < config.epochs; epoch++) {
      if (full !== undefined) {
        const g = await full.right(open)(p)()
        if (E.isLeft(g)) return g
        const next = step(p, state, g.right.grad)
        if (E.isLeft(next)) return next
        ;[p, state] = next.right
        losses.push(g.right.value)
        continue
      }
      const b = config.batching as Extract<StreamBatching, { _tag: 'MiniBatch' }>
      let lossSum = 0
      let samples = 0
      for await (const batch of shuffledBatches({ batchSize: b.batchSize, buffer: b.buffer, key, epoch })(open())) {
        if (E.isLeft(batch)) return batch
        const g = lossAndGrad(mean.right.model)(batch.right)(p)
        if (E.isLeft(g)) return g
        const next = step(p, state, g.right.grad)
        if (E.isLeft(next)) return next
        ;[p, state] = next.right
        const rows = batch.right.inputs.shape[0]!
        lossSum += g.right.value * rows
        samples += rows
      }
      losses.push(lossSum / samples)
    }
    return E.right({ params: p, losses })
  }
