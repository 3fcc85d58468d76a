import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/node/csvChunks.js'

const dir = mkdtempSync(join(tmpdir(), 'gradfold-csv-'))
const file = (name: string, text: string): string => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

const all = async (path: string, options: _.CsvChunkOptions) => {
  const out = []
  for await (const c of _.csvChunks(path, options)) out.push(c)
  return out
}

describe('csvChunks', () => {
  it('reads the rows in chunks of the size asked for, labels one-hot', async () => {
    const path = file('ok.csv', 'a,b,y\n1,2,0\n3,4,1\n5,6,1\n')
    const chunks = await all(path, { chunkRows: 2, header: true, target: { _tag: 'Label', classes: 2 } })
    expect(chunks.map((c) => E.isRight(c) && Array.from(c.right.inputs.data))).toEqual([
      [1, 2, 3, 4],
      [5, 6]
    ])
    expect(chunks.map((c) => E.isRight(c) && Array.from(c.right.targets.data))).toEqual([
      [1, 0, 0, 1],
      [0, 1]
    ])
  })
  it('reads the last columns as targets when asked', async () => {
    const path = file('cols.csv', '1,2,3\n4,5,6\n')
    const [c] = await all(path, { chunkRows: 10, target: { _tag: 'Columns', count: 2 } })
    expect(c !== undefined && E.isRight(c) && c.right.targets.shape).toEqual([2, 2])
  })
  it('names the row and column of a cell that is not a number', async () => {
    const path = file('bad.csv', 'a,y\n1,0\nx,1\n')
    const chunks = await all(path, { chunkRows: 1, header: true, target: { _tag: 'Label', classes: 2 } })
    const last = chunks[chunks.length - 1]!
    expect(E.isLeft(last) && last.left.message).toMatch(/row 3: column 1 holds "x"/)
  })
  it('names a label outside the classes', async () => {
    const [c] = await all(file('label.csv', '1,7\n'), { chunkRows: 1, target: { _tag: 'Label', classes: 2 } })
    expect(c !== undefined && E.isLeft(c) && c.left.message).toMatch(/label 7/)
  })
  it('names a file with fewer columns than the targets', async () => {
    const [c] = await all(file('narrow.csv', '1,2\n'), { chunkRows: 1, target: { _tag: 'Columns', count: 3 } })
    expect(c !== undefined && E.isLeft(c) && c.left.message).toMatch(
      /row 1: 2 columns, fewer than the 3 target columns/
    )
  })
  it('hands out every chunk in arrays of its own, the last one trimmed to its rows', async () => {
    const path = file('own.csv', '1,0\n2,1\n3,0\n4,1\n5,0\n')
    const chunks = (await all(path, { chunkRows: 2, target: { _tag: 'Label', classes: 2 } })).map(
      (c) => (c as E.Right<{ inputs: { data: Float64Array } }>).right.inputs.data
    )
    expect(chunks.map((d) => Array.from(d))).toEqual([[1, 2], [3, 4], [5]])
    expect(new Set(chunks.map((d) => d.buffer)).size).toBe(3)
  })
  it('answers a missing file with an IoError', async () => {
    const [c] = await all(join(dir, 'missing.csv'), { chunkRows: 1, target: { _tag: 'Label', classes: 2 } })
    expect(c !== undefined && E.isLeft(c) && c.left._tag).toBe('IoError')
  })
  it('rejects a chunk size below one before reading', async () => {
    const [c] = await all(join(dir, 'missing.csv'), { chunkRows: 0, target: { _tag: 'Label', classes: 2 } })
    expect(c !== undefined && E.isLeft(c) && c.left.message).toMatch(/chunkRows/)
  })
})
