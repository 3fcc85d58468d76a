import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import * as AD from '../../../src/ad/index.js'
import type { Tensor } from '../../../src/tensor/Tensor.js'
import { getLeft, getRight } from '../../either.js'
import { t, values } from '../../tensor/fixtures.js'
import * as Advanced from '../../../src/advanced.js'

type P = { readonly x: Tensor; readonly y: Tensor }
const f = (base: Advanced.AD.LogBase) => (p: AD.Traced<P>) => pipe(p.y, AD.xlogy(p.x, base), AD.sum)

describe('xlogy', () => {
  it('is x · log y, and 0 where x = 0 = y', () => {
    const v = getRight(
      AD.evaluate((p: AD.Traced<P>) => pipe(p.y, AD.xlogy(p.x, 2)))({ x: t([0, 2, 0.5]), y: t([0, 8, 1]) })
    )
    expect(values(v)).toEqual([0, 6, 0])
  })

  it('agrees with central differences in both arguments, in any base', () => {
    for (const base of ['e', 2, 10] as const) {
      const check = getRight(AD.checkGrad(f(base))({ x: t([0.3, 1.5, 0]), y: t([0.2, 2, 0.7]) }))
      expect(check.maxRelativeError).toBeLessThan(1e-9)
    }
  })

  it('passes no gradient to a y of 0 where x = 0', () => {
    const g = getRight(
      AD.grad((p: AD.Traced<{ y: Tensor }>) => pipe(p.y, AD.xlogy(t([0, 1])), AD.sum))({ y: t([0, 0.5]) })
    )
    expect(values(g.y)).toEqual([0, 2])
  })

  it('stops the trace naming xlogy for y = 0 where x ≠ 0', () => {
    const e = getLeft(
      AD.value((p: AD.Traced<{ y: Tensor }>) => pipe(p.y, AD.xlogy(t([1, 1])), AD.sum))({ y: t([0, 0.5]) })
    )
    expect(e).toMatchObject({ _tag: 'NonFinite', where: 'xlogy' })
  })

  it('gives a traced x at y = 0 a non-finite gradient, as a Left', () => {
    expect(E.isLeft(AD.grad(f('e'))({ x: t([0]), y: t([0]) }))).toBe(true)
  })
})
