import { describe, expect, it } from 'vitest'
import * as _ from '../../src/tensor/TensorError.js'

describe('showShape and dataLengthMismatch on a shape that is none', () => {
  const huge = new Array(2 ** 32 - 1)
  const withGetter = Object.defineProperty([2, 0], '1', {
    enumerable: true,
    get: () => {
      throw new Error('the getter was read')
    }
  }) as ReadonlyArray<number>

  it('describes an array declaring 2^32 − 1 dimensions instead of joining it', () => {
    expect(_.showShape(huge)).toBe('an array of 4294967295 items')
    expect(_.dataLengthMismatch(huge, 3).expected).toBeNaN()
  })

  it('reads a dimension whose getter throws as no number, without calling it', () => {
    expect(_.showShape(withGetter)).toBe('[2, nothing]')
    expect(_.dataLengthMismatch(withGetter, 3).expected).toBeNaN()
  })
})
