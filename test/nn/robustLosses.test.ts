import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import * as AD from '../../src/ad/index.js'
import { compile } from '../../src/ad/program.js'
import { mlp, type MlpParams } from '../../src/nn/mlp.js'
import * as _ from '../../src/nn/robustLosses.js'
import { key } from '../../src/random/Key.js'
import type { Tensor } from '../../src/tensor/Tensor.js'
import { compileLayout } from '../../src/tree/layout.js'
import { getLeft, getRight } from '../either.js'
import { t, values } from '../tensor/fixtures.js'

type P = { readonly yhat: Tensor }
const valueAndGradAt = (loss: (yhat: AD.Var) => AD.Var, yhat: Tensor) =>
  AD.valueAndGrad((p: AD.Traced<P>) => loss(p.yhat))({ yhat })

/** A 2-3-2 network with the loss `loss` on its output, compiled at one batch; `tape` is `valueAndGrad` at another. */
const compiledNetwork = (loss: (y: Tensor) => (yhat: AD.Var) => AD.Var, x: Tensor, y: Tensor) => {
  const net = getRight(mlp({ sizes: [2, 3, 2], activations: ['tanh', 'identity'], bias: true, init: 'glorotUniform' }))
  const params = getRight(net.init(getRight(key(7))))
  const layout = compileLayout(params)!
  const leaves = layout.read(params) as ReadonlyArray<Tensor>
  const f = (ps: ReadonlyArray<AD.Var>, [xs, ys]: ReadonlyArray<Tensor>): AD.Var =>
    pipe(xs!, net.forward(layout.build(ps as never) as never), loss(ys!))
  const tape = (ys: Tensor) =>
    getRight(AD.valueAndGrad((p: AD.Traced<MlpParams>) => pipe(x, net.forward(p), loss(ys)))(params))
  return { program: compile(f, leaves, [x, y]), leaves, tape, layout }
}

describe('huber', () => {
  it('is ½ d² inside δ and δ (|d| − ½ δ) beyond, with gradient d or δ·sign(d) over the elements', () => {
    const r = getRight(valueAndGradAt(_.huber(1)(t([[0, 0, 0]])), t([[0.5, -3, 1]])))
    expect(r.value).toBe((0.125 + 2.5 + 0.5) / 3)
    expect(values(r.grad.yhat)).toEqual([0.5 / 3, -1 / 3, 1 / 3])
  })

  it('refuses a threshold that is not a positive finite number, naming huber', () => {
    for (const delta of [0, -1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(getLeft(valueAndGradAt(_.huber(delta)(t([[0]])), t([[1]]))).message).toMatch(/^huber: delta is /)
  })

  it('answers the linear branch where the square of d would overflow', () => {
    expect(getRight(valueAndGradAt(_.huber(1)(t([[0]])), t([[1e200]]))).value).toBe(1e200)
  })

  it('compiles in a model: compile of a network with NN.huber(1) gives a program, which follows new batches', () => {
    const x = t([
      [0.5, -1],
      [2, 0.25]
    ])
    const { program, leaves, tape, layout } = compiledNetwork(
      _.huber(1),
      x,
      t([
        [0, 1],
        [3, -2]
      ])
    )
    expect(program).toBeDefined()
    // another batch's targets, far enough that the other branch is taken
    const y2 = t([
      [-4, 0],
      [0.5, 0.5]
    ])
    const value = program!.run(
      leaves.map((l) => l.data),
      [x.data, y2.data]
    )
    const { value: v, grad } = tape(y2)
    expect(value).toBe(v)
    expect(program!.grads.map((g) => Array.from(g))).toEqual(
      (layout.read(grad) as ReadonlyArray<Tensor>).map((g) => Array.from(g.data))
    )
  })
})

describe('binaryCrossEntropy', () => {
  it('compiles with targets taken at every run, not the ones it was traced with', () => {
    const x = t([[0.5, -1]])
    const { program, leaves, tape } = compiledNetwork(
      (y) => (yhat) => _.binaryCrossEntropy(y)(AD.sigmoid(yhat)),
      x,
      t([[1, 0]])
    )
    const y2 = t([[0.25, 1]])
    expect(
      program!.run(
        leaves.map((l) => l.data),
        [x.data, y2.data]
      )
    ).toBe(tape(y2).value)
  })
})
