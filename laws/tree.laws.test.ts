import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { Monoid } from 'fp-ts/lib/Monoid.js'
import { describe, expect, it } from 'vitest'
import { unsafeMake } from '../src/tensor/Tensor.js'
import { flatten } from '../src/tree/flatten.js'
import { getSumMonoid } from '../src/tree/gradientMonoid.js'
import type { TreeError } from '../src/tree/TreeError.js'
import { add, scale, sub } from '../src/tree/vectorSpace.js'
import { finiteDouble, tree, treePair, treeTriple, treeSkeleton, treeOfSkeleton } from './arbitraries.js'
import { lawParameters } from './config.js'
import * as laws from './tree.js'
import { size, type Tree } from '../src/tree/Tree.js'

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
    fc.assert(
      fc.property(tree(), (a) => laws.flattenRoundTrips(a)),
      lawParameters
    )
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

describe('tree: the laws can fail', () => {
  const a: Tree = { w: unsafeMake([3], Float64Array.of(1, -2, 3.5)), b: 0.25 }
  const b: Tree = { w: unsafeMake([3], Float64Array.of(-4, 0.5, 2)), b: 1.5 }
  const c: Tree = { w: unsafeMake([3], Float64Array.of(7, 3, -1)), b: -2 }

  it('addCommutes rejects a + 2b', () => {
    const lopsided = ((y: Tree) => (x: Tree) => E.chain(add(y))(add(y)(x))) as typeof add
    expect(laws.addCommutes(a, b, lopsided)).toBe(false)
    expect(laws.addCommutes(a, b)).toBe(true)
  })

  it('addAssociates rejects subtraction', () => {
    expect(laws.addAssociates(a, b, c, sub)).toBe(false)
    expect(laws.addAssociates(a, b, c)).toBe(true)
  })

  it('sumMonoidAssociates rejects a monoid that averages', () => {
    const averaging = ((template: Tree): Monoid<E.Either<TreeError, Tree>> => ({
      concat: (x, y) =>
        pipe(
          E.Do,
          E.apS('l', x),
          E.apS('r', y),
          E.chainW(({ l, r }) => add(r)(l)),
          E.chainW((sum: Tree) => scale(0.5)(sum))
        ),
      empty: getSumMonoid(template).empty
    })) as typeof getSumMonoid
    expect(laws.sumMonoidAssociates(a, b, c, averaging)).toBe(false)
    expect(laws.sumMonoidAssociates(a, b, c)).toBe(true)
  })

  it('flattenRoundTrips rejects a flatten that lists the scalars backwards', () => {
    const backwards = ((x: Tree) => flatten(x).slice().reverse()) as typeof flatten
    expect(laws.flattenRoundTrips(a, backwards)).toBe(false)
    expect(laws.flattenRoundTrips(a)).toBe(true)
  })
})
