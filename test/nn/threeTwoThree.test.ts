import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import * as AD from '../../src/ad/index.js'
import { halfSumSquares } from '../../src/nn/losses.js'
import type { MlpParams } from '../../src/nn/mlp.js'
import * as _ from '../../src/nn/threeTwoThree.js'
import { getLeft, getRight } from '../either.js'
import { t, values } from '../tensor/fixtures.js'
import { handInput, handLabel, tenths } from './fixtures.js'

const w = tenths
const x = handInput
const y = handLabel
const σ = (v: number): number => 1 / (1 + Math.exp(-v))

describe('threeTwoThreeForward', () => {
  it('computes h1 = σ(w1·x1 + w3·x2 + w5·x3) and ŷ1 = σ(w7·h1 + w10·h2), weight by weight', () => {
    const run = (pick: (a: _.ThreeTwoThreeActivity) => AD.Var): number =>
      getRight(AD.value((p: AD.Traced<_.ThreeTwoThree>) => pick(_.threeTwoThreeForward(x)(p)))(w))
    const h1 = σ(0.1 * 1 + 0.3 * 0.5 + 0.5 * -1)
    const h2 = σ(0.2 * 1 + 0.4 * 0.5 + 0.6 * -1)
    expect(run((a) => a.hidden[0])).toBeCloseTo(h1, 15)
    expect(run((a) => a.hidden[1])).toBeCloseTo(h2, 15)
    expect(run((a) => a.output[0])).toBeCloseTo(σ(0.7 * h1 + 1 * h2), 15)
    expect(run((a) => a.output[1])).toBeCloseTo(σ(0.8 * h1 + 1.1 * h2), 15)
    expect(run((a) => a.output[2])).toBeCloseTo(σ(0.9 * h1 + 1.2 * h2), 15)
  })
})

describe('threeTwoThreeLoss', () => {
  it('gives ∂L/∂w7 = (ŷ1 − y1)·ŷ1(1 − ŷ1)·h1, as the founding text derives it', () => {
    const h1 = σ(0.1 * 1 + 0.3 * 0.5 + 0.5 * -1)
    const h2 = σ(0.2 * 1 + 0.4 * 0.5 + 0.6 * -1)
    const o1 = σ(0.7 * h1 + 1 * h2)
    expect(getRight(AD.grad(_.threeTwoThreeLoss(x, y))(w)).w7).toBeCloseTo((o1 - 1) * o1 * (1 - o1) * h1, 15)
  })

  it('goes down after one step w ← w − η·∇L', () => {
    const { value, grad } = getRight(AD.valueAndGrad(_.threeTwoThreeLoss(x, y))(w))
    const stepped = Object.fromEntries(
      Object.entries(w).map(([k, v]) => [k, v - 0.5 * grad[k as keyof _.ThreeTwoThree]])
    ) as _.ThreeTwoThree
    expect(getRight(AD.value(_.threeTwoThreeLoss(x, y))(stepped))).toBeLessThan(value)
  })
})

describe('threeTwoThreeBatchLoss', () => {
  it('is threeTwoThreeLoss on one sample, value and gradient bit for bit', () => {
    const one = getRight(AD.valueAndGrad(_.threeTwoThreeLoss(x, y))(w))
    const batch = getRight(AD.valueAndGrad(_.threeTwoThreeBatchLoss([x], [y]))(w))
    expect(Object.is(batch.value, one.value)).toBe(true)
    for (const k of Object.keys(w) as ReadonlyArray<keyof _.ThreeTwoThree>)
      expect(Object.is(batch.grad[k], one.grad[k])).toBe(true)
  })

  it('is the mean of the per-sample losses', () => {
    const x2: _.Triple = [0, 1, 0.25]
    const y2: _.Triple = [0, 0, 1]
    const l1 = getRight(AD.value(_.threeTwoThreeLoss(x, y))(w))
    const l2 = getRight(AD.value(_.threeTwoThreeLoss(x2, y2))(w))
    expect(getRight(AD.value(_.threeTwoThreeBatchLoss([x, x2], [y, y2]))(w))).toBe((l1 + l2) / 2)
  })

  it('stops with a Left when inputs and targets differ in number', () => {
    expect(getLeft(AD.value(_.threeTwoThreeBatchLoss([x, x], [y]))(w)).message).toMatch(/2 outputs for 1 targets/)
  })
})

describe('the mlp form', () => {
  it('lays w1..w6 row-major into W_hidden [3, 2] and w7..w12 into W_out [2, 3]', () => {
    const [hidden, out] = getRight(_.threeTwoThreeToMlp(w))
    expect(hidden).toEqual({
      w: t([
        [0.1, 0.2],
        [0.3, 0.4],
        [0.5, 0.6]
      ])
    })
    expect(out).toEqual({
      w: t([
        [0.7, 0.8, 0.9],
        [1, 1.1, 1.2]
      ])
    })
    expect(getRight(_.threeTwoThreeFromMlp(getRight(_.threeTwoThreeToMlp(w))))).toEqual(w)
  })

  it('computes the same loss as the record, bit for bit', () => {
    const byMlp = AD.value((p: AD.Traced<MlpParams>) =>
      pipe(t([x]), _.threeTwoThreeMlp.forward(p), halfSumSquares(t([y])))
    )(getRight(_.threeTwoThreeToMlp(w)))
    expect(Object.is(getRight(byMlp), getRight(AD.value(_.threeTwoThreeLoss(x, y))(w)))).toBe(true)
    expect([_.threeTwoThreeMlp.sizes, _.threeTwoThreeMlp.activations, _.threeTwoThreeMlp.bias]).toEqual([
      [3, 2, 3],
      ['sigmoid', 'sigmoid'],
      false
    ])
  })

  it('refuses parameters of another shape, or with biases', () => {
    const [hidden, out] = getRight(_.threeTwoThreeToMlp(w))
    expect(getLeft(_.threeTwoThreeFromMlp([hidden!])).op).toBe('threeTwoThreeFromMlp')
    expect(getLeft(_.threeTwoThreeFromMlp([hidden!, { ...out!, b: t([0, 0, 0]) }]))._tag).toBe('InvalidArgument')
    expect(getLeft(_.threeTwoThreeFromMlp([out!, hidden!]))._tag).toBe('InvalidArgument')
    expect(values(hidden!.w)).toHaveLength(6)
  })
})

describe('values of the wrong type, as they arrive from JSON', () => {
  it('threeTwoThreeToMlp answers a Left for weights that are not twelve finite numbers', () => {
    expect(getLeft(_.threeTwoThreeToMlp(null as never)).message).toMatch(
      /the record of weights is null; expected a record/
    )
    expect(getLeft(_.threeTwoThreeToMlp({ ...w, w7: '0.7' } as never)).message).toBe(
      'threeTwoThreeToMlp: w7 is "0.7"; expected a finite number'
    )
    expect(getLeft(_.threeTwoThreeToMlp({ ...w, w12: Number.NaN }))._tag).toBe('InvalidArgument')
  })

  it('threeTwoThreeFromMlp answers a Left for anything but two bias-free layers', () => {
    for (const u of [null, 'mlp', [{ w: 1 }, { w: 2 }], [null, null]]) {
      expect(getLeft(_.threeTwoThreeFromMlp(u as never))._tag).toBe('InvalidArgument')
    }
  })

  it('a forward pass or loss on an input that is no triple answers a Left through the trace', () => {
    expect(getLeft(AD.value(_.threeTwoThreeLoss([1, 2] as never, [0, 1, 0]))(w)).message).toMatch(
      /the input is an array of 2 items; expected three numbers/
    )
    expect(getLeft(AD.value(_.threeTwoThreeLoss([1, 2, 3], null as never))(w)).message).toMatch(/the target is null/)
    expect(getLeft(AD.value(_.threeTwoThreeBatchLoss('rows' as never, []))(w))._tag).toBe('InvalidArgument')
  })
})
