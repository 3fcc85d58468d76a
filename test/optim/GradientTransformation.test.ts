import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { decode } from '../../src/codec/DecodeError.js'
import * as _ from '../../src/optim/GradientTransformation.js'
import type { OptimError } from '../../src/optim/OptimError.js'
import { scale } from '../../src/tree/vectorSpace.js'
import { getLeft, getRight } from '../either.js'

describe('gradientTransformation', () => {
  const halve = _.gradientTransformation(
    () => _.emptyState,
    (grads, state) => E.map((g: typeof grads) => [g, state] as const)(scale(0.5)(grads)),
    () => _.EmptyStateC
  )

  it('builds a transformation from its three parts', () => {
    expect(getRight(halve.update({ w: 1, b: [2] }, halve.init({ w: 0, b: [0] }), { w: 0, b: [0] }))).toEqual([
      { b: [1], w: 0.5 },
      {}
    ])
    expect(halve.stateC({ w: 0 }).encode(_.emptyState)).toEqual({})
  })

  it('types update to keep the parameters’ type, and refuses gradients of another type', () => {
    expectTypeOf(halve.update({ w: 1 }, {}, { w: 0 })).toEqualTypeOf<
      E.Either<OptimError, readonly [{ w: number }, _.EmptyState]>
    >()
    expectTypeOf(halve.update(1, {}, 2)).toEqualTypeOf<E.Either<OptimError, readonly [number, _.EmptyState]>>()
    // @ts-expect-error: a { v } gradient for { w } parameters
    halve.update({ v: 1 }, {}, { w: 0 })
    expectTypeOf<_.StateOf<typeof halve>>().toEqualTypeOf<_.EmptyState>()
  })
})

describe('EmptyStateC', () => {
  it('encodes the empty state as {} and refuses any key', () => {
    expect(JSON.stringify(_.EmptyStateC.encode(_.emptyState))).toBe('{}')
    expect(getRight(decode(_.EmptyStateC)({}))).toEqual({})
    expect(getLeft(decode(_.EmptyStateC)({ count: 1 }))).toMatchObject({ path: 'count' })
    expect(getLeft(decode(_.EmptyStateC)([]))._tag).toBe('DecodeError')
  })
})
