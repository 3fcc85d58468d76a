/**
 * A CSV file of any size as a stream of chunks (`Advanced.Data.Chunks`): the file is read and parsed as a
 * stream (csv-parse's stream API), `chunkRows` rows at a time, so memory holds one chunk and the
 * parser's buffer whatever the size of the file. Every cell must be a finite number; the targets
 * are the last `targets` columns as they are, or the last column read as a class label in
 * `0 … classes − 1` and one-hot encoded.
 *
 * A missing file, a ragged row or a cell that is not a number ends the stream with a `Left`
 * naming the file, the row (1-based, counting the header) and the column.
 *
 * @since 0.2.0
 */
import { createReadStream } from 'node:fs'
import { parse } from 'csv-parse'
import * as E from '#fp-ts/Either.js'
import { unsafeDataset, type Dataset } from '../data/Dataset.js'
import type { Chunks } from '../data/stream.js'
import { unsafeMake } from '../tensor/Tensor.js'
import { invalidArgument, type InvalidArgument } from '../tensor/TensorError.js'
import { ioError, type IoError } from '../train/files/IoError.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * How the file's columns are read: how many rows a chunk holds, whether the first line is a
 * header, and where the targets are.
 *
 * @category model
 * @since 0.2.0
 */
export interface CsvChunkOptions {
  readonly chunkRows: number
  readonly header?: boolean
  readonly target:
    { readonly _tag: 'Columns'; readonly count: number } | { readonly _tag: 'Label'; readonly classes: number }
}

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

/**
 * The chunk being built: its rows written straight into typed arrays of one chunk's size,
 * allocated when the first row gives the width (no array of boxed numbers, no copy at the end
 * of a full chunk).
 */
interface Builder {
  readonly inputs: Float64Array
  readonly targets: Float64Array
  readonly inputCount: number
  readonly targetCount: number
  rows: number
}

const bad = (path: string, line: number, message: string): InvalidArgument =>
  invalidArgument('csvChunks', `${path}, row ${line}: ${message}`)

/** An empty chunk of `options.chunkRows` rows for records of `width` cells. */
const builder = (width: number, options: CsvChunkOptions): Builder => {
  const inputCount = options.target._tag === 'Columns' ? width - options.target.count : width - 1
  const targetCount = options.target._tag === 'Columns' ? options.target.count : options.target.classes
  return {
    inputs: new Float64Array(options.chunkRows * Math.max(0, inputCount)),
    targets: new Float64Array(options.chunkRows * targetCount),
    inputCount,
    targetCount,
    rows: 0
  }
}

/** Appends one record's cells to the chunk being built, or says what is wrong with it. */
const addRecord = (
  b: Builder,
  record: ReadonlyArray<string>,
  width: number,
  options: CsvChunkOptions
): string | undefined => {
  if (record.length !== width) return `${record.length} columns; the first row has ${width}`
  const { inputCount, targetCount } = b
  if (inputCount < 0) return `${width} columns, fewer than the ${targetCount} target columns`
  const xAt = b.rows * inputCount
  const yAt = b.rows * targetCount
  for (let c = 0; c < width; c++) {
    const x = Number(record[c])
    if (record[c]!.trim() === '' || !Number.isFinite(x))
      return `column ${c + 1} holds ${JSON.stringify(record[c])}, not a finite number`
    if (c < inputCount) b.inputs[xAt + c] = x
    else if (options.target._tag === 'Columns') b.targets[yAt + c - inputCount] = x
    else {
      if (!Number.isInteger(x) || x < 0 || x >= options.target.classes)
        return `the label ${record[c]} is not a class in 0 … ${options.target.classes - 1}`
      b.targets.fill(0, yAt, yAt + targetCount)
      b.targets[yAt + x] = 1
    }
  }
  b.rows++
  return undefined
}

/** The rows built so far as a chunk: the builder's arrays themselves when it is full. */
const chunkOf = (b: Builder): Dataset => {
  const full = b.rows * b.inputCount === b.inputs.length
  return unsafeDataset(
    unsafeMake([b.rows, b.inputCount], full ? b.inputs : b.inputs.slice(0, b.rows * b.inputCount)),
    unsafeMake([b.rows, b.targetCount], full ? b.targets : b.targets.slice(0, b.rows * b.targetCount))
  )
}

const checkOptions = (options: CsvChunkOptions): string | undefined => {
  if (!Number.isSafeInteger(options.chunkRows) || options.chunkRows < 1)
    return `chunkRows is ${options.chunkRows}; it must be an integer ≥ 1`
  const n = options.target._tag === 'Columns' ? options.target.count : options.target.classes
  return Number.isSafeInteger(n) && n >= 1
    ? undefined
    : `the target's ${options.target._tag === 'Columns' ? 'count' : 'classes'} is ${n}; it must be an integer ≥ 1`
}

// -------------------------------------------------------------------------------------
// streams
// -------------------------------------------------------------------------------------

/**
 * The rows of the CSV file at `path`, as a stream of chunks of `chunkRows` rows (the last one
 * smaller), read and parsed as the stream is consumed. Open it again to read the file again.
 *
 * @example
 * import { writeFileSync } from 'node:fs'
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 * import * as E from 'fp-ts/lib/Either.js'
 * import * as Node from 'gradfold/node'
 * const file = join(tmpdir(), 'gradfold-chunks.csv')
 * writeFileSync(file, 'x1,x2,label\n0.5,1,0\n1.5,0,1\n2.5,1,2\n')
 * const rows: Array<number> = []
 * for await (const chunk of Node.csvChunks(file, { chunkRows: 2, header: true, target: { _tag: 'Label', classes: 3 } }))
 *   if (E.isRight(chunk)) rows.push(chunk.right.inputs.shape[0]!)
 * rows // [2, 1]: two chunks, of 2 rows and 1 row, each with 2 inputs and 3 one-hot targets
 *
 * @category streams
 * @since 0.2.0
 */
export async function* csvChunks(path: string, options: CsvChunkOptions): Chunks<IoError | InvalidArgument> {
  const wrong = checkOptions(options)
  if (wrong !== undefined) {
    yield E.left(invalidArgument('csvChunks', wrong))
    return
  }
  const parser = parse({ from_line: options.header === true ? 2 : 1, skip_empty_lines: true, trim: true })
  const source = createReadStream(path)
  // A pipe does not pass the file's errors on: the parser is destroyed with them, so that the loop below sees them.
  source.on('error', (e) => parser.destroy(e))
  source.pipe(parser)
  let line = options.header === true ? 1 : 0
  let width = -1
  let b: Builder | undefined
  try {
    for await (const record of parser as AsyncIterable<ReadonlyArray<string>>) {
      line++
      if (width < 0) width = record.length
      b ??= builder(width, options)
      const problem = addRecord(b, record, width, options)
      if (problem !== undefined) {
        yield E.left(bad(path, line, problem))
        return
      }
      if (b.rows === options.chunkRows) {
        yield E.right(chunkOf(b))
        b = undefined
      }
    }
  } catch (e) {
    yield E.left(ioError(path, 'read')(e))
    return
  } finally {
    source.destroy()
    parser.destroy()
  }
  if (b !== undefined && b.rows > 0) yield E.right(chunkOf(b))
}
