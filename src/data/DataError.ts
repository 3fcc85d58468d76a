/**
 * The errors a data-set operation can answer with, each a plain value with a `_tag` and a
 * `message` that names what is wrong and where (which row, which column, which argument):
 *
 * - `EmptyDataset`: a data set, or a part of one, with no samples;
 * - `InvalidLabel`: a class label that is not an integer in `0 … classes − 1`, with its row;
 * - `InvalidBatchSize`: a batch size of 0 or not a whole number (one larger than the data set
 *   takes the whole set);
 * - `InvalidTable`: a table (CSV, JSON rows) that cannot become a data set, with the row (1-based,
 *   as an editor shows it: a CSV file's header is line 1) and the column by name;
 * - the tensor module's errors (`TensorError`): `ShapeMismatch` for inputs and targets that are
 *   not matrices or do not have the same rows, `NonFinite` for a NaN or an infinity (its `where`
 *   names the row and column), `InvalidArgument` for an argument out of range, `InvalidShape`
 *   for a data set too large to hold.
 *
 * @since 0.1.0
 */
import { asText, describe } from '../tensor/describe.js'
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
 * A table that cannot become a data set: an empty file, a missing column, a ragged row, an
 * empty or non-numeric cell. `row` is 1-based as an editor shows it (for a CSV file the line,
 * the header being line 1; for JSON rows the position of the record), or `null` for the table
 * as a whole; `column` is the column's name, or `null` when no one column is at fault.
 *
 * @category model
 * @since 0.2.0
 */
export interface InvalidTable {
  readonly _tag: 'InvalidTable'
  readonly row: number | null
  readonly column: string | null
  readonly message: string
}

/**
 * @category model
 * @since 0.1.0
 */
export type DataError = EmptyDataset | InvalidLabel | InvalidBatchSize | InvalidTable | TensorError

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * An `EmptyDataset` error: what `where` names needs at least one sample.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Data.emptyDataset('split').message // => 'split: the data set has no samples; at least one is needed'
 *
 * @category constructors
 * @since 0.1.0
 */
export const emptyDataset = (where: string): EmptyDataset => ({
  _tag: 'EmptyDataset',
  where,
  message: `${asText(where)}: the data set has no samples; at least one is needed`
})

/**
 * An `InvalidLabel` error: row `row`'s label is not a class from 0 to `classes − 1`.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Data.invalidLabel(4, 3, 3).message // => 'label of row 4 is 3; expected an integer from 0 to 2'
 *
 * @category constructors
 * @since 0.1.0
 */
export const invalidLabel = (row: number, label: number, classes: number): InvalidLabel => ({
  _tag: 'InvalidLabel',
  row,
  label,
  classes,
  message: `label of row ${describe(row)} is ${describe(label)}; expected an integer from 0 to ${describe(typeof classes === 'number' ? classes - 1 : classes)}`
})

/**
 * An `InvalidBatchSize` error: a batch size that is not a whole number ≥ 1.
 *
 * @example
 * import { Data } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Data.invalidBatchSize(0).message // => 'batch size is 0; expected a whole number ≥ 1'
 * Data.miniBatch(0) // left: batch size is 0; expected a whole number ≥ 1
 *
 * @category constructors
 * @since 0.1.0
 */
export const invalidBatchSize = (size: unknown): InvalidBatchSize => ({
  _tag: 'InvalidBatchSize',
  size,
  message: `batch size is ${describe(size)}; expected a whole number ≥ 1`
})

/**
 * An `InvalidTable` whose message starts with where: `line 4, column "petal_width": …` (or
 * `row 4` for JSON rows, whose `rowWord` is `'row'`).
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Data.invalidTable(4, 'petal_width', 'expected a number, got "abc"').message // => 'line 4, column "petal_width": expected a number, got "abc"'
 * Advanced.Data.invalidTable(2, null, 'expected 5 fields, got 4', 'row').message // => 'row 2: expected 5 fields, got 4'
 *
 * @category constructors
 * @since 0.2.0
 */
export const invalidTable = (
  row: number | null,
  column: string | null,
  detail: string,
  rowWord: 'line' | 'row' = 'line'
): InvalidTable => {
  const where = [
    ...(row === null ? [] : [`${asText(rowWord)} ${describe(row)}`]),
    ...(column === null ? [] : [`column ${typeof column === 'string' ? JSON.stringify(column) : describe(column)}`])
  ].join(', ')
  return { _tag: 'InvalidTable', row, column, message: where === '' ? asText(detail) : `${where}: ${asText(detail)}` }
}
