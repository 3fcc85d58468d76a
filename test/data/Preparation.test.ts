import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/data/Preparation.js'
import { Data, Tensor } from '../../src/index.js'
import { getLeft, getRight } from '../either.js'

const table: Data.Table = {
  header: ['size', 'colour', 'kind'],
  rows: [
    ['1', 'red', 'a'],
    ['', 'blue', 'b'],
    ['3', 'red', 'a'],
    ['5', '', 'b']
  ]
}

describe('fitPreparation and applyPreparation', () => {
  it('learns categories in sorted order and fills from the training part, mean and most frequent', () => {
    const p = getRight(_.fitPreparation({ label: 'kind', categorical: ['colour'], missing: 'impute' })(table))
    expect(p.columns).toEqual([
      { kind: 'numeric', name: 'size', fill: 3 },
      { kind: 'categorical', name: 'colour', categories: ['blue', 'red'], fill: 'red' }
    ])
    const r = getRight(_.applyPreparation(p)(table))
    expect(r.featureNames).toEqual(['size', 'colour=blue', 'colour=red'])
    expect(Tensor.toArray(r.inputs)).toEqual([1, 0, 1, 3, 1, 0, 3, 0, 1, 5, 0, 1])
    expect(r.kept).toEqual([0, 1, 2, 3])
  })

  it('drops the rows with an empty cell under "drop", and says which rows stayed', () => {
    const p = getRight(_.fitPreparation({ label: 'kind', categorical: ['colour'], missing: 'drop' })(table))
    const r = getRight(_.applyPreparation(p)(table))
    expect(r.kept).toEqual([0, 2])
    expect(r.inputs.shape).toEqual([2, 3])
  })

  it('refuses an empty cell under "refuse", an unseen category, and a stray categorical column, naming row and column', () => {
    expect(getLeft(_.fitPreparation({ label: 'kind', categorical: ['colour'] })(table)).message).toBe(
      "line 3, column \"size\": the cell is empty; set preprocessing.missing to 'drop' or 'impute' to accept empty cells"
    )
    const p = getRight(_.fitPreparation({ label: 'kind', categorical: ['colour'], missing: 'impute' })(table))
    expect(getLeft(_.applyPreparation(p)({ header: ['size', 'colour'], rows: [['1', 'green']] })).message).toBe(
      'line 2, column "colour": the category "green" was not in the training data; "colour" has "blue", "red"'
    )
    expect(getLeft(_.fitPreparation({ label: 'kind', categorical: ['kind'] })(table)).message).toMatch(
      /column "kind": a categorical column must be one of the input columns/
    )
  })

  it('gives exactly one 1 per categorical column per row, whatever the categories, and round-trips through its codec', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('x', 'y', 'z', '10', '9'), { minLength: 1, maxLength: 20 }), (cats) => {
        const t: Data.Table = { header: ['c'], rows: cats.map((c) => [c]) }
        const p = getRight(_.fitPreparation({ categorical: ['c'] })(t))
        const r = getRight(_.applyPreparation(p)(t))
        const k = r.inputs.shape[1]!
        const back = getRight(_.PreparationC.decode(JSON.parse(JSON.stringify(_.PreparationC.encode(p)))))
        return (
          cats.every((_c, i) => r.inputs.data.subarray(i * k, (i + 1) * k).reduce((a, v) => a + v, 0) === 1) &&
          JSON.stringify(back) === JSON.stringify(p)
        )
      })
    )
  })
})
