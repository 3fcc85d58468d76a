import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import * as AD from '../src/ad/index.js'
import { record } from '../src/ad/tape.js'
import * as NN from '../src/nn/index.js'
import { unsafeMake, type Tensor } from '../src/tensor/Tensor.js'
import { agreesWithCentralDifferences, firstOrderApproximationHolds } from './ad.js'
import {
  activation,
  arbKey,
  networkCase,
  networkLosses,
  probabilityRows,
  uniformDouble,
  uniformTensor,
  type NetworkCase,
  type NetworkLoss
} from './arbitraries.js'
import { bitsEqual, leavesInputsUnchanged, sharesNoBuffer } from './purity.js'
import * as _ from './nn.js'
import * as Advanced from '../src/advanced.js'

/**
 * A relu pre-activation closer to 0 than this is a kink that central differences (step about
 * 6e-6, moving a pre-activation by at most about 1e-4 through weights and inputs of size ≤ 1
 * and widths ≤ 8) could straddle: such cases are skipped with fc.pre.
 */
const KINK_MARGIN = 1e-3

const clear = (c: NetworkCase): void => {
  fc.pre(_.clearOfKinks(c, KINK_MARGIN))
}

const uniformIn = uniformTensor
const unit = uniformDouble(-1, 1)
const triple = fc.tuple(unit, unit, unit)
const weights: fc.Arbitrary<NN.ThreeTwoThree> = fc
  .array(uniformDouble(-2, 2), { minLength: 12, maxLength: 12 })
  .map((ws) => Object.fromEntries(ws.map((w, i) => [`w${i + 1}`, w])) as NN.ThreeTwoThree)
const label = fc
  .integer({ min: 0, max: 2 })
  .map((k): Advanced.NN.Triple => [k === 0 ? 1 : 0, k === 1 ? 1 : 0, k === 2 ? 1 : 0])

/** Logits in [−5, 5] `[rows, cols]` with targets: probability rows, or values in [0, 1]. */
const logitsAndTargets = (targets: 'probabilities' | 'unit') =>
  fc
    .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 8 }), fc.constantFrom<NN.Reduction>('mean', 'sum'))
    .chain(([rows, cols, reduction]) =>
      fc.record({
        z: uniformIn([rows, cols], -5, 5),
        y: targets === 'probabilities' ? probabilityRows(rows, cols) : uniformIn([rows, cols], 0, 1),
        reduction: fc.constant(reduction)
      })
    )

describe('network gradients agree with the founding text’s limit definition', () => {
  // The bar: 500 generated networks (widths 1-8, depth 1-3, every activation and loss,
  // random data, batches of 1-4), each scalar of every parameter within 1e-7 relative of its
  // central difference (laws/ad.ts's GRADIENT_TOLERANCE; relative to max(|ad|, |fd|, 1)).
  it('AD agrees with central differences within 1e-7 on 500 generated networks', () => {
    fc.assert(
      fc.property(networkCase(), (c) => {
        clear(c)
        return agreesWithCentralDifferences(_.networkLoss(c), c.params)
      }),
      { numRuns: 500 }
    )
  })

  it('the 500 networks cover every activation, every loss and both reductions', () => {
    const cases = fc.sample(networkCase(), { numRuns: 500 })
    const names = new Set(cases.flatMap((c) => c.activations.map((a) => (typeof a === 'object' ? 'leakyRelu(α)' : a))))
    expect([...names].sort()).toEqual(['identity', 'leakyRelu', 'leakyRelu(α)', 'relu', 'sigmoid', 'softmax', 'tanh'])
    expect(new Set(cases.map((c) => c.loss))).toEqual(new Set(networkLosses))
    expect(new Set(cases.map((c) => c.reduction))).toEqual(new Set(['mean', 'sum']))
    expect(new Set(cases.map((c) => c.sizes.length - 1))).toEqual(new Set([1, 2, 3]))
  })

  it('f(p + tΔ) − f(p − tΔ) ≈ 2t·∇f(p)ᵀΔ on generated networks', () => {
    const direction = fc.array(unit, { minLength: 1, maxLength: 16 })
    fc.assert(
      fc.property(networkCase(), direction, (c, d) => {
        clear(c)
        return firstOrderApproximationHolds(_.networkLoss(c), c.params, d)
      })
    )
  })
})

describe('linearity', () => {
  // Rounding in a backward pass is at most a few ε per multiply-add, relative to the magnitudes
  // being added; depth ≤ 3 and widths ≤ 8 add up at most a few hundred such terms, so 1e-12
  // norm-wise (relative to the largest gradient) holds with a margin of 10 or more.
  const LINEARITY_TOLERANCE = 1e-12

  it('the gradient of a sum of two losses is the sum of their gradients', () => {
    const second = networkCase().chain((c) =>
      fc.record({
        c: fc.constant(c),
        loss: fc.constantFrom<NetworkLoss>('mse', 'halfSumSquares', 'softmaxCrossEntropy', 'sigmoidBinaryCrossEntropy'),
        y: uniformIn(c.y.shape, 0, 1)
      })
    )
    fc.assert(
      fc.property(second, ({ c, loss, y }) =>
        _.gradientOfSumIsSumOfGradients(
          _.networkLoss(c),
          _.networkLoss({ ...c, loss, y }),
          c.params,
          LINEARITY_TOLERANCE
        )
      )
    )
  })

  it('the gradient over a batch is the mean (or sum) of the per-sample gradients', () => {
    fc.assert(fc.property(networkCase(), (c) => _.batchGradientIsMeanOfSampleGradients(c, LINEARITY_TOLERANCE)))
  })
})

describe('the founding text’s 3-2-3 network', () => {
  // Both sides compute the same products; only the hidden deltas sum three terms, so the
  // difference is a few ε relative to each gradient's scale (its terms in absolute value).
  it('the twelve gradients written out by hand with the chain rule equal AD within 1e-12', () => {
    fc.assert(fc.property(weights, triple, label, (w, x, y) => _.handGradientsEqualAD(w, x, y, 1e-12)))
  })

  it('the weight-by-weight record and the mlp give the same loss and gradients', () => {
    fc.assert(fc.property(weights, triple, label, (w, x, y) => _.recordAndMlpFormsAgree(w, x, y, 1e-12)))
  })
})

describe('fused ops equal what they fuse', () => {
  const elementwise = activation.filter((a): a is Advanced.NN.ElementwiseActivation => a !== 'softmax')
  const denseInput = fc
    .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.boolean())
    .chain(([m, k, n, bias]) =>
      fc.record({
        layer: bias
          ? fc.record({ w: uniformIn([k, n], -2, 2), b: uniformIn([n], -2, 2) })
          : fc.record({ w: uniformIn([k, n], -2, 2) }),
        x: uniformIn([m, k], -2, 2),
        c: uniformIn([m, n], -1, 1)
      })
    )

  it('denseActivation equals matmul, addRow and the activation, bit for bit', () => {
    fc.assert(
      fc.property(elementwise, denseInput, (a, { layer, x, c }) => _.denseActivationEqualsUnfused(a, layer, x, c))
    )
  })

  it('the mlp’s fused forward pass equals the unfused pipeline, bit for bit', () => {
    fc.assert(fc.property(networkCase(), (c) => _.mlpEqualsUnfused(c)))
  })

  // Logits in [−5, 5] and at most 8 classes keep every probability above e^-10 / 8: the unfused
  // path's log(exp(·)) and its 1/ŷ · ŷ in the pullback lose a few ε each, about 1e-14 in all.
  it('softmaxCrossEntropy equals crossEntropy of softmax within 1e-12', () => {
    fc.assert(
      fc.property(logitsAndTargets('probabilities'), ({ z, y, reduction }) =>
        _.softmaxCrossEntropyEqualsUnfused(z, y, reduction, 1e-12)
      )
    )
  })

  // 1 − σ(z) loses at most log2(1/σ(−5)) ≈ 7 bits to cancellation: about 1e-14 absolute.
  it('sigmoidBinaryCrossEntropy equals its definition by logs of sigmoids within 1e-12', () => {
    fc.assert(
      fc.property(logitsAndTargets('unit'), ({ z, y, reduction }) =>
        _.sigmoidBinaryCrossEntropyEqualsUnfused(z, y, reduction, 1e-12)
      )
    )
  })
})

/** Predictions and targets `[rows, cols]` in [−2, 2], with a reduction. */
const predictionsAndTargets = fc
  .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 6 }), fc.constantFrom<NN.Reduction>('mean', 'sum'))
  .chain(([rows, cols, reduction]) =>
    fc.record({
      p: uniformIn([rows, cols], -2, 2),
      y: uniformIn([rows, cols], -2, 2),
      reduction: fc.constant(reduction)
    })
  )

/** Every |ŷ − y| at least `margin` from each of `kinks`: central differences (step ≈ 6e-6) do not straddle one. */
const clearOf = (p: Tensor, y: Tensor, kinks: ReadonlyArray<number>, margin: number): boolean =>
  p.data.every((v, i) => kinks.every((k) => Math.abs(Math.abs(v - y.data[i]!) - k) > margin))

describe('the 0.3 losses agree with central differences (laws/ad.ts’s tolerance)', () => {
  it('huber(δ), away from |ŷ − y| = δ', () => {
    fc.assert(
      fc.property(predictionsAndTargets, uniformDouble(0.1, 2), ({ p, y, reduction }, delta) => {
        fc.pre(clearOf(p, y, [delta], 1e-3))
        return agreesWithCentralDifferences((q: AD.Traced<{ p: Tensor }>) => NN.huber(delta)(y, { reduction })(q.p), {
          p
        })
      })
    )
  })

  it('meanAbsoluteError, away from ŷ = y', () => {
    fc.assert(
      fc.property(predictionsAndTargets, ({ p, y, reduction }) => {
        fc.pre(clearOf(p, y, [0], 1e-3))
        return agreesWithCentralDifferences(
          (q: AD.Traced<{ p: Tensor }>) => NN.meanAbsoluteError(y, { reduction })(q.p),
          { p }
        )
      })
    )
  })

  it('binaryCrossEntropy, on probabilities in [0.05, 0.95]', () => {
    fc.assert(
      fc.property(logitsAndTargets('unit'), ({ z, y, reduction }) => {
        const p = unsafeMake(
          z.shape,
          z.data.map((v) => 0.05 + 0.09 * (v + 5))
        )
        return agreesWithCentralDifferences(
          (q: AD.Traced<{ p: Tensor }>) => NN.binaryCrossEntropy(y, { reduction })(q.p),
          { p }
        )
      })
    )
  })

  it('sparseSoftmaxCrossEntropy, and it equals softmaxCrossEntropy of the one-hot labels to the bit', () => {
    fc.assert(
      fc.property(
        logitsAndTargets('probabilities').chain((c) =>
          fc.record({
            c: fc.constant(c),
            labels: fc.array(fc.integer({ min: 0, max: c.z.shape[1]! - 1 }), {
              minLength: c.z.shape[0]!,
              maxLength: c.z.shape[0]!
            })
          })
        ),
        ({ c: { z, reduction }, labels }) => {
          const k = z.shape[1]!
          const l = unsafeMake([labels.length], Float64Array.from(labels))
          const onehot = unsafeMake(
            z.shape,
            Float64Array.from(labels.flatMap((c) => Array.from({ length: k }, (_, j) => (j === c ? 1 : 0))))
          )
          const sparse = AD.valueAndGrad((q: AD.Traced<{ z: Tensor }>) =>
            NN.sparseSoftmaxCrossEntropy(l, { reduction })(q.z)
          )({ z })
          const dense = AD.valueAndGrad((q: AD.Traced<{ z: Tensor }>) =>
            NN.softmaxCrossEntropy(onehot, { reduction })(q.z)
          )({ z })
          return (
            agreesWithCentralDifferences(
              (q: AD.Traced<{ z: Tensor }>) => NN.sparseSoftmaxCrossEntropy(l, { reduction })(q.z),
              { z }
            ) &&
            E.isRight(sparse) &&
            E.isRight(dense) &&
            Object.is(sparse.right.value, dense.right.value) &&
            sparse.right.grad.z.data.every((g, i) => Object.is(g, dense.right.grad.z.data[i]))
          )
        }
      )
    )
  })

  it('huber(δ) is mse / 2 where every |ŷ − y| ≤ δ', () => {
    fc.assert(
      fc.property(predictionsAndTargets, ({ p, y, reduction }) => {
        const value = (f: (q: AD.Traced<{ p: Tensor }>) => AD.Var) => AD.value(f)({ p })
        const h = value((q) => NN.huber(5)(y, { reduction })(q.p))
        const m = value((q) => NN.mse(y, { reduction })(q.p))
        return E.isRight(h) && E.isRight(m) && Math.abs(h.right - m.right / 2) <= 1e-12 * Math.max(1, m.right)
      })
    )
  })
})

describe('purity and determinism', () => {
  it('valueAndGrad of a network changes none of its inputs and shares no memory with them', () => {
    fc.assert(
      fc.property(networkCase(), (c) => {
        let result: unknown
        const unchanged = leavesInputsUnchanged(
          [c.params, c.x, c.y],
          () => (result = AD.valueAndGrad(_.networkLoss(c))(c.params))
        )
        return unchanged && sharesNoBuffer(result, [c.params, c.x, c.y])
      })
    )
  })

  it('the forward pass, the losses and init change none of their inputs', () => {
    fc.assert(
      fc.property(networkCase(), arbKey, (c, key) => {
        const spec = NN.mlp({ sizes: c.sizes, activations: c.activations, bias: c.bias, init: 'heNormal' })
        if (E.isLeft(spec)) return false
        return (
          leavesInputsUnchanged([c.params, c.x], () => spec.right.predict(c.params)(c.x)) &&
          leavesInputsUnchanged([key], () => spec.right.init(key)) &&
          leavesInputsUnchanged([c.x, c.y], () =>
            AD.evaluate((p: AD.Traced<{ x: Tensor }>) => _.lossNamed(c.loss)(c.y)(NN.sigmoid(p.x)))({ x: c.x })
          )
        )
      })
    )
  })

  it('valueAndGrad of a network gives the same bits twice', () => {
    fc.assert(fc.property(networkCase(), (c) => _.networkGradientIsDeterministic(c)))
  })

  it('init gives the same bits for the same key', () => {
    fc.assert(
      fc.property(networkCase(), arbKey, (c, key) => {
        const spec = NN.mlp({ sizes: c.sizes, activations: c.activations, bias: c.bias })
        return E.isRight(spec) && bitsEqual(spec.right.init(key), spec.right.init(key))
      })
    )
  })
})

describe('the laws can fail', () => {
  const c = fc.sample(
    networkCase({ losses: ['mse'] }).filter((n) => _.clearOfKinks(n, KINK_MARGIN)),
    { numRuns: 1 }
  )[0]!

  it('a pullback off by 1e-4 in one layer is caught by central differences', () => {
    const offSigmoid = (v: AD.Var): AD.Var => {
      const y = AD.sigmoid(v).value.data
      return record('offSigmoid', v.value.shape, y, [v], (g) => [g.map((gi, i) => gi * y[i]! * (1 - y[i]!) * 1.0001)])
    }
    const wrong = (p: AD.Traced<NN.MlpParams>) =>
      pipe(
        c.x,
        NN.dense(p[0]!),
        offSigmoid,
        (h) => _.unfusedForward(c.activations.slice(1))(p.slice(1))(h),
        NN.mse(c.y)
      )
    const right = (p: AD.Traced<NN.MlpParams>) =>
      pipe(
        c.x,
        NN.dense(p[0]!),
        NN.sigmoid,
        (h) => _.unfusedForward(c.activations.slice(1))(p.slice(1))(h),
        NN.mse(c.y)
      )
    expect(agreesWithCentralDifferences(right, c.params)).toBe(true)
    expect(agreesWithCentralDifferences(wrong, c.params)).toBe(false)
  })

  it('a gradient off by twice the tolerance is told apart', () => {
    const a = [unsafeMake([2], Float64Array.of(1, -0.5))]
    expect(_.gradientsClose(a, [unsafeMake([2], Float64Array.of(1, -0.5 + 2e-12))], 1e-12)).toBe(false)
    expect(_.gradientsClose(a, [unsafeMake([2], Float64Array.of(1, -0.5 + 5e-13))], 1e-12)).toBe(true)
  })
})
