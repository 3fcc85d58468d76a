/**
 * One training session in a run folder, shared by `train` (from the start) and `resume` (from
 * the folder's checkpoint): run the fold with a display, a checkpoint every `checkpointEvery`
 * epochs and Ctrl-C as an abort; then write the history, the curves, the model file and the
 * report. A session resumed from a checkpoint ends where an uninterrupted one would, bit for
 * bit, because the checkpoint is the fold's whole accumulator.
 *
 * Outcomes: 0 finished; 1 training failed (the message, and the last good checkpoint on disk);
 * 130 interrupted by Ctrl-C (a checkpoint of the last whole epoch written).
 *
 * @since 0.2.0
 */
import { finishExperiment } from '../train/experiment/experiment.js'
import * as E from '#fp-ts/Either.js'
import * as O from '#fp-ts/Option.js'
import * as TE from '#fp-ts/TaskEither.js'
import { pipe } from '#fp-ts/function.js'
import { NN, Train } from '../index.js'
import * as Node from '../node/index.js'
import type { Io } from './io.js'
import { displayFor, reporter } from './progress.js'
import { accuracyCurve, accuracyOf, historyCsv, lossCurve, reportMarkdown, showStopReason } from './report.js'
import { exists, files, type RunFiles } from './runFolder.js'
import type { Threaded } from './threads.js'
import * as Advanced from '../advanced.js'

type AnyState = Advanced.Train.AnyState
type Prepared = Advanced.Train.Prepared
type Progress = Train.Progress<NN.MlpParams, AnyState>

/**
 * How a session is shown and what it is called in the report.
 *
 * @category model
 * @since 0.2.0
 */
export interface SessionOptions {
  readonly name: string
  readonly quiet?: boolean
  readonly json?: boolean
  /** The config as resolved, stored in every checkpoint. */
  readonly resolved: unknown
  /** Where the steps come from when not from this thread (worker threads, `--threads`). */
  readonly threaded?: Threaded
}

const write = (path: string) => (text: string) => Node.writeTextAtomic(path)(text)

/**
 * The run as data, written into every checkpoint so that `Node.loadCheckpoint` resumes it with
 * nothing else in hand; `null` for a run that cannot be said as data (a learning-rate schedule).
 */
const runOf = (p: Prepared): Train.RunSpec | null =>
  E.getOrElseW(() => null)(Train.encodeRun({ ...p.network, loss: p.experiment.loss })(p.fit))

/**
 * Writes what a finished run leaves: checkpoint, history, curves, model file, report. The run is
 * finished by `Train.finishExperiment`, as `Train.experiment` finishes it from code, so the
 * model file is the same, byte for byte. `checkpointed`: the session's run already wrote the
 * checkpoint of its last epoch (the same text), so it is not written twice.
 *
 * @category outputs
 * @since 0.2.0
 */
export const writeOutputs = (
  p: Prepared,
  f: RunFiles,
  result: Train.FitResult<NN.MlpParams, AnyState>,
  options: SessionOptions,
  timing: { readonly seconds: number; readonly steps: number },
  checkpointed = false
): TE.TaskEither<unknown, number> => {
  return pipe(
    TE.fromEither(finishExperiment(p, result)),
    TE.chainFirstW(() =>
      checkpointed
        ? TE.right(undefined)
        : Node.writeCheckpoint(f.checkpoint)(p.params, p.optimizer)({
            progress: result,
            config: options.resolved,
            run: runOf(p)
          })
    ),
    TE.chainFirstW(() =>
      write(f.historyJson)(JSON.stringify(Advanced.Train.HistoryC.encode(result.history), null, 1) + '\n')
    ),
    TE.chainFirstW(() => write(f.historyCsv)(historyCsv(result.history))),
    TE.chainFirstW((run) => write(f.lossSvg)(lossCurve(result.history, run.best.epoch))),
    TE.chainFirstW((run) => write(f.accuracySvg)(accuracyCurve(result.history, run.best.epoch))),
    TE.chainFirstW((run) => Node.saveModel(f.model)(run.model)),
    TE.chainFirstW(({ test, confusion, best }) =>
      write(f.report)(
        reportMarkdown({
          name: options.name,
          history: result.history,
          stopReason: result.stopReason,
          bestEpoch: best.epoch,
          classes: p.classes,
          test,
          confusion,
          ...timing
        })
      )
    ),
    TE.map(({ test }) => accuracyOf(test) ?? Number.NaN)
  )
}

/**
 * Runs `progress` on to its end in `folder`, answering the exit code.
 *
 * @category running
 * @since 0.2.0
 */
export const session = async (
  p: Prepared,
  folder: string,
  progress: Progress,
  options: SessionOptions,
  io: Io
): Promise<number> => {
  const f = files(folder)
  const controller = new AbortController()
  const onSigint = (): void => controller.abort('Ctrl-C')
  process.once('SIGINT', onSigint)
  const display = reporter(
    displayFor(options, io.errIsTTY),
    { maxEpochs: p.experiment.stop.maxEpochs, epoch: progress.state.epoch, step: progress.state.step },
    io.out,
    io.err
  )
  let latest = progress
  let written = progress.state.epoch
  // the epoch of the last checkpoint this session wrote: a run that ends on it needs no second one
  let ownCheckpoint: number | undefined
  const checkpoint = Node.writeCheckpoint(f.checkpoint)(p.params, p.optimizer)
  const run = runOf(p)
  const started = performance.now()
  const threaded = options.threaded
  const fit = threaded !== undefined && 'kernel' in threaded ? { ...p.fit, kernel: threaded.kernel } : p.fit
  const result = await Train.run(fit, {
    observer: {
      onEpoch: (record, now) => {
        latest = now
        display.epoch(record)
      }
    },
    signal: controller.signal,
    checkpointEvery: p.experiment.checkpointEvery,
    writeCheckpoint: (c) =>
      TE.map(() => void (written = ownCheckpoint = c.progress.state.epoch))(checkpoint({ ...c, run })),
    config: options.resolved,
    ...(threaded !== undefined && 'gradients' in threaded ? { gradients: threaded.gradients } : {})
  })(progress, p.train)()
  display.stop()
  process.removeListener('SIGINT', onSigint)
  const timing = { seconds: (performance.now() - started) / 1000, steps: latest.state.step - progress.state.step }
  if (E.isLeft(result)) {
    const last = (await exists(f.checkpoint))
      ? `the last good checkpoint is ${f.checkpoint} (epoch ${written})`
      : 'no checkpoint was written'
    io.err.write(`gradfold: training failed: ${result.left.message}\n${last}\n`)
    return 1
  }
  if (result.right.stopReason._tag === 'Aborted') {
    const saved =
      latest.state.epoch > written
        ? await checkpoint({ progress: latest, config: options.resolved })()
        : E.right(undefined)
    io.err.write(
      E.isLeft(saved)
        ? `gradfold: interrupted; ${saved.left.message}\n`
        : `gradfold: interrupted after epoch ${latest.state.epoch}; checkpoint ${f.checkpoint}; continue with: gradfold resume ${folder}\n`
    )
    return 130
  }
  const outputs = await writeOutputs(p, f, result.right, options, timing, ownCheckpoint === result.right.state.epoch)()
  if (E.isLeft(outputs)) {
    io.err.write(
      `gradfold: could not write the results: ${(outputs.left as { message?: string }).message ?? String(outputs.left)}\n`
    )
    return 1
  }
  const last = result.right.history[result.right.history.length - 1]
  if (options.json !== true)
    io.err.write(
      `done: ${last?.epoch ?? 0} epochs, stopped because ${showStopReason(result.right.stopReason)}; test accuracy ${outputs.right.toFixed(4)} (epoch ${O.isSome(result.right.best) ? result.right.best.value.epoch : '–'}'s parameters); results in ${folder}\n`
    )
  return 0
}
