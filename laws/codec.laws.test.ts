import fc from 'fast-check'
import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import { encodeTree, TreeC } from '../src/codec/TreeC.js'
import { unsafeMake } from '../src/tensor/Tensor.js'
import type { Tree } from '../src/tree/Tree.js'
import { signedTreeOfSkeleton, tensor, treeSkeleton } from './arbitraries.js'
import { lawParameters } from './config.js'
import * as laws from './codec.js'

// Every finite double, −0, subnormals and the extremes included (fast-check draws them often).
const anyFinite = fc.double({ noNaN: true, noDefaultInfinity: true })
const signedTree = treeSkeleton().chain((s) => signedTreeOfSkeleton(s, 1e300))

describe('codec: round trips through JSON text', () => {
  it('a finite double comes back bit for bit, −0 included', () => {
    fc.assert(fc.property(anyFinite, laws.float64RoundTrips), lawParameters)
  })
  it('a tensor comes back with its shape and bytes', () => {
    fc.assert(fc.property(tensor({ maxRank: 4 }), laws.tensorRoundTrips), lawParameters)
  })
  it('a tree comes back bit for bit', () => {
    fc.assert(
      fc.property(signedTree, (x) => laws.treeRoundTrips(x)),
      lawParameters
    )
  })
})

describe('codec: refusals', () => {
  it('a tree decodes against a template exactly when it has the template’s structure', () => {
    // the same skeleton half of the time, an independent one otherwise
    const pair = treeSkeleton().chain((s) =>
      fc.tuple(
        signedTreeOfSkeleton(s),
        fc.oneof(
          signedTreeOfSkeleton(s),
          treeSkeleton().chain((o) => signedTreeOfSkeleton(o))
        )
      )
    )
    fc.assert(
      fc.property(pair, ([template, x]) => laws.decodesExactlyTheTemplatesStructure(template, x)),
      lawParameters
    )
  })
  it('decoding never throws on any JSON value, and accepts only finite trees of the template’s structure', () => {
    // arbitrary JSON, and valid encodings with one leaf replaced by arbitrary JSON
    const mutated = signedTree.chain((x) =>
      fc
        .tuple(fc.constant(x), fc.jsonValue({ maxDepth: 2 }))
        .map(([tree, junk]) => [tree, replaceFirstLeaf(encodeTree(tree), junk)] as const)
    )
    const input = fc.oneof(
      signedTree.chain((tpl) => fc.tuple(fc.constant(tpl), fc.jsonValue())),
      mutated
    )
    fc.assert(
      fc.property(input, ([template, u]) => laws.decodeIsTotal(template, u)),
      lawParameters
    )
  })
})

/** `json` with its first scalar (in key order) replaced by `junk`. */
const replaceFirstLeaf = (json: unknown, junk: unknown): unknown => {
  let done = false
  const go = (u: unknown): unknown => {
    if (done) return u
    if (typeof u === 'number' || typeof u === 'string') {
      done = true
      return junk
    }
    if (Array.isArray(u)) return u.map(go)
    if (typeof u === 'object' && u !== null) return Object.fromEntries(Object.entries(u).map(([k, v]) => [k, go(v)]))
    return u
  }
  return go(json)
}

describe('codec: the laws can fail', () => {
  const x: Tree = { w: unsafeMake([3], Float64Array.of(0.1, -2.75, 1 / 3)), b: -0 }

  /** `TreeC` with its encoding rounded to single precision. */
  const singlePrecision = (template: Tree): t.Type<Tree, unknown, unknown> => {
    const C = TreeC(template)
    return new t.Type<Tree, unknown, unknown>('SinglePrecisionTree', C.is, C.validate, (a) =>
      JSON.parse(JSON.stringify(C.encode(a)), (_k, v: unknown) => (typeof v === 'number' ? Math.fround(v) : v))
    )
  }

  it('treeRoundTrips rejects a codec that rounds to single precision', () => {
    expect(laws.treeRoundTrips(x, singlePrecision)).toBe(false)
    expect(laws.treeRoundTrips(x)).toBe(true)
  })

  it('decodeIsTotal rejects a decoder that throws, and one that lets NaN in', () => {
    const throwing = (template: Tree): t.Type<Tree, unknown, unknown> =>
      new t.Type<Tree, unknown, unknown>(
        'Throwing',
        TreeC(template).is,
        () => {
          throw new Error('boom')
        },
        TreeC(template).encode
      )
    const nanAccepting = (template: Tree): t.Type<Tree, unknown, unknown> =>
      new t.Type<Tree, unknown, unknown>(
        'NaNAccepting',
        TreeC(template).is,
        () => t.success({ w: unsafeMake([3], Float64Array.of(0, Number.NaN, 0)), b: 0 }),
        TreeC(template).encode
      )
    expect(laws.decodeIsTotal(x, { w: [1, 2, 3], b: 0 }, throwing)).toBe(false)
    expect(laws.decodeIsTotal(x, { w: [1, 2, 3], b: 0 }, nanAccepting)).toBe(false)
    expect(laws.decodeIsTotal(x, { w: [1, 2, 3], b: 0 })).toBe(true)
  })
})
