import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import * as AD from '../../src/ad/index.js'
import { compile } from '../../src/ad/program.js'
import * as _ from '../../src/nn/lossName.js'
import * as NN from '../../src/nn/index.js'
import { key } from '../../src/random/Key.js'
import { compileLayout } from '../../src/tree/layout.js'
import type { Tensor } from '../../src/tensor/Tensor.js'
import { getLeft, getRight } from '../either.js'
import { t } from '../tensor/fixtures.js'

const lossAt = (name: unknown, reduction?: unknown) =>
  AD.value((p: AD.Traced<{ p: Tensor }>) => _.lossByName(name as _.LossName, reduction as never)(t([[0, 1]]))(p.p))({
    p: t([[0.5, 0.5]])
  })

describe('lossByName', () => {
  it('interprets a name', () => {
    expect(getRight(lossAt('crossEntropyBits'))).toBe(1)
  })

  it('builds a loss from a name or reduction of the wrong type without throwing; the trace answers a Left', () => {
    expect(getLeft(lossAt('hinge')).message).toMatch(/^lossByName: the loss is "hinge"; expected one of mse, /)
    expect(getLeft(lossAt('toString'))._tag).toBe('InvalidArgument')
    expect(getLeft(lossAt(null))._tag).toBe('InvalidArgument')
    expect(getLeft(lossAt('mse', 'max')).message).toBe("lossByName: the reduction is \"max\"; expected 'mean' or 'sum'")
  })
})

describe('every loss of the catalog compiles', () => {
  // a 2-3-2 network whose output each loss takes: probabilities where it wants them
  const outputFor = (name: _.LossName): NN.Activation =>
    name === 'crossEntropy' || name === 'crossEntropyBits'
      ? 'softmax'
      : name === 'binaryCrossEntropy'
        ? 'sigmoid'
        : 'identity'
  const x = t([
    [0.5, -1],
    [2, 0.25]
  ])

  it.each(_.LOSS_NAMES)('compile of a network with %s gives a program', (name) => {
    const net = getRight(
      NN.mlp({ sizes: [2, 3, 2], activations: ['tanh', outputFor(name)], bias: true, init: 'glorotUniform' })
    )
    const params = getRight(net.init(getRight(key(7))))
    const layout = compileLayout(params)!
    const targets =
      name === 'sparseSoftmaxCrossEntropy'
        ? t([1, 0])
        : t([
            [0, 1],
            [1, 0]
          ])
    const f = (ps: ReadonlyArray<AD.Var>, [xs, ys]: ReadonlyArray<Tensor>): AD.Var =>
      pipe(xs!, net.forward(layout.build(ps as never) as never), _.lossByName(name)(ys!))
    expect(compile(f, layout.read(params) as ReadonlyArray<Tensor>, [x, targets])).toBeDefined()
  })
})
