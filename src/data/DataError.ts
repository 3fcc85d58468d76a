/**
 * The errors a data-set operation can answer with, each a plain value with a `_tag` and a
 * `message` that names what is wrong and where (which row, which column, which argument):
 *
 * - `EmptyDataset`: a data set, or a part of one, with no samples;
 * - `InvalidLabel`: a class label that is not an integer in `0 … classes − 1`, with its row;
 * - `InvalidBatchSize`: a batch size of 0 or not a whole number (one larger than the data set
 *   takes the whole set);
 * - the tensor module's errors (`TensorError`): `ShapeMismatch` for inputs and targets that are
 *   not matrices or do not have the same rows, `NonFinite` for a NaN or an infinity (its `where`
 *   names the row and column), `InvalidArgument` for an argument out of range, `InvalidShape`
 *   for a data set too large to hold.
 *
 * @since 0.1.0
 */
import { describe } from '../tensor/describe.js'
import type { TensorError } from '../tensor/TensorError.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A data set, or a part of one, with no samples; `where` names the operation.
 *
 * @category model
 * @since 0.1.0
 */
export interface EmptyDataset {
  readonly _tag: 'EmptyDataset'
  readonly where: string
  readonly message: string
}

/**
 * A class label that is not an integer from 0 to `classes − 1`, at `row`.
 *
 * @category model
 * @since 0.1.0
 */
export interface InvalidLabel {
  readonly _tag: 'InvalidLabel'
  readonly row: number
  readonly label: number
  readonly classes: number
  readonly message: string
}

/**
 * A batch size that is not an integer from 1 to the number of samples.
 *
 * @category model
 * @since 0.1.0
 */
export interface InvalidBatchSize {
  readonly _tag: 'InvalidBatchSize'
  readonly size: unknown
  readonly message: string
}

/**
 * @category model
 * @since 0.1.0
 */
export type DataError = EmptyDataset | InvalidLabel | InvalidBatchSize | TensorError

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * @category constructors
 * @since 0.1.0
 */
export const emptyDataset = (where: string): EmptyDataset => ({
  _tag: 'EmptyDataset',
  where,
  message: `${where}: the data set has no samples; at least one is needed`
})

/**
 * @category constructors
 * @since 0.1.0
 */
export const invalidLabel = (row: number, label: number, classes: number): InvalidLabel => ({
  _tag: 'InvalidLabel',
  row,
  label,
  classes,
  message: `label of row ${row} is ${describe(label)}; expected an integer from 0 to ${classes - 1}`
})

/**
 * @category constructors
 * @since 0.1.0
 */
export const invalidBatchSize = (size: unknown): InvalidBatchSize => ({
  _tag: 'InvalidBatchSize',
  size,
  message: `batch size is ${describe(size)}; expected a whole number ≥ 1`
})
