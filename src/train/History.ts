/**
 * The history of a run: one record per completed epoch, in order.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { CountC } from '../codec/CountC.js'
import { Float64C } from '../codec/Float64C.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Loss and accuracy of a set of samples, measured with one set of parameters. Numbers are
 * encoded so that JSON gives them back to the bit (−0 included).
 *
 * @category model
 * @since 0.1.0
 */
export const MeasureC = t.readonly(t.type({ loss: Float64C, accuracy: Float64C }))

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
 * - `train`: loss and accuracy of the whole training set with the parameters at the epoch's end;
 * - `validation`: the same on the validation set, when there is one (`null` otherwise);
 * - `learningRate`: the learning rate the next step will use, as the optimizer reads it from
 *   its state (`null` for a transformation that cannot say).
 *
 * @category model
 * @since 0.1.0
 */
export const EpochRecordC = t.readonly(
  t.type({
    epoch: CountC,
    step: CountC,
    batchLoss: Float64C,
    train: MeasureC,
    validation: t.union([MeasureC, t.null]),
    learningRate: t.union([Float64C, t.null])
  })
)

/**
 * @category model
 * @since 0.1.0
 */
export type EpochRecord = t.TypeOf<typeof EpochRecordC>

/**
 * The records of a run, oldest first.
 *
 * @category model
 * @since 0.1.0
 */
export const HistoryC = t.readonlyArray(EpochRecordC)

/**
 * @category model
 * @since 0.1.0
 */
export type History = t.TypeOf<typeof HistoryC>

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * The measure a rule watches: validation when the run has a validation set, training otherwise.
 *
 * @category destructors
 * @since 0.1.0
 */
export const monitored = (r: EpochRecord): Measure => r.validation ?? r.train
