import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as T from '../src/tensor/index.js'
import { matrix, productOperands, sometimesNonFinite, tensor, tensorOfShape, tensorsOfOneShape } from './arbitraries.js'
import { leavesInputsUnchanged } from './purity.js'
import * as _ from './tensor.js'
import * as Advanced from '../src/advanced.js'

const holds = <Ts extends [unknown, ...Array<unknown>]>(
  arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  predicate: (...args: Ts) => boolean
): void => fc.assert(fc.property(...arbitraries, predicate))

/** Three matrices [m, k1], [k1, k2], [k2, n] that can be multiplied in a chain. */
const chainOfThree = fc
  .tuple(...[0, 1, 2, 3].map(() => fc.integer({ min: 1, max: 6 })))
  .chain(([m, k1, k2, n]) => fc.tuple(tensorOfShape([m!, k1!]), tensorOfShape([k1!, k2!]), tensorOfShape([k2!, n!])))

/** a [k, m], b [k, n], c [p, n]: matmulTN(b)(a) and matmulNT(c)(b) are both defined. */
const transposablePair = fc
  .tuple(...[0, 1, 2, 3].map(() => fc.integer({ min: 1, max: 6 })))
  .chain(([k, m, n, p]) => fc.tuple(tensorOfShape([k!, m!]), tensorOfShape([k!, n!]), tensorOfShape([p!, n!])))

describe('tensor laws', () => {
  it('add and mul commute, to the bit', () => {
    holds([tensorsOfOneShape(2)], ([a, b]) => _.addAndMulCommute(a!, b!))
  })

  it('a − a is zero and scale(1) is the identity, to the bit', () => {
    holds([tensor()], _.subSelfIsZeroAndScaleOneIsIdentity)
  })

  it('transpose is an involution', () => {
    holds([matrix()], _.transposeIsAnInvolution)
  })

  it('transposed products equal transposing first, to the bit', () => {
    holds([transposablePair], ([a, b, c]) => _.transposedProductsAgree(a, b, c))
  })

  it('the product kernels equal the triple loop to the bit, at sizes below, at and above their 4 × 4 blocks', () => {
    holds([productOperands], ([a, b]) => _.productKernelsEqualTheTripleLoop(a, b))
  })

  it('the finiteness scan finds the first NaN or infinity', () => {
    holds([sometimesNonFinite], _.firstNonFiniteIsTheFirst)
  })

  it('nested arrays round-trip exactly', () => {
    holds([tensor()], _.nestedRoundTrips)
  })

  it('the sum of everything equals the sum of sums along an axis, within 2(n−1)·u·Σ|x|', () => {
    holds([tensor({ minRank: 1 }), fc.nat()], _.sumAgreesWithSumsAlongAnAxis)
  })

  it('matmul is associative within 2(k1 + k2)·u·(|a||b||c|)', () => {
    holds([chainOfThree], ([a, b, c]) => _.matmulIsAssociative(a, b, c))
  })
})

describe('tensor purity', () => {
  const unary = [
    T.neg,
    T.abs,
    T.square,
    T.exp,
    T.log,
    T.sqrt,
    T.scale(2),
    T.addScalar(1),
    T.map((x) => x / 3),
    T.sum,
    T.mean,
    T.sumAxis(0),
    T.meanAxis(0),
    T.toNested,
    T.reshape([1, -1])
  ]
  it('no unary operation writes into its operand', () => {
    holds([tensor({ minRank: 1 })], (a) => unary.every((f) => leavesInputsUnchanged([a], () => f(a))))
  })

  const binary = [T.add, T.sub, T.mul, T.div, T.zipWith(Math.max)]
  it('no binary operation writes into its operands', () => {
    holds([tensorsOfOneShape(2)], ([a, b]) => binary.every((f) => leavesInputsUnchanged([a!, b!], () => f(b!)(a!))))
  })

  it('no matrix operation writes into its operands', () => {
    holds([chainOfThree], ([a, b]) =>
      [
        () => T.matmul(b)(a),
        () => Advanced.Tensor.matmulTN(a)(a),
        () => Advanced.Tensor.matmulNT(b)(b),
        () => T.transpose(a),
        () => T.argmaxRows(a)
      ].every((f) => leavesInputsUnchanged([a, b], f))
    )
  })

  it('no row broadcast writes into its operands', () => {
    const rowAndMatrix = matrix().chain((m) => fc.tuple(fc.constant(m), tensorOfShape([m.shape[1]!])))
    holds([rowAndMatrix], ([m, row]) =>
      [T.addRow, Advanced.Tensor.subRow, Advanced.Tensor.mulRow, Advanced.Tensor.divRow].every((f) =>
        leavesInputsUnchanged([m, row], () => f(row)(m))
      )
    )
  })
})

describe('the laws can fail', () => {
  it('leavesInputsUnchanged catches an operation that writes into its input', () => {
    const a = T.zerosLike({ _tag: 'Tensor', shape: [2], data: new Float64Array(2) })
    expect(leavesInputsUnchanged([a], () => a.data.fill(1))).toBe(false)
  })
})
