import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/random/drawTensor.js'
import { invalidArgument } from '../../src/tensor/TensorError.js'

describe('drawTensor', () => {
  it('hands the filled array out as a tensor of the shape', () => {
    const t = _.drawTensor(E.right(5), [2, 2], (p, out) => out.fill(p))
    expect(E.isRight(t) && [t.right.shape, Array.from(t.right.data)]).toEqual([
      [2, 2],
      [5, 5, 5, 5]
    ])
  })

  it('answers a parameter error before looking at the shape, and does not fill', () => {
    let filled = false
    const bad = invalidArgument('op', 'p is wrong')
    expect(_.drawTensor(E.left(bad), [-1], () => (filled = true))).toEqual(E.left(bad))
    expect(filled).toBe(false)
  })

  it('answers a bad shape with InvalidShape', () => {
    const r = _.drawTensor(E.right(0), [2, 0.5], () => undefined)
    expect(E.isLeft(r) && r.left._tag).toBe('InvalidShape')
  })
})
