import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import * as AD from '../../src/ad/index.js'
import { dense } from '../../src/nn/dense.js'
import { constant } from '../../src/nn/init.js'
import * as _ from '../../src/nn/mlp.js'
import { key } from '../../src/random/Key.js'
import { getLeft, getRight } from '../either.js'
import { t, values } from '../tensor/fixtures.js'

const k = getRight(key(7))

describe('mlp: the configuration', () => {
  it('answers a Left naming mlp for sizes or activations that do not make a network', () => {
    expect(getLeft(_.mlp({ sizes: [3], activations: [] })).message).toContain('at least the input and the output size')
    expect(getLeft(_.mlp({ sizes: [3, 0, 2], activations: ['relu', 'relu'] })).message).toContain('sizes[1] is 0')
    expect(getLeft(_.mlp({ sizes: [3, 2.5], activations: ['relu'] })).message).toContain('sizes[1] is 2.5')
    expect(getLeft(_.mlp({ sizes: [3, 2, 3], activations: ['relu'] })).message).toContain(
      '2 layers need 2 activations, got 1'
    )
    const bad = getLeft(_.mlp({ sizes: [3, 2], activations: [{ leakyRelu: Number.POSITIVE_INFINITY }] }))
    expect(bad).toMatchObject({ _tag: 'InvalidArgument', op: 'mlp' })
    expect(bad.message).toContain('activations[0]')
  })

  it('keeps the checked sizes, activations and bias', () => {
    const spec = getRight(_.mlp({ sizes: [3, 2, 3], activations: ['sigmoid', 'sigmoid'], bias: false }))
    expect([spec.sizes, spec.activations, spec.bias]).toEqual([[3, 2, 3], ['sigmoid', 'sigmoid'], false])
    expect(getRight(_.mlp({ sizes: [1, 1], activations: ['identity'] })).bias).toBe(true)
  })
})

describe('mlp: init', () => {
  it('makes W [in, out] per layer and zero biases by default', () => {
    const params = getRight(getRight(_.mlp({ sizes: [4, 5, 3], activations: ['relu', 'softmax'] })).init(k))
    expect(params.map((l) => [l.w.shape, l.b?.shape])).toEqual([
      [[4, 5], [5]],
      [[5, 3], [3]]
    ])
    expect(params.every((l) => values(l.b!).every((v) => v === 0))).toBe(true)
    expect(values(params[0]!.w)).not.toEqual(values(params[1]!.w).slice(0, 20))
  })

  it('leaves biases out when bias is false, and uses the initialisers it is given', () => {
    const spec = getRight(_.mlp({ sizes: [2, 2], activations: ['tanh'], bias: false, init: constant(0.5) }))
    expect(getRight(spec.init(k))).toEqual([
      {
        w: t([
          [0.5, 0.5],
          [0.5, 0.5]
        ])
      }
    ])
    const withBias = getRight(_.mlp({ sizes: [2, 2], activations: ['tanh'], biasInit: constant(0.1) }))
    expect(values(getRight(withBias.init(k))[0]!.b!)).toEqual([0.1, 0.1])
  })

  it('gives the same parameters for the same key', () => {
    const spec = getRight(_.mlp({ sizes: [3, 4, 2], activations: ['relu', 'identity'], init: 'heNormal' }))
    expect(getRight(spec.init(k))).toEqual(getRight(spec.init(k)))
  })
})

describe('mlp: forward and predict', () => {
  const spec = getRight(_.mlp({ sizes: [2, 3, 2], activations: ['tanh', 'softmax'] }))
  const params: _.MlpParams = [
    {
      w: t([
        [0.1, -0.2, 0.3],
        [0.4, 0.5, -0.6]
      ]),
      b: t([0.01, 0.02, 0.03])
    },
    {
      w: t([
        [1, -1],
        [0.5, 0.5],
        [-0.3, 0.2]
      ]),
      b: t([0, 0.1])
    }
  ]
  const x = t([
    [1, 2],
    [-1, 0.5],
    [0, 0]
  ])

  it('runs each layer with its activation: [batch, in] → [batch, out]', () => {
    const out = getRight(spec.predict(params)(x))
    const byHand = getRight(
      AD.evaluate((p: AD.Traced<_.MlpParams>) => pipe(x, dense(p[0]!), AD.tanh, dense(p[1]!), AD.softmax))(params)
    )
    expect(out.shape).toEqual([3, 2])
    expect(out).toEqual(byHand)
  })

  it('is differentiable inside valueAndGrad, with a gradient shaped like the parameters', () => {
    const loss = (p: AD.Traced<_.MlpParams>) =>
      AD.sum(
        AD.mul(
          t([
            [1, 0],
            [0, 1],
            [1, 1]
          ])
        )(spec.forward(p)(x))
      )
    const g = getRight(AD.grad(loss)(params))
    expect(g.map((l) => [l.w.shape, l.b?.shape])).toEqual([
      [[2, 3], [3]],
      [[3, 2], [2]]
    ])
  })

  it('answers a Left naming the layer and the shapes when the input does not fit', () => {
    const e = getLeft(spec.predict(params)(t([[1, 2, 3]])))
    expect(e).toMatchObject({ _tag: 'ShapeMismatch', op: 'mlp layer 1 (dense+tanh)' })
    expect(e.message).toContain('[1, 3] and [2, 3] and [3]')
  })

  it('answers a Left when the parameters have another number of layers', () => {
    expect(getLeft(spec.predict(params.slice(0, 1))(x)).message).toContain('the spec has 2 layers, the parameters 1')
  })

  it('answers a Left naming the parameter leaf that holds NaN', () => {
    const bad: _.MlpParams = [
      params[0]!,
      { w: params[1]!.w, b: { ...params[1]!.b!, data: Float64Array.of(0, Number.NaN) } }
    ]
    expect(getLeft(spec.predict(bad)(x))).toMatchObject({ _tag: 'NonFiniteLeaf', path: '1.b', index: 1 })
    expect(E.isLeft(AD.valueAndGrad((p: AD.Traced<_.MlpParams>) => AD.sum(spec.forward(p)(x)))(bad))).toBe(true)
  })
})

describe('configs of the wrong type, as they arrive from JSON', () => {
  it('answers a Left naming the field, never a throw', () => {
    const message = (config: unknown): string => getLeft(_.mlp(config as _.MlpConfig)).message
    expect(message(null)).toBe('mlp: the config is null; expected a record { sizes, activations, … }')
    expect(message({ sizes: '3,2', activations: [] })).toBe('mlp: sizes is "3,2"; expected a list of layer sizes')
    expect(message({ sizes: [3, 2], activations: 'tanh' })).toMatch(/activations is "tanh"; expected a list/)
    expect(message({ sizes: [3, 2], activations: ['tanh'], bias: 'yes' })).toMatch(/bias is "yes"/)
    expect(message({ sizes: [3, 2], activations: ['tanh'], init: 1 })).toMatch(/init is 1/)
    expect(message({ sizes: [3, JSON.parse('{"toString": 1}')], activations: ['tanh'] })).toMatch(
      /sizes\[1\] is a record/
    )
    const withGetter = Object.defineProperty({ activations: ['tanh'] }, 'sizes', {
      enumerable: true,
      get: () => {
        throw new Error('the sizes getter was read')
      }
    })
    expect(message(withGetter)).toBe('mlp: the config.sizes is a getter; expected a value')
  })

  it('refuses an unknown initializer name when the parameters are drawn', () => {
    const net = getRight(_.mlp({ sizes: [2, 1], activations: ['tanh'], init: 'orthogonal' as never }))
    expect(getLeft(net.init(k)).message).toMatch(/the initializer is "orthogonal"/)
  })
})
