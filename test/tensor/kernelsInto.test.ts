// The buffers a loop keeps from step to step, and gradient descent's step over them in wasm.
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/tensor/kernelsInto.js'
import { RESIDENT_MIN } from '../../src/tensor/wasm/simd.js'

describe('kept buffers', () => {
  it('are fresh zeros, large ones resident in the wasm kernel’s memory (here, where it runs), small ones not', () => {
    const large = _.keptArray(RESIDENT_MIN)
    const small = _.keptArray(10)
    expect(large.length).toBe(RESIDENT_MIN)
    expect(large.every((v) => v === 0)).toBe(true)
    expect(large.buffer.byteLength).toBeGreaterThan(large.byteLength)
    expect(small.buffer.byteLength).toBe(80)
    expect(_.isResident(large)).toBe(true)
    expect(_.isResident(large.subarray(10, 20))).toBe(true)
    expect(_.isResident(small)).toBe(false)
    expect(_.isResident(new Float64Array(RESIDENT_MIN))).toBe(false)
  })

  it('step by gradient descent in wasm when both are resident, as JavaScript’s w + c·g; not otherwise', () => {
    const g = _.keptArray(RESIDENT_MIN + 1)
    const w = _.keptArray(RESIDENT_MIN + 1)
    g.forEach((_v, i) => (g[i] = Math.sin(i)))
    w.forEach((_v, i) => (w[i] = Math.cos(i)))
    const expected = w.map((x, i) => x + -0.3 * g[i]!)
    expect(_.wasmDescend(g, w, -0.3)).toBe(0)
    expect(w).toEqual(expected)
    g[RESIDENT_MIN] = Number.POSITIVE_INFINITY
    expect(_.wasmDescend(g, w, -0.3)).toBeNaN()
    expect(_.wasmDescend(new Float64Array(g), w, -0.3)).toBeUndefined()
  })
})
