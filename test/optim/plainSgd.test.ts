import { describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { momentum, sgd } from '../../src/optim/alias.js'
import * as _ from '../../src/optim/plainSgd.js'
import { unsafeMake } from '../../src/tensor/Tensor.js'

const get = <A>(e: E.Either<unknown, A>): A => (E.isRight(e) ? e.right : (undefined as never))

describe('plainSgd', () => {
  it('steps p + (−lr·g) over every leaf, and counts the step', () => {
    const pass = _.plainSgd(get(sgd(0.5)))!
    const next = pass([1, unsafeMake([2], Float64Array.of(1, 2))], [2, unsafeMake([2], Float64Array.of(-2, 4))], {
      count: 3
    })!
    expect(next.leaves[0]).toBe(0)
    expect(Array.from((next.leaves[1] as { data: Float64Array }).data)).toEqual([2, 0])
    expect(next.state).toEqual({ count: 4 })
  })

  it('gives up where the general path must name a failure: an update or a parameter that is not finite', () => {
    const pass = _.plainSgd(get(sgd(1e300)))!
    expect(pass([1], [1e300], { count: 0 })).toBeUndefined()
    expect(_.plainSgd(get(sgd(1)))!([1.7e308], [-1.7e308], { count: 0 })).toBeUndefined()
  })

  it('gives up on a schedule whose rate is out of range', () => {
    expect(_.plainSgd(get(sgd(() => -1)))!([1], [1], { count: 0 })).toBeUndefined()
  })

  it('is there only for plain SGD', () => {
    expect(_.plainSgd(get(momentum(0.1, 0.9)))).toBeUndefined()
  })
})
