import { describe, expect, it } from 'vitest'
import { unsafeMake } from '../../src/tensor/Tensor.js'
import * as _ from '../../src/tree/layout.js'

const w = unsafeMake([2], Float64Array.of(1, 2))

describe('compileLayout', () => {
  it('reads the leaves in flatten order (keys sorted, items by index)', () => {
    const layout = _.compileLayout({ w2: 3, w1: [w, 4] })!
    expect(layout.count).toBe(3)
    expect(layout.read({ w1: [w, 4], w2: 3 })).toEqual([w, 4, 3])
  })

  it('builds records with their keys sorted, as the plain traversals do', () => {
    const built = _.compileLayout({ w2: 0, w1: 0 })!.build([1, 2])
    expect(Object.keys(built)).toEqual(['w1', 'w2'])
    expect(built).toEqual({ w1: 1, w2: 2 })
  })

  it('reads nothing from a tree of another structure', () => {
    const layout = _.compileLayout({ w, b: 0 })!
    expect(layout.read({ w, b: 0, c: 1 })).toBeUndefined()
    expect(layout.read({ w: unsafeMake([3], Float64Array.of(1, 2, 3)), b: 0 })).toBeUndefined()
    expect(layout.read({ w: 0, b: 0 })).toBeUndefined()
    expect(layout.read([w, 0])).toBeUndefined()
  })

  it('compiles for nothing that holds a value outside a tree', () => {
    expect(_.compileLayout({ w: 'one' })).toBeUndefined()
    expect(_.compileLayout({ w: null })).toBeUndefined()
  })
})
