import { describe, expect, it } from 'vitest'
import { decode } from '../../src/codec/DecodeError.js'
import type { GradientTransformation } from '../../src/optim/GradientTransformation.js'
import * as _ from '../../src/optim/traceMomentum.js'
import { getLeft, getRight } from '../either.js'

const run = (t: GradientTransformation<_.TraceMomentumState>, gs: ReadonlyArray<number>) => {
  let s = t.init({ w: 0 })
  return gs.map((g) => {
    const [u, next] = getRight(t.update({ w: g }, s, { w: 0 }))
    s = next
    return [u.w, s.trace] as const
  })
}

describe('traceMomentum', () => {
  it('starts the trace at the gradient, then v ← μ·v + g, and answers v', () => {
    const t = getRight(_.traceMomentum({ decay: 0.5 }))
    expect(run(t, [4, 2, 0])).toEqual([
      [4, { w: 4 }],
      [4, { w: 4 }],
      [2, { w: 2 }]
    ])
  })

  it('answers g + μ·v with the new v for Nesterov', () => {
    const t = getRight(_.traceMomentum({ decay: 0.5, nesterov: true }))
    // v: 4, then 0.5·4 + 2 = 4, then 2; updates g + 0.5·v: 6, 4, 1
    expect(run(t, [4, 2, 0]).map(([u]) => u)).toEqual([6, 4, 1])
  })

  it('keeps the gradient’s −0 in the first trace, as PyTorch’s clone does, and decodes it back', () => {
    const t = getRight(_.traceMomentum({ decay: 0.9 }))
    const s = getRight(t.update({ w: -0 }, t.init({ w: 1 }), { w: 1 }))[1]
    expect(Object.is((s.trace as { w: number }).w, -0)).toBe(true)
    const back = getRight(
      decode(_.TraceMomentumStateC({ w: 1 }))(JSON.parse(JSON.stringify(_.TraceMomentumStateC({ w: 1 }).encode(s))))
    )
    expect(Object.is((back.trace as { w: number }).w, -0)).toBe(true)
  })

  it('refuses a decay outside [0, 1), and a trace made for other parameters', () => {
    expect(getLeft(_.traceMomentum({ decay: 1 })).message).toBe(
      'traceMomentum: decay is 1; expected a number in [0, 1)'
    )
    const t = getRight(_.traceMomentum({ decay: 0.9 }))
    expect(getLeft(t.update({ w: 1, b: 1 }, t.init({ w: 0 }), { w: 0, b: 0 }))).toMatchObject({
      _tag: 'StateMismatch',
      field: 'trace',
      path: 'b'
    })
  })
})
