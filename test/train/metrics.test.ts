import { describe, expect, it } from 'vitest'
import * as _ from '../../src/train/metrics.js'
import { getLeft, getRight } from '../either.js'
import { t } from '../tensor/fixtures.js'

// Four samples of three classes: true classes 0, 1, 2, 2; predicted 0, 2, 2, 1.
const targets = t([
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
  [0, 0, 1]
])
const predictions = t([
  [0.8, 0.1, 0.1],
  [0.2, 0.3, 0.5],
  [0.1, 0.1, 0.8],
  [0.3, 0.4, 0.3]
])

describe('accuracy', () => {
  it('counts the rows whose arg-max matches', () => {
    expect(getRight(_.accuracy(targets)(predictions))).toBe(0.5)
    expect(getRight(_.accuracy(targets)(targets))).toBe(1)
  })

  it('refuses shapes that disagree and an empty set', () => {
    expect(getLeft(_.accuracy(targets)(t([[1, 0, 0]])))._tag).toBe('ShapeMismatch')
    expect(getLeft(_.accuracy(t([[], []]))(t([[], []])))._tag).toBe('ShapeMismatch')
  })
})

describe('confusionMatrix and classReports', () => {
  it('tabulate true against predicted classes', () => {
    const m = getRight(_.confusionMatrix(targets)(predictions))
    expect(m).toEqual([
      [1, 0, 0],
      [0, 0, 1],
      [0, 1, 1]
    ])
    expect(_.classReports(m)).toEqual([
      { precision: 1, recall: 1, support: 1 },
      { precision: 0, recall: 0, support: 1 },
      { precision: 0.5, recall: 0.5, support: 2 }
    ])
  })
})

describe('a single column', () => {
  it('is a binary problem with the class-1 probability, thresholded at ½', () => {
    const y = t([[1], [0], [1], [0]])
    const p = t([[0.9], [0.2], [0.4], [0.5]])
    expect(getRight(_.accuracy(y)(p))).toBe(0.5)
    expect(getRight(_.confusionMatrix(y)(p))).toEqual([
      [1, 1],
      [1, 1]
    ])
  })
})

describe('meanLoss', () => {
  it('weights each batch’s mean loss by its size', () => {
    expect(
      getRight(
        _.meanLoss([
          { loss: 1, size: 3 },
          { loss: 3, size: 1 }
        ])
      )
    ).toBe(1.5)
  })

  it('refuses to average nothing', () => {
    expect(getLeft(_.meanLoss([]))._tag).toBe('InvalidArgument')
  })
})
