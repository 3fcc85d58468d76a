import { describe, expect, it } from 'vitest'
import * as _ from '../../src/optim/clipByGlobalNorm.js'
import { unsafeMake } from '../../src/tensor/Tensor.js'
import { getLeft, getRight } from '../either.js'
import { updateOnce } from './fixtures.js'

describe('clipByGlobalNorm', () => {
  it('scales the whole gradient to the bound, the norm taken over every leaf together', () => {
    const g = { a: 3, b: unsafeMake([1], Float64Array.of(4)) }
    const [u] = updateOnce(getRight(_.clipByGlobalNorm(1)), g, g)
    expect(u.a).toBeCloseTo(0.6, 15)
    expect(u.b.data[0]).toBeCloseTo(0.8, 15)
  })

  it('hands back a gradient at or under the bound as it is', () => {
    const g = { a: 3, b: -4 }
    expect(updateOnce(getRight(_.clipByGlobalNorm(5)), g, g)[0]).toBe(g)
    expect(updateOnce(getRight(_.clipByGlobalNorm(6)), g, g)[0]).toBe(g)
  })

  it('clips to zero at a zero bound, and keeps a zero gradient', () => {
    expect(updateOnce(getRight(_.clipByGlobalNorm(0)), { a: 3 }, { a: 0 })[0]).toEqual({ a: 0 })
    expect(updateOnce(getRight(_.clipByGlobalNorm(0)), { a: 0 }, { a: 0 })[0]).toEqual({ a: 0 })
  })

  it('measures norms that would overflow as sums of squares', () => {
    const [u] = updateOnce(getRight(_.clipByGlobalNorm(1)), { a: 3e200, b: 4e200 }, { a: 0, b: 0 })
    expect(u.a).toBeCloseTo(0.6, 15)
  })

  it('refuses a negative or non-finite bound', () => {
    expect(getLeft(_.clipByGlobalNorm(-1))).toMatchObject({ field: 'maxNorm' })
    expect(getLeft(_.clipByGlobalNorm(Infinity))).toMatchObject({ field: 'maxNorm' })
  })
})
