/**
 * The long-running form of `fit`, as a `TaskEither`: the same fold, step by step, that
 * - yields to the event loop, so a server or a UI stays responsive: once 10 ms of steps have run
 *   since its last turn (looked at after each span of at most 64 steps), or every `yieldEvery`
 *   steps where that is given;
 * - reports each step and each epoch to an observer (progress bars, logs, live plots);
 * - honours an `AbortSignal`: it stops before the next step and answers the state reached,
 *   with the stop reason `Aborted`;
 * - writes a checkpoint every `checkpointEvery` epochs through the writer it is given (e.g.
 *   `writeCheckpoint(path)`, which replaces the file atomically).
 *
 * It is `fitFrom`'s fold, not a copy of it: the epoch's cursor (`Advanced.Train.advance`) is driven a
 * span at a time, each span ending at an epoch's end or after a multiple of `yieldEvery` steps
 * (64 unless given), where the run may yield; its per-step hook reports each step and pauses the span when the signal
 * is aborted. Between those yields nothing is awaited (no promise per span or per epoch), and a
 * progress is made at an epoch's end only for an `onEpoch` observer or a checkpoint due. Given
 * `gradients` (for example gradfold/node's worker-thread gradients), each step's gradient is
 * awaited from it and applied by the same fold, one step per span.
 *
 * Law: without an abort, `run` answers exactly what `fitFrom` answers, bit for bit.
 *
 * An aborted run's state is the state after its last step; its history holds the complete
 * epochs only. Resuming it restarts the interrupted epoch from its first batch; resume from the
 * last checkpoint instead to continue exactly.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import * as O from '#fp-ts/Option.js'
import { pipe } from '#fp-ts/function.js'
import type * as TE from '#fp-ts/TaskEither.js'
import type { AdError } from '../../ad/AdError.js'
import type { ValueAndGrad } from '../../ad/valueAndGrad.js'
import type { Params } from '../../tree/index.js'
import type { Dataset } from '../../data/Dataset.js'
import type { Batch } from '../../data/EpochPlan.js'
import type { Checkpoint } from '../files/Checkpoint.js'
import {
  advance,
  closeEpoch,
  isComplete,
  nextBatch,
  epochOpener,
  type EpochConfig,
  type EpochCursor,
  type StepHook,
  type StepRecord
} from './epoch.js'
import { settle, type Settable } from './settle.js'
import { withCompiledKernel } from './compiledEpoch.js'
import { ledger, type FitConfig, type FitResult, type Progress } from './fit.js'
import type { EpochRecord } from '../bookkeeping/History.js'
import type { IoError } from '../files/IoError.js'
import type { TrainError } from '../TrainError.js'
import { validateProgress, validateRun } from './inputs.js'
import { describeThrown } from '../../tensor/describe.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What a run reports as it goes. Observers see values; what they do with them is theirs. The
 * progress handed to `onEpoch` holds a view of the history (made without a copy).
 *
 * @category model
 * @since 0.1.0
 */
export interface Observer<P, S> {
  /** Called after every step with its record. */
  readonly onStep?: (step: StepRecord) => void
  /** Called after every epoch with its record and the run's progress so far. */
  readonly onEpoch?: (record: EpochRecord, progress: Progress<P, S>) => void
}

/**
 * A gradient computed away from the run (on worker threads, in shards): the loss and gradient
 * of `batch` at `params`, for the step `at` (1-based epoch and step). To be the same run as
 * `fitFrom`, it must equal `Train.lossAndGrad(model)(batch)(params)` bit for bit.
 *
 * @category model
 * @since 0.2.0
 */
export type AsyncGradients<P> = (
  batch: Batch,
  params: P,
  at: { readonly epoch: number; readonly step: number }
) => TE.TaskEither<AdError | RunnerFailed, ValueAndGrad<P>>

/**
 * @category model
 * @since 0.1.0
 */
export interface RunOptions<P, S> {
  /**
   * Steps between two yields to the event loop. Unless given, the run yields once `YIELD_MS`
   * (10 ms) of steps have run since its last turn, looked at after each span of at most 64 steps:
   * a run of small steps does not yield every millisecond, where each turn costs more than its
   * steps (a W2 epoch is 0.2 ms), and a run of large ones still yields after every span.
   */
  readonly yieldEvery?: number
  readonly observer?: Observer<P, S>
  readonly signal?: AbortSignal
  /** Epochs between two checkpoints (when `writeCheckpoint` is given); 1 unless given. */
  readonly checkpointEvery?: number
  /** Where a checkpoint goes (e.g. `writeCheckpoint(file)` from `gradfold/node`); none is written unless given. */
  readonly writeCheckpoint?: (checkpoint: Checkpoint<P, S>) => TE.TaskEither<IoError, void>
  /** Stored in every checkpoint as its `config`. */
  readonly config?: unknown
  /** Where each step's gradient comes from, when not from the model on this thread. */
  readonly gradients?: AsyncGradients<P>
}

/**
 * Something the runner's surroundings did wrong: an observer that threw, a gradient source
 * that failed.
 *
 * @category model
 * @since 0.1.0
 */
export interface RunnerFailed {
  readonly _tag: 'RunnerFailed'
  readonly message: string
}

/**
 * @category model
 * @since 0.1.0
 */
export type RunError<P, S> = TrainError<P, S> | IoError | RunnerFailed

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

/**
 * `advance(config, { onStep })(k)` for each span length `k` a run asks for, made once per length
 * (a run asks for at most `yieldEvery` lengths), not once per span; without a hook, spans that
 * make no step records.
 */
const spans = <P extends Params, S>(config: EpochConfig<P, S>, onStep: StepHook<P, S> | undefined) => {
  const made = new Map<number, ReturnType<ReturnType<typeof advance<P, S>>>>()
  return (k: number): ReturnType<ReturnType<typeof advance<P, S>>> => {
    let span = made.get(k)
    if (span === undefined) made.set(k, (span = advance(config, onStep === undefined ? {} : { onStep })(k)))
    return span
  }
}

/**
 * The time a run's steps take, by default, before it gives the event loop a turn: a frame at 100
 * frames a second, well under what a person notices in a UI or a server's answer.
 *
 * @internal
 */
export const YIELD_MS = 10

/** A turn of the event loop: `setImmediate` where there is one (Node), a zero timeout elsewhere. */
const nextTurn = (): Promise<void> =>
  new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)))

/** The reason an abort was given: a string as it is, an error's message, anything else described. */
const abortReason = (signal: AbortSignal): string =>
  signal.reason === undefined
    ? 'aborted'
    : typeof signal.reason === 'string'
      ? signal.reason
      : describeThrown(signal.reason)

const runnerFailed = (what: string, e: unknown): RunnerFailed => ({
  _tag: 'RunnerFailed',
  message: `${what} threw: ${describeThrown(e)}`
})

/** Calls an observer, turning a throw into a value. */
const observe = (what: string, f: () => void): O.Option<RunnerFailed> => {
  try {
    f()
    return O.none
  } catch (e) {
    return O.some(runnerFailed(what, e))
  }
}

// -------------------------------------------------------------------------------------
// running
// -------------------------------------------------------------------------------------

/**
 * Continues a run from `progress` until its stop rule holds or it is aborted.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as TE from 'fp-ts/lib/TaskEither.js'
 * import { AD, Data, NN, Optim, Random, Train } from 'gradfold'
 * // Train.fit's line y = 2x + 1 as a task that logs each epoch and is stopped from outside after the tenth
 * const line: Train.Model<{ w: number; b: number }> = { forward: (p) => (x) => pipe(x, AD.mul(p.w), AD.add(p.b)), loss: NN.mse }
 * const controller = new AbortController()
 * const onEpoch = (r: Train.EpochRecord): void => {
 *   console.log(`epoch ${r.epoch}: loss ${r.train?.loss}`)
 *   if (r.epoch === 10) controller.abort('enough')
 * }
 * const points = Data.fromRows([[0], [1], [2], [3]], [[1], [3], [5], [7]])
 * await pipe(
 *   TE.fromEither(pipe(E.Do, E.apS('data', points), E.apSW('optimizer', Optim.sgd(0.1)), E.apSW('key', Random.key(0)))),
 *   TE.chainW(({ data, optimizer, key }) => {
 *     const config = { model: line, optimizer, batching: Data.fullBatch(), maxEpochs: 1000 }
 *     return Train.run(config, { signal: controller.signal, observer: { onEpoch } })(Train.start(config)({ w: 0, b: 0 }, key), data)
 *   }),
 *   TE.map(({ state, stopReason }) => [state.epoch, stopReason])
 * )() // right([10, { _tag: 'Aborted', reason: 'enough' }])
 *
 * @category running
 * @since 0.1.0
 */
export const run =
  <P extends Params, S>(config: Settable<FitConfig<P, S>>, options: RunOptions<P, S> = {}) =>
  (progress: Progress<P, S>, data: Dataset): TE.TaskEither<RunError<P, S>, FitResult<P, S>> =>
  () => {
    const settled = settle('run')<FitConfig<P, S>>(config)
    if (E.isLeft(settled)) return Promise.resolve(settled)
    // the last line of defence: whatever a writer, a gradient source or a model throws becomes a value
    return loop(settled.right, options, progress, data).catch((e: unknown) => E.left(runnerFailed('the run', e)))
  }

const loop = async <P extends Params, S>(
  config: FitConfig<P, S>,
  options: RunOptions<P, S>,
  progress: Progress<P, S>,
  data: Dataset
): Promise<E.Either<RunError<P, S>, FitResult<P, S>>> => {
  const checked = pipe(
    validateProgress(progress),
    E.chain(() => validateRun(config, progress.state.params, progress.state.key, data))
  )
  if (E.isLeft(checked)) return checked
  const { observer, signal, writeCheckpoint, gradients } = options
  // the steps a span takes at most: between two turns (`yieldEvery`), or between two looks at the clock
  const yieldEvery = Math.max(1, Math.floor(options.yieldEvery ?? 64))
  const byClock = options.yieldEvery === undefined
  let lastTurn = performance.now()
  const checkpointEvery = Math.max(1, Math.floor(options.checkpointEvery ?? 1))
  const book = ledger(config, data)(progress)
  let failure: O.Option<RunnerFailed> = O.none
  // the per-step hook: report the step, and pause the span on a failed observer or an abort
  const onStep: StepHook<P, S> = (record) => {
    const onStepObserver = observer?.onStep
    if (onStepObserver !== undefined) failure = observe('the onStep observer', () => onStepObserver(record))
    return O.isNone(failure) && signal?.aborted !== true
  }
  const stepwise = observer?.onStep !== undefined
  // without a step observer nothing inside a span can abort it (a signal is aborted from outside
  // only between spans, where the loop looks at it), so the spans need no hook
  const spanOf = spans(
    withCompiledKernel<P, S, FitConfig<P, S>>(config, progress.state.params),
    stepwise ? onStep : undefined
  )
  /** One span of the epoch on this thread: up to the next multiple of `yieldEvery` steps. */
  const drive = (cursor: EpochCursor<P, S>): E.Either<TrainError<P, S>, EpochCursor<P, S>> =>
    // a step observer may abort after any step: the kernel's spans are then one step long
    spanOf(stepwise ? 1 : yieldEvery - (cursor.state.step % yieldEvery))(cursor)
  /** One step whose gradient is awaited from `gradients`. */
  const driveAwaiting = async (
    from: AsyncGradients<P>,
    cursor: EpochCursor<P, S>
  ): Promise<E.Either<RunError<P, S>, EpochCursor<P, S>>> => {
    const batch = nextBatch(cursor)
    if (E.isLeft(batch)) return batch
    const at = { epoch: cursor.state.epoch + 1, step: cursor.state.step + 1 }
    const vg = await from(batch.right, cursor.state.params, at)()
    if (E.isLeft(vg) && vg.left._tag === 'RunnerFailed') return E.left(vg.left)
    return advance(config, { onStep, gradients: () => vg as E.Either<AdError, ValueAndGrad<P>> })(1)(cursor)
  }
  const open = epochOpener<P, S>(config.batching, data)
  for (;;) {
    const reason = book.stopReason()
    if (O.isSome(reason)) return E.right(book.result(reason.value))
    const opened = open(book.state())
    if (E.isLeft(opened)) return opened
    let cursor = opened.right
    while (!isComplete(cursor)) {
      if (signal?.aborted === true)
        return E.right(book.result({ _tag: 'Aborted', reason: abortReason(signal) }, cursor.state))
      // only a gradient from elsewhere is awaited: a span on this thread runs without a promise
      const next = gradients === undefined ? drive(cursor) : await driveAwaiting(gradients, cursor)
      if (E.isLeft(next)) return next
      if (O.isSome(failure)) return E.left(failure.value)
      cursor = next.right
      if (byClock ? performance.now() - lastTurn >= YIELD_MS : cursor.state.step % yieldEvery === 0) {
        await nextTurn()
        lastTurn = performance.now()
      }
    }
    const record = book.close(closeEpoch(cursor))
    if (E.isLeft(record)) return record
    // one progress per epoch, made only for an observer or a checkpoint that takes it
    const due = writeCheckpoint !== undefined && record.right.epoch % checkpointEvery === 0
    const onEpochObserver = observer?.onEpoch
    const now = onEpochObserver !== undefined || due ? book.snapshot() : undefined
    if (onEpochObserver !== undefined) {
      const failed = observe('the onEpoch observer', () => onEpochObserver(record.right, now!))
      if (O.isSome(failed)) return E.left(failed.value)
    }
    if (due) {
      const written = await writeCheckpoint({ progress: now!, config: options.config ?? null })()
      if (E.isLeft(written)) return written
    }
  }
}
