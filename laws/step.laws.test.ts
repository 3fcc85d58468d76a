import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { fusionCase } from './arbitraries/fusion.js'
import { stepCase } from './arbitraries/step.js'
import * as _ from './step.js'

describe('step laws', () => {
  it('the step a run folds answers what the reference step answers, bit for bit, step after step', () => {
    fc.assert(
      fc.property(stepCase, (c) => _.stepIsReferenceStep(c.model, c.optimizer, c.state, c.batches, c.switchAt, c.other))
    )
  })

  it('most generated runs take several steps and switch structure (the law above is not met by failing at once)', () => {
    const cases = fc.sample(stepCase, 200)
    const steps = (c: (typeof cases)[number]): number => {
      const step = _.referenceStep(c.model, c.optimizer)
      let s = c.state
      for (let i = 0; i < c.batches.length; i++) {
        if (i === c.switchAt) s = { ...s, params: c.other, optState: c.optimizer.init(c.other) }
        const r = step(s, c.batches[i]!)
        if (E.isLeft(r)) return i
        s = r.right.state
      }
      return c.batches.length
    }
    const switched = cases.filter((c) => c.switchAt > 0 && steps(c) > c.switchAt).length
    expect(cases.filter((c) => steps(c) >= 2).length).toBeGreaterThan(80)
    expect(switched).toBeGreaterThan(30)
  })

  it('an epoch through the general step equals the compiled epoch and the reference epoch, bit for bit', () => {
    fc.assert(fc.property(fusionCase, (c) => _.generalEpochIsCompiledAndReference(c.config, c.state, c.data)))
  })
})
