/**
 * The history of a run: one record per completed epoch, in order, and the metric a run
 * watches in it (for the best parameters and for `noImprovement`).
 *
 * A measure fits the task: a classification's is its loss and accuracy (and, when asked, each
 * class's precision and recall); a regression's is its loss, mean squared error, mean absolute
 * error and R². An epoch that was not measured (see `evaluateEvery`) records `null`.
 *
 * The destructors below read records and answer an `Option`, a `Measure | null` or a boolean,
 * whose empty answer (`none`, `null`, `false`) is also their answer for a watch, a record or a
 * measure that is not a record at all: what arrives from JSON through `any` is read, never
 * trusted, and nothing throws.
 *
 * Law: `HistoryC` gives back what it encoded, through JSON, bit for bit (−0 included).
 *
 * @since 0.1.0
 */
import * as O from '#fp-ts/Option.js'
import * as t from 'io-ts'
import { jsonFirst } from '../../codec/JsonC.js'
import { CountC } from '../../codec/CountC.js'
import { encodeFloat64, Float64C } from '../../codec/Float64C.js'
import { ownValue } from '../../tensor/describe.js'
import { isRecord } from '../../tensor/guards.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

// Each exported codec but the union checks first that its input is JSON (jsonFirst): io-ts's
// array codecs visit every index, so `classes` declaring 2^32 − 1 items ran the decoders' law out
// of memory (the list of classes is checked so wherever it is read), and a getter would be
// called. The inner codecs below are the unchecked ones the outer ones are made of; `MeasureC`
// is their union as it was, so that its messages name fields, not members.
const classReport = t.readonly(t.type({ precision: Float64C, recall: Float64C, support: CountC }))

const classificationMeasure = t.readonly(
  t.intersection([
    t.type({ loss: Float64C, accuracy: Float64C }),
    t.partial({ classes: jsonFirst(t.readonlyArray(classReport)) })
  ])
)

const regressionMeasure = t.readonly(t.type({ loss: Float64C, mse: Float64C, mae: Float64C, r2: Float64C }))

const measure = t.union([classificationMeasure, regressionMeasure])

const epochRecord = t.readonly(
  t.type({
    epoch: CountC,
    step: CountC,
    batchLoss: Float64C,
    train: t.union([measure, t.null]),
    validation: t.union([measure, t.null]),
    learningRate: t.union([Float64C, t.null])
  })
)

/**
 * Precision, recall and support of one class. A class never predicted has precision 0; a
 * class with no samples has recall 0 (scikit-learn's `zero_division=0`).
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Train.ClassReportC.decode({ precision: 1, recall: 0.5, support: 2 }) // right({ precision: 1, recall: 0.5, support: 2 })
 * Advanced.Train.ClassReportC.decode({ precision: 1, recall: 0.5, support: -2 }) // left: support: expected a count (an integer ≥ 0), got -2
 *
 * @category model
 * @since 0.2.0
 */
export const ClassReportC = jsonFirst(classReport)

/**
 * @category model
 * @since 0.1.0
 */
export type ClassReport = t.TypeOf<typeof ClassReportC>

/**
 * A classification's measure: loss and accuracy, and each class's report when asked for.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Train.ClassificationMeasureC.decode({ loss: 0.3, accuracy: 0.9 }) // right({ loss: 0.3, accuracy: 0.9 })
 *
 * @category model
 * @since 0.2.0
 */
export const ClassificationMeasureC = jsonFirst(classificationMeasure)

/**
 * @category model
 * @since 0.2.0
 */
export type ClassificationMeasure = t.TypeOf<typeof ClassificationMeasureC>

/**
 * A regression's measure: loss, mean squared error, mean absolute error and R² (the mean over
 * the target columns of `1 − SS_res / SS_tot`).
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Train.RegressionMeasureC.decode({ loss: 0.5, mse: 0.5, mae: 0.6, r2: 0.8 }) // right({ loss: 0.5, mse: 0.5, mae: 0.6, r2: 0.8 })
 *
 * @category model
 * @since 0.2.0
 */
export const RegressionMeasureC = jsonFirst(regressionMeasure)

/**
 * @category model
 * @since 0.2.0
 */
export type RegressionMeasure = t.TypeOf<typeof RegressionMeasureC>

/**
 * A set of samples measured with one set of parameters, as fits the task. Numbers are encoded
 * so that JSON gives them back to the bit (−0 included).
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * // a measure is a classification's or a regression's
 * Advanced.Train.MeasureC.decode({ loss: 0.3, accuracy: 0.9 }) // right({ loss: 0.3, accuracy: 0.9 })
 * // neither: the message names the first member's missing accuracy
 * Advanced.Train.MeasureC.decode({ loss: 0.3 }) // left: accuracy: expected a finite number…
 *
 * @category model
 * @since 0.1.0
 */
export const MeasureC = t.union([classificationMeasure, regressionMeasure])

/**
 * @category model
 * @since 0.1.0
 */
export type Measure = t.TypeOf<typeof MeasureC>

/**
 * What one epoch did:
 * - `epoch`: how many epochs are complete (1 for the first);
 * - `step`: how many optimizer steps are complete, over the whole run;
 * - `batchLoss`: the mean of the losses of the epoch's batches, each weighted by its size, as
 *   the steps saw them (before their updates): the noisy curve of stochastic descent;
 * - `train`: the whole training set measured with the parameters at the epoch's end (`null`
 *   for an epoch that was not measured);
 * - `validation`: the same on the validation set (`null` without one, or when not measured);
 * - `learningRate`: the learning rate the next step will use, as the optimizer reads it from
 *   its state (`null` for a transformation that has none).
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * const record = { epoch: 1, step: 8, batchLoss: 0.7, train: { loss: 0.6, accuracy: 0.8 }, validation: null, learningRate: 0.1 }
 * Advanced.Train.EpochRecordC.decode(record) // right({ epoch: 1, step: 8, batchLoss: 0.7, train: { loss: 0.6, accuracy: 0.8 }, validation: null, learningRate: 0.1 })
 *
 * @category model
 * @since 0.1.0
 */
export const EpochRecordC = jsonFirst(epochRecord)

/**
 * @category model
 * @since 0.1.0
 */
export type EpochRecord = t.TypeOf<typeof EpochRecordC>

/**
 * The history's codec as io-ts derives it: `HistoryC` decodes with it, and encodes what it
 * does not recognise with it.
 *
 * @internal
 */
export const historySchema = t.readonlyArray(epochRecord)

const measureOrNull = t.union([measure, t.null])

const isFinite = (u: unknown): u is number => typeof u === 'number' && u - u === 0

/** An object made by an object literal or `JSON.parse`: what a run's records and measures are. */
const isPlain = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === 'object' && u !== null && Object.getPrototypeOf(u) === Object.prototype

/**
 * `measureOrNull.encode(m)`, written out for the measures a run makes (a classification's
 * loss and accuracy without per-class reports, a regression's four numbers, each finite),
 * without the union's tests; any other through `measureOrNull`.
 */
const encodeMeasure = (m: unknown): unknown => {
  if (m === null) return null
  if (isPlain(m)) {
    if (isFinite(m['loss']) && isFinite(m['accuracy'])) {
      if (m['classes'] === undefined)
        return { ...m, loss: encodeFloat64(m['loss']), accuracy: encodeFloat64(m['accuracy']) }
    } else if (isFinite(m['loss']) && isFinite(m['mse']) && isFinite(m['mae']) && isFinite(m['r2']))
      return {
        ...m,
        loss: encodeFloat64(m['loss']),
        mse: encodeFloat64(m['mse']),
        mae: encodeFloat64(m['mae']),
        r2: encodeFloat64(m['r2'])
      }
  }
  return measureOrNull.encode(m as Measure | null)
}

/**
 * `historySchema.encode(history)`, record for record the same value, written out. io-ts's
 * encoder tests each measure against the members of its unions (every field of each) before it
 * encodes it, and merges a classification's two encodings (its intersection's); the one
 * checkpoint at the end of a thousand-epoch run is its first call, so that ran as cold code:
 * 4-10 ms for the 1000 records, against 2-3 ms written out (cold as well). A record that is not
 * a plain object, or whose learning rate is neither null nor finite, goes through
 * `epochRecord.encode`, and so does any measure `encodeMeasure` does not recognise: the same
 * value, or the same throw, as io-ts's.
 */
const encodeHistory = (
  history: ReadonlyArray<t.TypeOf<typeof epochRecord>>
): ReadonlyArray<t.OutputOf<typeof epochRecord>> => {
  const { list, n } = recordsOf(history)
  const out = new Array<t.OutputOf<typeof epochRecord>>(n)
  for (let i = 0; i < n; i++) {
    const r = list[i]!
    const lr: unknown = r.learningRate
    out[i] =
      isPlain(r) && (lr === null || isFinite(lr))
        ? ({
            ...r,
            epoch: r.epoch,
            step: r.step,
            batchLoss: encodeFloat64(r.batchLoss),
            train: encodeMeasure(r.train),
            validation: encodeMeasure(r.validation),
            learningRate: lr === null ? null : encodeFloat64(lr)
          } as t.OutputOf<typeof epochRecord>)
        : epochRecord.encode(r)
  }
  return out
}

/**
 * The records of a run, oldest first.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * const record = { epoch: 1, step: 8, batchLoss: 0.7, train: { loss: 0.6, accuracy: 0.8 }, validation: null, learningRate: 0.1 }
 * Advanced.Train.HistoryC.decode([record]) // right([{ epoch: 1, step: 8, batchLoss: 0.7, train: { loss: 0.6, accuracy: 0.8 }, validation: null, learningRate: 0.1 }])
 * Advanced.Train.HistoryC.decode([{ ...record, epoch: -1 }]) // left: 0.epoch: expected a count (an integer ≥ 0), got -1
 *
 * @category model
 * @since 0.1.0
 */
export const HistoryC = jsonFirst(
  new t.Type<ReadonlyArray<t.TypeOf<typeof epochRecord>>, ReadonlyArray<t.OutputOf<typeof epochRecord>>, unknown>(
    historySchema.name,
    historySchema.is,
    historySchema.validate,
    (history) => encodeHistory(history)
  )
)

/**
 * @category model
 * @since 0.1.0
 */
export type History = t.TypeOf<typeof HistoryC>

// -------------------------------------------------------------------------------------
// appending
// -------------------------------------------------------------------------------------

const isIndex = (p: string | symbol): p is string => typeof p === 'string' && /^(0|[1-9]\d*)$/.test(p)

/**
 * The first `n` records of `records` as a history of their own, made in O(1): a read-only view
 * of the list a run appends to, which later appends (by a run resumed from it) do not reach. A
 * run's result hands its history out this way, so resuming a run again and again (`fitFrom` an
 * epoch per call) neither copies the history nor lets a later run change an earlier result's.
 * The view is an array to every reader (`Array.isArray`, indexing, iteration, JSON); it refuses
 * writes.
 *
 * @internal
 */
export const historyPrefix = (records: ReadonlyArray<EpochRecord>, n: number): History =>
  new Proxy(records as Array<EpochRecord>, new Prefix(n))

/** The key a view answers its list and its count by (`recordsOf`). */
const RECORDS: unique symbol = Symbol('gradfold.historyRecords')

/** A history's records as a plain list and how many of them are its own. */
interface Records {
  readonly list: ReadonlyArray<EpochRecord>
  readonly n: number
}

/**
 * A history's records as a plain list and a count: a view's list (its first `n` records), else
 * the history itself. For the library's readers of a whole history (the encoder): they walk the
 * list itself, without a trap at each record; encoding a thousand records through the view took
 * 3-7 ms as cold code, 1-4 ms from the list.
 *
 * @internal
 */
export const recordsOf = (history: ReadonlyArray<EpochRecord>): Records =>
  (history as unknown as { readonly [RECORDS]?: Records })[RECORDS] ?? { list: history, n: history.length }

/** The traps of a view of a list's first `n` records. */
class Prefix implements ProxyHandler<Array<EpochRecord>> {
  constructor(readonly n: number) {}
  get(target: Array<EpochRecord>, p: string | symbol, receiver: unknown): unknown {
    if (p === 'length') return this.n
    if (p === RECORDS) return { list: target, n: this.n }
    return isIndex(p) ? (Number(p) < this.n ? target[Number(p)] : undefined) : Reflect.get(target, p, receiver)
  }
  has(target: Array<EpochRecord>, p: string | symbol): boolean {
    return isIndex(p) ? Number(p) < this.n : Reflect.has(target, p)
  }
  ownKeys(): Array<string> {
    return [...Array.from({ length: this.n }, (_, i) => String(i)), 'length']
  }
  getOwnPropertyDescriptor(target: Array<EpochRecord>, p: string | symbol): PropertyDescriptor | undefined {
    if (p === 'length') return { value: this.n, writable: true, enumerable: false, configurable: false }
    return isIndex(p) && Number(p) >= this.n ? undefined : Reflect.getOwnPropertyDescriptor(target, p)
  }
  set(): boolean {
    return false
  }
  defineProperty(): boolean {
    return false
  }
  deleteProperty(): boolean {
    return false
  }
}

/**
 * The name of a metric a run can watch.
 *
 * @category model
 * @since 0.2.0
 */
export type MetricName = 'loss' | 'accuracy' | 'mse' | 'mae' | 'r2'

/**
 * The metric a run watches, and on which set: `validation` when the run has one, `train`
 * otherwise, unless `on` says. Loss, MSE and MAE improve downwards, accuracy and R² upwards.
 *
 * @category model
 * @since 0.2.0
 */
export interface Watch {
  readonly metric: MetricName
  readonly on?: 'train' | 'validation'
}

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * The measure a rule watches: validation when the run has a validation set, training otherwise
 * (`null` for an epoch that was not measured).
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * const r = { epoch: 3, step: 3, batchLoss: 0.5, train: { loss: 0.4, accuracy: 0.9 }, validation: { loss: 0.6, accuracy: 0.8 }, learningRate: 0.1 }
 * Advanced.Train.monitored(r) // => { loss: 0.6, accuracy: 0.8 }: the validation set's
 * Advanced.Train.monitored({ ...r, validation: null }) // => { loss: 0.4, accuracy: 0.9 }
 *
 * @category destructors
 * @since 0.1.0
 */
export const monitored = (r: EpochRecord): Measure | null => (isRecord(r) ? (r.validation ?? r.train ?? null) : null)

/**
 * A metric of a measure, when the measure has it (accuracy is a classification's only, MSE,
 * MAE and R² a regression's).
 *
 * @example
 * import { Train } from 'gradfold'
 * Train.metricOf('accuracy')({ loss: 0.4, accuracy: 0.9 }) // => some(0.9)
 * Train.metricOf('r2')({ loss: 0.4, accuracy: 0.9 }) // => none: a classification has no R²
 *
 * @category destructors
 * @since 0.2.0
 */
export const metricOf =
  (metric: MetricName) =>
  (m: Measure): O.Option<number> => {
    if (typeof metric !== 'string' || !isRecord(m)) return O.none
    const v = ownValue(m, metric)
    return typeof v === 'number' ? O.some(v) : O.none
  }

/**
 * The watched metric's value in an epoch's record, when that epoch measured it.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * const r = { epoch: 3, step: 3, batchLoss: 0.5, train: { loss: 0.4, accuracy: 0.9 }, validation: { loss: 0.6, accuracy: 0.8 }, learningRate: 0.1 }
 * Advanced.Train.watched({ metric: 'accuracy' })(r) // some(0.8): the validation set's, since the run has one
 * Advanced.Train.watched({ metric: 'accuracy', on: 'train' })(r) // some(0.9)
 * Advanced.Train.watched({ metric: 'r2' })(r) // none: a classification has no R²
 *
 * @category destructors
 * @since 0.2.0
 */
export const watched =
  (watch: Watch) =>
  (r: EpochRecord): O.Option<number> => {
    if (!isRecord(watch) || !isRecord(r)) return O.none
    const m = watch.on === undefined ? monitored(r) : watch.on === 'train' ? r.train : r.validation
    return m === null || m === undefined ? O.none : metricOf(watch.metric)(m)
  }

/**
 * Whether the watched metric improves upwards (accuracy, R²) rather than downwards.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Train.higherIsBetter({ metric: 'accuracy' }) // => true
 * Advanced.Train.higherIsBetter({ metric: 'loss' }) // => false
 *
 * @category destructors
 * @since 0.2.0
 */
export const higherIsBetter = (watch: Watch): boolean =>
  isRecord(watch) && (watch.metric === 'accuracy' || watch.metric === 'r2')

/**
 * Whether `value` is strictly better than `than` for the watched metric.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Train.improves({ metric: 'loss' })(0.3, 0.4) // => true: a lower loss
 * Advanced.Train.improves({ metric: 'accuracy' })(0.3, 0.4) // => false: a lower accuracy
 *
 * @category destructors
 * @since 0.2.0
 */
export const improves =
  (watch: Watch) =>
  (value: number, than: number): boolean =>
    typeof value === 'number' && typeof than === 'number' && (higherIsBetter(watch) ? value > than : value < than)

/**
 * The metric a run watches unless told: the loss (of the validation set when there is one).
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Train.defaultWatch // => { metric: 'loss' }
 *
 * @category constructors
 * @since 0.2.0
 */
export const defaultWatch: Watch = { metric: 'loss' }
