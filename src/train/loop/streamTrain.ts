/**
 * Training on a stream of chunks (`Data.Chunks`, opened afresh for every pass) with everything
 * `fit` has: any model, any optimizer, stop rules, a history, the best parameters, a progress to
 * resume from and checkpoints through the same `Checkpoint` codec. An epoch is one pass over the
 * stream: the rows are re-cut into blocks of `blockSize` (whatever the chunks), and each block is
 * trained as `fit` trains a data set, by the same span loop (`advance`, through the compiled
 * kernel): its batches planned by the config's batching from the run key and the epoch (folded
 * with the block's index after the first block).
 *
 * The training set is measured after an epoch when the stream is one block (it is then held in
 * memory anyway); a longer stream records `train: null` and is watched through `validation`.
 *
 * Law (laws/stream.ts): a stream whose rows fit in one block trains exactly as `fitFrom` on
 * those rows, bit for bit (state, history, best parameters, stop reason), whatever the chunks.
 *
 * @since 0.3.0
 */
import * as E from '#fp-ts/Either.js'
import * as O from '#fp-ts/Option.js'
import type * as TE from '#fp-ts/TaskEither.js'
import type { DataError } from '../../data/DataError.js'
import type { Dataset } from '../../data/Dataset.js'
import { blocks, type Chunks } from '../../data/stream.js'
import type { Key } from '../../random/Key.js'
import { foldIn } from '../../random/Key.js'
import { checkArguments, func, isRecord } from '../../tensor/guards.js'
import { invalidArgument } from '../../tensor/TensorError.js'
import type { Params } from '../../tree/Tree.js'
import { afterEpoch, type TrainState } from '../bookkeeping/TrainState.js'
import type { Checkpoint } from '../files/Checkpoint.js'
import type { IoError } from '../files/IoError.js'
import type { TrainError } from '../TrainError.js'
import { withCompiledKernel } from './compiledEpoch.js'
import { advance, openEpoch } from './epoch.js'
import { ledger, start, type FitConfig, type FitResult, type Ledger, type Progress } from './fit.js'
import { validateProgress, validateRun, validateStreamRun } from './inputs.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * How a stream is trained: `blockSize` rows a block (each block's batches planned as a data
 * set's), and optionally a checkpoint every `checkpointEvery` epochs through `writeCheckpoint`,
 * storing `config` as its `config`.
 *
 * @category model
 * @since 0.3.0
 */
export interface StreamOptions<P, S> {
  readonly blockSize: number
  readonly checkpointEvery?: number
  /** Stores a checkpoint (`Node.writeCheckpoint` writes one to a file). */
  readonly writeCheckpoint?: (checkpoint: Checkpoint<P, S>) => TE.TaskEither<IoError, void>
  readonly config?: unknown
}

/**
 * @category model
 * @since 0.3.0
 */
export type StreamError<P, S, Err> = Err | TrainError<P, S> | DataError | IoError

// -------------------------------------------------------------------------------------
// training
// -------------------------------------------------------------------------------------

/** The key block `b` of an epoch plans its batches from: the run key, folded with `b` after the first. */
const blockKey = (key: Key, b: number): E.Either<DataError, Key> => (b === 0 ? E.right(key) : foldIn(b)(key))

/**
 * One pass over the stream from `state`: every block trained by the span loop. Answers the
 * state after the pass (the epoch counted), the epoch's batch loss and its only block (when it
 * had one).
 */
const pass = async <P extends Params, S, Err>(
  config: FitConfig<P, S>,
  state: TrainState<P, S>,
  open: () => Chunks<Err>,
  blockSize: number
): Promise<
  E.Either<
    StreamError<P, S, Err>,
    { readonly state: TrainState<P, S>; readonly batchLoss: number; readonly only: Dataset | undefined }
  >
> => {
  let at = state
  let lossSum = 0
  let samples = 0
  let b = 0
  let first: Dataset | undefined
  for await (const block of blocks(blockSize)(open())) {
    if (E.isLeft(block)) return block
    const data = block.right
    const checked = validateRun(config, at.params, at.key, data)
    if (E.isLeft(checked)) return checked
    const key = blockKey(state.key, b)
    if (E.isLeft(key)) return key
    // the block is planned as a data set from its key; the steps keep the run's key
    const opened = openEpoch(config.batching)({ ...at, key: key.right }, data)
    if (E.isLeft(opened)) return opened
    const done = advance(withCompiledKernel<P, S, FitConfig<P, S>>(config, at.params))()(opened.right)
    if (E.isLeft(done)) return done
    at = { ...done.right.state, key: state.key }
    lossSum += done.right.lossSum
    samples += done.right.samples
    if (b === 0) first = data
    b += 1
  }
  if (samples === 0) return E.left(invalidArgument('streamFit', 'the stream holds no rows'))
  return E.right({ state: afterEpoch(at), batchLoss: lossSum / samples, only: b === 1 ? first : undefined })
}

/**
 * Continues a run from `progress` on the stream `open()` gives, an epoch a pass, until its stop
 * rule holds: `fitFrom` for data that is not held in memory.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Data, NN, Optim, Random, Train } from 'gradfold'
 * async function* oneChunk() {
 *   yield E.right(Data.threeClass)
 * }
 * const sgd = Optim.sgd(0.5)
 * const key = Random.key(0)
 * const params = E.chainW(NN.threeTwoThreeMlp.init)(key)
 * if (E.isRight(sgd) && E.isRight(key) && E.isRight(params)) {
 *   const config = { model: { forward: NN.threeTwoThreeMlp.forward, loss: NN.halfSumSquares }, optimizer: sgd.right, batching: Data.stochastic(), maxEpochs: 3 }
 *   const r = await Train.streamFitFrom(config, { blockSize: 64 })(Train.start(config)(params.right, key.right), oneChunk)()
 *   E.map((f: { readonly history: Train.History }) => f.history.length)(r) // right(3)
 * }
 *
 * @category training
 * @since 0.3.0
 */
export const streamFitFrom =
  <P extends Params, S>(config: FitConfig<P, S>, options: StreamOptions<P, S>) =>
  <Err>(progress: Progress<P, S>, open: () => Chunks<Err>): TE.TaskEither<StreamError<P, S, Err>, FitResult<P, S>> =>
  async () => {
    const wrong = checkArguments('streamFit', [
      ['the options', options, { expected: 'a record { blockSize, … }', test: isRecord }],
      [
        'the block size',
        isRecord(options) ? options.blockSize : undefined,
        { expected: 'a whole number ≥ 1', test: isPositive }
      ],
      ['open', open, func]
    ])
    if (E.isLeft(wrong)) return wrong
    const bad = validateProgress(progress)
    if (E.isLeft(bad)) return bad
    const badRun = validateStreamRun(config, progress.state.params, progress.state.key)
    if (E.isLeft(badRun)) return badRun
    const every = Math.max(1, Math.floor(options.checkpointEvery ?? 1))
    let book: Ledger<P, S> | undefined
    for (;;) {
      const reason = book?.stopReason() ?? O.none
      if (O.isSome(reason)) return E.right(book!.result(reason.value))
      const epoch = await pass(config, book?.state() ?? progress.state, open, options.blockSize)
      if (E.isLeft(epoch)) return epoch
      // a stream of one block is measured as a data set; a longer one through its validation set
      book ??= ledger(config, epoch.right.only)(progress)
      const record = book.close({ state: epoch.right.state, batchLoss: epoch.right.batchLoss, steps: [] })
      if (E.isLeft(record)) return record
      if (options.writeCheckpoint !== undefined && record.right.epoch % every === 0) {
        const written = await options.writeCheckpoint({ progress: book.snapshot(), config: options.config ?? null })()
        if (E.isLeft(written)) return written
      }
    }
  }

const isPositive = (u: unknown): boolean => Number.isSafeInteger(u) && (u as number) >= 1

/**
 * Trains `params` on the stream `open()` gives from the run key `key` until a stop rule holds:
 * `fit` for data that is not held in memory (see {@link streamFitFrom}).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Data, NN, Optim, Random, Train } from 'gradfold'
 * async function* chunksOf7() {
 *   for (let i = 0; i < 30; i += 7) yield Data.slice(i, Math.min(30, i + 7))(Data.threeClass)
 * }
 * const sgd = Optim.sgd(0.5)
 * const key = Random.key(0)
 * const params = E.chainW(NN.threeTwoThreeMlp.init)(key)
 * if (E.isRight(sgd) && E.isRight(key) && E.isRight(params)) {
 *   const config = { model: { forward: NN.threeTwoThreeMlp.forward, loss: NN.halfSumSquares }, optimizer: sgd.right, batching: Data.stochastic(), maxEpochs: 2 }
 *   const r = await Train.streamFit(config, { blockSize: 10 })(params.right, key.right, chunksOf7)()
 *   E.map((f: { readonly state: { readonly step: number } }) => f.state.step)(r) // right(60)
 * }
 *
 * @category training
 * @since 0.3.0
 */
export const streamFit =
  <P extends Params, S>(config: FitConfig<P, S>, options: StreamOptions<P, S>) =>
  <Err>(params: P, key: Key, open: () => Chunks<Err>): TE.TaskEither<StreamError<P, S, Err>, FitResult<P, S>> => {
    // the optimizer's state is made from the parameters before the run starts: check them first
    const bad = validateStreamRun(config, params, key)
    return E.isLeft(bad) ? async () => bad : streamFitFrom(config, options)(start(config)(params, key), open)
  }
