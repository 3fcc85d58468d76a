/**
 * Tables into data sets: a header of column names and rows of cells (the shape a CSV file or a
 * list of JSON records has once parsed) become inputs, targets and their names. Parsing text is
 * left to the caller (`gradfold/node` reads CSV with csv-parse); this step is pure and runs in a
 * browser.
 *
 * - Inputs are the named `features` columns, or every column but the label, in header order.
 * - Classification (the default): the label column holds class names (a number in a JSON record
 *   names the class written as that number). Their order, kept as the data set's `classes`, is
 *   the one given in `classes`, or else the distinct names sorted: by numeric value when every
 *   name is a decimal number (so `"2"` before `"10"`), otherwise by UTF-16 code units (the order
 *   of `Array.prototype.sort`). Targets are one-hot rows in that order.
 * - Regression: the label column holds numbers, the targets `[n, 1]`.
 * - A number cell is a decimal number (`-1.5`, `2e3`; spaces around it allowed); an empty cell,
 *   `NaN`, `Infinity`, `0x10` and any other text are refused.
 *
 * Every refusal is an `InvalidTable` naming the row (1-based as an editor shows it) and the
 * column by name; options or a table that are not of their types at all (arriving from JSON)
 * are an `InvalidArgument`.
 *
 * Law: a table made from a data set's own rows (names as the header, numbers written with
 * `String`) gives back that data set, bit for bit.
 *
 * @since 0.2.0
 */
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import { describe, ownValue } from '../tensor/describe.js'
import { firstGetter } from '../tensor/guards.js'
import { unsafeMake, type Tensor } from '../tensor/Tensor.js'
import { invalidArgument } from '../tensor/TensorError.js'
import { invalidTable, type DataError } from './DataError.js'
import { make, withNames, type Dataset } from './Dataset.js'
import { unsafeOneHot } from './oneHot.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A parsed table: the column names and the rows of cells (strings, or numbers from JSON).
 * `rowNumbers[i]` is where row `i` stands as an editor shows it (default `i + 2`: the line
 * after a one-line header); `rowWord` is what messages call a row (`'line'` by default).
 *
 * @category model
 * @since 0.2.0
 */
export interface Table {
  readonly header: ReadonlyArray<string>
  readonly rows: ReadonlyArray<ReadonlyArray<unknown>>
  readonly rowNumbers?: ReadonlyArray<number>
  readonly rowWord?: 'line' | 'row'
}

/**
 * Which columns are what: the `label` column by name, the `features` (default: every other
 * column), the task (default `'classification'`) and, for classification, the class names in
 * the order wanted (default: the labels found, sorted as the module says).
 *
 * @category model
 * @since 0.2.0
 */
export interface TableOptions {
  readonly label: string
  readonly features?: ReadonlyArray<string>
  readonly task?: 'classification' | 'regression'
  readonly classes?: ReadonlyArray<string>
}

/**
 * The input columns alone (to predict from): the named `features`, or every column but
 * `label` when one is named, or every column.
 *
 * @category model
 * @since 0.2.0
 */
export interface InputsOptions {
  readonly features?: ReadonlyArray<string>
  readonly label?: string
}

/**
 * Input rows and the names of their columns.
 *
 * @category model
 * @since 0.2.0
 */
export interface TableInputs {
  readonly inputs: Tensor
  readonly featureNames: ReadonlyArray<string>
}

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/**
 * The number a cell holds, or why it holds none.
 *
 * @internal
 */
export const readNumber = (cell: unknown): number | string => {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : `${describe(cell)} is not a finite number`
  if (typeof cell !== 'string') return `expected a number, got ${describe(cell)}`
  const s = cell.trim()
  if (s === '') return 'the cell is empty; expected a number'
  const x = DECIMAL.test(s) ? Number(s) : Number.NaN
  return Number.isFinite(x) ? x : `${describe(cell)} is not a number`
}

/**
 * The class name a cell holds, or why it holds none.
 *
 * @internal
 */
export const readName = (cell: unknown): string | { readonly error: string } => {
  if (typeof cell === 'number' && Number.isFinite(cell)) return String(cell)
  if (typeof cell !== 'string') return { error: `expected a class name, got ${describe(cell)}` }
  const s = cell.trim()
  return s === '' ? { error: 'the cell is empty; expected a class name' } : s
}

/**
 * Class names in the module's order: numerically when all are decimal numbers.
 *
 * @internal
 */
export const sortNames = (names: ReadonlyArray<string>): ReadonlyArray<string> => {
  const byUnits = [...names].sort()
  if (!names.every((n) => DECIMAL.test(n))) return byUnits
  return byUnits.sort((a, b) => Number(a) - Number(b))
}

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

const isStrings = (u: unknown): u is ReadonlyArray<string> => Array.isArray(u) && u.every((x) => typeof x === 'string')

/** What is wrong with options that arrived untyped (from JSON, through `any`), if anything. */
const optionsProblem = (u: unknown, labelRequired: boolean): string | undefined => {
  if (!isRecord(u)) return 'the options must be a record'
  if (labelRequired ? typeof u['label'] !== 'string' : !(u['label'] === undefined || typeof u['label'] === 'string'))
    return 'the label must be a column name'
  if (!(u['features'] === undefined || isStrings(u['features']))) return 'features must be a list of column names'
  if (!(u['task'] === undefined || u['task'] === 'classification' || u['task'] === 'regression'))
    return "task must be 'classification' or 'regression'"
  if (!(u['classes'] === undefined || isStrings(u['classes']))) return 'classes must be a list of names'
  return undefined
}

/** What is wrong with a table that arrived untyped, if anything. */
const tableProblem = (u: unknown): string | undefined => {
  if (!isRecord(u)) return 'the table must be a record { header, rows }'
  if (!isStrings(u['header'])) return 'the header must be a list of column names'
  if (!Array.isArray(u['rows']) || !u['rows'].every((r) => Array.isArray(r))) return 'rows must be a list of lists'
  const numbers = u['rowNumbers']
  if (!(numbers === undefined || (Array.isArray(numbers) && numbers.every((n) => Number.isSafeInteger(n)))))
    return 'rowNumbers must be a list of integers'
  if (!(u['rowWord'] === undefined || u['rowWord'] === 'line' || u['rowWord'] === 'row'))
    return "rowWord must be 'line' or 'row'"
  return undefined
}

/**
 * Right when `options` are table options (a label unless it may be left out) and `table` is a
 * table `{ header, rows }`; else a Left naming `op` and what was wrong.
 *
 * @internal
 */
export const checkTableArguments = (
  op: string,
  options: unknown,
  table: unknown,
  labelRequired: boolean
): E.Either<DataError, void> => {
  const problem = optionsProblem(options, labelRequired) ?? tableProblem(table)
  return problem === undefined ? E.right(undefined) : E.left(invalidArgument(op, problem))
}

interface Located {
  readonly table: Table
  readonly rowAt: (i: number) => number
  readonly fail: (row: number | null, column: string | null, detail: string) => DataError
}

const locate = (table: Table): Located => ({
  table,
  rowAt: (i) => table.rowNumbers?.[i] ?? i + 2,
  fail: (row, column, detail) => invalidTable(row, column, detail, table.rowWord ?? 'line')
})

const checkHeader = (at: Located): E.Either<DataError, ReadonlyArray<string>> => {
  const { header } = at.table
  if (header.length === 0) return E.left(at.fail(1, null, 'the table is empty; expected a header row of column names'))
  const seen = new Set<string>()
  for (const name of header) {
    if (seen.has(name)) return E.left(at.fail(1, name, 'the column name appears twice in the header'))
    seen.add(name)
  }
  return at.table.rows.length === 0
    ? E.left(at.fail(2, null, 'the table has a header but no rows; at least one is needed'))
    : E.right(header)
}

const columnIndex = (at: Located, name: string): E.Either<DataError, number> => {
  const i = at.table.header.indexOf(name)
  return i >= 0
    ? E.right(i)
    : E.left(
        at.fail(1, name, `no such column; the header has ${at.table.header.map((h) => JSON.stringify(h)).join(', ')}`)
      )
}

const featureIndices = (
  at: Located,
  features: ReadonlyArray<string> | undefined,
  label: string | undefined
): E.Either<DataError, ReadonlyArray<number>> => {
  if (features === undefined) {
    const all = at.table.header.flatMap((h, i) => (h === label ? [] : [i]))
    return all.length > 0 ? E.right(all) : E.left(at.fail(1, null, 'no column is left for the inputs'))
  }
  if (features.length === 0) return E.left(at.fail(1, null, 'the list of feature columns is empty'))
  const out: Array<number> = []
  for (const name of features) {
    if (name === label) return E.left(at.fail(1, name, 'the label column cannot be a feature too'))
    const i = columnIndex(at, name)
    if (E.isLeft(i)) return i
    out.push(i.right)
  }
  return E.right(out)
}

/** Every row as long as the header; else the first ragged one, with its first missing column. */
const checkRagged = (at: Located): E.Either<DataError, Located> => {
  const { header, rows } = at.table
  for (let r = 0; r < rows.length; r++) {
    const n = (rows[r] as ReadonlyArray<unknown>).length
    if (n !== header.length)
      return E.left(
        at.fail(
          at.rowAt(r),
          n < header.length ? (header[n] as string) : null,
          `the row has ${n} cells; the header has ${header.length}`
        )
      )
  }
  return E.right(at)
}

/** The numbers of the columns at `indices`, row by row, as a `[rows, indices]` matrix. */
const numberMatrix = (at: Located, indices: ReadonlyArray<number>): E.Either<DataError, Tensor> => {
  const { rows, header } = at.table
  const width = indices.length
  const data = new Float64Array(rows.length * width)
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as ReadonlyArray<unknown>
    for (let c = 0; c < width; c++) {
      const j = indices[c] as number
      const x = readNumber(row[j])
      if (typeof x === 'string') return E.left(at.fail(at.rowAt(r), header[j] as string, x))
      data[r * width + c] = x
    }
  }
  return E.right(unsafeMake([rows.length, width], data))
}

/** The class of each row, as an index into the class names, and the names. */
const classLabels = (
  at: Located,
  j: number,
  given: ReadonlyArray<string> | undefined
): E.Either<DataError, { readonly labels: ReadonlyArray<number>; readonly classes: ReadonlyArray<string> }> => {
  const { rows, header } = at.table
  const names: Array<string> = []
  for (let r = 0; r < rows.length; r++) {
    const name = readName((rows[r] as ReadonlyArray<unknown>)[j])
    if (typeof name !== 'string') return E.left(at.fail(at.rowAt(r), header[j] as string, name.error))
    names.push(name)
  }
  const classes = given ?? sortNames([...new Set(names)])
  if (classes.length < 2)
    return E.left(
      at.fail(
        null,
        header[j] as string,
        `${classes.length} class${classes.length === 1 ? '' : 'es'}; at least 2 are needed`
      )
    )
  const index = new Map(classes.map((c, i) => [c, i]))
  const labels: Array<number> = []
  for (let r = 0; r < names.length; r++) {
    const i = index.get(names[r] as string)
    if (i === undefined)
      return E.left(
        at.fail(
          at.rowAt(r),
          header[j] as string,
          `${describe(names[r])} is not one of the classes ${classes.map((c) => JSON.stringify(c)).join(', ')}`
        )
      )
    labels.push(i)
  }
  return E.right({ labels, classes })
}

const targetsOf = (
  at: Located,
  j: number,
  options: TableOptions
): E.Either<DataError, { readonly targets: Tensor; readonly classes?: ReadonlyArray<string> }> =>
  options.task === 'regression'
    ? pipe(
        numberMatrix(at, [j]),
        E.map((targets) => ({ targets }))
      )
    : pipe(
        classLabels(at, j, options.classes),
        E.map(({ labels, classes }) => ({ targets: unsafeOneHot(classes.length, labels), classes }))
      )

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A data set from a table: inputs from the feature columns, targets from the label column
 * (one-hot classes, or numbers for regression), with the class and feature names kept.
 *
 * @example
 * import { Data } from 'gradfold'
 * const table = { header: ['x', 'y', 'kind'], rows: [['1', '2', 'b'], ['3', '4', 'a']] }
 * Data.fromTable({ label: 'kind' })(table) // right: inputs [[1, 2], [3, 4]], targets [[0, 1], [1, 0]], classes ['a', 'b']
 * Data.fromTable({ label: 'y', task: 'regression' })(table) // left: line 2, column "kind": "b" is not a number
 * Data.fromTable({ label: 'size' })(table) // left: line 1, column "size": no such column; the header has "x", "y", "kind"
 *
 * @category constructors
 * @since 0.2.0
 */
export const fromTable =
  (options: TableOptions) =>
  (table: Table): E.Either<DataError, Dataset> => {
    const at = locate(table)
    return pipe(
      checkTableArguments('fromTable', options, table, true),
      E.chain(() => checkHeader(at)),
      E.chain(() => columnIndex(at, options.label)),
      E.bindTo('label'),
      E.bind('features', () => featureIndices(at, options.features, options.label)),
      E.chainFirst(() => checkRagged(at)),
      E.bind('inputs', ({ features }) => numberMatrix(at, features)),
      E.bind('targets', ({ label }) => targetsOf(at, label, options)),
      E.chain(({ features, inputs, targets }) =>
        pipe(
          make(inputs, targets.targets),
          E.chain(
            withNames({
              featureNames: features.map((j) => table.header[j] as string),
              ...(targets.classes === undefined ? {} : { classes: targets.classes })
            })
          )
        )
      )
    )
  }

/**
 * The input columns of a table alone, `[rows, features]`, and their names: what a trained
 * model predicts from.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Data.inputsOfTable({ features: ['y'] })({ header: ['x', 'y'], rows: [['1', '2']] }) // right: inputs [[2]], featureNames ['y']
 *
 * @category constructors
 * @since 0.2.0
 */
export const inputsOfTable =
  (options: InputsOptions) =>
  (table: Table): E.Either<DataError, TableInputs> => {
    const at = locate(table)
    return pipe(
      checkTableArguments('inputsOfTable', options, table, false),
      E.chain(() => checkHeader(at)),
      E.chain(() => featureIndices(at, options.features, options.label)),
      E.chainFirst(() => checkRagged(at)),
      E.chain((features) =>
        pipe(
          numberMatrix(at, features),
          E.map((inputs) => ({ inputs, featureNames: features.map((j) => table.header[j] as string) }))
        )
      )
    )
  }

/**
 * A list of JSON records (`[{ "x": 1, "kind": "a" }, …]`) as a table: the first record's keys
 * are the header; every record must have exactly those keys. Rows are numbered from 1, the
 * first record, and messages call them rows.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Data.recordsTable([{ x: 1, kind: 'a' }, { x: 2, kind: 'b' }]) // right: header ['x', 'kind'], rows [[1, 'a'], [2, 'b']]
 * Advanced.Data.recordsTable([{ x: 1, kind: 'a' }, { x: 2 }]) // left: row 2, column "kind": the record has no such key
 *
 * @category constructors
 * @since 0.2.0
 */
export const recordsTable = (records: unknown): E.Either<DataError, Table> => {
  const fail = (row: number | null, column: string | null, detail: string) => invalidTable(row, column, detail, 'row')
  if (!Array.isArray(records)) return E.left(fail(null, null, `expected a list of records, got ${describe(records)}`))
  const first: unknown = ownValue(records, '0')
  if (!isRecord(first))
    return E.left(fail(records.length === 0 ? null : 1, null, `expected a record, got ${describe(first)}`))
  const header = Object.keys(first)
  const rows: Array<ReadonlyArray<unknown>> = []
  for (let r = 0; r < records.length; r++) {
    const record: unknown = ownValue(records, String(r))
    if (!isRecord(record)) return E.left(fail(r + 1, null, `expected a record, got ${describe(record)}`))
    const missing = header.find((k) => !Object.prototype.hasOwnProperty.call(record, k))
    if (missing !== undefined) return E.left(fail(r + 1, missing, 'the record has no such key'))
    const extra = Object.keys(record).find((k) => !header.includes(k))
    if (extra !== undefined) return E.left(fail(r + 1, extra, 'a key the first record does not have'))
    const getter = firstGetter(record)
    if (getter !== undefined) return E.left(fail(r + 1, getter, 'a getter; expected a value'))
    rows.push(header.map((k) => record[k]))
  }
  return E.right({ header, rows, rowNumbers: rows.map((_, i) => i + 1), rowWord: 'row' })
}

/**
 * A data set from a list of JSON records, with the same options as {@link fromTable}.
 *
 * @example
 * import { Data } from 'gradfold'
 * Data.fromRecords({ label: 'y', task: 'regression' })([{ x: 1, y: 2 }, { x: 2, y: 4 }]) // right: inputs [[1], [2]], targets [[2], [4]]
 * Data.fromRecords({ label: 'y' })([{ x: 1, y: 'a' }, { x: null, y: 'b' }]) // left: row 2, column "x": expected a number, got null
 *
 * @category constructors
 * @since 0.2.0
 */
export const fromRecords =
  (options: TableOptions) =>
  (records: unknown): E.Either<DataError, Dataset> =>
    pipe(recordsTable(records), E.chain(fromTable(options)))
