import { describe, expect, it } from 'vitest'
import { fromRows } from '../../src/data/Dataset.js'
import * as _ from '../../src/data/Standardizer.js'
import { trainTestSplit } from '../../src/data/split.js'
import { counting, k0, left, right, rowsOf } from './helpers.js'

const data = (rows: ReadonlyArray<ReadonlyArray<number>>) =>
  right(
    fromRows(
      rows,
      rows.map(() => [1])
    )
  )

describe('fitStandardizer', () => {
  it('fits the mean and the population standard deviation of each feature', () => {
    const s = right(
      _.fitStandardizer(
        data([
          [0, 1],
          [2, 1],
          [4, 4],
          [6, 2]
        ])
      )
    )
    expect(Array.from(s.mean.data)).toEqual([3, 2])
    expect(Array.from(s.std.data)).toEqual([Math.sqrt(5), Math.sqrt(1.5)])
    expect(s.mean.shape).toEqual([2])
  })

  it('gives a constant feature its value as mean and 1 as standard deviation', () => {
    const s = right(
      _.fitStandardizer(
        data([
          [0.1, 7],
          [0.1, 9],
          [0.1, 8]
        ])
      )
    )
    expect(Array.from(s.mean.data)).toEqual([0.1, 8])
    expect(s.std.data[0]).toBe(1)
  })

  it('fits features near the largest double without overflowing', () => {
    const s = right(_.fitStandardizer(data([[1.7e308], [-1.7e308]])))
    expect([s.mean.data[0], s.std.data[0]]).toEqual([0, 1.7e308])
  })

  it('fits features near the smallest double without underflowing to a zero deviation', () => {
    const s = right(_.fitStandardizer(data([[0], [2 ** -1073]])))
    expect([s.mean.data[0], s.std.data[0]]).toEqual([2 ** -1074, 2 ** -1074])
  })

  it('names a feature whose values span more than the largest double', () => {
    expect(left(_.fitStandardizer(data([[1.7e308], [-1.7e308], [1.7e308]])))).toMatchObject({
      _tag: 'NonFinite',
      where: 'fitStandardizer: mean of feature 0',
      value: -Infinity
    })
  })
})

describe('applyStandardizer', () => {
  const s = right(
    _.fitStandardizer(
      data([
        [1, 5],
        [3, 5]
      ])
    )
  )

  it('maps x to (x − mean) / std, leaving a constant feature centred but unscaled', () => {
    expect(
      rowsOf(
        right(
          _.applyStandardizer(s)(
            data([
              [1, 5],
              [3, 5],
              [4, 7]
            ])
          )
        ).inputs
      )
    ).toEqual([
      [-1, 0],
      [1, 0],
      [2, 2]
    ])
  })

  it('keeps the targets as they are', () => {
    const d = data([[1, 5]])
    expect(right(_.applyStandardizer(s)(d)).targets).toBe(d.targets)
  })

  it('rejects a data set with another number of features', () => {
    expect(left(_.applyStandardizer(s)(data([[1, 2, 3]])))).toMatchObject({
      _tag: 'ShapeMismatch',
      message: 'applyStandardizer: fitted on 2 features, given 3 (shapes [2] and [1, 3])'
    })
  })

  it('names the row and the column of a value that overflows', () => {
    const narrow = right(_.fitStandardizer(data([[0], [1]])))
    expect(left(_.applyStandardizer(narrow)(data([[0], [1.7e308]])))).toMatchObject({
      _tag: 'NonFinite',
      where: 'applyStandardizer, row 1, column 0'
    })
  })
})

describe('standardizeSplit', () => {
  it('fits on the training part and applies the same map to the test part', () => {
    const split = right(trainTestSplit({ testFraction: 0.3 })(counting(10), k0))
    const r = right(_.standardizeSplit(split))
    expect(r.standardizer).toEqual(right(_.fitStandardizer(split.train)))
    expect(r.test).toEqual(right(_.applyStandardizer(r.standardizer)(split.test)))
    expect(r.train).toEqual(right(_.applyStandardizer(r.standardizer)(split.train)))
    expect([r.trainIndices, r.testIndices]).toEqual([split.trainIndices, split.testIndices])
  })
})
