import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/ad/customOp.js'
import * as AD from '../../src/ad/index.js'
import type { Tensor } from '../../src/tensor/Tensor.js'
import { getLeft, getRight } from '../either.js'
import { t } from '../tensor/fixtures.js'
import * as Advanced from '../../src/advanced.js'

type Pullback = _.CustomOp<Float64Array>['pullback']

/** `x ↦ 2x` elementwise, its pullback replaceable. */
const double = (pullback: Pullback = (g) => [g.map((v) => 2 * v)]): _.CustomOp<Float64Array> => ({
  name: 'double',
  forward: ([x]) => E.right({ shape: x!.shape, data: x!.data.map((v) => 2 * v), saved: x!.data }),
  pullback
})

const gradOf = (op: _.CustomOp<Float64Array>, x: Tensor) =>
  AD.grad((p: AD.Traced<{ x: Tensor }>) => AD.sum(_.customOp(op)(p.x)))({ x })

describe('customOp', () => {
  it('records the op on the tape: its pullback gives the gradient', () => {
    expect(Array.from(getRight(gradOf(double(), t([1, 2, 3]))).x.data)).toEqual([2, 2, 2])
  })

  it('tells the pullback which inputs are traced, and never reads the gradient of a constant', () => {
    const seen: Array<ReadonlyArray<boolean>> = []
    const scaleBy = _.customOp<readonly [Float64Array, Float64Array]>({
      name: 'scaleBy',
      forward: ([x, c]) =>
        E.right({ shape: x!.shape, data: x!.data.map((v) => v * c!.data[0]!), saved: [x!.data, c!.data] }),
      pullback: (g, [x, c], traced) => {
        seen.push(traced)
        return [
          g.map((v) => v * c[0]!),
          traced[1] ? Float64Array.of(g.reduce((s, v, i) => s + v * x[i]!, 0)) : _.NO_GRADIENT
        ]
      }
    })
    const g = getRight(AD.grad((p: AD.Traced<{ x: Tensor }>) => AD.sum(scaleBy(p.x, t([5]))))({ x: t([1, 2]) }))
    expect(Array.from(g.x.data)).toEqual([5, 5])
    expect(seen).toEqual([[true, false]])
  })

  it('stops the trace with the forward step’s own error', () => {
    const refuse = _.customOp<undefined>({
      name: 'refuse',
      forward: () => E.left(Advanced.AD.invalidFunction('refuse: never')),
      pullback: (g) => [g]
    })
    expect(
      getLeft(gradOf({ ...double(), forward: () => E.left(Advanced.AD.invalidFunction('refuse: never')) }, t([1])))
    ).toEqual(Advanced.AD.invalidFunction('refuse: never'))
    expect(E.isLeft(AD.evaluate((p: AD.Traced<{ x: number }>) => refuse(p.x))({ x: 1 }))).toBe(true)
  })

  it('rejects an output whose data does not fill its shape', () => {
    const op = {
      ...double(),
      forward: ([x]: ReadonlyArray<Tensor>) => E.right({ shape: [5], data: x!.data, saved: x!.data })
    }
    expect(getLeft(gradOf(op, t([1, 2]))).message).toMatch(
      /double: the forward step returned 2 numbers for shape \[5\]/
    )
  })

  it('rejects an output that is not finite, naming the op', () => {
    expect(getLeft(gradOf(double(), t([1e308])))).toMatchObject({ _tag: 'NonFinite' })
  })

  it('rejects a pullback that answers the wrong number of gradients', () => {
    expect(
      getLeft(
        gradOf(
          double((g) => [g, g]),
          t([1, 2])
        )
      ).message
    ).toMatch(/returned 2 gradients for 1 inputs/)
  })

  it('rejects a pullback that answers a gradient of the wrong size', () => {
    expect(
      getLeft(
        gradOf(
          double(() => [Float64Array.of(1)]),
          t([1, 2])
        )
      ).message
    ).toMatch(/returned 1 numbers for input 0 of size 2/)
  })

  it('turns a throw in either half into an error value naming the op', () => {
    const boom = (): never => {
      throw new Error('boom')
    }
    expect(getLeft(gradOf({ ...double(), forward: boom }, t([1]))).message).toBe('double: the op threw: boom')
    expect(getLeft(gradOf(double(boom), t([1]))).message).toBe('double: the op threw: boom')
  })
})
