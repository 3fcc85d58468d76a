// The fold over steps is a plain loop: a million steps run in constant stack. (A recursive
// fold would overflow V8's stack, about ten thousand frames deep, a hundred times over.)
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import * as AD from '../../../src/ad/index.js'
import { stochastic } from '../../../src/data/Batching.js'
import { make } from '../../../src/data/Dataset.js'
import { scaleByLearningRate } from '../../../src/optim/scaleByLearningRate.js'
import { unsafeMake } from '../../../src/tensor/Tensor.js'
import { epoch } from '../../../src/train/loop/epoch.js'
import type { Model } from '../../../src/train/Model.js'
import { initialState } from '../../../src/train/bookkeeping/TrainState.js'
import { getRight } from '../../either.js'
import { runKey } from '../fixtures.js'

type Slope = { readonly a: number }

// y = 3x, fitted by y = a·x with one weight.
const slope: Model<Slope> = {
  forward: (p) => (x) => AD.mul(p.a)(x),
  loss: (y) => (yHat) => pipe(yHat, AD.sub(y), AD.square, AD.mean)
}

describe('a million steps', () => {
  it('run as one stochastic epoch without growing the stack', () => {
    const n = 1_000_000
    const x = Float64Array.from({ length: n }, (_, i) => ((i % 997) - 498) / 498)
    const data = getRight(
      make(
        unsafeMake([n, 1], x),
        unsafeMake(
          [n, 1],
          x.map((v) => 3 * v)
        )
      )
    )
    const optimizer = getRight(scaleByLearningRate(0.01))
    const r = epoch({ model: slope, optimizer, batching: stochastic() })(
      initialState(optimizer)({ a: 0 }, runKey),
      data
    )
    expect(E.isRight(r)).toBe(true)
    const state = getRight(r).state
    expect(state.step).toBe(n)
    expect(state.params.a).toBeCloseTo(3, 12)
  }, 300_000)
})
