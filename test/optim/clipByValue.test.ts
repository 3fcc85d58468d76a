import { describe, expect, it } from 'vitest'
import * as _ from '../../src/optim/clipByValue.js'
import { getLeft, getRight } from '../either.js'
import { updateOnce } from './fixtures.js'

describe('clipByValue', () => {
  it('clamps each scalar into [lo, hi]', () => {
    expect(updateOnce(getRight(_.clipByValue(-1, 2)), [-3, 0.5, 2, 9], [0, 0, 0, 0])[0]).toEqual([-1, 0.5, 2, 2])
  })

  it('keeps a −0 inside the interval as −0', () => {
    const [u] = updateOnce(getRight(_.clipByValue(0, 1)), [-0], [0])
    expect(Object.is(u[0], -0)).toBe(true)
  })

  it('refuses lo > hi and non-finite bounds', () => {
    expect(getLeft(_.clipByValue(1, -1)).message).toBe('clipByValue: hi is -1; expected a number ≥ lo (1)')
    expect(getLeft(_.clipByValue(-Infinity, 1))).toMatchObject({ field: 'lo' })
  })
})
