import { describe, expect, it } from 'vitest'
import * as _ from '../../src/tensor/nested.js'
import { getLeft, getRight } from '../either.js'

describe('fromNested', () => {
  it('reads the shape from the nesting', () => {
    const x = getRight(
      _.fromNested([
        [1, 2, 3],
        [4, 5, 6]
      ])
    )
    expect(x.shape).toEqual([2, 3])
    expect(getRight(_.fromNested(5)).shape).toEqual([])
  })

  it('names the place where an array is ragged', () => {
    const e = getLeft(_.fromNested([[1, 2], [3]]))
    expect(e.message).toContain('[1] has length 1, expected 2 (ragged array)')
  })

  it('names a leaf that is not a number', () => {
    expect(getLeft(_.fromNested([[1, '2']])).message).toContain('[0][1] is "2", expected a number')
    expect(getLeft(_.fromNested([[1], 2])).message).toContain('[1] is 2, expected an array')
  })

  it('refuses NaN inside', () => {
    expect(getLeft(_.fromNested([[1, Number.NaN]]))._tag).toBe('NonFinite')
  })
})

describe('toNested', () => {
  it('gives nested arrays back', () => {
    expect(
      _.toNested(
        getRight(
          _.fromNested([
            [1, 2],
            [3, 4]
          ])
        )
      )
    ).toEqual([
      [1, 2],
      [3, 4]
    ])
  })
})

describe('reshape', () => {
  it('keeps the elements in row-major order', () => {
    const r = getRight(
      _.reshape([3, 2])(
        getRight(
          _.fromNested([
            [1, 2, 3],
            [4, 5, 6]
          ])
        )
      )
    )
    expect(_.toNested(r)).toEqual([
      [1, 2],
      [3, 4],
      [5, 6]
    ])
  })

  it('refuses a shape with another element count', () => {
    expect(getLeft(_.reshape([4])(getRight(_.fromNested([1, 2, 3]))))._tag).toBe('DataLengthMismatch')
  })
})

describe('fromNested on hostile input (regressions)', () => {
  const deep = (depth: number): unknown => {
    let u: unknown = 1
    for (let i = 0; i < depth; i++) u = [u]
    return u
  }

  it('refuses nesting deeper than MAX_RANK with a Left instead of overflowing the stack', () => {
    expect(getLeft(_.fromNested(deep(100_000)))._tag).toBe('InvalidShape')
  })

  it('refuses a huge sparse array before walking it', () => {
    expect(getLeft(_.fromNested(new Array(2 ** 32 - 1)))._tag).toBe('InvalidShape')
  })

  it('names a leaf that String() cannot show', () => {
    expect(getLeft(_.fromNested([JSON.parse('{"toString": 1}')])).message).toContain('[0] is a record')
    expect(getLeft(_.fromNested([1n])).message).toContain('[0] is 1n')
  })
})
