import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../../src/train/files/ModelSpec.js'
import type { ModelSpec } from '../../../src/train/files/ModelSpec.js'

describe('decodeModelSpec', () => {
  it('builds the network the spec describes', () => {
    const built = _.decodeModelSpec({
      sizes: [4, 3, 2],
      activations: ['relu', 'identity'],
      loss: 'softmaxCrossEntropy'
    })
    expect(E.map((b: _.BuiltSpec) => [b.net.sizes, b.net.bias])(built)).toEqual(E.right([[4, 3, 2], true]))
  })
  it('rejects a loss it does not know, naming it', () => {
    const built = _.decodeModelSpec({ sizes: [4, 2], activations: ['identity'], loss: 'hinge' as ModelSpec['loss'] })
    expect(E.isLeft(built) && built.left.message).toMatch(/"hinge"/)
  })
  it('rejects a loss named after an object property', () => {
    expect(
      E.isLeft(_.decodeModelSpec({ sizes: [4, 2], activations: ['identity'], loss: 'toString' as ModelSpec['loss'] }))
    ).toBe(true)
  })
  it('rejects sizes that do not match the activations', () => {
    expect(E.isLeft(_.decodeModelSpec({ sizes: [4, 3, 2], activations: ['identity'], loss: 'mse' }))).toBe(true)
  })
})

describe('a spec of the wrong type, as it arrives from JSON', () => {
  it('names the field and what was expected', () => {
    const left = (u: unknown): string => {
      const r = _.decodeModelSpec(u as ModelSpec)
      return E.isLeft(r) ? r.left.message : 'right'
    }
    expect(left(null)).toBe('ModelSpec: the spec is null; expected a record')
    expect(left({ sizes: '4,2', activations: ['identity'], loss: 'mse' })).toBe(
      'ModelSpec: sizes is "4,2"; expected an array of numbers'
    )
    expect(left({ sizes: [4, 2], activations: ['identity'], loss: 1 })).toBe(
      'ModelSpec: loss is 1; expected a loss name or { huber: δ }'
    )
  })
})
