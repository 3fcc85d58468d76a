/**
 * What a run leaves for people: the history as CSV, the loss and accuracy curves as SVG, and
 * `report.md` (final and best metrics, why it stopped, the confusion matrix on the test part
 * with class names, per-class precision and recall, timings). All pure text from values.
 *
 * @since 0.2.0
 */
import { showStopReason as stopReasonText, stoppedEarly } from '../train/experiment/report.js'
import { Train } from '../index.js'
import * as Advanced from '../advanced.js'
import { lineChart } from './svg.js'

// -------------------------------------------------------------------------------------
// history
// -------------------------------------------------------------------------------------

/**
 * The history as CSV, one line per epoch; numbers as JavaScript writes them (they read back
 * exactly), an empty cell where there is no validation part or learning rate.
 *
 * @category history
 * @since 0.2.0
 */
export const historyCsv = (history: Train.History): string =>
  [
    'epoch,step,batch_loss,train_loss,train_accuracy,validation_loss,validation_accuracy,learning_rate',
    ...history.map((r) =>
      [
        r.epoch,
        r.step,
        r.batchLoss,
        r.train?.loss ?? '',
        accuracyOf(r.train) ?? '',
        r.validation?.loss ?? '',
        accuracyOf(r.validation) ?? '',
        r.learningRate ?? ''
      ].join(',')
    )
  ].join('\n') + '\n'

// -------------------------------------------------------------------------------------
// curves
// -------------------------------------------------------------------------------------

/** The point of one epoch on a curve, none when the epoch was not measured or has no such value. */
const pointOf = (
  epoch: number,
  m: Train.Measure | null,
  measure: 'loss' | 'accuracy'
): ReadonlyArray<readonly [number, number]> => {
  const y = measure === 'loss' ? m?.loss : accuracyOf(m)
  return y === null || y === undefined ? [] : [[epoch, y]]
}

const TRAIN = '#1f77b4'
const VALIDATION = '#ff7f0e'

const curve =
  (history: Train.History, measure: 'loss' | 'accuracy', bestEpoch: number | undefined) =>
  (title: string): string =>
    lineChart({
      title,
      x: 'epoch',
      y: measure,
      ...(bestEpoch === undefined ? {} : { marker: { x: bestEpoch, label: `best epoch ${bestEpoch}` } }),
      series: [
        { name: 'training', colour: TRAIN, points: history.flatMap((r) => pointOf(r.epoch, r.train, measure)) },
        ...(history.some((r) => r.validation !== null && r.validation !== undefined)
          ? [
              {
                name: 'validation',
                colour: VALIDATION,
                points: history.flatMap((r) => pointOf(r.epoch, r.validation, measure))
              }
            ]
          : [])
      ]
    })

/**
 * The loss curves (training and validation) as SVG, the best epoch (the one early stopping
 * keeps) marked when given.
 *
 * @category curves
 * @since 0.2.0
 */
export const lossCurve = (history: Train.History, bestEpoch?: number): string =>
  curve(history, 'loss', bestEpoch)('Loss by epoch')

/**
 * The accuracy curves (training and validation) as SVG, the best epoch marked when given.
 *
 * @category curves
 * @since 0.2.0
 */
export const accuracyCurve = (history: Train.History, bestEpoch?: number): string =>
  curve(history, 'accuracy', bestEpoch)('Accuracy by epoch')

// -------------------------------------------------------------------------------------
// report
// -------------------------------------------------------------------------------------

/**
 * What the report is made of.
 *
 * @category report
 * @since 0.2.0
 */
export interface ReportInput {
  readonly name: string
  readonly history: Train.History
  readonly stopReason: Train.StopReason
  readonly bestEpoch: number
  readonly classes: ReadonlyArray<string>
  readonly test: Train.Measure
  readonly confusion: Advanced.Train.ConfusionMatrix
  readonly seconds: number
  readonly steps: number
}

/**
 * A stop reason in words (`Train.showStopReason`; `NoImprovement` is early stopping).
 *
 * @category report
 * @since 0.2.0
 */
export const showStopReason = (r: Train.StopReason): string => stopReasonText(r)

const num = (x: number | undefined | null): string =>
  x === undefined || x === null ? '–' : Number(x.toPrecision(5)).toString()

const table = (head: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join(
    '\n'
  )

const epochRow = (label: string, r: Train.EpochRecord | undefined): ReadonlyArray<string> => [
  label,
  String(r?.epoch ?? '–'),
  num(r?.train?.loss),
  num(accuracyOf(r?.train)),
  num(r?.validation?.loss),
  num(accuracyOf(r?.validation))
]

/**
 * `report.md`.
 *
 * @category report
 * @since 0.2.0
 */
export const reportMarkdown = (i: ReportInput): string => {
  const last = i.history[i.history.length - 1]
  const best = i.history.find((r) => r.epoch === i.bestEpoch)
  const classes = i.classes.map((c, k) => ({ c, k }))
  const precisionRecall = classes.map(({ c, k }) => {
    const row = i.confusion[k] ?? []
    const support = row.reduce((a, x) => a + x, 0)
    const predicted = i.confusion.reduce((a, r) => a + (r[k] ?? 0), 0)
    const tp = row[k] ?? 0
    return [c, predicted === 0 ? '–' : num(tp / predicted), support === 0 ? '–' : num(tp / support), String(support)]
  })
  return [
    `# ${i.name}`,
    '',
    `Training stopped after epoch ${last?.epoch ?? 0} because ${showStopReason(i.stopReason)}.`,
    `The model file holds the parameters of epoch ${i.bestEpoch}, the one with the lowest monitored loss${stoppedEarly(i.stopReason) ? ' (early stopping restored them)' : ''}; the curves mark it.`,
    '',
    '## Metrics',
    '',
    table(
      ['', 'epoch', 'train loss', 'train accuracy', 'validation loss', 'validation accuracy'],
      [epochRow('final', last), epochRow('best', best)]
    ),
    '',
    `Held-out test part (${i.confusion.reduce((a, r) => a + r.reduce((b, x) => b + x, 0), 0)} samples), with the model file's parameters: loss ${num(i.test.loss)}, **accuracy ${num(accuracyOf(i.test))}**.`,
    '',
    '## Confusion matrix (test part; rows: true class, columns: predicted)',
    '',
    table(
      ['', ...i.classes],
      classes.map(({ c, k }) => [c, ...(i.confusion[k] ?? []).map(String)])
    ),
    '',
    '## Per class (test part)',
    '',
    table(['class', 'precision', 'recall', 'support'], precisionRecall),
    '',
    '## Curves',
    '',
    '![loss](loss.svg) ![accuracy](accuracy.svg)',
    '',
    '## Timings',
    '',
    `${i.steps} steps in ${num(i.seconds)} s (${num(i.steps / Math.max(i.seconds, 1e-9))} steps/s) in this session (a resumed run counts only the steps after it resumed).`,
    ''
  ].join('\n')
}

// -------------------------------------------------------------------------------------
// measures
// -------------------------------------------------------------------------------------

/**
 * The accuracy of a measure, or null when it has none (a regression's, or an epoch not measured).
 *
 * @category measures
 * @since 0.2.0
 */
export const accuracyOf = (m: Train.Measure | null | undefined): number | null =>
  m !== null && m !== undefined && 'accuracy' in m ? m.accuracy : null
