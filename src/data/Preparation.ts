/**
 * Data preparation learnt from a training part and applied to any rows: what turns a raw table
 * (category names, empty cells) into the numbers a network takes, kept as a value so that a
 * model file can carry it and `predict` applies the same steps to raw rows.
 *
 * - A numeric column is read as numbers; a categorical column (named in `categorical`) becomes
 *   one input per category seen in the training part, `column=category`, 1 for the row's
 *   category and 0 for the others (one-hot), categories in the table module's order (sorted,
 *   numerically when all are numbers). A category the training part never had is a refusal
 *   naming it, the row and the column.
 * - A missing cell (empty text, `null`) is refused (`missing: 'refuse'`, the default), or its row
 *   is dropped (`'drop'`), or it is filled (`'impute'`) with the training part's mean (numeric)
 *   or most frequent category (the first in order on a tie).
 *
 * Laws: applying a preparation to the rows it was fitted on with nothing missing gives their
 * numbers, and for a categorical column exactly one 1 per row; fitting is deterministic (no
 * key); the codec gives a preparation back from its encoding, bit for bit.
 *
 * @since 0.3.0
 */
import * as E from '#fp-ts/Either.js'
import * as t from 'io-ts'
import { describe } from '../tensor/describe.js'
import { unsafeMake, type Tensor } from '../tensor/Tensor.js'
import { invalidTable, type DataError } from './DataError.js'
import { checkTableArguments, readName, readNumber, sortNames, type Table } from './table.js'
import { plainFirst } from '../codec/JsonC.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What to do with a missing cell: refuse the table, drop the row, or fill the cell.
 *
 * @category model
 * @since 0.3.0
 */
export type MissingPolicy = 'refuse' | 'drop' | 'impute'

/**
 * One input column as prepared: numeric (its fill value when imputing) or categorical (its
 * categories, and its fill category when imputing).
 *
 * @category model
 * @since 0.3.0
 */
export type PreparedColumn =
  | { readonly kind: 'numeric'; readonly name: string; readonly fill: number | null }
  | {
      readonly kind: 'categorical'
      readonly name: string
      readonly categories: ReadonlyArray<string>
      readonly fill: string | null
    }

/**
 * The steps from raw rows to a network's inputs.
 *
 * @category model
 * @since 0.3.0
 */
export interface Preparation {
  readonly _tag: 'Preparation'
  readonly columns: ReadonlyArray<PreparedColumn>
  readonly missing: MissingPolicy
}

/**
 * Which columns are inputs (`features`, default every column but `label`), which of them are
 * categorical, and what to do with missing cells.
 *
 * @category model
 * @since 0.3.0
 */
export interface PreparationOptions {
  readonly label?: string
  readonly features?: ReadonlyArray<string>
  readonly categorical?: ReadonlyArray<string>
  readonly missing?: MissingPolicy
}

/**
 * Prepared rows: the inputs `[kept, width]`, their names and which rows of the table were kept.
 *
 * @category model
 * @since 0.3.0
 */
export interface PreparedRows {
  readonly inputs: Tensor
  readonly featureNames: ReadonlyArray<string>
  readonly kept: ReadonlyArray<number>
}

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

/**
 * Whether a cell is missing: `null`, `undefined` or text that is empty once trimmed.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * [Advanced.Data.isMissing(''), Advanced.Data.isMissing(' '), Advanced.Data.isMissing(null), Advanced.Data.isMissing(0)] // => [true, true, true, false]
 *
 * @category model
 * @since 0.3.0
 */
export const isMissing = (cell: unknown): boolean =>
  cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '')

const rowWord = (table: Table): 'line' | 'row' => table.rowWord ?? 'line'
const rowAt = (table: Table, i: number): number => table.rowNumbers?.[i] ?? i + 2

const fail = (table: Table, i: number | null, column: string | null, detail: string): DataError =>
  invalidTable(i === null ? null : rowAt(table, i), column, detail, rowWord(table))

const missingHint = "the cell is empty; set preprocessing.missing to 'drop' or 'impute' to accept empty cells"

/** The input columns' indices in the header, or the first one that is not there. */
const indicesOf = (table: Table, names: ReadonlyArray<string>): E.Either<DataError, ReadonlyArray<number>> => {
  const out: Array<number> = []
  for (const name of names) {
    const j = table.header.indexOf(name)
    if (j < 0)
      return E.left(
        invalidTable(1, name, `no such column; the header has ${table.header.map((h) => JSON.stringify(h)).join(', ')}`)
      )
    out.push(j)
  }
  return E.right(out)
}

const numericColumn = (
  table: Table,
  j: number,
  name: string,
  missing: MissingPolicy
): E.Either<DataError, PreparedColumn> => {
  let total = 0
  let count = 0
  for (let i = 0; i < table.rows.length; i++) {
    const cell = table.rows[i]![j]
    if (isMissing(cell)) {
      if (missing === 'refuse') return E.left(fail(table, i, name, missingHint))
      continue
    }
    const x = readNumber(cell)
    if (typeof x === 'string')
      return E.left(fail(table, i, name, `${x}; name the column in preprocessing.categorical if it holds categories`))
    total += x
    count++
  }
  if (count === 0) return E.left(fail(table, null, name, 'the column has no value to learn from'))
  return E.right({ kind: 'numeric', name, fill: missing === 'impute' ? total / count : null })
}

const categoricalColumn = (
  table: Table,
  j: number,
  name: string,
  missing: MissingPolicy
): E.Either<DataError, PreparedColumn> => {
  const counts = new Map<string, number>()
  for (let i = 0; i < table.rows.length; i++) {
    const cell = table.rows[i]![j]
    if (isMissing(cell)) {
      if (missing === 'refuse') return E.left(fail(table, i, name, missingHint))
      continue
    }
    const c = readName(cell)
    if (typeof c !== 'string') return E.left(fail(table, i, name, c.error.replace('class name', 'category')))
    counts.set(c, (counts.get(c) ?? 0) + 1)
  }
  const categories = sortNames([...counts.keys()])
  if (categories.length === 0) return E.left(fail(table, null, name, 'the column has no category to learn from'))
  const mode = categories.reduce((a, c) => ((counts.get(c) ?? 0) > (counts.get(a) ?? 0) ? c : a))
  return E.right({ kind: 'categorical', name, categories, fill: missing === 'impute' ? mode : null })
}

const width = (c: PreparedColumn): number => (c.kind === 'numeric' ? 1 : c.categories.length)

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Learns a preparation from a table (the training part): each input column's kind, its
 * categories and, when imputing, its fill value.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Data } from 'gradfold'
 * const table = { header: ['size', 'colour', 'kind'], rows: [['1', 'red', 'a'], ['', 'blue', 'b'], ['3', 'red', 'a']] }
 * pipe(
 *   Data.fitPreparation({ label: 'kind', categorical: ['colour'], missing: 'impute' })(table),
 *   E.map((p) => p.columns)
 * ) // right([{ kind: 'numeric', name: 'size', fill: 2 }, { kind: 'categorical', name: 'colour', categories: ['blue', 'red'], fill: 'red' }])
 * Data.fitPreparation({ label: 'kind' })(table) // left: line 3, column "size": the cell is empty; …
 *
 * @category constructors
 * @since 0.3.0
 */
export const fitPreparation =
  (options: PreparationOptions) =>
  (table: Table): E.Either<DataError, Preparation> => {
    const checked = checkTableArguments('fitPreparation', options, table, false)
    if (E.isLeft(checked)) return checked
    const names = options.features ?? table.header.filter((h) => h !== options.label)
    const categorical = options.categorical ?? []
    const missing = options.missing ?? 'refuse'
    const stray = categorical.find((c) => !names.includes(c))
    if (stray !== undefined)
      return E.left(invalidTable(1, stray, 'a categorical column must be one of the input columns'))
    return E.chain((indices: ReadonlyArray<number>) => {
      const columns: Array<PreparedColumn> = []
      for (let k = 0; k < names.length; k++) {
        const name = names[k]!
        const column = (categorical.includes(name) ? categoricalColumn : numericColumn)(
          table,
          indices[k]!,
          name,
          missing
        )
        if (E.isLeft(column)) return column
        columns.push(column.right)
      }
      return E.right({ _tag: 'Preparation' as const, columns, missing })
    })(indicesOf(table, names))
  }

/**
 * The names of the inputs a preparation makes: a numeric column's own, and `column=category`
 * for each category of a categorical one.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Data.preparedNames({ _tag: 'Preparation', missing: 'refuse', columns: [{ kind: 'numeric', name: 'size', fill: null }, { kind: 'categorical', name: 'colour', categories: ['blue', 'red'], fill: null }] }) // => ['size', 'colour=blue', 'colour=red']
 *
 * @category destructors
 * @since 0.3.0
 */
export const preparedNames = (p: Preparation): ReadonlyArray<string> =>
  !isPreparation(p)
    ? []
    : p.columns.flatMap((c) => (c.kind === 'numeric' ? [c.name] : c.categories.map((k) => `${c.name}=${k}`)))

/** The value one prepared cell writes, or why it cannot. */
const cellValue = (c: PreparedColumn, cell: unknown): number | string => {
  if (c.kind === 'numeric') return readNumber(cell)
  const name = readName(cell)
  if (typeof name !== 'string') return name.error.replace('class name', 'category')
  const k = c.categories.indexOf(name)
  return k >= 0
    ? k
    : `the category ${describe(name)} was not in the training data; ${JSON.stringify(c.name)} has ${c.categories.map((x) => JSON.stringify(x)).join(', ')}`
}

/**
 * Applies a preparation to raw rows: `[kept rows, prepared width]` inputs. With `missing:
 * 'drop'` a row with a missing cell in an input column is left out (`kept` says which rows
 * stayed); with `'impute'` the cell takes the learnt fill; with `'refuse'` it is a refusal. An
 * unseen category is always a refusal naming it.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Data, Tensor } from 'gradfold'
 * const train = { header: ['size', 'colour'], rows: [['1', 'red'], ['3', 'blue']] }
 * const prepare = (rows: ReadonlyArray<ReadonlyArray<unknown>>) =>
 *   pipe(
 *     Data.fitPreparation({ categorical: ['colour'], missing: 'impute' })(train),
 *     E.chain((p) => Data.applyPreparation(p)({ header: ['colour', 'size'], rows })),
 *     E.map((r) => Tensor.toArray(r.inputs))
 *   )
 * prepare([['blue', '5'], ['', '']]) // right([5, 1, 0, 2, 1, 0])
 * prepare([['green', '5']]) // left: line 2, column "colour": the category "green" was not in the training data; …
 *
 * @category combinators
 * @since 0.3.0
 */
export const applyPreparation =
  (p: Preparation) =>
  (table: Table): E.Either<DataError, PreparedRows> =>
    !isPreparation(p)
      ? E.left(invalidTable(null, null, `the preparation is ${describe(p)}; expected one made by Data.fitPreparation`))
      : E.flatMap(checkTableArguments('applyPreparation', {}, table, false), () =>
          E.chain((indices: ReadonlyArray<number>) => {
            const w = p.columns.reduce((a, c) => a + width(c), 0)
            const values: Array<number> = []
            const kept: Array<number> = []
            rows: for (let i = 0; i < table.rows.length; i++) {
              const row = table.rows[i]!
              const out = new Array<number>(w).fill(0)
              let at = 0
              for (let k = 0; k < p.columns.length; k++) {
                const c = p.columns[k]!
                let cell: unknown = row[indices[k]!]
                if (isMissing(cell)) {
                  if (p.missing === 'drop') continue rows
                  if (p.missing === 'refuse' || c.fill === null) return E.left(fail(table, i, c.name, missingHint))
                  cell = c.fill
                }
                const v = cellValue(c, cell)
                if (typeof v === 'string') return E.left(fail(table, i, c.name, v))
                if (c.kind === 'numeric') out[at] = v
                else out[at + v] = 1
                at += width(c)
              }
              values.push(...out)
              kept.push(i)
            }
            return E.right({
              inputs: unsafeMake([kept.length, w], Float64Array.from(values)),
              featureNames: preparedNames(p),
              kept
            })
          })(
            indicesOf(
              table,
              p.columns.map((c) => c.name)
            )
          )
        )

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

const NumericC = t.type({ kind: t.literal('numeric'), name: t.string, fill: t.union([t.number, t.null]) })
const CategoricalC = t.type({
  kind: t.literal('categorical'),
  name: t.string,
  categories: t.readonlyArray(t.string),
  fill: t.union([t.string, t.null])
})
const FieldsC = t.type({
  columns: t.readonlyArray(t.union([NumericC, CategoricalC])),
  missing: t.keyof({ refuse: null, drop: null, impute: null })
})

/**
 * A preparation as JSON (`{ columns, missing }`), as a model file holds it; a fill that is not a
 * finite number is refused.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Data.PreparationC.decode({ columns: [{ kind: 'numeric', name: 'x', fill: 1.5 }], missing: 'impute' })._tag // => 'Right'
 * Advanced.Data.PreparationC.decode({ columns: [], missing: 'guess' })._tag // => 'Left'
 *
 * @category codecs
 * @since 0.3.0
 */
export const PreparationC = new t.Type<
  Preparation,
  { readonly columns: ReadonlyArray<PreparedColumn>; readonly missing: MissingPolicy },
  unknown
>(
  'Preparation',
  (u): u is Preparation => FieldsC.is(u) && (u as { _tag?: unknown })._tag === 'Preparation',
  (u, c) => {
    const r = FieldsC.validate(u, c)
    if (E.isLeft(r)) return r
    const bad = r.right.columns.find((col) => col.kind === 'numeric' && col.fill !== null && !Number.isFinite(col.fill))
    return bad !== undefined
      ? t.failure(u, c, `the fill of ${JSON.stringify(bad.name)} is not a finite number`)
      : t.success({ _tag: 'Preparation', columns: r.right.columns, missing: r.right.missing })
  },
  (p) => ({ columns: p.columns, missing: p.missing })
)

/** A preparation as `PreparationC` decodes it, read without a getter or a declared length ever being trusted. */
const isPreparation = (u: unknown): u is Preparation => E.isRight(plainFirst(PreparationC).decode(u))
