import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/tensor/guards.js'
import { getLeft } from '../either.js'

/** A record whose every read through a getter, `toString` or `valueOf` throws. */
const hostile = Object.defineProperty(JSON.parse('{"toString": 1, "valueOf": 2}'), '_tag', {
  enumerable: true,
  get: () => {
    throw new Error('the _tag getter was read')
  }
})

describe('kinds', () => {
  it('tells records from arrays, null and the rest', () => {
    expect([{}, Object.create(null), [], null, 1, 'a', undefined].map(_.isRecord)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
      false
    ])
  })

  it('knows a library value by its own _tag alone, without running a getter', () => {
    const dataset = _.tagged('Dataset', 'a data set')
    expect(dataset.test({ _tag: 'Dataset' })).toBe(true)
    expect(dataset.test(Object.create({ _tag: 'Dataset' }))).toBe(false)
    expect(dataset.test(hostile)).toBe(false)
  })

  it('reads an Either a constructor answered: any Left, or a Right holding the kind', () => {
    const schedule = _.resultOf(_.func)
    expect([E.left('no'), E.right(() => 1), E.right(1), { _tag: 'Right' }].map(schedule.test)).toEqual([
      true,
      true,
      false,
      false
    ])
  })
})

describe('checks', () => {
  it('names the first argument that is not of its kind, and what was expected', () => {
    const checks: ReadonlyArray<_.Check> = [
      ['options', {}, _.record],
      ['rows', 'x', _.array],
      ['name', 1, _.string]
    ]
    expect(_.firstWrong(checks)).toEqual({ name: 'rows', value: 'x', expected: 'an array' })
    expect(getLeft(_.checkArguments('fromRows', checks)).message).toBe('fromRows: rows is "x"; expected an array')
  })

  it('describes a hostile value without calling into it', () => {
    expect(_.showWrong({ name: 'options', value: hostile, expected: 'a record' })).toBe(
      'options is a record; expected a record'
    )
  })

  it('builds only when every argument is of its kind', () => {
    let built = 0
    const build = () => E.right(++built)
    expect(_.guarded('op', [['n', 1, _.number]], build)).toEqual(E.right(1))
    expect(E.isLeft(_.guarded('op', [['n', '1', _.number]], build))).toBe(true)
    expect(built).toBe(1)
  })
})
