import { describe, expect, it } from 'vitest'
import { adam, sgd } from '../../src/optim/alias.js'
import * as _ from '../../src/optim/hyperparameters.js'
import { scaleByAdam } from '../../src/optim/scaleByAdam.js'
import { cosineDecay, joinSchedules, piecewiseConstant } from '../../src/optim/schedules.js'
import { getLeft, getRight } from '../either.js'

describe('ranges', () => {
  it('accept their interval and refuse NaN, infinities and the outside', () => {
    const cases: ReadonlyArray<readonly [_.Range, ReadonlyArray<number>, ReadonlyArray<number>]> = [
      [_.finiteRange, [-1e300, 0, 3], [Number.NaN, Infinity, -Infinity]],
      [_.nonNegativeRange, [0, -0, 1e-300, 5], [-1e-300, Number.NaN, Infinity]],
      [_.positiveRange, [1e-300, 2], [0, -1, Infinity, Number.NaN]],
      [_.unitIntervalRange, [0, 0.5, 1 - 2 ** -53], [1, -0.1, Number.NaN]],
      [_.closedUnitIntervalRange, [0, 1], [1.0000000000000002, -1e-9]],
      [_.countRange, [0, 7, Number.MAX_SAFE_INTEGER], [-1, 1.5, 2 ** 53, Number.NaN]],
      [_.positiveCountRange, [1, 100], [0, 0.5, -3]]
    ]
    for (const [range, good, bad] of cases) {
      expect(good.every(range.test)).toBe(true)
      expect(bad.some(range.test)).toBe(false)
    }
  })
})

describe('validateFields', () => {
  it('answers the first field out of range, named from the constructor', () => {
    expect(
      getLeft(
        _.validateFields('adam', [
          ['b1', 0.9, _.unitIntervalRange],
          ['b2', 1, _.unitIntervalRange],
          ['eps', 0, _.positiveRange]
        ])
      )
    ).toMatchObject({
      where: 'adam',
      field: 'b2',
      value: 1,
      message: 'adam: b2 is 1; expected a number in [0, 1)'
    })
  })

  it('refuses a value that is not a number at all', () => {
    expect(getLeft(_.validateFields('sgd', [['lr', '0.1' as unknown as number, _.nonNegativeRange]])).message).toBe(
      'sgd: lr is "0.1"; expected a finite number ≥ 0'
    )
  })

  it('builds only when every field is valid', () => {
    let built = 0
    expect(getRight(_.validated('x', [['a', 1, _.finiteRange]], () => ++built))).toBe(1)
    getLeft(_.validated('x', [['a', Number.NaN, _.finiteRange]], () => ++built))
    expect(built).toBe(1)
  })
})

describe('arguments of the wrong type, as they arrive from JSON', () => {
  it('refuses an options record that is not one, naming the constructor and the argument', () => {
    expect(getLeft(adam(null as never)).message).toBe('adam: options is null; expected a record')
    expect(getLeft(scaleByAdam([] as never)).message).toBe(
      'scaleByAdam: options is an array of 0 items; expected a record'
    )
    expect(getLeft(cosineDecay('0.1' as never)).message).toBe('cosineDecay: options is "0.1"; expected a record')
  })

  it('refuses an options record holding a getter before reading any field', () => {
    const options = Object.defineProperty({ lr: 0.1 }, 'eps', {
      enumerable: true,
      get: () => {
        throw new Error('the eps getter was read')
      }
    })
    expect(getLeft(adam(options)).message).toBe(
      'adam: options is a record; expected a record of values (its eps is a getter)'
    )
  })

  it('refuses a learning rate that is neither a number nor a schedule', () => {
    expect(getLeft(sgd('0.1' as never)).message).toBe(
      'sgd: lr is "0.1"; expected a number or a schedule (step) => rate'
    )
    expect(getLeft(adam({ lr: {} as never })).message).toBe(
      'adam: lr is a record; expected a number or a schedule (step) => rate'
    )
  })

  it('refuses fields that are not [name, value, range] triples', () => {
    expect(getLeft(_.validateFields('mine', null as never)).message).toBe(
      'mine: fields is null; expected an array of [name, value, range] fields'
    )
    expect(getLeft(_.validateFields('mine', [['lr', 1, null]] as never)).message).toBe(
      'mine: fields is an array of 3 items; expected an array of [name, value, range] fields'
    )
  })

  it('refuses schedules and boundaries that are not lists', () => {
    expect(getLeft(joinSchedules('x' as never, [])).message).toBe(
      'join: schedules is "x"; expected an array of schedules or the Eithers their constructors answered'
    )
    expect(getLeft(piecewiseConstant({ boundaries: 5, values: [1] } as never)).message).toBe(
      'piecewiseConstant: boundaries is 5; expected an array'
    )
  })
})
