import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { describe, expect, it } from 'vitest'
import type { EpochRecord, History } from '../../../src/train/bookkeeping/History.js'
import * as _ from '../../../src/train/bookkeeping/stopRules.js'

const record = (
  epoch: number,
  loss: number,
  accuracy: number,
  validation: { loss: number; accuracy: number } | null = null
): EpochRecord => ({
  epoch,
  step: epoch * 10,
  batchLoss: loss,
  train: { loss, accuracy },
  validation,
  learningRate: 0.1
})

const history = (...losses: ReadonlyArray<number>): History => losses.map((l, i) => record(i + 1, l, 1 - l))

describe('maxEpochs', () => {
  it('fires once the count is reached, not before', () => {
    expect(_.unsafeMaxEpochs(3)(history(0.5, 0.4))).toEqual(O.none)
    expect(_.unsafeMaxEpochs(3)(history(0.5, 0.4, 0.3))).toEqual(O.some({ _tag: 'MaxEpochs', epochs: 3 }))
  })
})

describe('targetAccuracy', () => {
  it('watches the training set by default and the validation set when asked', () => {
    const h = [record(1, 0.2, 1, { loss: 0.5, accuracy: 0.5 })]
    expect(O.isSome(_.unsafeTargetAccuracy(1)(h))).toBe(true)
    expect(O.isSome(_.unsafeTargetAccuracy(1, 'validation')(h))).toBe(false)
    expect(O.isSome(_.unsafeTargetAccuracy(0.5, 'validation')(h))).toBe(true)
  })

  it('does not fire on the validation set of a run without one', () => {
    expect(O.isSome(_.unsafeTargetAccuracy(0, 'validation')(history(0.1)))).toBe(false)
  })
})

describe('lossBelow', () => {
  it('watches the validation loss when there is one', () => {
    expect(O.isSome(_.unsafeLossBelow(0.3)(history(0.5, 0.25)))).toBe(true)
    expect(O.isSome(_.unsafeLossBelow(0.3)([record(1, 0.1, 1, { loss: 0.4, accuracy: 1 })]))).toBe(false)
  })
})

describe('noImprovement', () => {
  it('fires `patience` epochs after the best one, naming it', () => {
    expect(_.unsafeNoImprovement(2)(history(0.5, 0.3, 0.4))).toEqual(O.none)
    expect(_.unsafeNoImprovement(2)(history(0.5, 0.3, 0.4, 0.35))).toEqual(
      O.some({ _tag: 'NoImprovement', patience: 2, bestEpoch: 2 })
    )
  })

  it('counts an equal loss as no improvement', () => {
    expect(_.bestEpoch(history(0.3, 0.3, 0.3))).toEqual(O.some(1))
  })
})

describe('any and all', () => {
  it('any gives the first reason that fires; all needs every rule', () => {
    const h = history(0.5, 0.05)
    expect(_.any(_.unsafeMaxEpochs(10), _.unsafeLossBelow(0.1), _.unsafeMaxEpochs(2))(h)).toEqual(
      O.some({ _tag: 'LossBelow', threshold: 0.1, loss: 0.05 })
    )
    expect(_.all(_.unsafeMaxEpochs(2), _.unsafeLossBelow(0.1))(h)).toEqual(
      O.some({
        _tag: 'All',
        reasons: [
          { _tag: 'MaxEpochs', epochs: 2 },
          { _tag: 'LossBelow', threshold: 0.1, loss: 0.05 }
        ]
      })
    )
    expect(_.all(_.unsafeMaxEpochs(3), _.unsafeLossBelow(0.1))(h)).toEqual(O.none)
    expect(_.all()(h)).toEqual(O.none)
  })
})

describe('the rule constructors (regressions)', () => {
  it('refuse nonsense when the rule is made', () => {
    for (const e of [
      _.noImprovement(-3),
      _.noImprovement(1.5),
      _.targetAccuracy(2),
      _.targetAccuracy(NaN),
      _.targetAccuracy(0.5, 'test' as never),
      _.lossBelow(NaN),
      _.lossBelow(null as never),
      _.maxEpochs(0),
      _.maxEpochs(2.5),
      _.maxEpochs('10' as never)
    ]) {
      expect(E.isLeft(e) && e.left._tag).toBe('InvalidArgument')
    }
  })

  it('make the same rules as before from sensible values', () => {
    const h = history(0.5, 0.4, 0.3)
    expect(E.map((r: _.StopRule) => r(h))(_.maxEpochs(3))).toEqual(E.right(O.some({ _tag: 'MaxEpochs', epochs: 3 })))
    expect(E.map((r: _.StopRule) => O.isSome(r(h)))(_.lossBelow(0.35))).toEqual(E.right(true))
    expect(E.isRight(_.noImprovement(1)) && E.isRight(_.targetAccuracy(1, 'validation'))).toBe(true)
  })

  it('never throw on a history that is not one', () => {
    const rule = _.any(_.unsafeMaxEpochs(1), _.unsafeNoImprovement(1), _.unsafeLossBelow(1), 'x' as never)
    for (const h of [null, 'x', [null], [1], {}]) expect(rule(h as never)).toEqual(O.none)
    expect(_.unsafeNoImprovement(1)(history(0.5, 0.6), null as never)).toEqual(
      O.some({ _tag: 'NoImprovement', patience: 1, bestEpoch: 1 })
    )
  })
})
