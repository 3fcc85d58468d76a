import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import * as AD from '../../src/ad/index.js'
import { getLeft, getRight } from '../either.js'
import { t } from '../tensor/fixtures.js'

describe('lift', () => {
  it('makes numbers and tensors constants and hands a Var on', () => {
    expect(getRight(AD.value((p: AD.Traced<{ w: number }>) => AD.add(AD.lift(2))(AD.lift(p.w)))({ w: 1 }))).toBe(3)
    expect(AD.lift(t([1])).value).toEqual(t([1]))
  })

  it('stops the trace on an operand that is no Var, tensor or number: valueAndGrad answers a Left', () => {
    const junk: ReadonlyArray<unknown> = [
      null,
      '2',
      2n,
      [1, 2],
      { _tag: 'Var' },
      JSON.parse('{"shape":[1],"data":[1]}')
    ]
    for (const u of junk) {
      const r = AD.valueAndGrad((p: AD.Traced<{ w: number }>) => pipe(p.w, AD.mul(u as AD.Operand)))({ w: 1 })
      expect(getLeft(r).message).toMatch(/^AD: an operand is .+; expected a Var, a tensor or a number$/)
    }
  })
})
