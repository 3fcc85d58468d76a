import { describe, expect, it } from 'vitest'
import * as _ from '../../src/optim/scale.js'
import { unsafeMake } from '../../src/tensor/Tensor.js'
import { getLeft, getRight } from '../either.js'
import { updateOnce } from './fixtures.js'

describe('scale', () => {
  it('multiplies every scalar of the gradient by c', () => {
    const g = { w: unsafeMake([2], Float64Array.of(1, -2)), b: 4 }
    expect(updateOnce(getRight(_.scale(-0.5)), g, g)[0]).toEqual({
      b: -2,
      w: unsafeMake([2], Float64Array.of(-0.5, 1))
    })
  })

  it('refuses a non-finite factor, naming it', () => {
    expect(getLeft(_.scale(Infinity)).message).toBe('scale: c is Infinity; expected a finite number')
    expect(getLeft(_.scale(Number.NaN))).toMatchObject({ field: 'c' })
  })

  it('answers a NonFinite rather than an overflowed update', () => {
    const t = getRight(_.scale(1e300))
    expect(getLeft(t.update({ w: 1e10 }, {}, { w: 0 })).message).toBe(
      'scale: update at w: element 0 is Infinity; only finite numbers are allowed'
    )
  })
})
