import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { epochWithSteps } from '../src/train/loop/epoch.js'
import { divergingCase, fusionCase } from './arbitraries/fusion.js'
import * as _ from './fusion.js'

describe('fusion laws: the compiled span kernel is the general step', () => {
  it('an epoch through the compiled kernel equals the general epoch bit for bit, failures included', () => {
    fc.assert(fc.property(fusionCase, (c) => _.compiledEqualsGeneral(c.config, c.state, c.data)))
  })

  it('equals it again from the state after an epoch (optimizer state carried over)', () => {
    fc.assert(
      fc.property(fusionCase, (c) => {
        const first = epochWithSteps(c.config)(c.state, c.data)
        return E.isLeft(first) || _.compiledEqualsGeneral(c.config, first.right.state, c.data)
      })
    )
  })

  it('equals it where the epoch overflows: the kernel gives up exactly where a general step fails', () => {
    fc.assert(fc.property(divergingCase, (c) => _.compiledEqualsGeneral(c.config, c.state, c.data)))
    fc.assert(fc.property(divergingCase, (c) => _.compilesWhenItCan(c.config, c.state, c.data)))
  })

  it('overflows in a good share of generated epochs at such rates (the law above is not met by epochs that succeed)', () => {
    const cases = fc.sample(divergingCase, 200)
    const failed = cases.filter((c) => E.isLeft(epochWithSteps(c.config)(c.state, c.data))).length
    expect(failed).toBeGreaterThan(20)
  })

  it('runs the epoch in the kernel exactly when the general epoch succeeds, whatever the model, loss and optimizer', () => {
    fc.assert(fc.property(fusionCase, (c) => _.compilesWhenItCan(c.config, c.state, c.data)))
  })

  it('runs most generated epochs in the kernel (the laws above are not met by falling back)', () => {
    const cases = fc.sample(fusionCase, 200)
    const ran = cases.filter((c) => _.kernelRuns(c.config, c.state, c.data)).length
    expect(ran).toBeGreaterThan(60)
  })
})
