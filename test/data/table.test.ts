import { describe, expect, it } from 'vitest'
import * as fc from 'fast-check'
import * as _ from '../../src/data/table.js'
import { getLeft, getRight } from '../either.js'

const iris = {
  header: ['sepal', 'petal', 'species'],
  rows: [
    ['5.1', '1.4', 'setosa'],
    ['7.0', '4.7', 'versicolor'],
    ['6.3', '6.0', 'virginica'],
    ['4.9', '1.4', 'setosa']
  ]
}

describe('fromTable', () => {
  it('takes every other column as inputs and one-hot encodes the label in sorted order', () => {
    const d = getRight(_.fromTable({ label: 'species' })(iris))
    expect(Array.from(d.inputs.data)).toEqual([5.1, 1.4, 7, 4.7, 6.3, 6, 4.9, 1.4])
    expect(d.inputs.shape).toEqual([4, 2])
    expect(Array.from(d.targets.data)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0])
    expect(d.classes).toEqual(['setosa', 'versicolor', 'virginica'])
    expect(d.featureNames).toEqual(['sepal', 'petal'])
  })

  it('takes the named feature columns in the order named, and the class order given', () => {
    const d = getRight(
      _.fromTable({ label: 'species', features: ['petal'], classes: ['virginica', 'versicolor', 'setosa'] })(iris)
    )
    expect(Array.from(d.inputs.data)).toEqual([1.4, 4.7, 6, 1.4])
    expect(Array.from(d.targets.data)).toEqual([0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 1])
    expect(d.featureNames).toEqual(['petal'])
  })

  it('sorts class names that are all numbers by their value, others by code units', () => {
    const numbers = {
      header: ['x', 'y'],
      rows: [
        ['1', '10'],
        ['2', '2'],
        ['3', '-1'],
        ['4', '2.5']
      ]
    }
    expect(getRight(_.fromTable({ label: 'y' })(numbers)).classes).toEqual(['-1', '2', '2.5', '10'])
    const words = {
      header: ['x', 'y'],
      rows: [
        ['1', 'b'],
        ['2', 'B'],
        ['3', '10'],
        ['4', 'a']
      ]
    }
    expect(getRight(_.fromTable({ label: 'y' })(words)).classes).toEqual(['10', 'B', 'a', 'b'])
  })

  it('reads a regression target as numbers, [n, 1]', () => {
    const d = getRight(_.fromTable({ label: 'petal', task: 'regression', features: ['sepal'] })(iris))
    expect(d.targets.shape).toEqual([4, 1])
    expect(Array.from(d.targets.data)).toEqual([1.4, 4.7, 6, 1.4])
    expect(d.classes).toBeUndefined()
  })

  it('names the line and the column of an empty or non-numeric cell', () => {
    const table = {
      header: ['a', 'b', 'c'],
      rows: [
        ['1', '2', 'x'],
        ['1', ' ', 'y']
      ]
    }
    expect(getLeft(_.fromTable({ label: 'c' })(table))).toEqual({
      _tag: 'InvalidTable',
      row: 3,
      column: 'b',
      message: 'line 3, column "b": the cell is empty; expected a number'
    })
    for (const cell of ['abc', 'NaN', 'Infinity', '0x10', '1,5', '1e400']) {
      const bad = {
        header: ['a', 'c'],
        rows: [
          ['1', 'x'],
          ['2', 'y'],
          [cell, 'z']
        ]
      }
      expect(getLeft(_.fromTable({ label: 'c' })(bad))).toMatchObject({ row: 4, column: 'a' })
    }
  })

  it('uses the row numbers a parser gives, and its word for rows', () => {
    const table = {
      header: ['a', 'c'],
      rows: [
        ['1', 'x'],
        ['?', 'y']
      ],
      rowNumbers: [3, 7]
    }
    expect(getLeft(_.fromTable({ label: 'c' })(table)).message).toBe('line 7, column "a": "?" is not a number')
  })

  it('names the first missing column of a short row, and a long row as a whole', () => {
    const short = { header: ['a', 'b', 'c'], rows: [['1', '2', 'x'], ['1']] }
    expect(getLeft(_.fromTable({ label: 'c' })(short))).toMatchObject({ row: 3, column: 'b' })
    const long = { header: ['a', 'c'], rows: [['1', 'x', 'extra']] }
    expect(getLeft(_.fromTable({ label: 'c' })(long))).toMatchObject({ row: 2, column: null })
  })

  it('refuses a missing label column, an unknown feature, an empty table and a header alone', () => {
    expect(getLeft(_.fromTable({ label: 'kind' })(iris))).toMatchObject({ row: 1, column: 'kind' })
    expect(getLeft(_.fromTable({ label: 'species', features: ['sepal', 'width'] })(iris))).toMatchObject({
      row: 1,
      column: 'width'
    })
    expect(getLeft(_.fromTable({ label: 'species', features: ['species'] })(iris))).toMatchObject({ column: 'species' })
    expect(getLeft(_.fromTable({ label: 'x' })({ header: [], rows: [] }))).toMatchObject({ row: 1 })
    expect(getLeft(_.fromTable({ label: 'x' })({ header: ['x', 'y'], rows: [] }))).toMatchObject({ row: 2 })
    expect(getLeft(_.fromTable({ label: 'x' })({ header: ['x', 'x'], rows: [['1', '2']] }))).toMatchObject({
      row: 1,
      column: 'x'
    })
  })

  it('refuses a label outside the classes given, and a single class', () => {
    expect(getLeft(_.fromTable({ label: 'species', classes: ['setosa', 'virginica'] })(iris))).toMatchObject({
      row: 3,
      column: 'species'
    })
    const one = { header: ['x', 'y'], rows: [['1', 'a']] }
    expect(getLeft(_.fromTable({ label: 'y' })(one))).toMatchObject({ column: 'y' })
  })

  it('gives back a data set from its own rows written as text, bit for bit', () => {
    const row = fc.tuple(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom('p', 'q', 'r')
    )
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 20 }), (rows) => {
        const table = { header: ['u', 'v', 'k'], rows: rows.map(([u, v, k]) => [String(u), String(v), k]) }
        const d = _.fromTable({ label: 'k', classes: ['p', 'q', 'r'] })(table)
        if (d._tag === 'Left') return false
        // String(-0) is "0": the sign of a zero is the one thing text does not keep
        return rows.every(
          ([u, v, k], i) =>
            d.right.inputs.data[2 * i] === u &&
            d.right.inputs.data[2 * i + 1] === v &&
            d.right.targets.data[3 * i + ['p', 'q', 'r'].indexOf(k)] === 1
        )
      })
    )
  })
})

describe('inputsOfTable', () => {
  it('takes the named columns, or all but the label', () => {
    expect(getRight(_.inputsOfTable({ features: ['petal'] })(iris)).featureNames).toEqual(['petal'])
    const all = getRight(_.inputsOfTable({ label: 'species' })(iris))
    expect(all.inputs.shape).toEqual([4, 2])
    expect(getLeft(_.inputsOfTable({})(iris))).toMatchObject({ row: 2, column: 'species' })
  })
})

describe('fromRecords', () => {
  it('reads JSON records with the options of a table, numbers as numbers or text', () => {
    const d = getRight(
      _.fromRecords({ label: 'kind' })([
        { x: 1, y: '2', kind: 'b' },
        { x: 3, y: 4, kind: 'a' }
      ])
    )
    expect(Array.from(d.inputs.data)).toEqual([1, 2, 3, 4])
    expect(d.classes).toEqual(['a', 'b'])
  })

  it('names the record (1-based) and the key at fault', () => {
    const recs = [
      { x: 1, kind: 'a' },
      { x: 2, kind: 'b' },
      { x: null, kind: 'a' }
    ]
    expect(getLeft(_.fromRecords({ label: 'kind' })(recs))).toEqual({
      _tag: 'InvalidTable',
      row: 3,
      column: 'x',
      message: 'row 3, column "x": expected a number, got null'
    })
    expect(getLeft(_.fromRecords({ label: 'kind' })([{ x: 1, kind: 'a' }, { kind: 'b' }]))).toMatchObject({
      row: 2,
      column: 'x'
    })
    expect(
      getLeft(
        _.fromRecords({ label: 'kind' })([
          { x: 1, kind: 'a' },
          { x: 1, kind: 'b', z: 0 }
        ])
      )
    ).toMatchObject({
      row: 2,
      column: 'z'
    })
    expect(getLeft(_.fromRecords({ label: 'kind' })({ x: 1 }))).toMatchObject({ row: null })
    expect(getLeft(_.fromRecords({ label: 'kind' })([]))).toMatchObject({ _tag: 'InvalidTable' })
    expect(getLeft(_.fromRecords({ label: 'kind' })([{ x: 1, kind: 'a' }, 7]))).toMatchObject({ row: 2 })
  })
})

describe('arguments of the wrong type (from JSON, through any)', () => {
  it('answer InvalidArgument rather than throwing', () => {
    const hostile: ReadonlyArray<unknown> = [
      null,
      3,
      'x',
      [],
      { label: 1 },
      { label: 'y', features: 'x' },
      { label: 'y', task: 'both' }
    ]
    for (const options of hostile) {
      expect(getLeft(_.fromTable(options as _.TableOptions)(iris))._tag).toBe('InvalidArgument')
      expect(getLeft(_.fromRecords(options as _.TableOptions)([{ y: 'a' }]))._tag).toBe('InvalidArgument')
    }
    const tables: ReadonlyArray<unknown> = [
      null,
      { header: 'x', rows: [] },
      { header: ['x'], rows: [1] },
      { ...iris, rowWord: { toString: 1 } }
    ]
    for (const table of tables) {
      expect(getLeft(_.fromTable({ label: 'species' })(table as _.Table))._tag).toBe('InvalidArgument')
      expect(getLeft(_.inputsOfTable({})(table as _.Table))._tag).toBe('InvalidArgument')
    }
  })
})
