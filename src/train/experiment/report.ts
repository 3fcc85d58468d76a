/**
 * A run in words: why it stopped (early stopping named as such), which epoch's parameters the
 * model keeps and what they measure, the last epoch's measures beside them, and the test part's.
 *
 * @since 0.3.0
 */
import type { EpochRecord, Measure } from '../bookkeeping/History.js'
import type { StopReason } from '../bookkeeping/stopRules.js'

/**
 * A stop reason in words; `NoImprovement` is early stopping.
 *
 * @internal
 * @since 0.3.0
 */
export const showStopReason = (r: StopReason): string => {
  switch (r._tag) {
    case 'MaxEpochs':
      return `it reached the maximum of ${r.epochs} epochs`
    case 'TargetAccuracy':
      return `the ${r.on} accuracy ${r.accuracy} reached the target ${r.target}`
    case 'LossBelow':
      return `the monitored loss ${r.loss} fell below ${r.threshold}`
    case 'NoImprovement':
      return `early stopping: the monitored loss did not improve for ${r.patience} epochs after epoch ${r.bestEpoch}`
    case 'All':
      return r.reasons.map(showStopReason).join(', and ')
    case 'Aborted':
      return `it was interrupted (${r.reason})`
  }
}

/**
 * Whether a run stopped early for want of improvement (early stopping).
 *
 * @internal
 * @since 0.3.0
 */
export const stoppedEarly = (r: StopReason): boolean =>
  r._tag === 'NoImprovement' || (r._tag === 'All' && r.reasons.some(stoppedEarly))

const num = (x: number | undefined | null): string =>
  x === undefined || x === null ? '–' : Number(x.toPrecision(5)).toString()

const accuracyOf = (m: Measure | null | undefined): number | null =>
  m !== null && m !== undefined && 'accuracy' in m ? m.accuracy : null

const measures = (r: EpochRecord | undefined): string =>
  r === undefined
    ? 'not measured'
    : [
        `train loss ${num(r.train?.loss)}`,
        ...(accuracyOf(r.train) === null ? [] : [`accuracy ${num(accuracyOf(r.train))}`]),
        ...(r.validation === null || r.validation === undefined
          ? []
          : [`validation loss ${num(r.validation.loss)}`, `accuracy ${num(accuracyOf(r.validation))}`])
      ].join(', ')

/**
 * What a run's report says, one line each.
 *
 * @category report
 * @since 0.3.0
 */
export interface ReportFacts {
  readonly history: ReadonlyArray<EpochRecord>
  readonly stopReason: StopReason
  readonly bestEpoch: number
  readonly test: Measure
  readonly testSize: number
}

/**
 * A run's report as text: why it stopped, the kept (best) epoch's measures, the last epoch's,
 * the test part's.
 *
 * @internal
 * @since 0.3.0
 */
export const reportText = (f: ReportFacts): string => {
  const last = f.history[f.history.length - 1]
  const best = f.history.find((r) => r.epoch === f.bestEpoch)
  return [
    `Training stopped after epoch ${last?.epoch ?? 0}: ${showStopReason(f.stopReason)}.`,
    `Kept: the parameters of epoch ${f.bestEpoch}, the best by the monitored loss: ${measures(best)}.`,
    `Last: epoch ${last?.epoch ?? 0}: ${measures(last)}.`,
    `Test part (${f.testSize} samples), with the kept parameters: loss ${num(f.test.loss)}${accuracyOf(f.test) === null ? '' : `, accuracy ${num(accuracyOf(f.test))}`}.`
  ].join('\n')
}
