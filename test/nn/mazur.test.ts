// Matt Mazur, "A Step by Step Backpropagation Example" (2015): a 2-2-2 sigmoid network with
// inputs 0.05, 0.10, targets 0.01, 0.99, weights w1..w8 = .15 .20 .25 .30 .40 .45 .50 .55,
// biases b1 = .35 (shared by both hidden units) and b2 = .60 (shared by both outputs), loss
// ½ Σ (target − out)², one step of gradient descent with learning rate 0.5, biases held fixed.
// Every published number is compared at the number of decimals it was published with.
//
// His notation: w1: i1→h1, w2: i2→h1, w3: i1→h2, w4: i2→h2, w5: h1→o1, w6: h2→o1, w7: h1→o2,
// w8: h2→o2. In gradfold's W [in, out] that is W_hidden = [[w1, w3], [w2, w4]] and
// W_out = [[w5, w7], [w6, w8]].
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import * as AD from '../../src/ad/index.js'
import * as _ from '../../src/nn/index.js'
import { getRight } from '../either.js'
import { t } from '../tensor/fixtures.js'

type Mazur = {
  readonly w1: number
  readonly w2: number
  readonly w3: number
  readonly w4: number
  readonly w5: number
  readonly w6: number
  readonly w7: number
  readonly w8: number
}

const weights: Mazur = { w1: 0.15, w2: 0.2, w3: 0.25, w4: 0.3, w5: 0.4, w6: 0.45, w7: 0.5, w8: 0.55 }
const [i1, i2] = [0.05, 0.1]
const [b1, b2] = [0.35, 0.6]
const [target1, target2] = [0.01, 0.99]
const rate = 0.5

/** [value, decimals published] */
const published = {
  netH1: [0.3775, 4],
  outH1: [0.593269992, 9],
  outH2: [0.596884378, 9],
  outO1: [0.75136507, 8],
  outO2: [0.772928465, 9],
  total: [0.298371109, 9]
} as const

const updated: { readonly [K in keyof Mazur]: readonly [number, number] } = {
  w1: [0.149780716, 9],
  w2: [0.19956143, 8],
  w3: [0.24975114, 8],
  w4: [0.29950229, 8],
  w5: [0.35891648, 8],
  w6: [0.408666186, 9],
  w7: [0.51130127, 9],
  w8: [0.561370121, 9]
}

const expectPublished = (actual: number, [value, decimals]: readonly [number, number]): void => {
  expect(actual).toBeCloseTo(value, decimals)
}

/** His network written unit by unit on a record of eight numbers. */
const forward = (p: AD.Traced<Mazur>) => {
  const netH1 = pipe(p.w1, AD.mul(i1), AD.add(AD.mul(i2)(p.w2)), AD.addScalar(b1))
  const netH2 = pipe(p.w3, AD.mul(i1), AD.add(AD.mul(i2)(p.w4)), AD.addScalar(b1))
  const outH1 = AD.sigmoid(netH1)
  const outH2 = AD.sigmoid(netH2)
  const outO1 = AD.sigmoid(pipe(p.w5, AD.mul(outH1), AD.add(AD.mul(outH2)(p.w6)), AD.addScalar(b2)))
  const outO2 = AD.sigmoid(pipe(p.w7, AD.mul(outH1), AD.add(AD.mul(outH2)(p.w8)), AD.addScalar(b2)))
  return { netH1, outH1, outH2, outO1, outO2 }
}

const totalError = (p: AD.Traced<Mazur>): AD.Var => {
  const { outO1, outO2 } = forward(p)
  return pipe(AD.square(AD.sub(target1)(outO1)), AD.add(AD.square(AD.sub(target2)(outO2))), AD.scale(0.5))
}

describe('Mazur’s worked example, on a record of eight weights', () => {
  it('reproduces the forward pass', () => {
    const at = (pick: (f: ReturnType<typeof forward>) => AD.Var) =>
      getRight(AD.value((p: AD.Traced<Mazur>) => pick(forward(p)))(weights))
    expectPublished(
      at((f) => f.netH1),
      published.netH1
    )
    expectPublished(
      at((f) => f.outH1),
      published.outH1
    )
    expectPublished(
      at((f) => f.outH2),
      published.outH2
    )
    expectPublished(
      at((f) => f.outO1),
      published.outO1
    )
    expectPublished(
      at((f) => f.outO2),
      published.outO2
    )
  })

  it('reproduces the total error and the eight updated weights', () => {
    const { value, grad } = getRight(AD.valueAndGrad(totalError)(weights))
    expectPublished(value, published.total)
    for (const k of Object.keys(updated) as ReadonlyArray<keyof Mazur>) {
      expectPublished(weights[k] - rate * grad[k], updated[k])
    }
  })
})

describe('Mazur’s worked example, as an mlp with shared biases', () => {
  const spec = getRight(_.mlp({ sizes: [2, 2, 2], activations: ['sigmoid', 'sigmoid'] }))
  const params: _.MlpParams = [
    {
      w: t([
        [weights.w1, weights.w3],
        [weights.w2, weights.w4]
      ]),
      b: t([b1, b1])
    },
    {
      w: t([
        [weights.w5, weights.w7],
        [weights.w6, weights.w8]
      ]),
      b: t([b2, b2])
    }
  ]
  const x = t([[i1, i2]])
  const y = t([[target1, target2]])

  it('reproduces the outputs', () => {
    const out = getRight(spec.predict(params)(x))
    expectPublished(out.data[0]!, published.outO1)
    expectPublished(out.data[1]!, published.outO2)
  })

  it('reproduces the total error and the eight updated weights', () => {
    const loss = (p: AD.Traced<_.MlpParams>) => pipe(x, spec.forward(p), _.halfSumSquares(y))
    const { value, grad } = getRight(AD.valueAndGrad(loss)(params))
    expectPublished(value, published.total)
    const step = (layer: 0 | 1, i: number): number => params[layer]!.w.data[i]! - rate * grad[layer]!.w.data[i]!
    const byName: { readonly [K in keyof Mazur]: number } = {
      w1: step(0, 0),
      w3: step(0, 1),
      w2: step(0, 2),
      w4: step(0, 3),
      w5: step(1, 0),
      w7: step(1, 1),
      w6: step(1, 2),
      w8: step(1, 3)
    }
    for (const k of Object.keys(updated) as ReadonlyArray<keyof Mazur>) expectPublished(byName[k], updated[k])
  })
})
