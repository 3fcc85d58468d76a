import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { classNames, labels, size } from '../../src/data/Dataset.js'
import * as _ from '../../src/data/digits.js'
import { heldOutAccuracy } from './bundledTraining.js'

describe('digits', () => {
  it('holds the 1797 images of scikit-learn’s digits.csv.gz, pixels 0 to 16, labels 0 to 9', () => {
    expect(size(_.digits)).toBe(1797)
    expect(_.digits.inputs.shape).toEqual([1797, 64])
    expect(classNames(_.digits)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
    // the file's values, row by row (64 pixels, then the label), joined by commas: its SHA-256
    const ls = labels(_.digits)
    const text = Array.from({ length: 1797 }, (_r, r) =>
      [...Array.from(_.digits.inputs.data.subarray(64 * r, 64 * r + 64)), ls[r]].join(',')
    ).join(',')
    expect(createHash('sha256').update(text).digest('hex')).toBe(
      '71a6760dfdd27dac148756aaf9c92f3cc55e95182523fa2c808f623872e4db5d'
    )
  })

  it('is learnt by a 64-32-10 tanh network in 8 epochs to held-out accuracy ≥ 0.92', () => {
    const accuracy = heldOutAccuracy(_.digits, {
      hidden: [32],
      activation: 'tanh',
      lr: 0.01,
      batch: 32,
      epochs: 8,
      seed: 0
    })
    expect(accuracy).toBeGreaterThanOrEqual(0.92)
  })
})
