/**
 * Laws of data read as a stream of chunks (`Advanced.Data.blocks`, `Advanced.Data.shuffledBatches`,
 * `Advanced.Train.streamLossAndGrad`): what is computed from a stream does not depend on how it was
 * chunked, because the rows are re-cut into pieces of a size the caller fixes, and blocks
 * combine along a tree fixed by their index.
 *
 * - `blocks(b)` of any chunking of a data set gives its in-memory slices of `b` rows, bit for bit;
 * - `streamLossAndGrad(spec, b)` of any chunking is the in-memory `shardedLossAndGrad(spec, b)`
 *   of the same rows, bit for bit (and so, by `laws/shards.ts`, within `2·γ_B·Σᵢ|gᵢ| / B` of the
 *   unsharded full-batch gradient);
 * - `shuffledBatches` gives the same batches for any chunking;
 * - `Train.streamFitFrom` of a stream that fits in one block is `Train.fitFrom` of its rows, bit
 *   for bit, whatever the chunks: streaming runs the same span loop and the same bookkeeping.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Dataset } from '../src/data/Dataset.js'
import { unsafeSlice } from '../src/data/select.js'
import { blocks, shuffledBatches, type Chunks, type ShuffleOptions } from '../src/data/stream.js'
import type { MlpParams } from '../src/nn/mlp.js'
import type { ModelSpec } from '../src/train/files/ModelSpec.js'
import { shardedLossAndGrad } from '../src/train/parallel/shards.js'
import { streamLossAndGrad } from '../src/train/loop/streamFit.js'
import { streamFitFrom } from '../src/train/loop/streamTrain.js'
import { fitFrom, type FitConfig, type Progress } from '../src/train/loop/fit.js'
import { size } from '../src/data/Dataset.js'
import type { Params } from '../src/tree/Tree.js'
import { bitsEqual } from './purity.js'

/**
 * `data` as a stream of chunks whose sizes cycle through `sizes` (each ≥ 1).
 *
 * @example
 * import { Data } from 'gradfold'
 * import { StreamLaws } from 'gradfold/laws'
 * // the 30 samples in chunks of 7, 7, 16
 * const sizes: Array<number> = []
 * for await (const chunk of StreamLaws.chunked(Data.threeClass, [7, 7, 16])) if (chunk._tag === 'Right') sizes.push(Data.size(chunk.right))
 * sizes // => [7, 7, 16]
 *
 * @category constructors
 * @since 0.2.0
 */
export async function* chunked(data: Dataset, sizes: ReadonlyArray<number>): Chunks<never> {
  const n = data.inputs.shape[0]!
  for (let start = 0, i = 0; start < n; i++) {
    const end = Math.min(n, start + sizes[i % sizes.length]!)
    yield E.right(unsafeSlice(start, end, data))
    start = end
  }
}

const collect = async <Err>(chunks: Chunks<Err>): Promise<ReadonlyArray<Dataset> | undefined> => {
  const out: Array<Dataset> = []
  for await (const c of chunks) {
    if (E.isLeft(c)) return undefined
    out.push(c.right)
  }
  return out
}

/**
 * `blocks(size)` of `data` chunked by `sizes` is `data`'s in-memory slices of `size` rows.
 *
 * @example
 * import { Data } from 'gradfold'
 * import { StreamLaws } from 'gradfold/laws'
 * // blocks of 8 rows are the same whether the stream came in chunks of 3 or 5
 * await StreamLaws.blocksIgnoreChunking(Data.threeClass, 8, [3, 5]) // => true
 *
 * @category laws
 * @since 0.2.0
 */
export const blocksIgnoreChunking = async (
  data: Dataset,
  size: number,
  sizes: ReadonlyArray<number>
): Promise<boolean> => {
  const got = await collect(blocks(size)(chunked(data, sizes)))
  const n = data.inputs.shape[0]!
  const want: Array<Dataset> = []
  for (let s = 0; s < n; s += size) want.push(unsafeSlice(s, Math.min(n, s + size), data))
  return got !== undefined && bitsEqual(got, want)
}

/**
 * The streamed full-batch gradient of `data` chunked by `sizes` is the in-memory sharded one,
 * bit for bit.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Data, NN, Random } from 'gradfold'
 * import { StreamLaws } from 'gradfold/laws'
 * import * as Advanced from 'gradfold/advanced'
 * const spec: Advanced.Train.ModelSpec = { sizes: [3, 4, 3], activations: ['tanh', 'identity'], loss: 'softmaxCrossEntropy' }
 * const params = pipe(NN.mlp(spec), E.chainW((net) => E.chainW(net.init)(Random.key(0))))
 * if (E.isRight(params)) await StreamLaws.streamGradientIsSharded(spec, 8, Data.threeClass, params.right, [3, 5]) // => true
 *
 * @category laws
 * @since 0.2.0
 */
export const streamGradientIsSharded = async (
  spec: ModelSpec,
  blockSize: number,
  data: Dataset,
  params: MlpParams,
  sizes: ReadonlyArray<number>
): Promise<boolean> => {
  const memory = shardedLossAndGrad(spec, blockSize)
  const stream = streamLossAndGrad(spec, blockSize)
  if (E.isLeft(memory) || E.isLeft(stream)) return false
  const a = memory.right(data)(params)
  const b = await stream.right(() => chunked(data, sizes))(params)()
  return E.isRight(a) && E.isRight(b) && bitsEqual(a.right, b.right)
}

/**
 * `shuffledBatches(options)` gives the same batches for two chunkings of `data`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Data, Random } from 'gradfold'
 * import { StreamLaws } from 'gradfold/laws'
 * const key = Random.key(0)
 * if (E.isRight(key)) await StreamLaws.shuffleIgnoresChunking(Data.threeClass, { batchSize: 4, buffer: 8, key: key.right, epoch: 1 }, [3], [7, 2]) // => true
 *
 * @category laws
 * @since 0.2.0
 */
export const shuffleIgnoresChunking = async (
  data: Dataset,
  options: ShuffleOptions,
  sizes: ReadonlyArray<number>,
  otherSizes: ReadonlyArray<number>
): Promise<boolean> => {
  const a = await collect(shuffledBatches(options)(chunked(data, sizes)))
  const b = await collect(shuffledBatches(options)(chunked(data, otherSizes)))
  return a !== undefined && b !== undefined && bitsEqual(a, b)
}

/**
 * A stream whose rows fit in one block trains as `fitFrom` on those rows, bit for bit (state,
 * history, best parameters, stop reason, or the same failure), whatever the chunks.
 *
 * @category laws
 * @since 0.3.0
 */
export const oneBlockIsFitFrom = async <P extends Params, S>(
  config: FitConfig<P, S>,
  progress: Progress<P, S>,
  data: Dataset,
  sizes: ReadonlyArray<number>
): Promise<boolean> => {
  const streamed = await streamFitFrom(config, { blockSize: size(data) })(progress, () => chunked(data, sizes))()
  const fitted = fitFrom(config)(progress, data)
  return bitsEqual(streamed, fitted)
}
