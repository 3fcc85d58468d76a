import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/data/Dataset.js'
import { unsafeMake } from '../../src/tensor/Tensor.js'
import { left, matrix, right, rowsOf } from './helpers.js'

const x = matrix([
  [1, 0, 0],
  [0, 1, 0]
])
const y = matrix([
  [1, 0],
  [0, 1]
])

describe('make', () => {
  it('pairs inputs [n, features] with targets [n, outputs], keeping the tensors', () => {
    const d = right(_.make(x, y))
    expect(d).toEqual({ _tag: 'Dataset', inputs: x, targets: y })
    expect(d.inputs).toBe(x)
    expect(Object.isFrozen(d)).toBe(true)
  })

  it('rejects inputs that are not a matrix, naming them', () => {
    expect(left(_.make(unsafeMake([3], Float64Array.of(1, 2, 3)), y))).toMatchObject({
      _tag: 'ShapeMismatch',
      message: 'Dataset: inputs must be a matrix [samples, columns], got rank 1 (shapes [3])'
    })
  })

  it('rejects targets without a column', () => {
    expect(left(_.make(x, unsafeMake([2, 0], new Float64Array(0)))).message).toBe(
      'Dataset: targets need at least one column (shapes [2, 0])'
    )
  })

  it('rejects inputs and targets with different numbers of rows', () => {
    expect(left(_.make(x, matrix([[1, 0]])))).toMatchObject({
      _tag: 'ShapeMismatch',
      message: 'Dataset: inputs have 2 rows, targets 1 (shapes [2, 3] and [1, 2])'
    })
  })

  it('rejects an empty data set', () => {
    expect(left(_.make(unsafeMake([0, 3], new Float64Array(0)), unsafeMake([0, 2], new Float64Array(0))))).toEqual({
      _tag: 'EmptyDataset',
      where: 'Dataset',
      message: 'Dataset: the data set has no samples; at least one is needed'
    })
  })

  it('rejects NaN in the inputs, naming the row and the column', () => {
    const bad = matrix([
      [1, 0, 0],
      [0, NaN, 0]
    ])
    expect(left(_.make(bad, y))).toEqual({
      _tag: 'NonFinite',
      where: 'Dataset inputs, row 1, column 1',
      index: 4,
      value: NaN,
      message: 'Dataset inputs, row 1, column 1: element 4 is NaN; only finite numbers are allowed'
    })
  })

  it('rejects an infinity in the targets, naming the row and the column', () => {
    expect(
      left(
        _.make(
          x,
          matrix([
            [1, 0],
            [Infinity, 1]
          ])
        )
      )
    ).toMatchObject({ where: 'Dataset targets, row 1, column 0', value: Infinity })
  })
})

describe('fromRows', () => {
  it('builds the matrices from rows', () => {
    const d = right(
      _.fromRows(
        [
          [0.5, 1],
          [1, 0.5]
        ],
        [
          [1, 0],
          [0, 1]
        ]
      )
    )
    expect(rowsOf(d.inputs)).toEqual([
      [0.5, 1],
      [1, 0.5]
    ])
    expect(d.targets.shape).toEqual([2, 2])
  })

  it('names a ragged row', () => {
    expect(left(_.fromRows([[0.5, 1], [1]], [[1], [0]]))).toEqual({
      _tag: 'InvalidArgument',
      op: 'fromRows',
      message: 'fromRows: inputs row 1 has 1 values; row 0 has 2'
    })
    expect(left(_.fromRows([[1], [2]], [[1], [0, 1]])).message).toBe(
      'fromRows: targets row 1 has 2 values; row 0 has 1'
    )
  })

  it('names the row and the column of a NaN', () => {
    expect(
      left(
        _.fromRows(
          [
            [0.5, 1],
            [1, NaN]
          ],
          [[1], [0]]
        )
      ).message
    ).toBe('Dataset inputs, row 1, column 1: element 3 is NaN; only finite numbers are allowed')
  })

  it('rejects no rows at all as an empty data set', () => {
    expect(left(_.fromRows([], []))._tag).toBe('EmptyDataset')
  })

  it('copies the rows, so later changes to them do not reach the data set', () => {
    const rows = [[1, 2]]
    const d = right(_.fromRows(rows, [[0]]))
    rows[0]![0] = 99
    expect(d.inputs.data[0]).toBe(1)
  })
})

describe('fromLabels', () => {
  it('one-hot encodes the labels as targets [n, classes]', () => {
    const d = right(_.fromLabels(3)(matrix([[0.1], [0.5], [0.9]]), [2, 0, 1]))
    expect(rowsOf(d.targets)).toEqual([
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0]
    ])
  })

  it('names the row of a label out of range', () => {
    expect(left(_.fromLabels(3)(matrix([[0], [1]]), [0, 3]))).toEqual({
      _tag: 'InvalidLabel',
      row: 1,
      label: 3,
      classes: 3,
      message: 'label of row 1 is 3; expected an integer from 0 to 2'
    })
  })

  it('rejects as many labels as rows only', () => {
    expect(left(_.fromLabels(2)(matrix([[0], [1]]), [0])).message).toBe(
      'fromLabels: inputs have 2 rows, labels 1 (shapes [2, 1] and [1])'
    )
  })
})

describe('destructors', () => {
  const d = right(_.make(x, y))

  it('counts samples, features and outputs', () => {
    expect([_.size(d), _.features(d), _.outputs(d)]).toEqual([2, 3, 2])
  })

  it("reads each sample's class as the column of its largest target, the first on ties", () => {
    expect(_.labels(d)).toEqual([0, 1])
    expect(
      _.labels(
        right(
          _.fromRows(
            [[0], [0], [0]],
            [
              [0.2, 0.7, 0.1],
              [0.5, 0.5, 0],
              [-1, -3, -2]
            ]
          )
        )
      )
    ).toEqual([1, 0, 0])
  })

  it('gives the labels back after fromLabels', () => {
    const ls = [1, 0, 2, 2, 1]
    expect(_.labels(right(_.fromLabels(3)(matrix(ls.map((l) => [l])), ls)))).toEqual(ls)
  })
})

describe('validateWidths', () => {
  const d = right(_.make(x, y))

  it('passes a data set of the expected widths, either of which may be left out', () => {
    expect(_.validateWidths({ features: 3, outputs: 2 })(d)).toEqual(E.right(d))
    expect(_.validateWidths({ outputs: 2 })(d)).toEqual(E.right(d))
    expect(_.validateWidths({})(d)).toEqual(E.right(d))
  })

  it('names targets whose width does not match the model', () => {
    expect(left(_.validateWidths({ features: 3, outputs: 3 })(d)).message).toBe(
      'validateWidths: the model gives 3 outputs; targets [2, 2] have 2 (shapes [2, 2])'
    )
  })

  it('names inputs whose width does not match the model', () => {
    expect(left(_.validateWidths({ features: 2 })(d)).message).toBe(
      'validateWidths: the model takes 2 features; inputs [2, 3] have 3 (shapes [2, 3])'
    )
  })
})

describe('rows and tensors of the wrong type, as they arrive from JSON', () => {
  it('names the row and the column of a cell that is not a number', () => {
    expect(
      left(
        _.fromRows(
          [
            [1, 2],
            [3, '4' as never]
          ],
          [[0], [1]]
        )
      ).message
    ).toBe('fromRows: inputs row 1, column 1 is "4"; expected a number')
    expect(left(_.fromRows([[1], null as never], [[0], [1]])).message).toBe(
      'fromRows: inputs row 1 is null; expected an array of numbers'
    )
    expect(left(_.fromRows({} as never, [[0]])).message).toBe(
      'fromRows: inputs is a record; expected an array of rows of numbers'
    )
  })

  it('refuses inputs that are not a tensor, and a data set that is not one', () => {
    expect(left(_.fromLabels(2)([[1], [2]] as never, [0, 1])).message).toBe(
      'fromLabels: inputs is an array of 2 items; expected a tensor (Tensor.fromArray, Tensor.make, …)'
    )
    expect(left(_.validateWidths({ features: 3 })(null as never)).message).toBe(
      'validateWidths: the data set is null; expected a data set (Data.make, Data.fromRows, Data.fromLabels, …)'
    )
  })
})
