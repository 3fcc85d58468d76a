import { describe, expect, it } from 'vitest'
import * as _ from '../../src/data/DataError.js'

describe('DataError constructors', () => {
  it('name the operation of an empty data set', () => {
    expect(_.emptyDataset('take')).toEqual({
      _tag: 'EmptyDataset',
      where: 'take',
      message: 'take: the data set has no samples; at least one is needed'
    })
  })

  it('name the row, the label and the range of an invalid label', () => {
    expect(_.invalidLabel(4, 2.5, 3)).toEqual({
      _tag: 'InvalidLabel',
      row: 4,
      label: 2.5,
      classes: 3,
      message: 'label of row 4 is 2.5; expected an integer from 0 to 2'
    })
  })

  it('name the batch size', () => {
    expect(_.invalidBatchSize(0)).toEqual({
      _tag: 'InvalidBatchSize',
      size: 0,
      message: 'batch size is 0; expected a whole number ≥ 1'
    })
  })
})
