import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { fromLabels, labels } from '../../src/data/Dataset.js'
import { take } from '../../src/data/select.js'
import * as _ from '../../src/data/split.js'
import { permutation } from '../../src/random/permutation.js'
import { counting, firstColumn, k0, k1, left, matrix, right } from './helpers.js'
import { Data, Random } from '../../src/index.js'
import { getLeft, getRight } from '../either.js'

const ascending = (xs: ReadonlyArray<number>): ReadonlyArray<number> => [...xs].sort((a, b) => a - b)

/** 60 samples, classes 0, 1, 2 with 10, 20 and 30 samples, in blocks. */
const classes = (() => {
  const ls = [...new Array<number>(10).fill(0), ...new Array<number>(20).fill(1), ...new Array<number>(30).fill(2)]
  return right(fromLabels(3)(matrix(ls.map((_x, i) => [i])), ls))
})()

const countClasses = (ls: ReadonlyArray<number>): ReadonlyArray<number> =>
  [0, 1, 2].map((c) => ls.filter((l) => l === c).length)

describe('trainTestSplit', () => {
  it('holds out round(testFraction · n) samples: the first of a permutation drawn from the key', () => {
    const s = right(_.trainTestSplit({ testFraction: 0.3 })(counting(10), k0))
    const order = right(permutation(10)(k0))
    expect(s.testIndices).toEqual(ascending(order.slice(0, 3)))
    expect(s.trainIndices).toEqual(ascending(order.slice(3)))
  })

  it('keeps data-set order in both parts, and their rows are the rows at their indices', () => {
    const d = counting(10)
    const s = right(_.trainTestSplit({ testFraction: 0.3 })(d, k0))
    expect(firstColumn(s.test)).toEqual(s.testIndices)
    expect(firstColumn(s.train)).toEqual(s.trainIndices)
    expect(s.train).toEqual(right(take(s.trainIndices)(d)))
  })

  it('is the same for the same key and differs for another', () => {
    const split = (k: typeof k0) => right(_.trainTestSplit({ testFraction: 0.5 })(counting(20), k))
    expect(split(k0)).toEqual(split(k0))
    expect(split(k1).testIndices).not.toEqual(split(k0).testIndices)
  })

  it('stratified, gives each class its exact share when the counts allow', () => {
    const s = right(_.trainTestSplit({ testFraction: 0.5, stratify: true })(classes, k0))
    expect(countClasses(labels(s.test))).toEqual([5, 10, 15])
    expect(countClasses(labels(s.train))).toEqual([5, 10, 15])
  })

  it('stratified, hands the seats left over to the largest remainders', () => {
    // 60 · 0.1 = 6 test seats; shares 1, 2, 3 exactly
    expect(
      countClasses(labels(right(_.trainTestSplit({ testFraction: 0.1, stratify: true })(classes, k0)).test))
    ).toEqual([1, 2, 3])
    // 60 · 0.25 = 15 seats; shares 2.5, 5, 7.5: floors 2, 5, 7 and one seat left, to class 0 (tie, lower first)
    expect(
      countClasses(labels(right(_.trainTestSplit({ testFraction: 0.25, stratify: true })(classes, k0)).test))
    ).toEqual([3, 5, 7])
    // 60 · 0.2 = 12 seats; shares 2, 4, 6
    expect(
      countClasses(labels(right(_.trainTestSplit({ testFraction: 0.2, stratify: true })(classes, k1)).test))
    ).toEqual([2, 4, 6])
  })

  it("without stratifying, may leave a class's share far from proportional", () => {
    const shares = [k0, k1].map((k) =>
      countClasses(labels(right(_.trainTestSplit({ testFraction: 0.5 })(classes, k)).test))
    )
    expect(shares.some((c) => c[0] !== 5 || c[1] !== 10)).toBe(true)
  })

  it.each([0, 1, -0.2, 1.5, NaN])('rejects testFraction %s', (f) => {
    expect(_.trainTestSplit({ testFraction: f })(counting(10), k0)).toEqual(
      E.left({
        _tag: 'InvalidArgument',
        op: 'trainTestSplit',
        message: `trainTestSplit: testFraction is ${String(f)}; expected a number strictly between 0 and 1`
      })
    )
  })

  it('rejects a fraction that leaves a part empty, naming which', () => {
    expect(left(_.trainTestSplit({ testFraction: 0.04 })(counting(10), k0)).message).toBe(
      'trainTestSplit: testFraction 0.04 of 10 samples leaves no test sample; each part needs at least one'
    )
    expect(left(_.trainTestSplit({ testFraction: 0.96 })(counting(10), k0)).message).toBe(
      'trainTestSplit: testFraction 0.96 of 10 samples leaves no training sample; each part needs at least one'
    )
    expect(left(_.trainTestSplit({ testFraction: 0.5 })(counting(1), k0))._tag).toBe('InvalidArgument')
  })
})

describe('trainValidationTestSplit and kFold', () => {
  it('cuts three disjoint parts that cover the data set, stratified', () => {
    const key = getRight(Random.key(3))
    const s = getRight(_.trainValidationTestSplit({ test: 0.2, validation: 0.2, stratify: true })(Data.iris, key))
    const all = [...s.trainIndices, ...s.validationIndices, ...s.testIndices].sort((a, b) => a - b)
    expect(all).toEqual(Array.from({ length: 150 }, (_, i) => i))
    expect([s.trainIndices.length, s.validationIndices.length, s.testIndices.length]).toEqual([90, 30, 30])
    expect(getLeft(_.trainValidationTestSplit({ test: 0.5, validation: 0.5 })(Data.iris, key)).message).toMatch(
      /validation is 0\.5; expected a number ≥ 0 with test \+ validation below 1/
    )
  })

  it('deals k folds of sizes within one of each other that cover the data set once', () => {
    const key = getRight(Random.key(5))
    const folds = getRight(_.kFold({ folds: 4, stratify: true })(Data.iris, key))
    const sizes = folds.map((f) => f.testIndices.length)
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1)
    expect(folds.flatMap((f) => f.testIndices).sort((a, b) => a - b)).toEqual(Array.from({ length: 150 }, (_, i) => i))
    expect(getLeft(_.kFold({ folds: 151 })(Data.iris, key)).message).toMatch(
      /folds is 151; expected a whole number from 2 to 150/
    )
  })
})
