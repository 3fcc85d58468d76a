import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/node/loaders.js'
import { getLeft, getRight } from '../either.js'

const dir = mkdtempSync(join(tmpdir(), 'gradfold-loaders-'))
const file = (name: string, text: string): string => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

describe('parseCsv', () => {
  it('reads quoted fields, CRLF and a byte-order mark, and numbers rows by the line they start on', () => {
    const table = getRight(_.parseCsv('\ufeff"x", kind \r\n1,"a, ""b"""\r\n\r\n2,"two\r\nlines"\r\n3,c'))
    expect(table.header).toEqual(['x', 'kind'])
    expect(table.rows).toEqual([
      ['1', 'a, "b"'],
      ['2', 'two\r\nlines'],
      ['3', 'c']
    ])
    expect(table.rowNumbers).toEqual([2, 4, 6])
  })

  it('counts lone CR and LF line breaks alike', () => {
    expect(getRight(_.parseCsv('x,y\r1,2\r\r3,4\r')).rowNumbers).toEqual([2, 4])
    expect(getRight(_.parseCsv('x,y\n1,"2\n\n"\n3,4\n')).rowNumbers).toEqual([2, 5])
  })

  it('answers an unclosed quote with the line', () => {
    expect(getLeft(_.parseCsv('x,y\n1,2\n3,"4\n'))).toMatchObject({ _tag: 'InvalidTable', row: 3 })
  })
})

describe('loadCsv', () => {
  const csv = 'sepal,petal,species\n5.1,1.4,setosa\n7.0,4.7,versicolor\n6.3,6.0,virginica\n'

  it('loads a classification data set with its class and feature names', async () => {
    const d = getRight(await _.loadCsv({ label: 'species' })(file('iris.csv', csv))())
    expect(d.inputs.shape).toEqual([3, 2])
    expect(d.classes).toEqual(['setosa', 'versicolor', 'virginica'])
    expect(d.featureNames).toEqual(['sepal', 'petal'])
  })

  it('loads a regression target', async () => {
    const d = getRight(
      await _.loadCsv({ label: 'petal', features: ['sepal'], task: 'regression' })(file('r.csv', csv))()
    )
    expect(Array.from(d.targets.data)).toEqual([1.4, 4.7, 6])
  })

  it('names the line (as an editor shows it) and the column of what is wrong', async () => {
    const cases: ReadonlyArray<readonly [string, number | null, string | null]> = [
      ['sepal,petal,species\r\n5.1,1.4,setosa\r\n\r\n7.0,,versicolor\r\n', 4, 'petal'],
      ['sepal,petal,species\n5.1,1.4,setosa\n7.0,4.7\n', 3, 'species'],
      ['sepal,petal,species\n5.1,"1,4",setosa\n', 2, 'petal'],
      ['sepal,petal,kind\n5.1,1.4,setosa\n', 1, 'species'],
      ['', 1, null],
      ['\ufeff', 1, null],
      ['sepal,petal,species\n', 2, null]
    ]
    for (const [text, row, column] of cases) {
      const e = getLeft(await _.loadCsv({ label: 'species' })(file('bad.csv', text))())
      expect(e).toMatchObject({ _tag: 'InvalidTable', row, column })
    }
  })

  it('answers IoError for a missing file', async () => {
    expect(getLeft(await _.loadCsv({ label: 'y' })(join(dir, 'none.csv'))())).toMatchObject({ _tag: 'IoError' })
  })
})

describe('loadCsvInputs', () => {
  it('reads the feature columns alone', async () => {
    const x = getRight(await _.loadCsvInputs({ features: ['b', 'a'] })(file('in.csv', 'a,b,c\n1,2,x\n3,4,y\n'))())
    expect(Array.from(x.inputs.data)).toEqual([2, 1, 4, 3])
    expect(x.featureNames).toEqual(['b', 'a'])
  })
})

describe('loadJsonRows', () => {
  it('loads a list of records, and names the record and key at fault', async () => {
    const good = '[{"x": 1, "kind": "a"}, {"x": 2.5, "kind": "b"}]'
    const d = getRight(await _.loadJsonRows({ label: 'kind' })(file('rows.json', good))())
    expect(Array.from(d.inputs.data)).toEqual([1, 2.5])
    const bad = '[{"x": 1, "kind": "a"}, {"x": "two", "kind": "b"}]'
    expect(getLeft(await _.loadJsonRows({ label: 'kind' })(file('bad.json', bad))())).toMatchObject({
      row: 2,
      column: 'x'
    })
    expect(getLeft(await _.loadJsonRows({ label: 'kind' })(file('broken.json', '[{'))())).toMatchObject({
      _tag: 'InvalidTable',
      row: null
    })
  })
})
