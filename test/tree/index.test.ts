import { describe, expect, it } from 'vitest'
import * as Advanced from '../../src/tree/advanced.js'
import * as _ from '../../src/tree/index.js'

describe('tree index', () => {
  it('exports the public API and none of the unchecked variants', () => {
    // what the layer exports, between `tree/index.ts` and the plumbing in `tree/advanced.ts`
    expect([...Object.keys(_), ...Object.keys(Advanced)].sort()).toEqual(
      [
        'MAX_NODES',
        'add',
        'addScaled',
        'validateFinite',
        'dot',
        'flatten',
        'getSumMonoid',
        'isLeaf',
        'isTreeArray',
        'leaves',
        'map',
        'mapLeaves',
        'nonFiniteLeaf',
        'nonFiniteResult',
        'norm',
        'paths',
        'reduce',
        'sameStructure',
        'scale',
        'showPath',
        'size',
        'sizeMismatch',
        'structureMismatch',
        'sub',
        'sumAll',
        'sumSquares',
        'unflatten',
        'zerosLike',
        'zipWith',
        'zipWith3'
      ].sort()
    )
  })
})
