import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/optim/guard.js'
import { invalidHyperparameter } from '../../src/optim/OptimError.js'
import { getLeft, getRight } from '../either.js'

describe('guardedUpdate', () => {
  const params = { w: 1, b: [2, 3] }
  const ok = () => E.right([{ w: 0, b: [0, 0] }, 'next', {}] as const)

  it('runs the step when every input fits, and answers its updates and state', () => {
    expect(getRight(_.guardedUpdate('t', { w: 1, b: [1, 1] }, params, { mu: params }, ok))).toEqual([
      { w: 0, b: [0, 0] },
      'next'
    ])
  })

  it('refuses a gradient of another structure before running the step', () => {
    let ran = false
    const e = getLeft(_.guardedUpdate('t', { w: 1, b: [1] }, params, {}, () => ((ran = true), ok())))
    expect(e).toMatchObject({ _tag: 'StructureMismatch', path: 'b.1' })
    expect(e.message).toBe('t: at b.1, the parameters have a number and the gradient nothing')
    expect(ran).toBe(false)
  })

  it('names the state field that does not fit', () => {
    expect(getLeft(_.guardedUpdate('t', params, params, { mu: params, nu: { w: 1 } }, ok))).toMatchObject({
      _tag: 'StateMismatch',
      field: 'nu',
      path: 'b'
    })
  })

  it('names a non-finite gradient leaf, update leaf or state leaf', () => {
    expect(getLeft(_.guardedUpdate('t', { w: 1, b: [1, Number.NaN] }, params, {}, ok)).message).toBe(
      't: gradient at b.1: element 0 is NaN; only finite numbers are allowed'
    )
    expect(
      getLeft(_.guardedInfallibleUpdate('t', params, params, {}, () => [{ w: Infinity, b: [0, 0] }, 0, {}])).message
    ).toContain('t: update at w')
    expect(
      getLeft(
        _.guardedInfallibleUpdate('t', params, params, {}, () => [params, 0, { nu: { w: 1, b: [-Infinity, 0] } }])
      ).message
    ).toContain('t: state nu at b.0')
  })

  it('passes the step’s own Left through', () => {
    const e = invalidHyperparameter('t', 'lr', -1, 'a finite number ≥ 0')
    expect(getLeft(_.guardedUpdate('t', params, params, {}, () => E.left(e)))).toBe(e)
  })
})
