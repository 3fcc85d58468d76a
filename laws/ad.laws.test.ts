import fc from 'fast-check'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import * as AD from '../src/ad/index.js'
import * as E from 'fp-ts/lib/Either.js'
import { unsafeMake, type Tensor } from '../src/tensor/Tensor.js'
import { tensorOfShape } from './arbitraries.js'
import * as _ from './ad.js'
import * as Advanced from '../src/advanced.js'

type X = { readonly x: Tensor; readonly c: Tensor }
type XY = { readonly x: Tensor; readonly y: Tensor; readonly c: Tensor }

/** Shapes [rows, cols] with 1..4 each. */
const dims = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }))

/** x of a generated shape with elements in [lo, hi], and a weight tensor c of the output's shape. */
const unaryInput = (lo: number, hi: number): fc.Arbitrary<X> =>
  dims.chain(([r, c]) =>
    fc.record({
      x: tensorOfShape([r, c], 1).map((t) => ({ ...t, data: t.data.map((v) => lo + ((v + 1) / 2) * (hi - lo)) })),
      c: tensorOfShape([r, c], 2)
    })
  )

const binaryInput = (lo: number, hi: number): fc.Arbitrary<XY> =>
  unaryInput(lo, hi).chain((a) =>
    unaryInput(lo, hi).map((b) => ({
      x: a.x,
      y: { ...b.x, shape: a.x.shape, data: resize(b.x.data, a.x.data.length, lo) },
      c: a.c
    }))
  )

const resize = (d: Float64Array, n: number, fill: number): Float64Array =>
  Float64Array.from({ length: n }, (_v, i) => d[i] ?? fill + 0.5)

/** Σ c ⊙ op(x): a scalar whose gradient exercises every element of op's pullback. */
const weighted =
  (op: (x: AD.Var) => AD.Var) =>
  (p: AD.Traced<X>): AD.Var =>
    pipe(op(p.x), AD.mul(p.c), AD.sum)

const weighted2 =
  (op: (x: AD.Var, y: AD.Var) => AD.Var) =>
  (p: AD.Traced<XY>): AD.Var =>
    pipe(op(p.x, p.y), AD.mul(p.c), AD.sum)

/** A constant of the transposed shape `[cols, rows]` holding 1, 2, 3, … */
const rampOf = ([rows, cols]: ReadonlyArray<number>): Tensor =>
  unsafeMake(
    [cols!, rows!],
    Float64Array.from({ length: rows! * cols! }, (_v, i) => i + 1)
  )

const unaryOps: ReadonlyArray<readonly [string, (x: AD.Var) => AD.Var, number, number]> = [
  ['neg', AD.neg, -3, 3],
  ['scale', AD.scale(-1.7), -3, 3],
  ['addScalar', AD.addScalar(0.3), -3, 3],
  ['square', AD.square, -3, 3],
  ['pow(3)', AD.pow(3), -2, 2],
  ['pow(0.5)', AD.pow(0.5), 0.1, 3],
  ['sqrt', AD.sqrt, 0.1, 3],
  ['exp', AD.exp, -3, 3],
  ['log', AD.log, 0.1, 3],
  ['log2', AD.log2, 0.1, 3],
  ['sigmoid', AD.sigmoid, -6, 6],
  ['tanh', AD.tanh, -3, 3],
  ['softmax', AD.softmax, -5, 5],
  ['logSoftmax', AD.logSoftmax, -5, 5],
  // x ↦ (xᵀ ⊙ r)ᵀ for a constant r of distinct entries: a transpose whose pullback handed g back
  // unchanged would pair each gradient with the wrong element of r (unlike xᵀᵀ, where two such
  // mistakes cancel)
  ['transpose', (x) => AD.transpose(AD.mul(rampOf(x.value.shape))(AD.transpose(x))), -3, 3],
  ['sumAxis(0)', (x) => AD.addRow(AD.sumAxis(0)(x))(x), -3, 3],
  ['meanAxis(1)', (x) => AD.transpose(AD.addRow(AD.meanAxis(1)(x))(AD.transpose(x))), -3, 3],
  ['logSumExp', (x) => AD.transpose(AD.addRow(AD.logSumExp(x))(AD.transpose(x))), -5, 5],
  ['mean', (x) => AD.mul(AD.mean(x))(x), -3, 3]
]

const binaryOps: ReadonlyArray<readonly [string, (x: AD.Var, y: AD.Var) => AD.Var, number, number]> = [
  ['add', (x, y) => AD.add(y)(x), -3, 3],
  ['sub', (x, y) => AD.sub(y)(x), -3, 3],
  ['mul', (x, y) => AD.mul(y)(x), -3, 3],
  ['div', (x, y) => AD.div(y)(x), 0.2, 3],
  ['matmul', (x, y) => AD.matmul(AD.matmul(y)(AD.transpose(x)))(x), -3, 3],
  ['broadcast scalar', (x, y) => AD.mul(AD.sum(y))(x), -3, 3]
]

describe('every op’s pullback agrees with central differences within 1e-7', () => {
  for (const [name, op, lo, hi] of unaryOps) {
    it(name, () => {
      fc.assert(fc.property(unaryInput(lo, hi), (p) => _.agreesWithCentralDifferences(weighted(op), p)))
    })
  }
  for (const [name, op, lo, hi] of binaryOps) {
    it(name, () => {
      fc.assert(fc.property(binaryInput(lo, hi), (p) => _.agreesWithCentralDifferences(weighted2(op), p)))
    })
  }

  it('relu and leakyRelu, away from the kink at 0', () => {
    const awayFromZero = unaryInput(-3, 3).map((p) => ({
      ...p,
      x: { ...p.x, data: p.x.data.map((v) => (Math.abs(v) < 0.01 ? 0.5 : v)) }
    }))
    fc.assert(fc.property(awayFromZero, (p) => _.agreesWithCentralDifferences(weighted(AD.relu), p)))
    fc.assert(fc.property(awayFromZero, (p) => _.agreesWithCentralDifferences(weighted(AD.leakyRelu(0.1)), p)))
  })
})

describe('the first-order approximation', () => {
  it('f(x + tΔ) − f(x − tΔ) ≈ 2t·∇f(x)ᵀΔ for a composite function', () => {
    const f = weighted((x) => AD.tanh(AD.mul(AD.sigmoid(x))(AD.exp(AD.scale(0.3)(x)))))
    fc.assert(
      fc.property(
        unaryInput(-2, 2),
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 1, maxLength: 8 }),
        (p, d) => _.firstOrderApproximationHolds(f, p, d)
      )
    )
  })
})

/** softplus `ln(1 + eˣ)` as a user writes it, with `σ(x)` as its derivative; `pullback` may be broken on purpose. */
const softplus = (pullback: AD.CustomOp<Float64Array>['pullback']): AD.CustomOp<Float64Array> => ({
  name: 'softplus',
  forward: ([x]) => E.right({ shape: x!.shape, data: x!.data.map((v) => Math.log1p(Math.exp(v))), saved: x!.data }),
  pullback
})
const softplusPullback: AD.CustomOp<Float64Array>['pullback'] = (g, x) => [
  g.map((gi, i) => gi / (1 + Math.exp(-x[i]!)))
]

/** `x·y + sin x` elementwise, two inputs, each gradient only when traced. */
const mulAddSin: AD.CustomOp<readonly [Float64Array, Float64Array]> = {
  name: 'mulAddSin',
  forward: ([x, y]) =>
    x!.data.length === y!.data.length
      ? E.right({
          shape: x!.shape,
          data: x!.data.map((v, i) => v * y!.data[i]! + Math.sin(v)),
          saved: [x!.data, y!.data]
        })
      : E.left(Advanced.AD.invalidFunction('mulAddSin: x and y differ in size')),
  pullback: (g, [x, y], traced) => [
    traced[0] ? g.map((gi, i) => gi * (y[i]! + Math.cos(x[i]!))) : AD.NO_GRADIENT,
    traced[1] ? g.map((gi, i) => gi * x[i]!) : AD.NO_GRADIENT
  ]
}

describe('an op of one’s own, through AD.customOp, agrees with central differences within 1e-7', () => {
  it('softplus, one input', () => {
    fc.assert(
      fc.property(unaryInput(-4, 4), (p) => _.customOpAgreesWithCentralDifferences(softplus(softplusPullback), [p.x]))
    )
  })
  it('x·y + sin x, two inputs', () => {
    fc.assert(fc.property(binaryInput(-3, 3), (p) => _.customOpAgreesWithCentralDifferences(mulAddSin, [p.x, p.y])))
  })
})

describe('the gradient laws can fail', () => {
  it('a wrong pullback is caught by the central-difference check', () => {
    const wrongSquare = AD.customOp<Float64Array>({
      name: 'wrongSquare',
      forward: ([x]) => E.right({ shape: x!.shape, data: x!.data.map((a) => a * a), saved: x!.data }),
      pullback: (g, x) => [g.map((gi, i) => gi * 2.0001 * x[i]!)]
    })
    const p = fc.sample(unaryInput(1, 3), { numRuns: 1, seed: 1 })[0]!
    expect(_.agreesWithCentralDifferences(weighted(wrongSquare), p)).toBe(false)
    expect(_.agreesWithCentralDifferences(weighted(AD.square), p)).toBe(true)
  })

  it('the custom-op law rejects a pullback that hands the gradient back unchanged, or forgets the chain rule’s g', () => {
    const p = fc.sample(unaryInput(-2, 2), { numRuns: 1, seed: 1 })[0]!
    expect(
      _.customOpAgreesWithCentralDifferences(
        softplus((g) => [g]),
        [p.x]
      )
    ).toBe(false)
    expect(
      _.customOpAgreesWithCentralDifferences(
        softplus((_g, x) => [x.map((v) => 1 / (1 + Math.exp(-v)))]),
        [p.x]
      )
    ).toBe(false)
    expect(_.customOpAgreesWithCentralDifferences(softplus(softplusPullback), [p.x])).toBe(true)
  })
})
