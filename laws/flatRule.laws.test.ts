import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { blocks, optimizers } from '../src/optim/catalog.js'
import { chain, type AnyTransformation } from '../src/optim/chain.js'
import { fromTree } from '../src/optim/FlatRule.js'
import { freeze } from '../src/optim/freeze.js'
import { gradientTransformation } from '../src/optim/GradientTransformation.js'
import { masked, validateMask } from '../src/optim/masked.js'
import { scaleByAdam } from '../src/optim/scaleByAdam.js'
import { scaleByLearningRate } from '../src/optim/scaleByLearningRate.js'
import { exponentialDecay } from '../src/optim/schedules.js'
import { paths, type Tree } from '../src/tree/Tree.js'
import { blockOf, flatRun, optimizerOf } from './arbitraries/flatRule.js'
import * as _ from './flatRule.js'

const get = <A>(r: E.Either<unknown, A>): A => {
  if (E.isLeft(r)) throw new Error(`arbitrary: ${JSON.stringify(r.left)}`)
  return r.right
}

/** The law for transformations drawn from `ts`, over generated runs. */
const holds = (ts: fc.Arbitrary<AnyTransformation>): void =>
  fc.assert(fc.property(ts, flatRun, (t, r) => _.flatRuleEqualsTreeRule(t, r.params, r.grads)))

/** A mask of the parameters' paths, one boolean per leaf. */
const pathMask = (params: Tree, choice: ReadonlyArray<boolean>) =>
  get(validateMask(Object.fromEntries(paths(params).map((p, i) => [p, choice[i] ?? false]))))

describe('flat rule laws: each component’s flat rule is its tree rule, bit for bit', () => {
  describe.each(blocks.map((b) => [b.tag, b] as const))('block %s', (_tag, entry) => {
    it('updates, saves its state and steps as its tree rule does, failures at the same step', () => {
      holds(blockOf(entry))
    })
  })

  describe.each(optimizers.map((o) => [o.name, o] as const))('optimizer %s', (_name, entry) => {
    it('updates, saves its state and steps as its tree rule does, failures at the same step', () => {
      holds(optimizerOf(entry))
    })
  })

  it('holds for a learning rate that is a schedule, one that turns negative included (refused at that step)', () => {
    const decaying = get(exponentialDecay({ init: 0.5, decayRate: 0.5, transitionSteps: 1 }))
    holds(fc.constantFrom(get(scaleByLearningRate(decaying)), get(scaleByLearningRate((n: number) => 0.5 - 0.2 * n))))
  })

  it('holds for chains of blocks (each composed rule the chain of its members’ rules)', () => {
    holds(fc.array(fc.oneof(...blocks.map(blockOf)), { minLength: 0, maxLength: 3 }).map((ts) => chain(...ts)))
  })

  it('holds for masked and freeze with a mask of paths (the inner rule on the chosen leaves)', () => {
    const inner = fc.oneof(...blocks.map(blockOf), ...optimizers.map(optimizerOf))
    fc.assert(
      fc.property(
        inner,
        flatRun,
        fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
        fc.boolean(),
        (t, r, choice, frozen) => {
          const mask = pathMask(r.params, choice)
          const m = frozen ? chain(freeze(mask), t) : masked(mask, t)
          return _.flatRuleEqualsTreeRule(m, r.params, r.grads)
        }
      )
    )
  })

  it('holds for fromTree, the flat rule any transformation gets from its tree rule (a user’s own, a mask of values)', () => {
    const own = (t: AnyTransformation): AnyTransformation => {
      const mine = gradientTransformation(t.init, t.update, t.stateC)
      return { ...mine, flat: fromTree(mine) }
    }
    const anyBlock = fc.oneof(...blocks.map(blockOf), ...optimizers.map(optimizerOf))
    holds(anyBlock.map(own))
    holds(anyBlock.map((t) => own(masked((_path, leaf) => typeof leaf !== 'number', t))))
  })

  it('is not met vacuously: generated runs both succeed to the end and fail on the way', () => {
    const adam = get(scaleByAdam({}))
    const runs = fc.sample(flatRun, 200)
    const ends = runs.map((r) => {
      let state = adam.init(r.params)
      for (const g of r.grads) {
        const u = adam.update(g, state, r.params)
        if (E.isLeft(u)) return false
        state = u.right[1]
      }
      return true
    })
    expect(ends.filter((x) => x).length).toBeGreaterThan(60)
    expect(ends.filter((x) => !x).length).toBeGreaterThan(10)
  })

  it('is false for a transformation without a flat rule', () => {
    const adam = get(scaleByAdam({}))
    const own: AnyTransformation = { init: adam.init, update: adam.update, stateC: adam.stateC }
    const r = fc.sample(flatRun, 1)[0]!
    expect(_.flatRuleEqualsTreeRule(own, r.params, r.grads)).toBe(false)
  })
})
