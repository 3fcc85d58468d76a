import fc from 'fast-check'
import { describe, it } from 'vitest'
import { finiteDouble, tree, treePair, treeTriple, treeSkeleton, treeOfSkeleton } from './arbitraries.js'
import { lawParameters } from './config.js'
import * as laws from './tree.js'
import { size } from '../src/tree/Tree.js'

// A flat vector of finite doubles as long as the tree it will fill.
const templateAndFlat = treeSkeleton().chain((s) =>
  treeOfSkeleton(s).chain((t) =>
    fc
      .array(finiteDouble(), { minLength: size(t), maxLength: size(t) })
      .map((xs) => [t, Float64Array.from(xs)] as const)
  )
)

describe('tree: vector-space laws', () => {
  it('add is commutative, bit for bit', () => {
    fc.assert(
      fc.property(treePair(), ([a, b]) => laws.addCommutes(a, b)),
      lawParameters
    )
  })
  it('add is associative within 2·γ₂·(|a|+|b|+|c|) per element', () => {
    fc.assert(
      fc.property(treeTriple(), ([a, b, c]) => laws.addAssociates(a, b, c)),
      lawParameters
    )
  })
  it('zerosLike is the unit of add, exactly', () => {
    fc.assert(fc.property(tree(), laws.zeroIsUnit), lawParameters)
  })
  it('scale(1) is the identity, bit for bit', () => {
    fc.assert(fc.property(tree(), laws.scaleOneIsIdentity), lawParameters)
  })
  it('sub(a)(a) is +0 everywhere', () => {
    fc.assert(fc.property(tree(), laws.subSelfIsZero), lawParameters)
  })
  it('scale distributes over add within 2·γ₂·|c|·(|a|+|b|)', () => {
    fc.assert(
      fc.property(finiteDouble(), treePair(), (c, [a, b]) => laws.scaleDistributes(c, a, b)),
      lawParameters
    )
  })
  it('addScaled(±1, b) is add(b) / sub(b), bit for bit', () => {
    fc.assert(
      fc.property(treePair(), ([a, b]) => laws.addScaledAgrees(a, b)),
      lawParameters
    )
  })
  it('dot(a)(a) is norm(a)² within 2·γₙ₊₉', () => {
    fc.assert(fc.property(tree(), laws.dotSelfIsNormSquared), lawParameters)
  })
  it('dot(a)(a) is norm(a)² on tiny and huge magnitudes too', () => {
    fc.assert(fc.property(tree({}, 1e-150), laws.dotSelfIsNormSquared), lawParameters)
    fc.assert(fc.property(tree({}, 1e150), laws.dotSelfIsNormSquared), lawParameters)
  })
})

describe('tree: gradient monoid laws', () => {
  it('empty is a unit on both sides, exactly', () => {
    fc.assert(fc.property(tree(), laws.sumMonoidIdentity), lawParameters)
  })
  it('concat is associative within 2·γ₂·(|a|+|b|+|c|) per element', () => {
    fc.assert(
      fc.property(treeTriple(), ([a, b, c]) => laws.sumMonoidAssociates(a, b, c)),
      lawParameters
    )
  })
})

describe('tree: flatten laws', () => {
  it('unflatten(a)(flatten(a)) is a, bit for bit', () => {
    fc.assert(fc.property(tree(), laws.flattenRoundTrips), lawParameters)
  })
  it('flatten(unflatten(t)(xs)) is xs, bit for bit', () => {
    fc.assert(
      fc.property(templateAndFlat, ([t, xs]) => laws.unflattenRoundTrips(t, xs)),
      lawParameters
    )
  })
  it('flatten order does not depend on key insertion order', () => {
    fc.assert(fc.property(tree(), laws.flattenIgnoresKeyOrder), lawParameters)
  })
})

describe('tree: purity', () => {
  it('no operation changes its inputs or shares memory with them', () => {
    fc.assert(
      fc.property(treeTriple(), ([a, b, c]) => laws.treeOpsArePure(a, b, c)),
      lawParameters
    )
  })
})
