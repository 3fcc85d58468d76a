import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../../src/node/sweep/SweepSpec.js'
import { getRight } from '../../either.js'

const base: _.JobConfig = {
  data: 'threeClass',
  spec: { sizes: [3, 4, 3], activations: ['tanh', 'identity'], loss: 'softmaxCrossEntropy' },
  optimizer: 'sgd',
  learningRate: 0.1,
  batchSize: 10,
  epochs: 5,
  seed: 0
}

describe('jobConfig', () => {
  it('enumerates a grid with the last field (in sorted order) varying fastest', () => {
    const spec: _.SweepSpec = {
      name: 'g',
      seed: 0,
      metric: 'loss',
      base,
      grid: { seed: [0, 1], learningRate: [0.01, 0.1, 1] }
    }
    expect(_.jobCount(spec)).toBe(6)
    const configs = [0, 1, 2, 3, 4, 5].map((i) => getRight(_.jobConfig(spec)(i)))
    expect(configs.map((c) => [c.learningRate, c.seed])).toEqual([
      [0.01, 0],
      [0.01, 1],
      [0.1, 0],
      [0.1, 1],
      [1, 0],
      [1, 1]
    ])
  })
  it('sets a field inside an array by its dotted path, leaving the base as it was', () => {
    const spec: _.SweepSpec = { name: 'g', seed: 0, metric: 'loss', base, grid: { 'spec.sizes.1': [2, 16] } }
    expect(getRight(_.jobConfig(spec)(1)).spec.sizes).toEqual([3, 16, 3])
    expect(base.spec.sizes).toEqual([3, 4, 3])
  })
  it('draws a random search job from (sweep seed, job index) alone, within its ranges', () => {
    const spec: _.SweepSpec = {
      name: 'r',
      seed: 7,
      metric: 'loss',
      base,
      random: {
        count: 20,
        fields: {
          learningRate: { min: 1e-3, max: 1, log: true },
          optimizer: ['sgd', 'adam'],
          'spec.sizes.1': { min: 2, max: 9, integer: true }
        }
      }
    }
    const a = getRight(_.jobConfig(spec)(13))
    expect(getRight(_.jobConfig(spec)(13))).toEqual(a)
    expect(a.learningRate).toBeGreaterThanOrEqual(1e-3)
    expect(a.learningRate).toBeLessThanOrEqual(1)
    expect(Number.isInteger(a.spec.sizes[1])).toBe(true)
    expect(getRight(_.jobConfig({ ...spec, seed: 8 })(13))).not.toEqual(a)
    const all = Array.from({ length: 20 }, (_x, i) => getRight(_.jobConfig(spec)(i)).optimizer)
    expect(new Set(all)).toEqual(new Set(['sgd', 'adam']))
  })
  it('answers an index outside the sweep with a Left', () => {
    expect(E.isLeft(_.jobConfig({ name: 'g', seed: 0, metric: 'loss', base, grid: { seed: [0] } })(1))).toBe(true)
  })
})
