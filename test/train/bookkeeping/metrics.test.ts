import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as _ from '../../../src/train/bookkeeping/metrics.js'
import { getLeft, getRight } from '../../either.js'
import { t } from '../../tensor/fixtures.js'
import { unsafeMake } from '../../../src/tensor/Tensor.js'

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
    expect(getRight(_.classReports(m))).toEqual([
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

describe('regression metrics', () => {
  it('MSE and MAE over every element, R² per column averaged', () => {
    // column 1: targets 1, 2, 3 predicted 1, 2, 4 (SS_res 1, SS_tot 2, R² ½);
    // column 2: targets 0, 0, 6 predicted 0, 0, 6 (R² 1)
    const m = getRight(
      _.regressionMetrics(
        t([
          [1, 0],
          [2, 0],
          [3, 6]
        ])
      )(
        t([
          [1, 0],
          [2, 0],
          [4, 6]
        ])
      )
    )
    expect(m).toEqual({ mse: 1 / 6, mae: 1 / 6, r2: 0.75 })
  })

  it('a constant column has R² 1 when predicted exactly and 0 otherwise (scikit-learn’s convention)', () => {
    expect(getRight(_.regressionMetrics(t([[2], [2]]))(t([[2], [2]]))).r2).toBe(1)
    expect(getRight(_.regressionMetrics(t([[2], [2]]))(t([[2], [3]]))).r2).toBe(0)
  })

  it('refuses shapes that differ', () => {
    expect(getLeft(_.regressionMetrics(t([[1], [2]]))(t([[1, 2]])))._tag).toBe('ShapeMismatch')
  })
})

describe('taskOf', () => {
  it('one-hot rows, or one column of 0s and 1s, are a classification; anything else a regression', () => {
    expect(_.taskOf(targets)).toBe('classification')
    expect(_.taskOf(t([[0], [1], [1]]))).toBe('classification')
    expect(_.taskOf(t([[0.5], [1]]))).toBe('regression')
    expect(
      _.taskOf(
        t([
          [1, 1],
          [0, 1]
        ])
      )
    ).toBe('regression')
  })
})

describe('arguments of the wrong type, as they arrive from JSON', () => {
  it('refuses targets or predictions that are not tensors', () => {
    expect(getLeft(_.accuracy([[1, 0]] as never)(targets)).message).toBe(
      'accuracy: the targets is an array of 1 item; expected a tensor (Tensor.fromArray, Tensor.make, …)'
    )
  })

  it('refuses losses and matrices that are not lists of numbers', () => {
    expect(getLeft(_.meanLoss([{ loss: '1', size: 2 }] as never)).message).toBe(
      'meanLoss: the losses is an array of 1 item; expected an array of records { loss, size } of numbers'
    )
    expect(getLeft(_.classReports([[1, null]] as never)).message).toBe(
      'classReports: the matrix is an array of 1 item; expected an array of rows of finite numbers'
    )
  })
})

describe('accuracy and the confusion matrix', () => {
  it('accuracy is the trace of the confusion matrix over n, ties and single columns included', () => {
    // values from a small set, so that rows tie for their arg-max, and a single column sits on ½
    const matrix = (n: number, cols: number) =>
      fc
        .array(fc.constantFrom(0, 0.25, 0.5, 1, -0), { minLength: n * cols, maxLength: n * cols })
        .map((xs) => unsafeMake([n, cols], Float64Array.from(xs)))
    const pairs = fc
      .tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 4 }))
      .chain(([n, cols]) => fc.tuple(matrix(n, cols), matrix(n, cols)))
    fc.assert(
      fc.property(pairs, ([targets, predictions]) => {
        const m = getRight(_.confusionMatrix(targets)(predictions))
        const trace = m.reduce((sum, row, i) => sum + row[i]!, 0)
        return getRight(_.accuracy(targets)(predictions)) === trace / targets.shape[0]!
      })
    )
  })
})
