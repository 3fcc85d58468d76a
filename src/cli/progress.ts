/**
 * How `train` shows a run as it goes: a live progress bar on a terminal (epoch, loss,
 * validation loss and accuracy, steps per second, time left), plain log lines when the output
 * is not a terminal, one JSON object per epoch with `--json`, nothing with `--quiet`.
 *
 * The bar and the lines are for a person, so they follow the clock, not the epochs: the bar
 * takes an epoch at most every {@link BAR_EVERY_MS} ms, the lines one epoch's line at most every
 * {@link LINE_EVERY_MS} ms (the first epoch's at once), and stopping shows the last epoch if it
 * was held back. An epoch of a fraction of a millisecond then costs the display a clock
 * reading; `--json`, which is data, has every epoch.
 *
 * @since 0.2.0
 */
import cliProgress from 'cli-progress'
import type { Train } from '../index.js'
import { accuracyOf } from './report.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** @category model @since 0.2.0 */
export type Display = 'bar' | 'lines' | 'json' | 'quiet'

/**
 * What `train` tells a display.
 *
 * @category model
 * @since 0.2.0
 */
export interface Reporter {
  readonly epoch: (record: Train.EpochRecord) => void
  readonly stop: () => void
}

/**
 * The display for the options and the output stream.
 *
 * @category model
 * @since 0.2.0
 */
export const displayFor = (options: { readonly quiet?: boolean; readonly json?: boolean }, tty: boolean): Display =>
  options.json === true ? 'json' : options.quiet === true ? 'quiet' : tty ? 'bar' : 'lines'

const num = (x: number | null | undefined, digits = 4): string =>
  x === null || x === undefined ? '–' : x.toFixed(digits)

/**
 * The least time between two epochs the bar shows (cli-progress redraws ten times a second).
 *
 * @category model
 * @since 0.3.0
 */
export const BAR_EVERY_MS = 100

/**
 * The least time between two log lines.
 *
 * @category model
 * @since 0.3.0
 */
export const LINE_EVERY_MS = 1000

/**
 * `show` for an epoch at most every `ms` milliseconds (the first at once); `flush` shows the
 * last epoch held back, if any.
 */
const throttled = (
  ms: number,
  show: (r: Train.EpochRecord) => void
): { readonly epoch: (r: Train.EpochRecord) => void; readonly flush: () => void } => {
  let shownAt = Number.NEGATIVE_INFINITY
  let held: Train.EpochRecord | null = null
  return {
    epoch: (r) => {
      const now = performance.now()
      if (now - shownAt < ms) return void (held = r)
      shownAt = now
      held = null
      show(r)
    },
    flush: () => {
      if (held !== null) show(held)
      held = null
    }
  }
}

/** Steps per second over the run so far in this session. */
const rate =
  (started: number, startStep: number) =>
  (step: number): number =>
    (step - startStep) / Math.max((performance.now() - started) / 1000, 1e-9)

// -------------------------------------------------------------------------------------
// reporters
// -------------------------------------------------------------------------------------

/**
 * A reporter that writes to `stream` (standard error for the bar and the lines, so that
 * standard output stays for data; standard output for `--json`).
 *
 * @category reporters
 * @since 0.2.0
 */
export const reporter = (
  display: Display,
  run: { readonly maxEpochs: number; readonly epoch: number; readonly step: number },
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream
): Reporter => {
  const stepsPerSecond = rate(performance.now(), run.step)
  switch (display) {
    case 'quiet':
      return { epoch: () => undefined, stop: () => undefined }
    case 'json':
      return {
        epoch: (r) => out.write(JSON.stringify({ ...r, stepsPerSecond: stepsPerSecond(r.step) }) + '\n'),
        stop: () => undefined
      }
    case 'lines': {
      const lines = throttled(LINE_EVERY_MS, (r) =>
        err.write(
          `epoch ${r.epoch}/${run.maxEpochs} loss ${num(r.train?.loss)} acc ${num(accuracyOf(r.train), 3)}` +
            (r.validation === null
              ? ''
              : ` val_loss ${num(r.validation.loss)} val_acc ${num(accuracyOf(r.validation), 3)}`) +
            ` ${stepsPerSecond(r.step).toFixed(0)} steps/s\n`
        )
      )
      return { epoch: lines.epoch, stop: lines.flush }
    }
    case 'bar': {
      const bar = new cliProgress.SingleBar(
        {
          stream: err,
          format:
            'epoch {value}/{total} {bar} loss {loss} | val loss {vloss} acc {vacc} | {sps} steps/s | ETA {eta_formatted}',
          barsize: 24,
          hideCursor: true,
          etaBuffer: 20
        },
        cliProgress.Presets.shades_classic
      )
      const payload = (r: Train.EpochRecord | null) => ({
        loss: num(r?.train?.loss),
        vloss: num(r?.validation?.loss),
        vacc: num(accuracyOf(r?.validation) ?? accuracyOf(r?.train), 3),
        sps: r === null ? '–' : stepsPerSecond(r.step).toFixed(0)
      })
      bar.start(run.maxEpochs, run.epoch, payload(null))
      const shown = throttled(BAR_EVERY_MS, (r) => bar.update(r.epoch, payload(r)))
      return {
        epoch: shown.epoch,
        stop: () => {
          shown.flush()
          bar.stop()
        }
      }
    }
  }
}
