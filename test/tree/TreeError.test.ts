import { describe, expect, it } from 'vitest'
import * as _ from '../../src/tree/TreeError.js'

describe('TreeError', () => {
  it('writes a structure mismatch as the path, what was expected and what was found', () => {
    expect(_.structureMismatch('hidden.w', 'shape', 'a tensor of shape [2, 3]', 'a tensor of shape [3, 2]')).toEqual({
      _tag: 'StructureMismatch',
      path: 'hidden.w',
      reason: 'shape',
      expected: 'a tensor of shape [2, 3]',
      actual: 'a tensor of shape [3, 2]',
      message: 'trees differ at hidden.w: expected a tensor of shape [2, 3], got a tensor of shape [3, 2]'
    })
  })

  it('writes a size mismatch with both counts', () => {
    expect(_.sizeMismatch(12, 10)).toEqual({
      _tag: 'SizeMismatch',
      expected: 12,
      actual: 10,
      message: 'the tree holds 12 numbers, the flat vector has 10'
    })
  })

  it('names the leaf of a non-finite value, and the root as (root)', () => {
    expect(_.nonFiniteLeaf('out.b', 3, NaN)).toMatchObject({
      _tag: 'NonFinite',
      where: 'out.b',
      index: 3,
      message: 'out.b: element 3 is NaN; only finite numbers are allowed'
    })
    expect(_.nonFiniteLeaf('', 0, Infinity).where).toBe('(root)')
    expect(_.showPath('')).toBe('(root)')
    expect(_.showPath('layers.0.w')).toBe('layers.0.w')
  })

  it('names the op of a non-finite scalar result', () => {
    expect(_.nonFiniteResult('dot', Infinity).message).toBe(
      'dot result: element 0 is Infinity; only finite numbers are allowed'
    )
  })
})
