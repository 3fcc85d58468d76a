import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, it } from 'vitest'
import { gradientTransformation, signedTrajectoryInputs, trajectoryInputs } from './arbitraries.js'
import { lawParameters } from './config.js'
import * as laws from './multiSteps.js'

describe('optim: gradient accumulation (multiSteps)', () => {
  it('multiSteps(1, t) is t, bit for bit, even on signed zeros', () => {
    fc.assert(
      fc.property(gradientTransformation, signedTrajectoryInputs(4), (t, { params, grads }) =>
        E.isRight(t.built) ? laws.oneStepIsInner(t.built.right, params, grads) : false
      ),
      lawParameters
    )
  })
  it('multiSteps(k, t) applies t to the mean of every k gradients and stands still in between', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        gradientTransformation,
        trajectoryInputs(8),
        (k, t, { params, grads }) => (E.isRight(t.built) ? laws.appliesTheMean(k, t.built.right, params, grads) : false)
      ),
      lawParameters
    )
  })
  it('its state decodes from its JSON to itself after every step', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        gradientTransformation,
        trajectoryInputs(5),
        (k, t, { params, grads }) =>
          E.isRight(t.built) ? laws.stateRoundTrips(k, t.built.right, params, grads) : false
      ),
      lawParameters
    )
  })
})
