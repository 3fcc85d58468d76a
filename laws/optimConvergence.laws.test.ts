// The convergence laws, in a file of their own so that they run beside the other optimizer laws
// (they take most of the time: a few hundred updates per generated problem). The budgets (rates
// and steps) are derived, or measured, in laws/optim.ts's header.
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, it } from 'vitest'
import { adagrad, adam, adamw, momentum, nesterov, rmsprop, sgd } from '../src/optim/alias.js'
import type { AnyTransformation } from '../src/optim/chain.js'
import type { OptimError } from '../src/optim/OptimError.js'
import { cosineDecay, type Schedule } from '../src/optim/schedules.js'
import { quadratic, type Quadratic } from './arbitraries.js'
import { lawParameters } from './config.js'
import * as laws from './optim.js'

describe('optim: every optimizer drives a convex quadratic (eigenvalues in [0.1, 1], 1 to 8 scalars) within 1e-6 of its minimum', () => {
  const problems = quadratic(0.1, 1)
  const centred = problems.map((q): Quadratic => ({ ...q, target: new Float64Array(q.n) }))
  const cosine = (init: number, decaySteps: number) => cosineDecay({ init, decaySteps })
  const run = (optimizer: E.Either<OptimError, AnyTransformation>, steps: number, qs: fc.Arbitrary<Quadratic>) =>
    fc.assert(
      fc.property(qs, (q) => E.isRight(optimizer) && laws.drivesQuadraticToMinimum(optimizer.right, q, steps, 1e-6)),
      lawParameters
    )
  it('sgd(1) in 200 steps (contraction 0.9 per step)', () => run(sgd(1), 200, problems))
  it('momentum(1, 0.5) in 80 steps (spectral radius 2^(−1/2))', () => run(momentum(1, 0.5), 80, problems))
  it('nesterov(0.9, 0.6) in 80 steps (spectral radius < 0.739)', () => run(nesterov(0.9, 0.6), 80, problems))
  it('adam with the rate decayed from 0.3 to 0 (cosine) in 400 steps', () =>
    run(E.chain((lr: Schedule) => adam({ lr }))(cosine(0.3, 400)), 400, problems))
  it('adamw (weightDecay 1e-2) with the rate decayed from 0.3 to 0 in 400 steps, on quadratics centred at 0', () =>
    run(E.chain((lr: Schedule) => adamw({ lr, weightDecay: 1e-2 }))(cosine(0.3, 400)), 400, centred))
  it('rmsprop with the rate decayed from 0.1 to 0 (cosine) in 300 steps', () =>
    run(E.chain((lr: Schedule) => rmsprop({ lr }))(cosine(0.1, 300)), 300, problems))
  it('adagrad(1) in 600 steps', () => run(adagrad({ lr: 1 }), 600, problems))
})
