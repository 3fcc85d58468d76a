/**
 * Data sets read as a stream of chunks (from a file larger than memory, a network, a
 * generator): an `AsyncIterable` of `Either<E, Dataset>`, each `Right` a chunk of consecutive
 * rows, a `Left` ending the stream with its error. Whatever sizes the chunks come in, the rows
 * are re-cut here into pieces of a size fixed by the caller, so that what is computed from them
 * does not depend on how the source happened to chunk them:
 * - `blocks(size)`: the rows in order, in blocks of `size` rows (the last one smaller), for a
 *   full-batch gradient summed block by block;
 * - `shuffledBatches(options)`: mini-batches of `batchSize` rows, shuffled inside a buffer of
 *   `buffer` rows at a time (the buffer is filled in file order, permuted by a key drawn from
 *   `(key, epoch, buffer index)`, and cut into batches), so memory stays bounded by the buffer.
 *
 * Laws (`laws/stream.ts`): `blocks(b)` of any chunking of a data set is the same list of blocks,
 * bit for bit, as the data set cut in memory into slices of `b`; `shuffledBatches` is a function
 * of the rows, the options, the key and the epoch alone, whatever the chunk sizes.
 *
 * @since 0.2.0
 */
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import { foldIn, type Key } from '../random/Key.js'
import { permutation } from '../random/permutation.js'
import { unsafeMake, type Tensor } from '../tensor/Tensor.js'
import { describe } from '../tensor/describe.js'
import { checkArguments, isRecord, record } from '../tensor/guards.js'
import { invalidArgument, type InvalidArgument } from '../tensor/TensorError.js'
import { unsafeDataset, type Dataset } from './Dataset.js'
import { chunksKind, keyKind } from './kinds.js'
import { unsafeSlice, unsafeTake } from './select.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A stream of chunks of rows, or the error that ended it.
 *
 * @category model
 * @since 0.2.0
 */
export type Chunks<E> = AsyncIterable<E.Either<E, Dataset>>

/**
 * How `shuffledBatches` cuts and shuffles: `batchSize` rows a batch, a buffer of `buffer` rows
 * (a multiple of `batchSize` is best; at least `batchSize`), and the run's key and epoch.
 *
 * @category model
 * @since 0.2.0
 */
export interface ShuffleOptions {
  readonly batchSize: number
  readonly buffer: number
  readonly key: Key
  readonly epoch: number
}

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const concatMatrices = (a: Tensor, b: Tensor): Tensor => {
  const out = new Float64Array(a.data.length + b.data.length)
  out.set(a.data)
  out.set(b.data, a.data.length)
  return unsafeMake([a.shape[0]! + b.shape[0]!, a.shape[1]!], out)
}

const rowsOf = (d: Dataset): number => d.inputs.shape[0]!

/** The rows of `a`, then those of `b` (the caller vouches for equal widths). */
const concatRows = (a: Dataset | undefined, b: Dataset): Dataset =>
  a === undefined ? b : unsafeDataset(concatMatrices(a.inputs, b.inputs), concatMatrices(a.targets, b.targets))

const positive = (where: string, name: string, n: number): E.Either<InvalidArgument, number> =>
  Number.isSafeInteger(n) && n >= 1
    ? E.right(n)
    : E.left(invalidArgument(where, `${name} is ${describe(n)}; it must be an integer ≥ 1`))

const widthsAgree = (a: Dataset | undefined, b: Dataset): boolean =>
  a === undefined || (a.inputs.shape[1] === b.inputs.shape[1] && a.targets.shape[1] === b.targets.shape[1])

/** The rows of `chunks` re-cut into pieces of exactly `size` rows (the last one smaller). */
async function* recut<Err>(
  chunks: Chunks<Err>,
  size: number,
  where: string
): AsyncGenerator<E.Either<Err | InvalidArgument, Dataset>> {
  let pending: Dataset | undefined
  for await (const chunk of chunks) {
    if (E.isLeft(chunk)) {
      yield chunk
      return
    }
    if (!widthsAgree(pending, chunk.right)) {
      yield E.left(invalidArgument(where, 'a chunk has other columns than the chunks before it'))
      return
    }
    const rows = concatRows(pending, chunk.right)
    let start = 0
    while (rowsOf(rows) - start >= size) {
      yield E.right(unsafeSlice(start, start + size, rows))
      start += size
    }
    pending = start === rowsOf(rows) ? undefined : start === 0 ? rows : unsafeSlice(start, rowsOf(rows), rows)
  }
  if (pending !== undefined) yield E.right(pending)
}

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * The stream's rows in order, in blocks of `size` rows (an integer ≥ 1), the last one smaller;
 * the same blocks whatever the sizes of the chunks.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Data } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * async function* twoChunks() {
 *   yield Data.fromRows([[1], [2], [3]], [[0], [0], [0]])
 *   yield Data.fromRows([[4], [5]], [[0], [0]])
 * }
 * const sizes: Array<number> = []
 * for await (const b of Advanced.Data.blocks(2)(twoChunks())) if (E.isRight(b)) sizes.push(b.right.inputs.shape[0]!)
 * sizes // [2, 2, 1]
 *
 * @category combinators
 * @since 0.2.0
 */
export const blocks =
  (size: number) =>
  <Err>(chunks: Chunks<Err>): Chunks<Err | InvalidArgument> => {
    const checked = E.flatMap(checkArguments('blocks', [['chunks', chunks, chunksKind]]), () =>
      positive('blocks', 'size', size)
    )
    if (E.isLeft(checked)) return once(checked)
    return recut(chunks, size, 'blocks')
  }

async function* once<A>(a: A): AsyncGenerator<A> {
  yield a
}

/**
 * The stream's rows in mini-batches of `batchSize`, shuffled inside a buffer: `buffer` rows at
 * a time, in file order, permuted by `permutation` under `foldIn(i)(foldIn(epoch)(key))` for the
 * `i`-th buffer, then cut into batches (a last, smaller batch of each buffer is kept). Memory
 * holds one buffer and one chunk.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Data, Random } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * async function* rows() {
 *   yield Data.fromRows([[1], [2], [3], [4], [5], [6]], [[0], [0], [0], [0], [0], [0]])
 * }
 * const key = Random.key(0)
 * const seen: Array<number> = []
 * if (E.isRight(key))
 *   for await (const b of Advanced.Data.shuffledBatches({ batchSize: 2, buffer: 4, key: key.right, epoch: 0 })(rows()))
 *     if (E.isRight(b)) seen.push(...b.right.inputs.data)
 * seen // 1…4 in a shuffled order, then 5 and 6 in a shuffled order
 *
 * @category combinators
 * @since 0.2.0
 */
export const shuffledBatches =
  (options: ShuffleOptions) =>
  <Err>(chunks: Chunks<Err>): Chunks<Err | InvalidArgument> => {
    const checked = pipe(
      checkArguments('shuffledBatches', [
        ['options', options, record],
        ['options.key', isRecord(options) ? options.key : undefined, keyKind],
        ['chunks', chunks, chunksKind]
      ]),
      E.flatMap(() => positive('shuffledBatches', 'batchSize', options.batchSize)),
      E.flatMap(() => positive('shuffledBatches', 'buffer', options.buffer)),
      E.flatMap(() =>
        options.buffer >= options.batchSize
          ? E.right(options.buffer)
          : E.left(invalidArgument('shuffledBatches', `buffer is ${options.buffer}; it must hold one batch at least`))
      )
    )
    if (E.isLeft(checked)) return once(checked)
    return shuffle(recut(chunks, options.buffer, 'shuffledBatches'), options)
  }

async function* shuffle<Err>(
  buffers: Chunks<Err>,
  options: ShuffleOptions
): AsyncGenerator<E.Either<Err | InvalidArgument, Dataset>> {
  const epochKey = foldIn(options.epoch)(options.key)
  if (E.isLeft(epochKey)) {
    yield epochKey
    return
  }
  let i = 0
  for await (const buffer of buffers) {
    if (E.isLeft(buffer)) {
      yield buffer
      return
    }
    const n = rowsOf(buffer.right)
    const order = E.flatMap(foldIn(i++)(epochKey.right), permutation(n))
    if (E.isLeft(order)) {
      yield order
      return
    }
    const shuffled = unsafeTake(order.right, buffer.right)
    for (let start = 0; start < n; start += options.batchSize)
      yield E.right(unsafeSlice(start, Math.min(n, start + options.batchSize), shuffled))
  }
}
