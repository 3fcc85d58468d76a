// A forward-only program by hand: it answers the values of the list its function answered, in
// order, runs again at other parameters and inputs over its buffers, gives up where a value is
// not finite, and runs interpreted, with the same answers, where the engine makes no function
// from source.
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import { madeWithoutSource } from './fixtures.js'
import * as AD from '../../src/ad/index.js'
import * as _ from '../../src/ad/forwardProgram.js'
import { unsafeMake, type Tensor } from '../../src/tensor/Tensor.js'

const w = unsafeMake([2], Float64Array.of(1, -2))
const x = unsafeMake([2], Float64Array.of(0.5, 4))

/** w ⊙ x, then Σ (w ⊙ x)², and the parameter itself. */
const f = ([p]: ReadonlyArray<AD.Var>, [xs]: ReadonlyArray<Tensor>): ReadonlyArray<AD.Var> => {
  const product = pipe(xs!, AD.mul(p!))
  return [product, pipe(product, AD.square, AD.sum), p!]
}

const compiled = (): _.ForwardProgram => {
  const program = _.compileForward(f, [w], [x])
  if (program === undefined) throw new Error('the program did not compile')
  return program
}

const values = (answer: ReadonlyArray<Float64Array> | undefined): ReadonlyArray<ReadonlyArray<number>> | undefined =>
  answer?.map((a) => Array.from(a))

describe('compileForward', () => {
  it('answers each value of the list at other parameters and inputs, with their shapes', () => {
    const program = compiled()
    // [2·1, 3·−1] = [2, −3], 2² + 3² = 13, and the parameter as given
    expect(values(program.run([Float64Array.of(1, -1)], [Float64Array.of(2, 3)]))).toEqual([[2, -3], [13], [1, -1]])
    expect(program.shapes).toEqual([[2], [], [2]])
    // its ops' buffers: the product, its square and their sum
    expect(program.size).toBe(5)
  })

  it('gives up on a parameter that is not finite, unless its caller vouches for it, and where a value overflows', () => {
    expect(compiled().run([Float64Array.of(Number.NaN, 1)], [x.data])).toBeUndefined()
    expect(compiled().run([Float64Array.of(1e200, 1)], [Float64Array.of(1e200, 1)])).toBeUndefined()
    // a second parameter the values do not depend on: the caller's word is taken, it is not read
    const unused = _.compileForward(([p], [xs]) => [pipe(xs!, AD.mul(p!))], [w, w], [x])
    expect(unused?.run([w.data, Float64Array.of(Number.NaN, 0)], [x.data])).toBeUndefined()
    expect(values(unused?.run([w.data, Float64Array.of(Number.NaN, 0)], [x.data], true))).toEqual([[0.5, -8]])
  })

  it('does not compile a function that answers anything but a list of values, or reads a traced value', () => {
    expect(_.compileForward(([p]) => [p!, 3 as unknown as AD.Var], [w], [x])).toBeUndefined()
    expect(_.compileForward(([p]) => AD.sum(p!) as unknown as ReadonlyArray<AD.Var>, [w], [x])).toBeUndefined()
    expect(_.compileForward(([p]) => [AD.scale(AD.toNumber(AD.sum(p!)))(p!)], [w], [x])).toBeUndefined()
  })

  it('answers the same, interpreted, where the engine refuses to make a function from source', () => {
    const program = madeWithoutSource(() => _.compileForward(f, [w], [x]))
    expect(values(program?.run([Float64Array.of(1, -1)], [Float64Array.of(2, 3)]))).toEqual([[2, -3], [13], [1, -1]])
    expect(program?.run([Float64Array.of(Number.NaN, 1)], [x.data])).toBeUndefined()
  })
})
