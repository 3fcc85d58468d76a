import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { combineShards } from '../../../src/train/parallel/shards.js'
import * as _ from '../../../src/node/threads/combine.js'

/** Shards' slots (`count` of `n + 1` numbers: a gradient, then a loss), the rows they held, a rate and parameters. */
const cases = fc
  .record({
    count: fc.integer({ min: 1, max: 6 }),
    n: fc.integer({ min: 1, max: 9 }),
    threads: fc.integer({ min: 1, max: 4 }),
    wild: fc.boolean()
  })
  .chain(({ count, n, threads, wild }) => {
    // moderate numbers; in a wild case, now and then one that overflows a sum, or is not finite at all
    // a full mantissa at a spread of scales, so that sums taken in another order round differently
    const moderate = fc
      .tuple(fc.double({ min: 1, max: 2, noNaN: true }), fc.integer({ min: -20, max: 10 }), fc.boolean())
      .map(([m, e, negative]) => (negative ? -m : m) * 2 ** e)
    const number = wild
      ? fc.oneof(
          { weight: 8, arbitrary: moderate },
          { weight: 1, arbitrary: fc.constantFrom(1.7e308, -1.7e308, Infinity, NaN) }
        )
      : moderate
    return fc.record({
      count: fc.constant(count),
      n: fc.constant(n),
      threads: fc.constant(threads),
      rows: fc.integer({ min: count, max: 8 * count }),
      lr: fc.double({ min: 1e-3, max: 10, noNaN: true }),
      slots: fc.array(number, { minLength: count * (n + 1), maxLength: count * (n + 1) }),
      params: fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: n, maxLength: n })
    })
  })

type Case = typeof cases extends fc.Arbitrary<infer C> ? C : never

/**
 * Every element's mean gradient as `Advanced.Train.combineShards` gives it (the fixed tree, then
 * `· 1/rows`), or `undefined` when it refuses one (a number that is not finite, or a sum that
 * overflows).
 */
const means = (c: Case): ReadonlyArray<number> | undefined => {
  const out: Array<number> = []
  for (let e = 0; e < c.n; e++) {
    const parts = Array.from({ length: c.count }, (_k, k) => ({ value: 0, grad: { g: c.slots[k * (c.n + 1) + e]! } }))
    const r = combineShards(c.rows)(parts)
    if (E.isLeft(r)) return undefined
    out.push(r.right.grad.g)
  }
  return out
}

/** `combineSlice` over every thread's slice, on copies; what it wrote and whether each slice said all was finite. */
const combineAll = (c: Case, apply: _.Apply) => {
  const slots = Float64Array.from(c.slots)
  const target = apply === 'sgd' ? Float64Array.from(c.params) : new Float64Array(c.n)
  let finite = true
  for (let i = 0; i < c.threads; i++) {
    const [lo, hi] = _.sliceOf(c.n, i, c.threads)
    finite = _.combineSlice(apply, slots, c.n + 1, c.count, 1 / c.rows, -c.lr, target, lo, hi) && finite
  }
  return { target, finite }
}

/**
 * What `combineSlice` writes with `apply` is what `expectedOf` makes of the general path's mean
 * gradient, bit for bit, and it says whether all of that is finite; where the general path
 * refuses a mean (a number that is not finite, or a sum that overflows), it says not finite.
 */
const agreesWithTheGeneralPath = (
  apply: _.Apply,
  expectedOf: (c: Case, means: ReadonlyArray<number>) => ReadonlyArray<number>
): void =>
  fc.assert(
    fc.property(cases, (c) => {
      const { target, finite } = combineAll(c, apply)
      const m = means(c)
      const expected = m === undefined ? undefined : expectedOf(c, m)
      if (expected !== undefined) expect(Array.from(target)).toEqual(expected)
      expect(finite).toBe(expected !== undefined && expected.every(Number.isFinite))
    })
  )

describe('combineSlice', () => {
  it('writes the mean gradient of Advanced.Train.combineShards, bit for bit, whatever the slices; says whether all of it is finite', () =>
    agreesWithTheGeneralPath('mean', (_c, m) => m))

  it('takes the SGD step p − lr·g on the mean gradient, bit for bit, whatever the slices; says whether every new parameter is finite', () =>
    agreesWithTheGeneralPath('sgd', (c, m) => c.params.map((p, e) => p + -c.lr * m[e]!)))

  it('combines the shards’ losses in the same tree', () =>
    fc.assert(
      fc.property(cases, (c) => {
        const parts = Array.from({ length: c.count }, (_k, k) => ({
          value: c.slots[k * (c.n + 1) + c.n]!,
          grad: { g: 0 }
        }))
        const r = combineShards(1)(parts)
        fc.pre(E.isRight(r)) // (a loss that is not finite is refused there)
        if (E.isLeft(r)) return
        expect(_.combinedValue(Float64Array.from(c.slots), c.n + 1, c.count, c.n)).toBe(r.right.value)
      })
    ))
})
