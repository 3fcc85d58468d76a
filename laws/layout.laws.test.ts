import fc from 'fast-check'
import { describe, it } from 'vitest'
import { leafList } from '../src/tree/Tree.js'
import { maybeTree, treeAndOther, treeAndReordered } from './arbitraries/layout.js'
import * as _ from './layout.js'

describe('layout laws', () => {
  it('reading a tree with its own layout answers leafList, the very leaves', () => {
    fc.assert(fc.property(treeAndReordered, ([t, u]) => _.readIsLeafList(t) && _.readIsLeafList(u)))
  })

  it('building from leaves answers unsafeRebuild, bit for bit and key order for key order', () => {
    fc.assert(
      fc.property(treeAndReordered, ([t, u]) => _.buildIsRebuild(t, leafList(u)) && _.buildIsRebuild(u, leafList(t)))
    )
  })

  it('reads exactly the trees of its structure: kinds, keys in any order, shapes', () => {
    fc.assert(fc.property(treeAndOther, ([t, u]) => _.readsExactlyItsStructure(t, u)))
  })

  it('compiles exactly for trees', () => {
    fc.assert(fc.property(maybeTree, _.compilesExactlyForTrees))
  })
})
