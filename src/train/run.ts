/**
 * The long-running form of `fit`, as a `TaskEither`: the same fold, step by step, that
 * - yields to the event loop every `yieldEvery` steps, so a server or a UI stays responsive;
 * - reports each step and each epoch to an observer (progress bars, logs, live plots);
 * - honours an `AbortSignal`: it stops before the next step and answers the state reached,
 *   with the stop reason `Aborted`;
 * - writes a checkpoint every `checkpointEvery` epochs through the writer it is given (e.g.
 *   `writeCheckpoint(path)`, which replaces the file atomically).
 *
 * Law: without an abort, `run` answers exactly what `fitFrom` answers, bit for bit.
 *
 * An aborted run's state is the state after its last step; its history holds the complete
 * epochs only. Resuming it restarts the interrupted epoch from its first batch; resume from the
 * last checkpoint instead to continue exactly.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import type { Params } from '../tree/index.js'
import type { Dataset } from '../data/Dataset.js'
import { batchAt, plan } from '../data/EpochPlan.js'
import type { IoError } from './IoError.js'
import type { Checkpoint } from './Checkpoint.js'
import type { StepRecord } from './epoch.js'
import { endEpoch, stopRule, type FitConfig, type FitResult, type Progress } from './fit.js'
import type { EpochRecord } from './History.js'
import { stepReport } from './step.js'
import type { TrainError } from './TrainError.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What a run reports as it goes. Observers see values; what they do with them is theirs.
 *
 * @category model
 * @since 0.1.0
 */
export interface Observer<P, S> {
  readonly onStep?: (step: StepRecord) => void
  readonly onEpoch?: (record: EpochRecord, progress: Progress<P, S>) => void
}

/**
 * @category model
 * @since 0.1.0
 */
export interface RunOptions<P, S> {
  /** Steps between two yields to the event loop; 64 unless given. */
  readonly yieldEvery?: number
  readonly observer?: Observer<P, S>
  readonly signal?: AbortSignal
  /** Epochs between two checkpoints (when `writeCheckpoint` is given); 1 unless given. */
  readonly checkpointEvery?: number
  readonly writeCheckpoint?: (checkpoint: Checkpoint<P, S>) => TE.TaskEither<IoError, void>
  /** Stored in every checkpoint as its `config`. */
  readonly config?: unknown
}

/**
 * Something the runner's surroundings did wrong: an observer that threw.
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

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

const aborted = (signal: AbortSignal | undefined): boolean => signal?.aborted === true

const abortReason = (signal: AbortSignal): string =>
  signal.reason instanceof Error ? signal.reason.message : String(signal.reason ?? 'aborted')

class Stop<E> {
  constructor(readonly error: E) {}
}

const orStop = <E, A>(e: E.Either<E, A>): A => {
  if (E.isLeft(e)) throw new Stop(e.left)
  return e.right
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
 *   console.log(`epoch ${r.epoch}: loss ${r.train.loss}`)
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
  <P extends Params, S>(config: FitConfig<P, S>, options: RunOptions<P, S> = {}) =>
  (progress: Progress<P, S>, data: Dataset): TE.TaskEither<RunError<P, S>, FitResult<P, S>> =>
    TE.tryCatch(
      async () => {
        const rule = stopRule(config)
        const reduce = stepReport(config.model, config.optimizer)
        const finish = endEpoch(config, data)
        const yieldEvery = Math.max(1, options.yieldEvery ?? 64)
        const checkpointEvery = Math.max(1, options.checkpointEvery ?? 1)
        let current = progress
        for (;;) {
          const reason = current.history.length === 0 ? O.none : rule(current.history)
          if (O.isSome(reason)) return { ...current, stopReason: reason.value }
          const epochPlan = orStop(plan(config.batching)(data, current.state.key, current.state.epoch))
          let state = current.state
          let lossSum = 0
          let samples = 0
          for (let i = 0; i < epochPlan.batchCount; i++) {
            if (aborted(options.signal)) {
              return {
                ...current,
                state,
                stopReason: { _tag: 'Aborted', reason: abortReason(options.signal!) }
              } as FitResult<P, S>
            }
            const batch = orStop(batchAt(i)(epochPlan))
            const report = orStop(reduce(state, batch))
            state = report.state
            lossSum += report.loss * batch.inputs.shape[0]!
            samples += batch.inputs.shape[0]!
            options.observer?.onStep?.({ epoch: state.epoch + 1, step: state.step, loss: report.loss })
            if (state.step % yieldEvery === 0) await nextTurn()
          }
          current = orStop(
            finish(current, { state: { ...state, epoch: state.epoch + 1 }, batchLoss: lossSum / samples, steps: [] })
          )
          options.observer?.onEpoch?.(current.history[current.history.length - 1]!, current)
          if (options.writeCheckpoint !== undefined && current.state.epoch % checkpointEvery === 0) {
            orStop(await options.writeCheckpoint({ progress: current, config: options.config ?? null })())
          }
          await nextTurn()
        }
      },
      (e): RunError<P, S> =>
        e instanceof Stop
          ? (e.error as RunError<P, S>)
          : {
              _tag: 'RunnerFailed',
              message: `the run stopped on an exception: ${e instanceof Error ? e.message : String(e)}`
            }
    )
