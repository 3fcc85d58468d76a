import * as E from 'fp-ts/lib/Either.js'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { threeClass } from '../../../src/data/threeClass.js'
import { plan } from '../../../src/data/EpochPlan.js'
import { stochastic } from '../../../src/data/Batching.js'
import { unsafeDataset } from '../../../src/data/Dataset.js'
import { halfSumSquares, mse } from '../../../src/nn/losses.js'
import { softmaxCrossEntropy } from '../../../src/nn/logitLosses.js'
import { unsafeMiniBatch } from '../../../src/data/Batching.js'
import { uniform } from '../../../src/random/uniform.js'
import { mlp, type MlpParams } from '../../../src/nn/mlp.js'
import { mul } from '../../../src/ad/ops/arithmetic.js'
import type { Model } from '../../../src/train/Model.js'
import { unsafeMake } from '../../../src/tensor/Tensor.js'
import { threeTwoThreeMlp } from '../../../src/nn/threeTwoThree.js'
import { adam, momentum, sgd } from '../../../src/optim/alias.js'
import { chain } from '../../../src/optim/chain.js'
import type { AnyTransformation } from '../../../src/optim/chain.js'
import { clipByValue } from '../../../src/optim/clipByValue.js'
import { scale } from '../../../src/optim/scale.js'
import { key } from '../../../src/random/Key.js'
import { epochWithSteps } from '../../../src/train/loop/epoch.js'
import * as _ from '../../../src/train/loop/compiledEpoch.js'
import type { EpochConfig } from '../../../src/train/loop/epoch.js'
import type { TrainState } from '../../../src/train/bookkeeping/TrainState.js'
import type { Dataset } from '../../../src/data/Dataset.js'
import type { Params } from '../../../src/tree/Tree.js'
import { fit, fitFrom } from '../../../src/train/loop/fit.js'
import { initialState } from '../../../src/train/bookkeeping/TrainState.js'
import { bitsEqual } from '../../../laws/purity.js'
import { RESIDENT_MIN } from '../../../src/tensor/wasm/simd.js'

const get = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(String(e.left))
  return e.right
}

/** The epoch with the compiled kernel plugged in, each step's record kept. */
const compiledEpochWithSteps =
  <P extends Params, S>(config: EpochConfig<P, S>) =>
  (state: TrainState<P, S>, data: Dataset) =>
    epochWithSteps(_.withCompiledKernel<P, S, EpochConfig<P, S>>(config, state.params))(state, data)

const params = get(threeTwoThreeMlp.init(get(key(7))))
const model = { forward: threeTwoThreeMlp.forward, loss: halfSumSquares }

describe('compiled span kernels', () => {
  it('compile for the founding network with a library loss and optimizer', () => {
    expect(_.compiledKernel({ model, optimizer: get(sgd(0.5)), batching: stochastic() }, params)).toBeDefined()
  })

  it('compile for a model and a loss wrapped in functions of the user’s (nothing is recognised by identity)', () => {
    const wrapped: Model<MlpParams> = { forward: (p) => model.forward(p), loss: (y) => halfSumSquares(y) }
    expect(_.compiledKernel({ model: wrapped, optimizer: get(sgd(0.5)), batching: stochastic() }, params)).toBeDefined()
  })

  it('do not compile for parameters that are not all tensors (a record of numbers runs the general step)', () => {
    const line: Model<{ readonly w: number }> = { forward: (p) => mul(p.w), loss: mse }
    expect(
      _.compiledKernel({ model: line, optimizer: get(sgd(0.5)), batching: stochastic() }, { w: 1 })
    ).toBeUndefined()
  })

  it('give the general epoch’s report to the bit, steps included (Adam, one sample a step)', () => {
    const optimizer = get(adam({ lr: 0.1 }))
    const config = { model, optimizer, batching: stochastic({ shuffle: true }) }
    const state = initialState(optimizer)(params, get(key(1)))
    const compiled = compiledEpochWithSteps(config)(state, threeClass)
    expect(E.isRight(compiled) && compiled.right.steps.length).toBe(30)
    expect(bitsEqual(compiled, epochWithSteps(config)(state, threeClass))).toBe(true)
  })

  it('let fit run compiled: 20 epochs equal 20 epochs of the general fold', () => {
    const optimizer = get(sgd(0.5))
    const config = { model, optimizer, batching: stochastic(), maxEpochs: 20 }
    const run = get(fit(config)(params, get(key(2)), threeClass))
    let state = initialState(optimizer)(params, get(key(2)))
    for (let i = 0; i < 20; i++) state = get(epochWithSteps(config)(state, threeClass)).state
    expect(bitsEqual(run.state.params, state.params)).toBe(true)
  })

  it('give up where the last step’s update overflows, as the general step fails there (plain SGD)', () => {
    // ŷ = w·x from w = 0 on (x, y) = (1, 1): the gradient of (ŷ − y)² is −2, so SGD at rate
    // 1e308 makes w + 2e308 = ∞ at the epoch's one step; the general step fails, and so must the compiled epoch
    const net = get(mlp({ sizes: [1, 1], activations: ['identity'], bias: false }))
    const optimizer = get(sgd(1e308))
    const config = { model: { forward: net.forward, loss: mse }, optimizer, batching: stochastic() }
    const data = unsafeDataset(unsafeMake([1, 1], Float64Array.of(1)), unsafeMake([1, 1], Float64Array.of(1)))
    const state = initialState(optimizer)([{ w: unsafeMake([1, 1], Float64Array.of(0)) }], get(key(0)))
    const general = epochWithSteps(config)(state, data)
    expect(E.isLeft(general)).toBe(true)
    expect(bitsEqual(compiledEpochWithSteps(config)(state, data), general)).toBe(true)
  })

  it('give up where the last step’s sum overflows under a finite update (a rule that does not end in a learning rate)', () => {
    // ŷ = w·x with w = 1e308 and x = 4e-139, y = ŷ + 5e153: the loss (ŷ − y)² ≈ 2.5e307 and the
    // update −3e292·2(ŷ − y)·x ≈ 1.2e308 are finite, w + update is not; the chain ends in `scale`,
    // so the step is `apply` then the sum, whose check must fail the span as the general step fails
    const net = get(mlp({ sizes: [1, 1], activations: ['identity'], bias: false }))
    const optimizer = chain(get(sgd(3e292)), get(scale(1)))
    const config = { model: { forward: net.forward, loss: mse }, optimizer, batching: stochastic() }
    const x = 4e-139
    const data = unsafeDataset(
      unsafeMake([1, 1], Float64Array.of(x)),
      unsafeMake([1, 1], Float64Array.of(1e308 * x + 5e153))
    )
    const state = initialState(optimizer)([{ w: unsafeMake([1, 1], Float64Array.of(1e308)) }], get(key(0)))
    const general = epochWithSteps(config)(state, data)
    expect(E.isLeft(general) && general.left.message).toMatch(/Infinity/)
    expect(bitsEqual(compiledEpochWithSteps(config)(state, data), general)).toBe(true)
  })

  // ŷ = w·x with w = 1e-50 at x = 1e200, y = 0: the loss ½ŷ² = 5e299 is finite, its gradient
  // ŷ·x = 1e350 is not; the general step fails there, and so must the compiled epoch: under a clip,
  // though clipping would make the update finite; under plain SGD, whose program leaves the
  // gradients to SGD's one pass, where w + (−0.1)·∞ is not finite. Also with 2¹⁴ outputs, whose
  // weights and gradients are resident in the wasm kernel's memory, where SGD's pass runs in the module
  const overflowing: ReadonlyArray<readonly [string, AnyTransformation, number]> = [
    ['before a clip could hide it', chain(get(clipByValue(-0.1, 0.2)), get(sgd(0.1))), 1],
    ['under plain SGD, whose one pass checks the gradients', get(sgd(0.1)), 1],
    ['under plain SGD, its pass over resident weights (2¹⁴ outputs) in wasm', get(sgd(0.1)), RESIDENT_MIN]
  ]
  it.each(overflowing)('give up where a gradient overflows under a finite loss, %s', (_, optimizer, width) => {
    const net = get(mlp({ sizes: [1, width], activations: ['identity'], bias: false }))
    const config = { model: { forward: net.forward, loss: halfSumSquares }, optimizer, batching: stochastic() }
    const data = unsafeDataset(
      unsafeMake([1, 1], Float64Array.of(1e200)),
      unsafeMake([1, width], new Float64Array(width))
    )
    const w = unsafeMake([1, width], new Float64Array(width).fill(1e-50))
    const state = initialState(optimizer)([{ w }], get(key(0)))
    const general = epochWithSteps(config)(state, data)
    expect(E.isLeft(general)).toBe(true)
    expect(bitsEqual(compiledEpochWithSteps(config)(state, data), general)).toBe(true)
  })

  it('answer a span from a state by that state alone, whatever span ran before (Adam)', () => {
    // the kernel keeps its buffers and its loaded optimizer from span to span: after a span from
    // `state`, a span from the state it answered continues, and a span from `state` again starts over
    const optimizer = get(adam({ lr: 0.1 }))
    const config = { model, optimizer, batching: stochastic() }
    const state = initialState(optimizer)(params, get(key(1)))
    const kernel = _.compiledKernel(config, params)!
    const p = get(plan(config.batching)(threeClass, state.key, 0))
    const span = (s: typeof state) => {
      const r = kernel(s, p, 0, p.batchCount)
      if (r._tag === 'None' || E.isLeft(r.value)) throw new Error('the kernel gave up')
      return r.value.right
    }
    const first = span(state)
    const second = span(first.state)
    expect(bitsEqual(span(state), first)).toBe(true)
    expect(bitsEqual(span(first.state), second)).toBe(true)
    expect(bitsEqual(second, span(first.state))).toBe(true)
  })

  it('give the general epoch’s report to the bit where the products run in wasm (4-16-3, batches of 16)', () => {
    // 16·4·16 and 16·16·3 multiply-adds: each product of a full batch takes the wasm kernel, the
    // last batch of 8 rows the plain loop
    const net = get(mlp({ sizes: [4, 16, 3], activations: ['sigmoid', 'identity'] }))
    const inputs = get(uniform([40, 4], { low: -2, high: 2 })(get(key(3))))
    const labels = get(uniform([40])(get(key(4))))
    const targets = unsafeMake(
      [40, 3],
      Float64Array.from({ length: 120 }, (_, i) => (Math.floor(labels.data[Math.floor(i / 3)]! * 3) === i % 3 ? 1 : 0))
    )
    const data = unsafeDataset(inputs, targets)
    const optimizers: ReadonlyArray<AnyTransformation> = [get(sgd(0.1)), get(momentum(0.1, 0.9))]
    for (const optimizer of optimizers) {
      const config = {
        model: { forward: net.forward, loss: softmaxCrossEntropy },
        optimizer,
        batching: unsafeMiniBatch(16, { shuffle: true })
      }
      const state = initialState(optimizer)(get(net.init(get(key(5)))), get(key(6)))
      const compiled = compiledEpochWithSteps(config)(state, data)
      expect(E.isRight(compiled) && compiled.right.steps.length).toBe(3)
      expect(bitsEqual(compiled, epochWithSteps(config)(state, data))).toBe(true)
    }
  })

  it('let runs of one model and optimizer share a kernel: interleaved runs equal the general fold’s', () => {
    // fit keeps one kernel per model, optimizer and layout; runs from other weights,
    // resumed in turns, must not see each other's buffers or optimizer state (Adam keeps some)
    const optimizer = get(adam({ lr: 0.05 }))
    const config = { model, optimizer, batching: stochastic(), maxEpochs: 2 }
    const starts = [params, get(threeTwoThreeMlp.init(get(key(8))))]
    const runs = starts.map((p) => get(fit(config)(p, get(key(3)), threeClass)))
    const more = runs.map((r) => get(fitFrom({ ...config, maxEpochs: 4 })(r, threeClass)))
    starts.forEach((p, i) => {
      let state = initialState(optimizer)(p, get(key(3)))
      for (let e = 0; e < 4; e++) state = get(epochWithSteps(config)(state, threeClass)).state
      expect(bitsEqual(more[i]!.state, state)).toBe(true)
    })
  })
  it('hand parameters off between epochs nothing measures, and give back parameters of their own', () => {
    // a 3-128-128-3 network (17 155 numbers: large enough to be handed off); with evaluateEvery: 5
    // the kernel runs epochs 1–4, 6 and 7 in its own buffers, uncopied; the state fit answers
    // must still be the caller's alone: runs on the same kernel afterwards leave it be
    const net = get(mlp({ sizes: [3, 128, 128, 3], activations: ['relu', 'relu', 'sigmoid'] }))
    const wide = { forward: net.forward, loss: halfSumSquares }
    const start = get(net.init(get(key(9))))
    const optimizer = get(sgd(0.05))
    const config = { model: wide, optimizer, batching: stochastic({ shuffle: true }), maxEpochs: 7, evaluateEvery: 5 }
    const first = get(fit(config)(start, get(key(4)), threeClass))
    const kept = structuredClone(first.state.params)
    const again = get(fitFrom({ ...config, maxEpochs: 10 })(first, threeClass))
    const twice = get(fitFrom({ ...config, maxEpochs: 10 })(first, threeClass))
    expect(bitsEqual(first.state.params, kept)).toBe(true)
    expect(bitsEqual(again.state, twice.state)).toBe(true)
    expect(again.state.params[1]!.w.data).not.toBe(twice.state.params[1]!.w.data)
    let state = initialState(optimizer)(start, get(key(4)))
    for (let e = 0; e < 10; e++) state = get(epochWithSteps(config)(state, threeClass)).state
    expect(bitsEqual(again.state, state)).toBe(true)
  })

  it('give a failed run’s last good state parameters of its own, where epochs before it were handed off', () => {
    // ŷ = x·w for one sample x = 1 and 2¹⁴ outputs, y = 0, loss ½Σŷ², SGD at rate 1000:
    // w ← −999·w each epoch of one step, until the loss overflows; no epoch is measured, so every
    // epoch before the failure is handed off
    const width = 1 << 14
    const net = get(mlp({ sizes: [1, width], activations: ['identity'], bias: false }))
    const optimizer = get(sgd(1000))
    const line = { forward: net.forward, loss: halfSumSquares }
    const config = { model: line, optimizer, batching: stochastic(), maxEpochs: 200, evaluateEvery: 1000 }
    const data = unsafeDataset(unsafeMake([1, 1], Float64Array.of(1)), unsafeMake([1, width], new Float64Array(width)))
    const ones = (v: number): MlpParams => [{ w: unsafeMake([1, width], new Float64Array(width).fill(v)) }]
    const failed = fit(config)(ones(1), get(key(0)), data)
    if (E.isRight(failed) || !('lastGood' in failed.left)) throw new Error('the run did not diverge')
    const lastGood = failed.left.lastGood
    const kept = structuredClone(lastGood.params)
    // another run on the same kernel, from other weights
    get(fit({ ...config, maxEpochs: 3 })(ones(1e-3), get(key(0)), data))
    expect(bitsEqual(lastGood.params, kept)).toBe(true)
    // the general fold fails at the same step, from the same last good state
    let state = initialState(optimizer)(ones(1), get(key(0)))
    for (;;) {
      const next = epochWithSteps(config)(state, data)
      if (E.isLeft(next)) break
      state = next.right.state
    }
    expect(lastGood.epoch).toBeGreaterThan(40)
    expect(bitsEqual(lastGood, state)).toBe(true)
  })

  describe('with a layer large enough to be resident in the wasm kernel’s memory', () => {
    afterEach(() => {
      vi.unstubAllGlobals()
      vi.resetModules()
    })

    /**
     * A 256-64-10 network (its first layer 2¹⁴ weights) trained 3 epochs of batches of 64 (a
     * batch's inputs 2¹⁴ numbers too; the last batch of 32), by the library as loaded now.
     */
    const train = async (shuffle: boolean) => {
      const { fit } = await import('../../../src/train/loop/fit.js')
      const { mlp } = await import('../../../src/nn/mlp.js')
      const { sgd } = await import('../../../src/optim/alias.js')
      const { key } = await import('../../../src/random/Key.js')
      const { unsafeMiniBatch } = await import('../../../src/data/Batching.js')
      const { unsafeDataset } = await import('../../../src/data/Dataset.js')
      const { unsafeMake } = await import('../../../src/tensor/Tensor.js')
      const { softmaxCrossEntropy } = await import('../../../src/nn/logitLosses.js')
      const net = get(mlp({ sizes: [256, 64, 10], activations: ['relu', 'identity'] }))
      const inputs = unsafeMake(
        [160, 256],
        Float64Array.from({ length: 160 * 256 }, (_, i) => Math.sin(i))
      )
      const targets = unsafeMake(
        [160, 10],
        Float64Array.from({ length: 160 * 10 }, (_, i) => (i % 11 === 0 ? 1 : 0))
      )
      const config = {
        model: { forward: net.forward, loss: softmaxCrossEntropy },
        optimizer: get(sgd(0.1)),
        batching: unsafeMiniBatch(64, { shuffle }),
        maxEpochs: 3,
        evaluateEvery: 1000
      }
      return get(fit(config)(get(net.init(get(key(3)))), get(key(4)), unsafeDataset(inputs, targets))).state
    }

    it.each([false, true])(
      'trains to the same bits without WebAssembly (JavaScript products and SGD on ordinary arrays), shuffled: %s',
      async (shuffle) => {
        vi.resetModules()
        const here = await train(shuffle)
        vi.stubGlobal('WebAssembly', undefined)
        vi.resetModules()
        const without = await train(shuffle)
        expect(here.step).toBe(9)
        expect(bitsEqual(here, without)).toBe(true)
      }
    )
  })
})
