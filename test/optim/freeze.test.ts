import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import { applyUpdates } from '../../src/optim/applyUpdates.js'
import { chain } from '../../src/optim/chain.js'
import * as _ from '../../src/optim/freeze.js'
import { sgd } from '../../src/optim/alias.js'
import { getRight } from '../either.js'
import { updateOnce } from './fixtures.js'

const biases = (path: string) => path.endsWith('b')

describe('freeze', () => {
  it('answers −0 for the chosen leaves and passes the others through', () => {
    const [u] = updateOnce(_.freeze(biases), { w: 0.5, b: 0.5 }, { w: 1, b: 1 })
    expect(Object.is(u.b, -0)).toBe(true)
    expect(u.w).toBe(0.5)
  })

  it('holds the biases fixed, bit for bit, while SGD trains the weights (the classic worked example)', () => {
    const opt = getRight(
      pipe(
        sgd(0.5),
        E.map((s) => chain(s, _.freeze(biases)))
      )
    )
    const p0 = { hidden: { w: 0.15, b: -0 }, out: { w: 0.4, b: 0.6 } }
    const g = { hidden: { w: 0.1, b: 0.3 }, out: { w: -0.2, b: 0.7 } }
    const [u, s] = getRight(opt.update(g, opt.init(p0), p0))
    const p1 = getRight(applyUpdates(u)(p0))
    expect(Object.is(p1.hidden.b, -0) && p1.out.b === 0.6).toBe(true)
    expect([p1.hidden.w, p1.out.w]).toEqual([0.15 - 0.5 * 0.1, 0.4 + 0.5 * 0.2])
    expect(s).toEqual([{ count: 1 }, {}])
  })
})
