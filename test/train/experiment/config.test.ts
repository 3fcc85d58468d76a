import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../../src/train/experiment/config.js'
import { optimizer } from '../../../src/train/experiment/prepare.js'
import { explained, starter, STARTERS } from '../../../src/cli/starters.js'
import { getLeft, getRight } from '../../either.js'
import * as Advanced from '../../../src/advanced.js'

/** A starter config as a user's file holds it: plain JSON with its comments. */
const json = (name: (typeof STARTERS)[number] = 'iris'): Record<string, any> =>
  JSON.parse(JSON.stringify(explained(starter(name))))

describe('decodeExperiment', () => {
  it('accepts every starter config, comments and all, and gives the starter back', () => {
    for (const name of STARTERS) expect(getRight(_.decodeExperiment(json(name)))).toEqual(starter(name))
  })

  it('gives a config back from its encoding', () => {
    for (const name of STARTERS) {
      const c = starter(name)
      expect(getRight(_.decodeExperiment(JSON.parse(JSON.stringify(_.ExperimentC.encode(c)))))).toEqual(c)
    }
  })

  it('refuses a config with three mistakes in three lines that name the path, the expectation and the value', () => {
    const c = json()
    c.optimizer.lr = -0.1
    c.optimizer.learningrate = 0.1
    c.split.test = 2
    expect(getLeft(_.decodeExperiment(c)).problems).toEqual([
      'split.test: expected a number strictly between 0 and 1, got 2',
      'optimizer.learningrate: unknown key in optimizer "adam"; expected "name", "lr", "b1", "b2", "eps", "schedule", got 0.1',
      'optimizer.lr: expected a positive finite number, got -0.1'
    ])
  })

  it('names a missing field, an unknown kind and a wrong type', () => {
    const c = json()
    delete c.stop.maxEpochs
    c.optimizer = { name: 'adamm', lr: 0.1 }
    c.batching.shuffle = 'yes'
    expect(getLeft(_.decodeExperiment(c)).problems).toEqual([
      `optimizer.name: expected one of ${Advanced.Optim.optimizers.map((o) => JSON.stringify(o.name)).join(', ')}, got "adamm"`,
      'batching.shuffle: expected true or false, got "yes"',
      'stop.maxEpochs: missing; expected a whole number ≥ 1'
    ])
  })

  it('knows every optimizer of Optim.optimizers, the library’s first seven among them, and builds it', () => {
    expect(Advanced.Optim.optimizers.map((o) => o.name).slice(0, 7)).toEqual([
      'sgd',
      'momentum',
      'nesterov',
      'adam',
      'adamw',
      'rmsprop',
      'adagrad'
    ])
    // each hyperparameter at the first of these values its range takes
    const pool = [0.5, 1e-8, 0]
    for (const o of Advanced.Optim.optimizers) {
      const c = json()
      c.optimizer = { name: o.name, lr: 0.1, schedule: { name: 'constant' } }
      for (const [name, range] of o.fields) c.optimizer[name] = pool.find(range.test)
      const decoded = getRight(_.decodeExperiment(c))
      expect(decoded.optimizer.name).toBe(o.name)
      const built = getRight(optimizer(decoded))
      expect(getRight(built.learningRate(built.init({ w: 0 })))).toBe(0.1)
      c.optimizer.lr = -1
      expect(getLeft(_.decodeExperiment(c)).problems).toEqual([
        'optimizer.lr: expected a positive finite number, got -1'
      ])
    }
  })

  it('refuses parts that disagree: activations per hidden layer, the held-out fractions, the loss and the output', () => {
    const c = json()
    c.model.activations = ['tanh', 'tanh']
    c.split.validation = 0.9
    c.model.output = 'softmax'
    expect(getLeft(_.decodeExperiment(c)).problems.map((l) => l.split(':')[0])).toEqual([
      'model.activations',
      'split.validation',
      'model.output'
    ])
  })

  it('refuses test + validation of exactly 1 at decoding, naming split.validation', () => {
    const c = json()
    c.split.test = 0.5
    c.split.validation = 0.5
    expect(getLeft(_.decodeExperiment(c)).problems).toEqual([
      'split.validation: expected test + validation below 1, got 0.5 + 0.5'
    ])
  })

  it('decodes a split exactly when test + validation is below 1, sums of exactly 1 drawn as often as the rest', () => {
    const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true })
    const split = fc
      .oneof(
        // the edge: test = 1 − validation, and pairs whose sum is 1 in floating point
        fraction.map((v) => [1 - v, v] as const),
        fc.constantFrom([0.5, 0.5] as const, [0.25, 0.75] as const, [0.75, 0.25] as const, [0.7, 0.3] as const),
        fc.tuple(fraction, fraction)
      )
      .filter(([t, v]) => t > 0 && t < 1 && v < 1) // each field on its own is valid: their sum decides
    fc.assert(
      fc.property(split, ([test, validation]) => {
        const c = json()
        c.split.test = test
        c.split.validation = validation
        const r = _.decodeExperiment(c)
        return test + validation < 1
          ? E.isRight(r)
          : E.isLeft(r) &&
              r.left.problems.length === 1 &&
              r.left.problems[0] === `split.validation: expected test + validation below 1, got ${test} + ${validation}`
      })
    )
  })

  it('says when the text is not JSON', () => {
    expect(getLeft(_.decodeExperimentJson('{ "data": ')).problems[0]).toMatch(/^\(root\): not JSON/)
  })

  it('never throws, and refuses anything that is not a config with at least one line', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (u) => {
        const r = _.decodeExperiment(u)
        return E.isLeft(r) && r.left.problems.length >= 1
      })
    )
  })

  it('reports a wrong value at any leaf of a config by that leaf’s path', () => {
    const c = json()
    const leaves: Array<ReadonlyArray<string>> = []
    const walk = (o: Record<string, unknown>, path: ReadonlyArray<string>): void => {
      for (const [k, v] of Object.entries(o)) {
        if (k === '$comment') continue
        if (typeof v === 'object' && v !== null && !Array.isArray(v)) walk(v as Record<string, unknown>, [...path, k])
        else leaves.push([...path, k])
      }
    }
    walk(c, [])
    fc.assert(
      fc.property(fc.constantFrom(...leaves), fc.constantFrom<unknown>({ x: 1 }, 'NaN', -1e309), (path, bad) => {
        const broken = structuredClone(c)
        let o = broken
        for (const k of path.slice(0, -1)) o = o[k]
        o[path[path.length - 1]!] = bad
        const problems = getLeft(_.decodeExperiment(broken)).problems
        return problems.length === 1 && problems[0]!.startsWith(`${path.join('.')}:`)
      })
    )
  })
})
