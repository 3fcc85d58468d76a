import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../../src/node/sweep/SweepSpec.js'
import { getRight } from '../../either.js'

// An experiment-like config: the sweep only sees JSON.
const base = {
  data: { source: 'bundled', name: 'three-class' },
  model: { hidden: [4], activations: ['tanh'] },
  optimizer: { name: 'sgd', lr: 0.1 },
  seed: 0
}

interface Job {
  readonly model: { readonly hidden: ReadonlyArray<number> }
  readonly optimizer: { readonly name: string; readonly lr: number }
  readonly seed: number
}
const job = (spec: _.SweepSpec, i: number): Job => getRight(_.jobConfig(spec)(i)) as Job

describe('jobConfig', () => {
  it('enumerates a grid with the last field (in sorted order) varying fastest', () => {
    const spec: _.SweepSpec = {
      name: 'g',
      seed: 0,
      metric: 'test.loss',
      base,
      grid: { seed: [0, 1], 'optimizer.lr': [0.01, 0.1, 1] }
    }
    expect(_.jobCount(spec)).toBe(6)
    const configs = [0, 1, 2, 3, 4, 5].map((i) => job(spec, i))
    expect(configs.map((c) => [c.optimizer.lr, c.seed])).toEqual([
      [0.01, 0],
      [0.01, 1],
      [0.1, 0],
      [0.1, 1],
      [1, 0],
      [1, 1]
    ])
  })
  it('sets a field inside an array by its dotted path, leaving the base as it was', () => {
    const spec: _.SweepSpec = { name: 'g', seed: 0, metric: 'test.loss', base, grid: { 'model.hidden.0': [2, 16] } }
    expect(job(spec, 1).model.hidden).toEqual([16])
    expect(job(spec, 1).optimizer).toEqual(base.optimizer)
    expect(base.model.hidden).toEqual([4])
  })
  it('draws a random search job from (sweep seed, job index) alone, within its ranges', () => {
    const spec: _.SweepSpec = {
      name: 'r',
      seed: 7,
      metric: 'test.loss',
      base,
      random: {
        count: 20,
        fields: {
          'optimizer.lr': { min: 1e-3, max: 1, log: true },
          'optimizer.name': ['sgd', 'adam'],
          'model.hidden.0': { min: 2, max: 9, integer: true }
        }
      }
    }
    const a = job(spec, 13)
    expect(job(spec, 13)).toEqual(a)
    expect(a.optimizer.lr).toBeGreaterThanOrEqual(1e-3)
    expect(a.optimizer.lr).toBeLessThanOrEqual(1)
    expect(Number.isInteger(a.model.hidden[0])).toBe(true)
    expect(job({ ...spec, seed: 8 }, 13)).not.toEqual(a)
    const all = Array.from({ length: 20 }, (_x, i) => job(spec, i).optimizer.name)
    expect(new Set(all)).toEqual(new Set(['sgd', 'adam']))
  })
  it('answers an index outside the sweep with a Left', () => {
    expect(E.isLeft(_.jobConfig({ name: 'g', seed: 0, metric: 'test.loss', base, grid: { seed: [0] } })(1))).toBe(true)
  })
})
