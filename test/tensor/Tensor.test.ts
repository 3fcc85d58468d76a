import { describe, expect, it } from 'vitest'
import * as _ from '../../src/tensor/Tensor.js'
import { getLeft, getRight } from '../either.js'

describe('isTensor', () => {
  it('answers false on a record whose getters throw, as JSON makes no getter', () => {
    const t = getRight(_.zeros([1]))
    const u = Object.defineProperty({ data: t.data, shape: t.shape }, '_tag', {
      enumerable: true,
      get: () => {
        throw new Error('the _tag getter was read')
      }
    })
    expect(_.isTensor(u)).toBe(false)
    expect(_.isTensor(t)).toBe(true)
  })
})

describe('fromArray', () => {
  it('builds a row-major tensor and copies the caller’s data', () => {
    const source = [1, 2, 3, 4, 5, 6]
    const t = getRight(_.fromArray([2, 3])(source))
    expect(t.shape).toEqual([2, 3])
    expect(Array.from(t.data)).toEqual(source)
    source[0] = 99
    expect(t.data[0]).toBe(1)
  })

  it('rejects data that does not fill its shape, naming both counts', () => {
    const e = getLeft(_.fromArray([2, 3])([1, 2, 3, 4, 5]))
    expect(e._tag).toBe('DataLengthMismatch')
    expect(e.message).toBe('shape [2, 3] needs 6 values, got 5')
  })

  it('rejects a negative dimension and a fractional one, naming the dimension', () => {
    const negative = getLeft(_.fromArray([2, -1])([]))
    expect(negative._tag).toBe('InvalidShape')
    expect(negative.message).toContain('dimension 1 is -1')
    expect(getLeft(_.fromArray([1.5])([1]))._tag).toBe('InvalidShape')
    expect(getLeft(_.fromArray([Number.NaN])([]))._tag).toBe('InvalidShape')
  })

  it('rejects NaN and infinities, naming the element', () => {
    const e = getLeft(_.fromArray([3])([1, Number.NaN, 3]))
    expect(e).toMatchObject({ _tag: 'NonFinite', index: 1 })
    expect(getLeft(_.fromArray([2])([0, Number.POSITIVE_INFINITY]))).toMatchObject({ _tag: 'NonFinite', index: 1 })
    expect(getLeft(_.fromArray([1])([Number.NEGATIVE_INFINITY]))._tag).toBe('NonFinite')
  })

  it('refuses a shape of 10^12 elements before asking for memory', () => {
    const e = getLeft(_.fromArray([1_000_000, 1_000_000])([]))
    expect(e._tag).toBe('InvalidShape')
    expect(e.message).toContain(`more than ${_.MAX_ELEMENTS} elements`)
    expect(getLeft(_.zeros([1e6, 1e6]))._tag).toBe('InvalidShape')
  })

  it('accepts empty dimensions and rank 0', () => {
    expect(getRight(_.fromArray([0, 3])([])).data.length).toBe(0)
    expect(getRight(_.scalar(7)).shape).toEqual([])
    expect(getRight(_.item(getRight(_.scalar(7))))).toBe(7)
  })
})

describe('tensors are immutable values', () => {
  it('freezes the tensor record and its shape', () => {
    const t = getRight(_.zeros([2, 2]))
    expect(Object.isFrozen(t)).toBe(true)
    expect(Object.isFrozen(t.shape)).toBe(true)
  })

  it('does not share its shape array with the caller', () => {
    const shape = [2, 2]
    const t = getRight(_.ones(shape))
    shape[0] = 5
    expect(t.shape).toEqual([2, 2])
  })
})

describe('full', () => {
  it('fills a shape with one finite value and refuses a non-finite one', () => {
    expect(Array.from(getRight(_.full(2.5)([3])).data)).toEqual([2.5, 2.5, 2.5])
    expect(getLeft(_.full(Number.NaN)([3]))._tag).toBe('NonFinite')
  })
})

describe('item', () => {
  it('refuses a tensor of more than one element', () => {
    expect(getLeft(_.item(getRight(_.zeros([2]))))._tag).toBe('InvalidShape')
  })
})

describe('validateFinite', () => {
  it('names where the first non-finite element is', () => {
    const bad = _.unsafeMake([3], Float64Array.from([0, 1, Number.NaN]))
    expect(getLeft(_.validateFinite('layer w')(bad))).toMatchObject({ _tag: 'NonFinite', where: 'layer w', index: 2 })
  })
})

describe('the element ceiling (regressions)', () => {
  it('counts every non-zero dimension, so a 0 does not let [0, 2 ** 40] through', () => {
    expect(getLeft(_.validateShape([0, 2 ** 40]))._tag).toBe('InvalidShape')
    expect(getLeft(_.fromArray([2 ** 40, 0])([]))._tag).toBe('InvalidShape')
    expect(getRight(_.validateShape([0, 3]))).toBe(0)
  })

  it('answers a Left for a shape that is not a list, and for a rank beyond MAX_RANK', () => {
    expect(getLeft(_.validateShape(null as never))._tag).toBe('InvalidShape')
    expect(getLeft(_.fromArray('2' as never)([1, 2]))._tag).toBe('InvalidShape')
    expect(getLeft(_.validateShape(Array.from({ length: _.MAX_RANK + 1 }, () => 1)))._tag).toBe('InvalidShape')
  })

  it('names a dimension that no String() can show without throwing', () => {
    const hostile = JSON.parse('{"toString": 1}') as unknown
    expect(getLeft(_.validateShape([2, hostile])).message).toContain('dimension 1 is a record')
    expect(getLeft(_.validateShape([2n as never])).message).toContain('dimension 0 is 2n')
  })
})

describe('constructors and destructors on values of the wrong type, as they arrive from JSON', () => {
  it('fromArray refuses values that are no array, or hold something that is no number', () => {
    expect(getLeft(_.fromArray([2])(null as never)).message).toBe(
      'fromArray: the values are null; expected an array of numbers'
    )
    expect(getLeft(_.fromArray([6])('abcdef' as never))._tag).toBe('InvalidArgument')
    expect(getLeft(_.fromArray([2])({ length: 2 } as never))._tag).toBe('InvalidArgument')
    expect(getLeft(_.fromArray([2])([1, '2'] as never)).message).toBe(
      'fromArray: value 1 is "2"; expected a finite number'
    )
    expect(getLeft(_.fromArray([1])([JSON.parse('{"valueOf": 1}')])).message).toMatch(/value 0 is a record/)
    // typed arrays still go through
    expect(getRight(_.fromArray([2])(Float32Array.of(1, 2))).data).toEqual(Float64Array.of(1, 2))
  })

  it('scalar refuses a BigInt or an object whose conversion to a number would throw', () => {
    expect(getLeft(_.scalar(3n as never))._tag).toBe('InvalidArgument')
    const hostile = Object.defineProperty({}, Symbol.toPrimitive, {
      value: () => {
        throw new Error('converted')
      }
    })
    expect(getLeft(_.scalar(hostile as never))._tag).toBe('InvalidArgument')
  })

  it('item and validateFinite answer a Left for a non-tensor; sameShape is false for a non-array', () => {
    expect(getLeft(_.item(null as never)).message).toBe('item: the argument is null; expected a tensor')
    expect(getLeft(_.validateFinite('loss')([1] as never))._tag).toBe('InvalidArgument')
    expect(getLeft(_.validateFinite(JSON.parse('{"toString": 1}'))(null as never)).message).toMatch(/^a record: /)
    expect(_.sameShape(null as never, [])).toBe(false)
    expect(_.sameShape([2], '2' as never)).toBe(false)
  })
})
