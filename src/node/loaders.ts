/**
 * Data files into data sets: CSV with a header row (parsed by csv-parse: quoted fields, CRLF
 * and a byte-order mark all work) and JSON files holding a list of records. Reading is a
 * `TaskEither`; what the text holds is turned into a data set by `Data.fromTable`, so the
 * options and the errors are the same for both formats: an `InvalidTable` names the row (for
 * CSV the line as an editor shows it, the header being line 1) and the column by name.
 *
 * @since 0.2.0
 */
import { parse } from 'csv-parse/sync'
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import * as TE from '#fp-ts/TaskEither.js'
import { invalidTable, type DataError } from '../data/DataError.js'
import type { Dataset } from '../data/Dataset.js'
import {
  fromRecords,
  fromTable,
  inputsOfTable,
  type InputsOptions,
  type Table,
  type TableInputs,
  type TableOptions
} from '../data/table.js'
import type { IoError } from '../train/files/IoError.js'
import { readText } from './files.js'

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

interface CsvRecord {
  readonly record: ReadonlyArray<string>
  readonly info: { readonly bytes: number }
}

const LF = 0x0a
const CR = 0x0d

/**
 * The line each record starts on, 1-based. csv-parse says where each record ends (in bytes of
 * the UTF-8 text, the byte-order mark included); a record starts after the previous one's end
 * and any empty lines. Line breaks are LF, CRLF or a lone CR.
 */
const startLines = (text: string, records: ReadonlyArray<CsvRecord>): ReadonlyArray<number> => {
  const bytes = Buffer.from(text, 'utf8')
  const lines: Array<number> = []
  let line = 1
  let p = 0
  for (const { info } of records) {
    while (p < bytes.length && (bytes[p] === LF || bytes[p] === CR)) {
      line += bytes[p] === CR && bytes[p + 1] === LF ? 0 : 1
      p++
    }
    lines.push(line)
    for (; p < info.bytes; p++) if (bytes[p] === LF || (bytes[p] === CR && bytes[p + 1] !== LF)) line++
  }
  return lines
}

const parseRecords = (text: string): E.Either<DataError, ReadonlyArray<CsvRecord>> =>
  E.tryCatch(
    () =>
      parse(text, {
        bom: true,
        info: true,
        relax_column_count: true,
        skip_empty_lines: true
      }) as unknown as ReadonlyArray<CsvRecord>,
    (e) => {
      const line = (e as { readonly lines?: unknown }).lines
      return invalidTable(
        typeof line === 'number' ? line : null,
        null,
        `not valid CSV: ${e instanceof Error ? e.message : 'the parser failed'}`
      )
    }
  )

// -------------------------------------------------------------------------------------
// parsing
// -------------------------------------------------------------------------------------

/**
 * CSV text as a table: the first record is the header (names trimmed of spaces), the rest are
 * rows, each with the line it starts on. Empty lines are skipped; an empty text is a table with
 * no header, which `Data.fromTable` refuses.
 *
 * @example
 * import * as Node from 'gradfold/node'
 * Node.parseCsv('\ufeffx,kind\r\n1,"a, b"\r\n\r\n2,c\r\n') // right: header ['x', 'kind'], rows [['1', 'a, b'], ['2', 'c']], rowNumbers [2, 4]
 * Node.parseCsv('x,kind\n1,"a\n') // left: line 2: not valid CSV: Quote Not Closed: …
 *
 * @category parsing
 * @since 0.2.0
 */
export const parseCsv = (text: string): E.Either<DataError, Table> =>
  pipe(
    parseRecords(text),
    E.map((records) => {
      const lines = startLines(text, records)
      return {
        header: (records[0]?.record ?? []).map((name) => name.trim()),
        rows: records.slice(1).map((r) => r.record),
        rowNumbers: lines.slice(1),
        rowWord: 'line' as const
      }
    })
  )

/**
 * The value JSON text stands for (a list of records, for `Data.fromRecords`), or an
 * `InvalidTable` saying why it is not JSON.
 *
 * @example
 * import * as Node from 'gradfold/node'
 * Node.parseJsonRows('[{"x": 1, "kind": "a"}]') // right([{ x: 1, kind: 'a' }])
 * Node.parseJsonRows('[{') // left: not JSON: …
 *
 * @category parsing
 * @since 0.2.0
 */
export const parseJsonRows = (text: string): E.Either<DataError, unknown> =>
  E.tryCatch(
    (): unknown => JSON.parse(text),
    (e) => invalidTable(null, null, `not JSON: ${e instanceof Error ? e.message : 'the parser failed'}`)
  )

// -------------------------------------------------------------------------------------
// files
// -------------------------------------------------------------------------------------

/**
 * The data set in the CSV file at `path`, its columns chosen by `options` as in
 * `Data.fromTable`.
 *
 * @example
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 * import { writeFileSync } from 'node:fs'
 * import * as Node from 'gradfold/node'
 * const file = join(tmpdir(), 'gradfold-loadCsv.csv')
 * writeFileSync(file, 'x1,x2,kind\n0.5,1,b\n1,0.5,a\n')
 * await Node.loadCsv({ label: 'kind' })(file)() // right: inputs [[0.5, 1], [1, 0.5]], classes ['a', 'b']
 * writeFileSync(file, 'x1,x2,kind\n0.5,,b\n')
 * await Node.loadCsv({ label: 'kind' })(file)() // left: line 2, column "x2": the cell is empty; expected a number
 *
 * @category files
 * @since 0.2.0
 */
export const loadCsv =
  (options: TableOptions) =>
  (path: string): TE.TaskEither<IoError | DataError, Dataset> =>
    pipe(readText(path), TE.chainEitherKW(parseCsv), TE.chainEitherKW(fromTable(options)))

/**
 * The input columns of the CSV file at `path` alone (see `Advanced.Data.inputsOfTable`): rows to
 * predict from.
 *
 * @example
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 * import { writeFileSync } from 'node:fs'
 * import * as Node from 'gradfold/node'
 * const file = join(tmpdir(), 'gradfold-loadCsvInputs.csv')
 * writeFileSync(file, 'x1,x2,kind\n0.5,1,b\n1,0.5,a\n')
 * await Node.loadCsvInputs({ features: ['x2', 'x1'] })(file)() // right: inputs [[1, 0.5], [0.5, 1]], featureNames ['x2', 'x1']
 *
 * @category files
 * @since 0.2.0
 */
export const loadCsvInputs =
  (options: InputsOptions) =>
  (path: string): TE.TaskEither<IoError | DataError, TableInputs> =>
    pipe(readText(path), TE.chainEitherKW(parseCsv), TE.chainEitherKW(inputsOfTable(options)))

/**
 * The data set in the JSON file at `path`, a list of records (`[{ "x": 1, "kind": "a" }, …]`),
 * its columns chosen by `options` as in `Data.fromTable`.
 *
 * @example
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 * import { writeFileSync } from 'node:fs'
 * import * as Node from 'gradfold/node'
 * const file = join(tmpdir(), 'gradfold-loadJsonRows.json')
 * writeFileSync(file, '[{"x": 1, "y": 2}, {"x": 2, "y": 4}]')
 * await Node.loadJsonRows({ label: 'y', task: 'regression' })(file)() // right: inputs [[1], [2]], targets [[2], [4]]
 *
 * @category files
 * @since 0.2.0
 */
export const loadJsonRows =
  (options: TableOptions) =>
  (path: string): TE.TaskEither<IoError | DataError, Dataset> =>
    pipe(readText(path), TE.chainEitherKW(parseJsonRows), TE.chainEitherKW(fromRecords(options)))
