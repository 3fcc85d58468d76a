import { describe, expect, it } from 'vitest'
import * as _ from '../../src/tree/index.js'

describe('tree index', () => {
  it('exports the public API and none of the unchecked variants', () => {
    expect(Object.keys(_).sort()).toEqual(
      [
        'MAX_NODES',
        'add',
        'addScaled',
        'checkFinite',
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
