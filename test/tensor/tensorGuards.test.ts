import { describe, expect, it } from 'vitest'
import * as _ from '../../src/tensor/tensorGuards.js'
import { getLeft, getRight } from '../either.js'
import { t } from './fixtures.js'

// Values as they arrive from JSON through `any`: each one of the wrong type somewhere.
const hostile: ReadonlyArray<unknown> = [
  null,
  undefined,
  '2',
  2n ** 70n,
  [1, 2],
  JSON.parse('{"toString": 1, "valueOf": 2}'),
  JSON.parse('{"_tag": "Tensor", "shape": [1], "data": [1]}'),
  Object.create(null)
]

describe('tensorArgument', () => {
  it('passes a tensor through, as it is', () => {
    const x = t([1, 2])
    expect(getRight(_.tensorArgument('op', 'a')(x))).toBe(x)
  })

  it('refuses anything else with a Left naming the op, the argument and what was expected', () => {
    for (const u of hostile) {
      const e = getLeft(_.tensorArgument('sum', 'the tensor')(u))
      expect(e._tag).toBe('InvalidArgument')
      expect(e.message).toMatch(/^sum: the tensor is .+; expected a tensor$/)
    }
    // a record that only looks like a tensor, as JSON can spell one, is not one
    expect(getLeft(_.tensorArgument('sum', 'the tensor')(hostile[6])).message).toBe(
      'sum: the tensor is a record tagged Tensor but not one (its data is no Float64Array); expected a tensor'
    )
  })
})

describe('tensorPair', () => {
  it('names the first operand that is not a tensor, a before b', () => {
    const x = t([1])
    expect(_.tensorPair('add')(x, x)).toBeUndefined()
    expect(_.tensorPair('add')(null, x)?.message).toBe('add: a is null; expected a tensor')
    expect(_.tensorPair('add')(x, '1')?.message).toBe('add: b is "1"; expected a tensor')
  })
})

describe('optionsArgument', () => {
  it('reads nothing as the empty record and a record as itself', () => {
    expect(getRight(_.optionsArgument('uniform')(undefined))).toEqual({})
    const o = { low: 1 }
    expect(getRight(_.optionsArgument('uniform')(o))).toBe(o)
  })

  it('refuses null, arrays, numbers and strings', () => {
    for (const u of [null, [1], 3, 'low']) {
      expect(getLeft(_.optionsArgument('uniform')(u as never)).message).toMatch(
        /^uniform: the options record is .+; expected a record of options or nothing$/
      )
    }
  })
})
