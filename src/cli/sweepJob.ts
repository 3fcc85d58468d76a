/**
 * The job runner of `gradfold sweep` and `gradfold worker`: a job's config is an experiment
 * config (the codec of `gradfold train`), prepared and trained as `gradfold train` trains it
 * (the same data split, network, optimizer, stop rules and seed), in memory. Its output is the
 * run's metrics (`train.loss`, `train.accuracy`, `validation.loss`, `validation.accuracy` of the
 * last epoch, when measured; `test.loss`, `test.accuracy` of the parameters the model file
 * keeps), its history (`HistoryC`'s encoding, bit-exact through JSON) and its model file's text,
 * the one `gradfold train` would save. The same config gives the same bytes on any machine.
 *
 * It trains with `Train.run` (the same fold as `Train.fit`, bit for bit), which awaits between
 * spans of 16 steps: a queue worker's event loop stays free to renew the job's lock however
 * long the job runs (16 steps must take well under the lock's duration). Given
 * the job's checkpoints (a queue worker keeps them in Redis), it resumes from the newest one of
 * the same config and stores one every `checkpointEvery` epochs, at most as often as the store
 * allows; a resumed job ends with the same bytes, since a checkpoint is the fold's whole state.
 *
 * The default export is the runner, so that a local sweep's worker threads import it.
 *
 * @since 0.2.0
 */
import { finishExperiment } from '../train/experiment/experiment.js'
import * as E from '#fp-ts/Either.js'
import * as TE from '#fp-ts/TaskEither.js'
import { NN, Train } from '../index.js'
import * as Node from '../node/index.js'
import * as Advanced from '../advanced.js'

type AnyState = Advanced.Train.AnyState
type Prepared = Advanced.Train.Prepared

type Progress = Train.Progress<NN.MlpParams, AnyState>

/**
 * What a runner reports as a job trains, for logs and tests.
 *
 * @category model
 * @since 0.3.0
 */
export interface JobObserver {
  /** Called after each epoch the job trains, with the job's index and the epoch (1-based). */
  readonly onEpoch?: (index: number, epoch: number) => void
  /** Called when a job resumes from its checkpoint, with the job's index and the checkpoint's epoch. */
  readonly onResume?: (index: number, epoch: number) => void
}

const measures = (prefix: string, m: Train.Measure | null | undefined): ReadonlyArray<readonly [string, number]> =>
  m === null || m === undefined
    ? []
    : [[`${prefix}.loss`, m.loss], ...('accuracy' in m ? [[`${prefix}.accuracy`, m.accuracy] as const] : [])]

/** The same config, whatever order its keys were written in. */
const sameConfig = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

/**
 * Where the job starts: its newest checkpoint, when it has one of this very config that decodes
 * (a checkpoint that does not is passed over: the job starts again, to the same end), else the start.
 */
const startOf = async (
  p: Prepared,
  config: unknown,
  checkpoints: Node.JobCheckpoints | undefined
): Promise<E.Either<{ readonly message: string }, Progress>> => {
  const start = Train.start(p.fit)(p.params, p.key)
  if (checkpoints === undefined) return E.right(start)
  const latest = await checkpoints.latest()()
  if (E.isLeft(latest)) return latest
  if (latest.right === null) return E.right(start)
  const checkpoint = Train.decodeCheckpoint(p.params, p.optimizer)(latest.right)
  return E.right(
    E.isRight(checkpoint) && sameConfig(checkpoint.right.config, config) ? checkpoint.right.progress : start
  )
}

/** A checkpoint writer for `Train.run` that stores into the job's checkpoints (its text made only when one is due). */
const storeIn =
  (p: Prepared, checkpoints: Node.JobCheckpoints) =>
  (c: Train.Checkpoint<NN.MlpParams, AnyState>): TE.TaskEither<Train.IoError, void> =>
    TE.mapLeft((e: { readonly message: string }): Train.IoError => ({
      _tag: 'IoError',
      path: "the job's checkpoint",
      operation: 'write',
      message: e.message
    }))(checkpoints.save(() => Train.encodeCheckpoint(p.params, p.optimizer)(c)))

/**
 * The runner of `gradfold sweep` and `gradfold worker`, reporting to `observer`: trains the
 * experiment a job's config describes (in spans of steps that yield to the event loop, so that a
 * queue worker keeps its lock), from the job's newest checkpoint when it has one, checkpointing
 * into the job's checkpoints every `checkpointEvery` epochs of the config, and answers its
 * metrics, history and model file: the same bytes as an uninterrupted run. When the job's
 * signal is aborted it stops within a span and answers a Left (`interrupted (…)`).
 *
 * @category runners
 * @since 0.3.0
 */
export const experimentRunner =
  (observer: JobObserver = {}): Node.JobRunner =>
  async ({ index, config, checkpoints, signal }) => {
    const experiment = Train.decodeExperiment(config)
    if (E.isLeft(experiment)) return E.left({ message: experiment.left.problems.join('; ') })
    const prepared = await Node.prepareExperiment(experiment.right)()
    if (E.isLeft(prepared)) return prepared
    const p = prepared.right
    const start = await startOf(p, config, checkpoints)
    if (E.isLeft(start)) return start
    if (start.right.state.epoch > 0) observer.onResume?.(index, start.right.state.epoch)
    const onEpoch = observer.onEpoch
    const fitted = await Train.run(p.fit, {
      yieldEvery: 16,
      config,
      checkpointEvery: p.experiment.checkpointEvery,
      ...(signal === undefined ? {} : { signal }),
      ...(onEpoch === undefined ? {} : { observer: { onEpoch: (r: Train.EpochRecord) => onEpoch(index, r.epoch) } }),
      ...(checkpoints === undefined ? {} : { writeCheckpoint: storeIn(p, checkpoints) })
    })(start.right, p.train)()
    if (E.isLeft(fitted)) return fitted
    const stop = fitted.right.stopReason
    return stop._tag === 'Aborted' ? E.left({ message: `interrupted (${stop.reason})` }) : outputOf(p, fitted.right)
  }

/** What a finished run leaves (`Train.finishExperiment`, as `gradfold train`): the metrics, the history and the model file's text. */
const outputOf = (
  p: Prepared,
  result: Train.FitResult<NN.MlpParams, AnyState>
): E.Either<{ readonly message: string }, Node.JobOutput> => {
  const finished = finishExperiment(p, result)
  if (E.isLeft(finished)) return finished
  const { test, model } = finished.right
  const testMetrics = Object.fromEntries(measures('test', test))
  const last = result.history[result.history.length - 1]
  return E.right({
    metrics: {
      ...Object.fromEntries([...measures('train', last?.train), ...measures('validation', last?.validation)]),
      ...testMetrics
    },
    history: Advanced.Train.HistoryC.encode(result.history),
    model: Train.encodeModel(model)
  })
}

/**
 * Trains the experiment `config` describes and answers its metrics, history and model file.
 *
 * @category runners
 * @since 0.2.0
 */
export const runExperimentJob: Node.JobRunner = experimentRunner()

export default runExperimentJob
