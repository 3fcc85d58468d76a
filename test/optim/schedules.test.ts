import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/optim/schedules.js'
import { getLeft, getRight } from '../either.js'

const at = (s: E.Either<unknown, _.Schedule>, steps: ReadonlyArray<number>): ReadonlyArray<number> =>
  steps.map(getRight(s))

describe('schedules', () => {
  it('constant gives one rate at every step', () => {
    expect(at(_.constant(0.1), [0, 1, 1e6])).toEqual([0.1, 0.1, 0.1])
    expect(getLeft(_.constant(-0.1)).message).toBe('constant: value is -0.1; expected a finite number ≥ 0')
  })

  it('piecewiseConstant steps down at each boundary', () => {
    expect(
      at(_.piecewiseConstant({ boundaries: [100, 200], values: [0.1, 0.01, 0.001] }), [0, 99, 100, 199, 200, 1e9])
    ).toEqual([0.1, 0.1, 0.01, 0.01, 0.001, 0.001])
    expect(at(_.piecewiseConstant({ boundaries: [], values: [0.3] }), [0, 5])).toEqual([0.3, 0.3])
  })

  it('piecewiseConstant names what is wrong with its boundaries and values', () => {
    expect(getLeft(_.piecewiseConstant({ boundaries: [10], values: [1] })).message).toBe(
      'piecewiseConstant: values.length is 1; expected 2, one more than the boundaries'
    )
    expect(getLeft(_.piecewiseConstant({ boundaries: [10, 10], values: [1, 2, 3] }))).toMatchObject({
      field: 'boundaries.1'
    })
    expect(getLeft(_.piecewiseConstant({ boundaries: [1.5], values: [1, 2] }))).toMatchObject({ field: 'boundaries.0' })
    expect(getLeft(_.piecewiseConstant({ boundaries: [5], values: [1, Number.NaN] }))).toMatchObject({
      field: 'values.1'
    })
  })

  it('piecewiseConstant is not changed by later writes into the arrays it was given', () => {
    const boundaries = [10]
    const values = [1, 2]
    const s = getRight(_.piecewiseConstant({ boundaries, values }))
    boundaries[0] = 0
    values[1] = 99
    expect([s(5), s(10)]).toEqual([1, 2])
  })

  it('exponentialDecay is init·rate^(t/T), floored with staircase', () => {
    expect(at(_.exponentialDecay({ init: 2, decayRate: 0.5 }), [0, 1, 3])).toEqual([2, 1, 0.25])
    expect(at(_.exponentialDecay({ init: 1, decayRate: 0.5, transitionSteps: 10 }), [5])[0]).toBeCloseTo(
      Math.SQRT1_2,
      15
    )
    expect(
      at(_.exponentialDecay({ init: 1, decayRate: 0.5, transitionSteps: 10, staircase: true }), [0, 9, 10, 25])
    ).toEqual([1, 1, 0.5, 0.25])
    expect(getLeft(_.exponentialDecay({ init: 1, decayRate: 0 }))).toMatchObject({ field: 'decayRate' })
    expect(getLeft(_.exponentialDecay({ init: 1, decayRate: 0.5, transitionSteps: 0 }))).toMatchObject({
      field: 'transitionSteps'
    })
  })

  it('cosineDecay goes from init to alpha·init over decaySteps, then stays', () => {
    const [s0, half, end, after] = at(_.cosineDecay({ init: 0.1, decaySteps: 100, alpha: 0.1 }), [0, 50, 100, 1000])
    expect(s0).toBe(0.1)
    expect(half).toBeCloseTo(0.1 * (0.9 * 0.5 + 0.1), 15)
    expect([end, after]).toEqual([0.1 * 0.1, 0.1 * 0.1])
    expect(getLeft(_.cosineDecay({ init: 0.1, decaySteps: 100, alpha: 2 }))).toMatchObject({ field: 'alpha' })
  })

  it('linearWarmup ramps from init to peak, then holds', () => {
    expect(at(_.linearWarmup({ peak: 0.1, warmupSteps: 10 }), [0, 5, 10, 20])).toEqual([0, 0.05, 0.1, 0.1])
    expect(at(_.linearWarmup({ init: 1, peak: 0, warmupSteps: 4 }), [0, 2, 4])).toEqual([1, 0.5, 0])
    expect(getLeft(_.linearWarmup({ peak: -1, warmupSteps: 4 }))).toMatchObject({ field: 'peak' })
  })

  it('join runs each schedule from 0 after its boundary, and takes schedules or their Eithers', () => {
    const s = _.joinSchedules([_.linearWarmup({ peak: 0.1, warmupSteps: 100 }), (t: number) => 1000 + t], [100])
    expect(at(s, [0, 50, 99, 100, 150])).toEqual([0, 0.05, 0.099, 1000, 1050])
  })

  it('join names a wrong count of schedules, a bad boundary or a failed schedule', () => {
    expect(getLeft(_.joinSchedules([_.constant(1)], [10]))).toMatchObject({ field: 'schedules.length' })
    expect(getLeft(_.joinSchedules([_.constant(1), _.constant(2)], [-1]))).toMatchObject({ field: 'boundaries.0' })
    expect(getLeft(_.joinSchedules([_.constant(1), _.constant(-2)], [5]))).toMatchObject({
      where: 'constant',
      field: 'value'
    })
  })
})
