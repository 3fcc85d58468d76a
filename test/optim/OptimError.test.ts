import { describe, expect, it } from 'vitest'
import * as _ from '../../src/optim/OptimError.js'
import { nonFinite } from '../../src/tensor/TensorError.js'
import { structureMismatch } from '../../src/tree/TreeError.js'

describe('OptimError constructors', () => {
  it('name the constructor, the field, the value and the range', () => {
    expect(_.invalidHyperparameter('adam', 'b1', 1, 'a number in [0, 1)')).toEqual({
      _tag: 'InvalidHyperparameter',
      where: 'adam',
      field: 'b1',
      value: 1,
      expected: 'a number in [0, 1)',
      message: 'adam: b1 is 1; expected a number in [0, 1)'
    })
    expect(_.invalidHyperparameter('join', 'schedules.0', 'x', 'a schedule').message).toBe(
      'join: schedules.0 is "x"; expected a schedule'
    )
  })

  it('say which state tree differs from the parameters, and where', () => {
    const e = _.stateMismatch(
      'scaleByAdam',
      'mu',
      structureMismatch('hidden.w', 'shape', 'a tensor of shape [2, 3]', 'a tensor of shape [3, 2]')
    )
    expect(e).toMatchObject({
      _tag: 'StateMismatch',
      where: 'scaleByAdam',
      field: 'mu',
      path: 'hidden.w',
      reason: 'shape'
    })
    expect(e.message).toBe(
      "scaleByAdam: at hidden.w, the parameters have a tensor of shape [2, 3] and the state's mu a tensor of shape [3, 2]"
    )
  })

  it('keep the tree module’s mismatch, with a message from the transformation', () => {
    const e = _.mismatchWith('sgd', 'the gradient', structureMismatch('', 'kind', 'a record', 'a number'))
    expect(e).toMatchObject({ _tag: 'StructureMismatch', path: '', reason: 'kind' })
    expect(e.message).toBe('sgd: at (root), the parameters have a record and the gradient a number')
  })

  it('name the leaf of a non-finite value', () => {
    expect(_.nonFiniteIn('scaleByRms', 'state nu at', nonFinite('out.w', 3, Infinity)).message).toBe(
      'scaleByRms: state nu at out.w: element 3 is Infinity; only finite numbers are allowed'
    )
  })
})
