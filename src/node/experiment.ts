/**
 * The experiment runner with files: `Train.experiment` and `Advanced.Train.prepareExperiment` that read a
 * config's data file (CSV with a header line, or a JSON array of records; a relative path taken
 * from `folder`, the current folder unless given).
 *
 * @since 0.3.0
 */
import { digits } from '../data/digits.js'
import { extname, isAbsolute, join } from 'node:path'
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import * as TE from '#fp-ts/TaskEither.js'
import { recordsTable, type Table } from '../data/table.js'
import {
  experiment as runExperiment,
  prepareExperiment as prepareWithOptions,
  type ExperimentError,
  type ExperimentInput,
  type ExperimentOptions,
  type ExperimentRun
} from '../train/experiment/experiment.js'
import type { Prepared } from '../train/experiment/prepare.js'
import { crossValidate as crossValidateWithOptions, type CrossValidation } from '../train/experiment/crossValidate.js'
import { readText } from './files.js'
import { parseCsv, parseJsonRows } from './loaders.js'

/**
 * Where a config's relative paths start, besides the runner's options.
 *
 * @category model
 * @since 0.3.0
 */
export interface NodeExperimentOptions extends Omit<ExperimentOptions, 'readTable'> {
  readonly folder?: string
}

/**
 * The table in a CSV file (with a header line) or a JSON file's array of records; a refusal
 * starts with the path.
 *
 * @example
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 * import { writeFileSync } from 'node:fs'
 * import * as Node from 'gradfold/node'
 * const path = join(tmpdir(), 'gradfold-readTable-example.csv')
 * writeFileSync(path, 'x,kind\n1,a\n,b\n')
 * Node.readTable(path)() // right: header ['x', 'kind'], rows [['1', 'a'], ['', 'b']]
 *
 * @category files
 * @since 0.3.0
 */
export const readTable = (path: string): TE.TaskEither<{ readonly message: string }, Table> =>
  pipe(
    readText(path),
    TE.chainEitherKW((text) =>
      extname(path).toLowerCase() === '.json' ? E.chainW(recordsTable)(parseJsonRows(text)) : parseCsv(text)
    ),
    TE.mapLeft((e) => ({ message: e.message.startsWith(path) ? e.message : `${path}: ${e.message}` }))
  )

const withFiles = (options: NodeExperimentOptions): ExperimentOptions => ({
  ...options,
  digits,
  readTable: (path) => readTable(isAbsolute(path) ? path : join(options.folder ?? '.', path))
})

/**
 * `Advanced.Train.prepareExperiment`, reading a file source.
 *
 * @example
 * import * as Node from 'gradfold/node'
 * Node.prepareExperiment({ data: { source: 'file', path: 'no-such-file.csv', label: 'y' } })() // left: no-such-file.csv…
 *
 * @category running
 * @since 0.3.0
 */
export const prepareExperiment = (
  input: ExperimentInput,
  options: NodeExperimentOptions = {}
): TE.TaskEither<ExperimentError, Prepared> => prepareWithOptions(input, withFiles(options))

/**
 * `Train.experiment`, reading a file source: load a CSV, train, answer the best model and its
 * model file.
 *
 * @example
 * import * as Node from 'gradfold/node'
 * Node.experiment({ data: { source: 'file', path: 'no-such-file.csv', label: 'y' } })() // left: no-such-file.csv: …
 *
 * @category running
 * @since 0.3.0
 */
export const experiment = (
  input: ExperimentInput,
  options: NodeExperimentOptions = {}
): TE.TaskEither<ExperimentError, ExperimentRun> => runExperiment(input, withFiles(options))

/**
 * `Train.crossValidate`, reading a file source.
 *
 * @example
 * import * as Node from 'gradfold/node'
 * Node.crossValidate({ data: { source: 'file', path: 'no-such-file.csv', label: 'y' } }, { folds: 3 })() // left: no-such-file.csv…
 *
 * @category running
 * @since 0.3.0
 */
export const crossValidate = (
  input: ExperimentInput,
  options: NodeExperimentOptions & { readonly folds?: number } = {}
): TE.TaskEither<ExperimentError, CrossValidation> => crossValidateWithOptions(input, withFiles(options))
