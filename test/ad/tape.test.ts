// The tape of one valueAndGrad call, by hand: leaves and recorded ops append nodes; ops on
// constants stay off the tape; a non-finite result or two tapes mixed abort the trace; the
// reverse sweep applies the chain rule from the output back, sums the contributions of a value
// used twice without writing into arrays a pullback handed out, and runs in constant stack.
import { describe, expect, it } from 'vitest'
import { TraceAbort } from '../../src/ad/AdError.js'
import { backward, emptyTape, leaf, record } from '../../src/ad/tape.js'
import { constant } from '../../src/ad/Var.js'
import { unsafeMake } from '../../src/tensor/Tensor.js'

const scalar = (x: number) => unsafeMake([], Float64Array.of(x))

/** The error a recording aborted with, or undefined when it did not abort. */
const abortOf = (f: () => unknown): TraceAbort | undefined => {
  try {
    f()
    return undefined
  } catch (e) {
    return e instanceof TraceAbort ? e : undefined
  }
}

describe('recording', () => {
  it('a leaf and an op on it append nodes, numbered in order', () => {
    const tape = emptyTape()
    const x = leaf(tape, unsafeMake([2], Float64Array.of(1, 2)))
    const y = record('double', [2], Float64Array.of(2, 4), [x], (g) => [g.map((v) => 2 * v)])
    expect([x.id, y.id, tape.nodes.length]).toEqual([0, 1, 2])
    expect(tape.nodes[0]).toMatchObject({ inputs: [], size: 2 })
    expect(tape.nodes[1]!.inputs).toEqual([x])
    expect(y.tape).toBe(tape)
  })

  it('an op on constants only is a constant, and the tape does not grow', () => {
    const tape = emptyTape()
    leaf(tape, scalar(1))
    const c = record('add', [], Float64Array.of(3), [constant(scalar(1)), constant(scalar(2))], (g) => [g, g])
    expect(c.tape).toBeUndefined()
    expect(c.id).toBe(-1)
    expect(tape.nodes.length).toBe(1)
  })

  it('a non-finite result aborts the trace, naming the op and the element', () => {
    const tape = emptyTape()
    const x = leaf(tape, scalar(1))
    const e = abortOf(() => record('log', [2], Float64Array.of(0, -Infinity), [x], (g) => [g]))
    expect(e?.error).toMatchObject({ _tag: 'NonFinite', index: 1 })
    expect(tape.nodes.length).toBe(1)
  })

  it('values of two different traces mixed in one op abort the trace', () => {
    const a = leaf(emptyTape(), scalar(1))
    const b = leaf(emptyTape(), scalar(2))
    expect(abortOf(() => record('add', [], Float64Array.of(3), [a, b], (g) => [g, g]))?.error._tag).toBe(
      'InvalidFunction'
    )
  })
})

describe('the reverse sweep', () => {
  it('applies the chain rule from the output back: d(3·(x + y))/dx = d/dy = 3', () => {
    const tape = emptyTape()
    const x = leaf(tape, scalar(1))
    const y = leaf(tape, scalar(2))
    const s = record('add', [], Float64Array.of(3), [x, y], (g) => [g, g])
    const out = record('scale', [], Float64Array.of(9), [s], (g) => [g.map((v) => 3 * v)])
    const grads = backward(tape, out)
    expect([grads[x.id]![0], grads[y.id]![0]]).toEqual([3, 3])
  })

  it('sums the contributions of a value used twice, without writing into the arrays pullbacks handed out', () => {
    // x + x: the pullback hands the same array back for both inputs
    const tape = emptyTape()
    const x = leaf(tape, unsafeMake([2], Float64Array.of(1, 2)))
    let handedOut: Float64Array | undefined
    const out = record('sumTwice', [], Float64Array.of(6), [x, x], (g) => {
      handedOut = Float64Array.of(g[0]!, g[0]!)
      return [handedOut, handedOut]
    })
    const grads = backward(tape, out)
    expect(Array.from(grads[x.id]!)).toEqual([2, 2])
    expect(Array.from(handedOut!)).toEqual([1, 1])
  })

  it('leaves undefined the gradient of a node the output does not depend on', () => {
    const tape = emptyTape()
    const x = leaf(tape, scalar(1))
    const unused = leaf(tape, scalar(5))
    const out = record('neg', [], Float64Array.of(-1), [x], (g) => [g.map((v) => -v)])
    const grads = backward(tape, out)
    expect(grads[unused.id]).toBeUndefined()
    expect(grads[x.id]![0]).toBe(-1)
  })

  it('runs a chain of 10⁵ ops in constant stack', () => {
    const tape = emptyTape()
    const x = leaf(tape, scalar(1))
    let v = x
    for (let i = 0; i < 100_000; i++) v = record('id', [], Float64Array.of(1), [v], (g) => [g])
    expect(backward(tape, v)[x.id]![0]).toBe(1)
  })
})
