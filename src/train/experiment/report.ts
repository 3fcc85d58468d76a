/**
 * A run in words: why it stopped (early stopping named as such), which epoch's parameters the
 * model keeps and what they measure, the last epoch's measures beside them, and the test part's.
 *
 * @since 0.3.0
 */
import type { EpochRecord, Measure } from '../History.js'
import type { StopReason } from '../stopRules.js'

/**
 * A stop reason in words; `NoImprovement` is early stopping.
 *
 * @example
 * import { Train } from 'gradfold'
 * Train.showStopReason({ _tag: 'NoImprovement', patience: 10, bestEpoch: 32 }) // => 'early stopping: the monitored loss did not improve for 10 epochs after epoch 32'
 *
 * @category report
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
 * @example
 * import { Train } from 'gradfold'
 * Train.stoppedEarly({ _tag: 'All', reasons: [{ _tag: 'MaxEpochs', epochs: 9 }, { _tag: 'NoImprovement', patience: 3, bestEpoch: 6 }] }) // => true
 *
 * @category report
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
 * @example
 * import { Train } from 'gradfold'
 * const at = (epoch: number, loss: number) => ({ epoch, step: epoch, batchLoss: loss, learningRate: null, train: { loss, accuracy: 1 }, validation: { loss, accuracy: 1 } })
 * Train.reportText({ history: [at(1, 0.5), at(2, 0.25), at(3, 0.375)], stopReason: { _tag: 'NoImprovement', patience: 1, bestEpoch: 2 }, bestEpoch: 2, test: { loss: 0.3, accuracy: 1 }, testSize: 10 }).split('\n')[0] // => 'Training stopped after epoch 3: early stopping: the monitored loss did not improve for 1 epochs after epoch 2.'
 *
 * @category report
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
