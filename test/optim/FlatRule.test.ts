import { describe, expect, it } from 'vitest'
import { adam, sgd } from '../../src/optim/alias.js'
import { chain } from '../../src/optim/chain.js'
import * as _ from '../../src/optim/FlatRule.js'
import { gradientTransformation } from '../../src/optim/GradientTransformation.js'
import { unsafeMake } from '../../src/tensor/Tensor.js'
import { getRight } from '../either.js'

const params = { w: unsafeMake([2], Float64Array.of(1, 2)), b: unsafeMake([], Float64Array.of(0.5)) }

describe('flat rules', () => {
  it('are found on the library’s transformations and their chains, not on a user’s own', () => {
    const a = getRight(adam({ lr: 0.1 }))
    expect(_.flatRuleOf(a)).toBeDefined()
    expect(_.flatRuleOf(chain(a, getRight(sgd(0.1))))).toBeDefined()
    expect(_.flatRuleOf(gradientTransformation(a.init, a.update, a.stateC))).toBeUndefined()
    expect(_.flatRuleOf(undefined)).toBeUndefined()
  })

  it('say plain gradient descent by its rate, and nothing else does', () => {
    expect(_.flatRuleOf(getRight(sgd(0.25)))?.rate).toBe(0.25)
    expect(_.flatRuleOf(getRight(adam({ lr: 0.25 })))?.rate).toBeUndefined()
  })

  it('load a state of the parameters’ structure only, finite, and save it as fresh trees', () => {
    const a = getRight(adam({ lr: 0.1 }))
    const load = _.compileOptimizer(_.flatRuleOf(a)!, params)
    const state = a.init(params)
    const stage = load(state)!
    expect(stage.save()).toEqual(state)
    expect(stage.save()).not.toBe(state)
    const [moments, rate] = state
    const wrongSize = { ...moments, mu: { ...(moments.mu as object), w: unsafeMake([3], new Float64Array(3)) } }
    const infinite = { ...moments, nu: { ...(moments.nu as object), b: unsafeMake([], Float64Array.of(Infinity)) } }
    expect(load([wrongSize, rate])).toBeUndefined()
    expect(load([infinite, rate])).toBeUndefined()
    expect(load([moments])).toBeUndefined()
    expect(load([moments, { count: -1 }])).toBeUndefined()
  })

  it('take a whole step in place, answering NaN where the tree rule would refuse the step', () => {
    const s = getRight(sgd(0.5))
    const step = _.compileOptimizer(_.flatRuleOf(s)!, params)(s.init(params))!
    const w = [Float64Array.of(1, 2), Float64Array.of(0.5)]
    expect(step.descend([Float64Array.of(2, -2), Float64Array.of(1)], w)).toBe(0)
    expect(w).toEqual([Float64Array.of(0, 3), Float64Array.of(0)])
    expect(step.save()).toEqual({ count: 1 })
    expect(
      step.descend([Float64Array.of(1e308, 0), Float64Array.of(0)], [Float64Array.of(-1e308, 0), Float64Array.of(0)])
    ).toBe(0)
    expect(
      step.descend([Float64Array.of(-1e308, 0), Float64Array.of(0)], [Float64Array.of(1.7e308, 0), Float64Array.of(0)])
    ).toBeNaN()
  })
})
