// A compiled program by hand: it runs as one generated function, gives up on parameters that are
// not finite unless its caller vouches for them, and runs interpreted, with the same answers,
// where the engine makes no function from source.
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import { madeWithoutSource } from './fixtures.js'
import * as AD from '../../src/ad/index.js'
import * as _ from '../../src/ad/program.js'
import { unsafeMake, type Tensor } from '../../src/tensor/Tensor.js'

const w = unsafeMake([2], Float64Array.of(1, -2))
const unused = unsafeMake([1], Float64Array.of(3))
const x = unsafeMake([2], Float64Array.of(0.5, 4))

/** Σ (w ⊙ x)², the second parameter unused: its gradient is 0 whatever it holds. */
const f = ([p]: ReadonlyArray<AD.Var>, [xs]: ReadonlyArray<Tensor>): AD.Var => pipe(xs!, AD.mul(p!), AD.square, AD.sum)

const compiled = (): _.Program => {
  const program = _.compile(f, [w, unused], [x])
  if (program === undefined) throw new Error('the program did not compile')
  return program
}

describe('compile', () => {
  it('runs the program at other parameters and inputs, its gradients in its buffers', () => {
    const program = compiled()
    // (2·1)² + (3·−1)² = 13; ∂/∂w = 2·(w ⊙ x) ⊙ x = [8, −18]
    expect(program.run([Float64Array.of(1, -1), Float64Array.of(0)], [Float64Array.of(2, 3)])).toBe(13)
    expect(Array.from(program.grads[0]!)).toEqual([8, -18])
    expect(Array.from(program.grads[1]!)).toEqual([0])
  })

  it('gives up on a parameter that is not finite, even one the value does not depend on', () => {
    const program = compiled()
    expect(program.run([w.data, Float64Array.of(Number.NaN)], [x.data])).toBeUndefined()
    expect(program.run([w.data, Float64Array.of(Number.POSITIVE_INFINITY)], [x.data])).toBeUndefined()
  })

  it('does not look at the parameters again where its caller vouches that they are finite', () => {
    const program = compiled()
    // the caller's word is taken: the unused parameter is not read
    expect(program.run([w.data, Float64Array.of(Number.NaN)], [x.data], true)).toBe(64.25)
    // a value that is not finite is still caught where the program computes it
    expect(program.run([Float64Array.of(1e200, 1), unused.data], [Float64Array.of(1e200, 1)], true)).toBeUndefined()
  })

  it('gives up on a gradient that is not finite wherever it lies in a long array, its last elements included', () => {
    // Σ √w: finite at w = 0, its gradient ½/√w is +∞ there; 10 elements: two blocks of 4 and 2 more
    const g = ([p]: ReadonlyArray<AD.Var>): AD.Var => pipe(p!, AD.sqrt, AD.sum)
    const ones = unsafeMake([10], new Float64Array(10).fill(1))
    const program = _.compile(g, [ones], [])
    expect(program?.run([ones.data], [])).toBe(10)
    for (const at of [0, 3, 5, 8, 9]) {
      const w = new Float64Array(10).fill(1)
      w[at] = 0
      expect(program?.run([w], [])).toBeUndefined()
    }
  })

  it('leaves the gradients unchecked where its caller checks them, and nothing else', () => {
    // Σ √w at w = [0, 1, …]: the value 9 is finite, the gradient +∞ at 0; told that the caller
    // checks the gradients, the program answers the value and leaves the +∞ for the caller
    const g = ([p]: ReadonlyArray<AD.Var>): AD.Var => pipe(p!, AD.sqrt, AD.sum)
    const ones = unsafeMake([10], new Float64Array(10).fill(1))
    const program = _.compile(g, [ones], [])
    const w = new Float64Array(10).fill(1)
    w[0] = 0
    expect(program?.run([w], [], false, true)).toBe(9)
    expect(program?.grads[0]![0]).toBe(Number.POSITIVE_INFINITY)
    // a value that is not finite is still refused: √(−1)
    w[0] = -1
    expect(program?.run([w], [], false, true)).toBeUndefined()
  })

  it('answers the same, interpreted, where the engine refuses to make a function from source', () => {
    const program = madeWithoutSource(() => _.compile(f, [w, unused], [x]))
    expect(program?.run([Float64Array.of(1, -1), Float64Array.of(0)], [Float64Array.of(2, 3)])).toBe(13)
    expect(program?.run([w.data, Float64Array.of(Number.NaN)], [x.data])).toBeUndefined()
  })
})
