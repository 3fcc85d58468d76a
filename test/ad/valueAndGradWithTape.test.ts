import { pipe } from 'fp-ts/lib/function.js'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it, vi } from 'vitest'
import * as AD from '../../src/ad/index.js'
import * as _ from '../../src/ad/valueAndGradWithTape.js'
import * as NN from '../../src/nn/index.js'
import { key } from '../../src/random/Key.js'
import * as Tensor from '../../src/tensor/index.js'
import { bitsEqual } from '../../laws/purity.js'
import { getLeft, getRight } from '../either.js'

describe('valueAndGradWithTape', () => {
  // (3w + b)² at w = 1, b = 1: the product 3w = 3, the sum 4, the loss 16
  const f = (p: AD.Traced<{ w: number; b: number }>) => pipe(p.w, AD.mul(3), AD.add(p.b), AD.square)

  it('answers valueAndGrad’s value and gradient', () => {
    const r = getRight(_.valueAndGradWithTape(f)({ w: 1, b: 1 }))
    expect(r.value).toBe(16)
    expect(r.grad).toEqual({ b: 8, w: 24 })
  })

  it('reads each op’s output and the gradient the sweep handed its pullback', () => {
    const { traced, tape } = getRight(_.valueAndGradWithTape(f)({ w: 1, b: 1 }))
    const product = tape.readersOf(traced.w.id)[0]!
    const total = tape.readersOf(product)[0]!
    const loss = tape.readersOf(total)[0]!
    expect(tape.nodes.map((n) => n.name)).toEqual(['leaf', 'leaf', 'mul', 'add', 'square'])
    expect([product, total, loss].map((id) => tape.valueOf(id)![0])).toEqual([3, 4, 16])
    // ∂L/∂(3w + b) = 2·4 = 8, and so is ∂L/∂(3w); the loss itself is seeded with 1
    expect([product, total, loss].map((id) => tape.gradOf(id)![0])).toEqual([8, 8, 1])
    expect(tape.readersOf(traced.b.id)).toEqual([total])
    expect(tape.gradOf(traced.w.id)).toBeUndefined()
  })

  it('reads an MLP layer’s output and its gradient, which pull back to the weights’ gradient', () => {
    const net = getRight(NN.mlp({ sizes: [2, 3, 1], activations: ['tanh', 'identity'] }))
    const params = getRight(net.init(getRight(key(3))))
    const x = getRight(
      Tensor.fromNested([
        [1, -2],
        [0.5, 0.25]
      ])
    )
    const y = getRight(Tensor.fromNested([[1], [0]]))
    const loss = (p: AD.Traced<NN.MlpParams>) => pipe(x, net.forward(p), NN.mse(y))
    const r = getRight(_.valueAndGradWithTape(loss)(params))
    expect(bitsEqual({ value: r.value, grad: r.grad }, getRight(AD.valueAndGrad(loss)(params)))).toBe(true)
    const out = r.tape.readersOf(r.traced[1]!.w.id)[0]!
    const hidden = r.tape.nodes[out]!.inputs[0]!
    // the output layer is linear: its weights' gradient is hᵀ·∂L/∂ŷ
    const g = r.tape.gradOf(out)!
    const h = hidden.value.data
    const expected = [0, 1, 2].map((i) => 0 + h[i]! * g[0]! + h[3 + i]! * g[1]!)
    expect(Array.from(r.grad[1]!.w.data)).toEqual(expected)
    expect(bitsEqual(r.tape.valueOf(hidden.id), h)).toBe(true)
  })

  it('answers valueAndGrad’s Left where the function fails', () => {
    const bad = (p: AD.Traced<{ w: number }>) => pipe(p.w, AD.log)
    expect(getLeft(_.valueAndGradWithTape(bad)({ w: -1 }))).toEqual(getLeft(AD.valueAndGrad(bad)({ w: -1 })))
  })

  it('reads an empty tape when the value does not depend on the parameters', () => {
    const r = getRight(_.valueAndGradWithTape((_p: AD.Traced<{ w: number }>) => AD.lift(2))({ w: 1 }))
    expect(r.value).toBe(2)
    expect(r.tape.nodes).toEqual([])
  })

  it('refuses to read a tape the gradient did not come from', async () => {
    // a valueAndGrad that traces the function but answers without sweeping its tape
    vi.resetModules()
    vi.doMock('../../src/ad/valueAndGrad.js', async (original) => {
      const real = await original<typeof import('../../src/ad/valueAndGrad.js')>()
      const { emptyTape, leaf } = await import('../../src/ad/tape.js')
      const { unsafeMake } = await import('../../src/tensor/Tensor.js')
      return {
        ...real,
        valueAndGrad: (g: typeof f) => (params: { w: number; b: number }) => {
          const tape = emptyTape()
          const scalar = (v: number) => leaf(tape, unsafeMake([], Float64Array.of(v)))
          g({ b: scalar(params.b), w: scalar(params.w) })
          return E.right({ value: 0, grad: params })
        }
      }
    })
    try {
      const unswept = await import('../../src/ad/valueAndGradWithTape.js')
      const error = getLeft(unswept.valueAndGradWithTape(f)({ w: 1, b: 1 }))
      expect(error.message).toMatch(/not differentiated by sweeping its tape/)
    } finally {
      vi.doUnmock('../../src/ad/valueAndGrad.js')
      vi.resetModules()
    }
  })
})
