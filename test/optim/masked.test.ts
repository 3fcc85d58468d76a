import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decode } from '../../src/codec/DecodeError.js'
import { clipByGlobalNorm } from '../../src/optim/clipByGlobalNorm.js'
import { emptyState, EmptyStateC, gradientTransformation } from '../../src/optim/GradientTransformation.js'
import * as _ from '../../src/optim/masked.js'
import { scale } from '../../src/optim/scale.js'
import { scaleByAdam } from '../../src/optim/scaleByAdam.js'
import { getLeft, getRight } from '../either.js'
import { updateOnce } from './fixtures.js'

type Params = { hidden: { w: number; b: number }; out: { w: number; b: number } }
const params: Params = { hidden: { w: 1, b: 2 }, out: { w: 3, b: 4 } }
const grads: Params = { hidden: { w: 0.1, b: 0.2 }, out: { w: 0.3, b: 0.4 } }
const weights: _.Mask = (path) => path.endsWith('w')

describe('masked', () => {
  it('applies the inner transformation to the chosen leaves and passes the others through', () => {
    const [u] = updateOnce(_.masked(weights, getRight(scale(10))), grads, params)
    expect(u).toEqual({ hidden: { b: 0.2, w: 1 }, out: { b: 0.4, w: 3 } })
  })

  it('gives the inner transformation only the chosen leaves: its norm and its state are theirs', () => {
    // the norm of the weights' gradient alone is 0.1·√10; the biases are left out of it
    const [u] = updateOnce(_.masked(weights, getRight(clipByGlobalNorm(0.1))), grads, params)
    expect(u.hidden.w).toBeCloseTo(0.1 / Math.sqrt(10), 15)
    expect(u.out.b).toBe(0.4)
    const adam = _.masked(weights, getRight(scaleByAdam({})))
    expect(adam.init(params)).toEqual({
      count: 0,
      mu: { hidden: { b: {}, w: 0 }, out: { b: {}, w: 0 } },
      nu: { hidden: { b: {}, w: 0 }, out: { b: {}, w: 0 } }
    })
  })

  it('encodes the inner state for the chosen leaves and decodes it against the parameters', () => {
    const adam = _.masked(weights, getRight(scaleByAdam({})))
    const [, s] = updateOnce(adam, grads, params)
    const C = adam.stateC(params)
    const json = JSON.parse(JSON.stringify(C.encode(s)))
    expect(json.mu.hidden.b).toEqual({})
    expect(getRight(decode(C)(json))).toEqual(s)
    expect(getLeft(decode(C)({ ...json, mu: { hidden: { b: 1, w: 0 }, out: { b: {}, w: 0 } } })).path).toBe(
      'mu.hidden.b'
    )
  })

  it('answers a Left when the inner transformation answers updates of another structure', () => {
    const bad = gradientTransformation(
      () => emptyState,
      (_g, s) => E.right([{ x: 1 }, s] as const),
      () => EmptyStateC
    )
    expect(getLeft(_.masked(weights, bad).update(grads, {}, params))).toMatchObject({
      _tag: 'StructureMismatch',
      path: 'hidden'
    })
  })

  it('checks the unchosen leaves too: a NaN there is not passed through', () => {
    expect(
      getLeft(_.masked(weights, getRight(scale(1))).update({ ...grads, out: { w: 0, b: Number.NaN } }, {}, params))
        .message
    ).toBe('masked: gradient at out.b: element 0 is NaN; only finite numbers are allowed')
  })
})

describe('validateMask', () => {
  it('reads a record of booleans typed from the parameters, a boolean standing for a whole subtree', () => {
    const m = getRight(_.validateMask<Params>({ hidden: { w: false, b: true }, out: true }))
    expect(['hidden.w', 'hidden.b', 'out.w', 'out.b', 'other'].map((p) => m(p, 0))).toEqual([
      false,
      true,
      true,
      true,
      false
    ])
    expect(getRight(_.validateMask<number>(true))('', 0)).toBe(true)
    expect(getRight(_.validateMask<ReadonlyArray<{ b: number }>>([{ b: true }, false]))('0.b', 0)).toBe(true)
  })

  it('refuses a mask record with anything but booleans in it, naming the path', () => {
    expect(getLeft(_.validateMask(JSON.parse('{"hidden": {"w": 1}}'))).message).toBe(
      'validateMask: mask.hidden.w is 1; expected true, false, or a record or array of them'
    )
    expect(getLeft(_.validateMask(null as never)).message).toBe(
      'validateMask: mask is null; expected true, false, or a record or array of them'
    )
  })

  it('chooses nothing for a path that is not a string', () => {
    expect(getRight(_.validateMask(true))(42 as never, 0)).toBe(false)
  })

  it('does not compile for a record of another shape', () => {
    // @ts-expect-error: Params has no `inner`
    _.validateMask<Params>({ inner: true })
  })
})

describe('masked, given what is not a mask or not a transformation', () => {
  it.each([null, 1, 'w', { w: true }])(
    'answers a Left naming the mask %s at update, and init does not throw',
    (mask) => {
      const t = _.masked(mask as never, getRight(scale(2)))
      const p = { w: 1 }
      const state = t.init(p)
      expect(getLeft(t.update(p, state, p)).message).toMatch(/^masked: the mask is .*; expected a function/)
    }
  )

  it('answers a Left naming the inner transformation when it is none', () => {
    const t = _.masked(() => true, { init: 1 } as never)
    const p = { w: 1 }
    expect(getLeft(t.update(p, t.init(p), p)).message).toMatch(
      /^masked: the inner transformation\.init is 1; expected a function/
    )
  })
})
