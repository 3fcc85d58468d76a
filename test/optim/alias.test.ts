// Each optimizer against an independent, straight-line implementation of the formula PyTorch
// documents for it (torch.optim), written here on flat Float64Arrays: 25 steps on a small MLP,
// compared at every step.
//
// Bit for bit where the reference runs the same float operations in the same order (SGD,
// momentum, Nesterov; p − lr·x and p + (−lr)·x are the same bits). Within 1e-12 relative (the
// largest gap over all parameters and steps, over the largest parameter) where the documented
// formula groups its arithmetic otherwise: it reads lr·m̂/(√v̂ + ε) as (lr·m̂)/(√v̂ + ε) and
// (1 − β₂)·g² as ((1 − β₂)·g)·g, and AdamW decays first (p·(1 − lr·wd), then the Adam step)
// where the chain adds −lr·(adam + wd·p). Each such regrouping moves an update by a few units of
// roundoff (2⁻⁵³ relative); 25 steps through a smooth loss carry that to ~1e-15, and any error in
// the formula (ε inside the root, a missing bias correction, decay coupled instead of
// decoupled) moves the first step by orders of magnitude more than 1e-12.
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, expectTypeOf, it } from 'vitest'
import * as _ from '../../src/optim/alias.js'
import { exponentialDecay, linearWarmup } from '../../src/optim/schedules.js'
import { flatten } from '../../src/tree/flatten.js'
import { getLeft, getRight } from '../either.js'
import type { AnyTransformation } from '../../src/optim/chain.js'
import type { OptimError } from '../../src/optim/OptimError.js'
import { fromFlat, lossAt, mlp0, referenceFlat, runFlat, sameBits, worstRelativeGap, type Mlp } from './fixtures.js'
// powers are gradfold's portable Elementary.pow, which the optimizers use: the same bits on every engine
import * as Elementary from '../../src/math/index.js'

const steps = 25
const n = flatten(mlp0).length
const zeros = () => new Float64Array(n)

describe('optimizers against PyTorch’s documented formulas, 25 steps on an MLP', () => {
  it('sgd: p ← p − lr·g, bit for bit', () => {
    const lr = 0.1
    const ours = runFlat(getRight(_.sgd(lr)), steps)
    const ref = referenceFlat(steps, (p, g) => p.forEach((_v, i) => (p[i] = p[i]! - lr * g[i]!)))
    expect(sameBits(ours, ref)).toBe(true)
    expect(lossAt(mlp0)).toBeGreaterThan(0)
  })

  it('sgd with a schedule: p ← p − lr(t)·g, lr(t) = 0.1·0.9^t, bit for bit', () => {
    const ours = runFlat(getRight(pipe(exponentialDecay({ init: 0.1, decayRate: 0.9 }), E.chain(_.sgd))), steps)
    const ref = referenceFlat(steps, (p, g, t) =>
      p.forEach((_v, i) => (p[i] = p[i]! - 0.1 * Elementary.pow(0.9, t - 1) * g[i]!))
    )
    expect(sameBits(ours, ref)).toBe(true)
  })

  it('momentum: v ← μ·v + g (v = g first), p ← p − lr·v, bit for bit', () => {
    const [lr, mu] = [0.05, 0.9]
    const v = zeros()
    const ours = runFlat(getRight(_.momentum(lr, mu)), steps)
    const ref = referenceFlat(steps, (p, g, t) =>
      p.forEach((_x, i) => {
        v[i] = t === 1 ? g[i]! : mu * v[i]! + g[i]!
        p[i] = p[i]! - lr * v[i]!
      })
    )
    expect(sameBits(ours, ref)).toBe(true)
  })

  it('nesterov: v ← μ·v + g (v = g first), p ← p − lr·(g + μ·v), bit for bit', () => {
    const [lr, mu] = [0.05, 0.9]
    const v = zeros()
    const ours = runFlat(getRight(_.nesterov(lr, mu)), steps)
    const ref = referenceFlat(steps, (p, g, t) =>
      p.forEach((_x, i) => {
        v[i] = t === 1 ? g[i]! : mu * v[i]! + g[i]!
        p[i] = p[i]! - lr * (g[i]! + mu * v[i]!)
      })
    )
    expect(sameBits(ours, ref)).toBe(true)
  })

  const adamReference = (lr: number, b1: number, b2: number, eps: number, wd: number) => {
    const [m, v] = [zeros(), zeros()]
    return referenceFlat(steps, (p, g, t) =>
      p.forEach((_x, i) => {
        p[i] = p[i]! * (1 - lr * wd)
        m[i] = b1 * m[i]! + (1 - b1) * g[i]!
        v[i] = b2 * v[i]! + (1 - b2) * g[i]! * g[i]!
        const mhat = m[i]! / (1 - Elementary.pow(b1, t))
        const vhat = v[i]! / (1 - Elementary.pow(b2, t))
        p[i] = p[i]! - (lr * mhat) / (Math.sqrt(vhat) + eps)
      })
    )
  }

  it('adam: bias-corrected moments, p ← p − lr·m̂/(√v̂ + ε), within 1e-12', () => {
    const ours = runFlat(getRight(_.adam({ lr: 0.01 })), steps)
    expect(worstRelativeGap(ours, adamReference(0.01, 0.9, 0.999, 1e-8, 0))).toBeLessThan(1e-12)
    const tuned = runFlat(getRight(_.adam({ lr: 0.02, b1: 0.5, b2: 0.9, eps: 1e-3 })), steps)
    expect(worstRelativeGap(tuned, adamReference(0.02, 0.5, 0.9, 1e-3, 0))).toBeLessThan(1e-12)
  })

  it('adamw: p ← p·(1 − lr·wd), then the Adam step, within 1e-12', () => {
    const ours = runFlat(getRight(_.adamw({ lr: 0.01, weightDecay: 0.1 })), steps)
    expect(worstRelativeGap(ours, adamReference(0.01, 0.9, 0.999, 1e-8, 0.1))).toBeLessThan(1e-12)
    // and the decay is really there: without it the trajectory is another one
    expect(worstRelativeGap(ours, adamReference(0.01, 0.9, 0.999, 1e-8, 0))).toBeGreaterThan(1e-6)
  })

  it('rmsprop: v ← α·v + (1 − α)·g², p ← p − lr·g/(√v + ε), within 1e-12', () => {
    const [lr, alpha, eps] = [0.01, 0.99, 1e-8]
    const v = zeros()
    const ours = runFlat(getRight(_.rmsprop({ lr })), steps)
    const ref = referenceFlat(steps, (p, g) =>
      p.forEach((_x, i) => {
        v[i] = alpha * v[i]! + (1 - alpha) * g[i]! * g[i]!
        p[i] = p[i]! - (lr * g[i]!) / (Math.sqrt(v[i]!) + eps)
      })
    )
    expect(worstRelativeGap(ours, ref)).toBeLessThan(1e-12)
  })

  it('adagrad: s ← s + g², p ← p − lr·g/(√s + ε), from s = initialAccumulatorValue, within 1e-12', () => {
    const [lr, eps, s0] = [0.1, 1e-10, 0.1]
    const s = new Float64Array(n).fill(s0)
    const ours = runFlat(getRight(_.adagrad({ lr, initialAccumulatorValue: s0 })), steps)
    const ref = referenceFlat(steps, (p, g) =>
      p.forEach((_x, i) => {
        s[i] = s[i]! + g[i]! * g[i]!
        p[i] = p[i]! - (lr * g[i]!) / (Math.sqrt(s[i]!) + eps)
      })
    )
    expect(worstRelativeGap(ours, ref)).toBeLessThan(1e-12)
  })

  it('every optimizer lowers the loss over the 25 steps', () => {
    const all = [
      _.sgd(0.1),
      _.momentum(0.05, 0.9),
      _.nesterov(0.05, 0.9),
      _.adam({ lr: 0.01 }),
      _.adamw({ lr: 0.01 }),
      _.rmsprop({ lr: 0.01 }),
      _.adagrad({ lr: 0.1 })
    ]
    for (const opt of all) {
      const last = runFlat(getRight<AnyTransformation>(opt), steps).at(-1) as Float64Array
      expect(lossAt(fromFlat(last))).toBeLessThan(0.9 * lossAt(mlp0))
    }
  })
})

describe('optimizer constructors', () => {
  it('use PyTorch’s defaults', () => {
    const ours = runFlat(getRight(_.adam()), 3)
    expect(sameBits(ours, runFlat(getRight(_.adam({ lr: 1e-3, b1: 0.9, b2: 0.999, eps: 1e-8 })), 3))).toBe(true)
    expect(
      sameBits(runFlat(getRight(_.adamw()), 3), runFlat(getRight(_.adamw({ lr: 1e-3, weightDecay: 1e-2 })), 3))
    ).toBe(true)
    expect(
      sameBits(runFlat(getRight(_.rmsprop()), 3), runFlat(getRight(_.rmsprop({ lr: 1e-2, alpha: 0.99, eps: 1e-8 })), 3))
    ).toBe(true)
    expect(
      sameBits(
        runFlat(getRight(_.adagrad()), 3),
        runFlat(getRight(_.adagrad({ lr: 1e-2, eps: 1e-10, initialAccumulatorValue: 0 })), 3)
      )
    ).toBe(true)
  })

  it('answer a Left naming the field for a bad hyperparameter', () => {
    const field = (e: E.Either<OptimError, unknown>) => {
      const l = getLeft(e)
      return l._tag === 'InvalidHyperparameter' ? `${l.where}.${l.field}` : l._tag
    }
    expect(field(_.sgd(-0.1))).toBe('sgd.lr')
    expect(field(_.sgd(Number.NaN))).toBe('sgd.lr')
    expect(field(_.momentum(0.1, 1))).toBe('momentum.momentum')
    expect(field(_.nesterov(Infinity, 0.9))).toBe('nesterov.lr')
    expect(field(_.adam({ b1: -0.1 }))).toBe('adam.b1')
    expect(field(_.adam({ b2: 1 }))).toBe('adam.b2')
    expect(field(_.adam({ eps: 0 }))).toBe('adam.eps')
    expect(field(_.adamw({ weightDecay: -1 }))).toBe('adamw.weightDecay')
    expect(field(_.rmsprop({ alpha: 1.5 }))).toBe('rmsprop.alpha')
    expect(field(_.rmsprop({ eps: -1e-8 }))).toBe('rmsprop.eps')
    expect(field(_.adagrad({ initialAccumulatorValue: -1 }))).toBe('adagrad.initialAccumulatorValue')
    expect(getLeft(_.adam({ b2: 1 })).message).toBe('adam: b2 is 1; expected a number in [0, 1)')
  })

  it('read the learning rate in force from the state, schedules included', () => {
    const opt = getRight(
      pipe(
        linearWarmup({ peak: 0.1, warmupSteps: 4 }),
        E.chain((lr) => _.adam({ lr }))
      )
    )
    let s = opt.init(mlp0)
    const seen: Array<number> = []
    for (let k = 0; k < 6; k++) {
      seen.push(getRight(opt.learningRate(s)))
      s = getRight(opt.update(mlp0, s, mlp0))[1]
    }
    expect(seen).toEqual([0, 1, 2, 3, 4, 5].map((t) => (t >= 4 ? 0.1 : (0.1 * t) / 4)))
    expect(getRight(getRight(_.sgd(0.3)).learningRate({ count: 7 }))).toBe(0.3)
  })

  it('answer a Left, not a negative step, when a schedule gives a bad rate', () => {
    const opt = getRight(_.sgd((t) => 0.1 - 0.06 * t))
    const s = getRight(opt.update(mlp0, getRight(opt.update(mlp0, opt.init(mlp0), mlp0))[1], mlp0))[1]
    expect(getLeft(opt.update(mlp0, s, mlp0))).toMatchObject({
      _tag: 'InvalidHyperparameter',
      field: 'lr',
      value: 0.1 - 0.06 * 2
    })
    expect(getLeft(opt.learningRate(s)).message).toContain('at step 2')
    expect(getLeft(getRight(_.sgd(() => Number.NaN)).update(mlp0, { count: 0 }, mlp0)).message).toContain('lr is NaN')
  })

  it('type the state of each optimizer', () => {
    expectTypeOf(getRight(_.adam())).toEqualTypeOf<_.Optimizer<_.AdamState>>()
    expectTypeOf(getRight(_.momentum(0.1, 0.9)).init(mlp0)).toEqualTypeOf<_.MomentumState>()
    expectTypeOf(getRight(_.adamw()).update(mlp0, getRight(_.adamw()).init(mlp0), mlp0)).toEqualTypeOf<
      E.Either<OptimError, readonly [Mlp, _.AdamWState]>
    >()
  })
})
