import { describe, expect, it } from 'vitest'
import * as AD from '../../src/ad/index.js'
import * as _ from '../../src/nn/lossName.js'
import type { Tensor } from '../../src/tensor/Tensor.js'
import { getLeft, getRight } from '../either.js'
import { t } from '../tensor/fixtures.js'

const lossAt = (name: unknown, reduction?: unknown) =>
  AD.value((p: AD.Traced<{ p: Tensor }>) => _.lossByName(name as _.LossName, reduction as never)(t([[0, 1]]))(p.p))({
    p: t([[0.5, 0.5]])
  })

describe('lossByName', () => {
  it('interprets a name', () => {
    expect(getRight(lossAt('crossEntropyBits'))).toBe(1)
  })

  it('builds a loss from a name or reduction of the wrong type without throwing; the trace answers a Left', () => {
    expect(getLeft(lossAt('hinge')).message).toMatch(/^lossByName: the loss is "hinge"; expected one of mse, /)
    expect(getLeft(lossAt('toString'))._tag).toBe('InvalidArgument')
    expect(getLeft(lossAt(null))._tag).toBe('InvalidArgument')
    expect(getLeft(lossAt('mse', 'max')).message).toBe("lossByName: the reduction is \"max\"; expected 'mean' or 'sum'")
  })
})
