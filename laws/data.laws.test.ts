import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { unsafeMiniBatch } from '../src/data/Batching.js'
import { fromLabels, make, size, type Dataset } from '../src/data/Dataset.js'
import { batchAt, batches, plan, shuffleOrder } from '../src/data/EpochPlan.js'
import { oneHot } from '../src/data/oneHot.js'
import { slice, take } from '../src/data/select.js'
import { trainTestSplit } from '../src/data/split.js'
import { applyStandardizer, fitStandardizer, standardizeSplit } from '../src/data/Standardizer.js'
import { threeClusters } from '../src/data/threeClusters.js'
import { unsafeMake } from '../src/tensor/Tensor.js'
import { arbKey, batchingFor, classification, dataset, datasetOfSize, epoch, labelled } from './arbitraries.js'
import { lawParameters } from './config.js'
import * as _ from './data.js'
import { bitsEqual, leavesInputsUnchanged } from './purity.js'

const holds = <Ts extends [unknown, ...unknown[]]>(property: fc.IProperty<Ts>): void =>
  fc.assert(property, lawParameters)

/** A data set and a valid batching for it. */
const withBatching = dataset({ maxSamples: 30 }).chain((d) => fc.tuple(fc.constant(d), batchingFor(size(d))))

/** A data set and a test fraction that leaves at least one sample in each part. */
const withFraction = (arb: fc.Arbitrary<Dataset>) =>
  arb
    .filter((d) => size(d) >= 2)
    .chain((d) =>
      fc.tuple(
        fc.constant(d),
        fc.integer({ min: 1, max: size(d) - 1 }),
        fc.double({ min: -0.49, max: 0.49, noNaN: true })
      )
    )
    .map(([d, t, jitter]) => [d, Math.min(0.999, Math.max(0.001, (t + jitter) / size(d)))] as const)
    .filter(([d, f]) => Math.round(f * size(d)) >= 1 && Math.round(f * size(d)) <= size(d) - 1)

describe('batching', () => {
  it('an epoch holds every sample once, in batches of the batch size but a smaller last one; dropLast leaves out only that', () =>
    holds(fc.property(withBatching, arbKey, epoch, ([d, b], k, e) => _.batchesPartitionTheEpoch(b)(d, k, e))))

  it('each batch holds the data-set rows at its indices', () =>
    holds(fc.property(withBatching, arbKey, epoch, ([d, b], k, e) => _.batchesHoldTheirRows(b)(d, k, e))))

  it('fullBatch is unsafeMiniBatch(n), shuffled or not', () =>
    holds(
      fc.property(dataset({ maxSamples: 30 }), fc.boolean(), arbKey, epoch, (d, shuffle, k, e) =>
        _.fullBatchIsMiniBatchOfAll({ shuffle })(d, k, e)
      )
    ))

  it('stochastic is unsafeMiniBatch(1), shuffled or not', () =>
    holds(
      fc.property(dataset({ maxSamples: 30 }), fc.boolean(), arbKey, epoch, (d, shuffle, k, e) =>
        _.stochasticIsMiniBatchOfOne({ shuffle })(d, k, e)
      )
    ))

  it('a batch size of 0 or not an integer is refused before anything is drawn', () =>
    holds(
      fc.property(
        dataset({ maxSamples: 30 }),
        fc.oneof(fc.integer({ min: -5, max: 0 }), fc.double({ min: 1.01, max: 1.99 })),
        arbKey,
        (d, bad, k) =>
          pipe(
            plan(unsafeMiniBatch(bad, { shuffle: true }))(d, k, 0),
            E.swap,
            E.exists((e) => e._tag === 'InvalidBatchSize')
          )
      )
    ))

  it('a batch size larger than the data set takes the whole set, as tfjs and Keras do', () =>
    holds(
      fc.property(
        dataset({ maxSamples: 30 }).chain((d) =>
          fc.tuple(fc.constant(d), fc.integer({ min: size(d) + 1, max: size(d) + 50 }))
        ),
        arbKey,
        ([d, large], k) =>
          pipe(
            plan(unsafeMiniBatch(large))(d, k, 0),
            E.exists((p) => p.batchSize === size(d) && p.batchCount === 1)
          )
      )
    ))
})

describe('shuffling', () => {
  it('the same key and epoch give bit-identical batches', () =>
    holds(fc.property(withBatching, arbKey, epoch, ([d, b], k, e) => _.planIsDeterministic(b)(d, k, e))))

  it('the order of epoch k depends on the key and k alone: not on the data nor on the batch size', () =>
    holds(
      fc.property(
        fc
          .integer({ min: 1, max: 30 })
          .chain((n) =>
            fc.tuple(datasetOfSize(n), datasetOfSize(n), fc.integer({ min: 1, max: n }), fc.integer({ min: 1, max: n }))
          ),
        arbKey,
        epoch,
        ([a, b, sa, sb], k, e) =>
          _.shuffleDependsOnlyOnKeyAndEpoch(k, e)(
            [a, unsafeMiniBatch(sa, { shuffle: true })],
            [b, unsafeMiniBatch(sb, { shuffle: true })]
          )
      )
    ))

  it('another epoch or another key gives another order (n ≥ 10, where a repeat has odds below 1 in 3.6 million)', () =>
    holds(
      fc.property(fc.integer({ min: 10, max: 40 }), arbKey, arbKey, epoch, epoch, (n, k1, k2, e1, e2) => {
        fc.pre(e1 !== e2 && (k1.k0 !== k2.k0 || k1.k1 !== k2.k1))
        const order = (k: typeof k1, e: number) => shuffleOrder(n)(k, e)
        return !bitsEqual(order(k1, e1), order(k1, e2)) && !bitsEqual(order(k1, e1), order(k2, e1))
      })
    ))
})

describe('splits', () => {
  it('the parts are disjoint, cover the data set, hold their rows, and are the same for the same key', () =>
    holds(
      fc.property(withFraction(dataset()), fc.boolean(), arbKey, ([d, f], stratify, k) =>
        _.splitIsDisjointAndCovering({ testFraction: f, stratify })(d, k)
      )
    ))

  it("stratified, each class's test count is within 1 of its proportional share", () =>
    holds(
      fc.property(withFraction(classification({ maxOutputs: 5 })), arbKey, ([d, f], k) =>
        _.stratifiedSplitIsProportional(f)(d, k)
      )
    ))
})

describe('encoding', () => {
  it('oneHot round-trips with the arg-max of each row', () =>
    holds(fc.property(labelled(), ({ classes, labels }) => _.oneHotRoundTrips(classes)(labels))))

  it('fromLabels keeps the labels in its targets', () =>
    holds(
      fc.property(
        labelled(5, 30).filter(({ labels }) => labels.length > 0),
        ({ classes, labels }) => {
          const x = unsafeMake([labels.length, 1], Float64Array.from(labels))
          return pipe(
            fromLabels(classes)(x, labels),
            E.exists((d) => _.oneHotRoundTrips(classes)(labels) && d.targets.shape[1] === classes)
          )
        }
      )
    ))
})

describe('standardisation', () => {
  it('on the training part, each feature has mean 0 and std 1 within the derived tolerance; a constant one is 0', () =>
    holds(fc.property(dataset(), (d) => _.standardizedTrainingPartIsCentredAndScaled(d))))

  it('the same holds for features near the largest doubles', () =>
    holds(fc.property(dataset({ max: 1e300 }), (d) => _.standardizedTrainingPartIsCentredAndScaled(d))))

  it('the same holds for features near the smallest doubles, subnormals included', () =>
    holds(fc.property(dataset({ max: 1e-300 }), (d) => _.standardizedTrainingPartIsCentredAndScaled(d))))
})

describe('validity', () => {
  it('what take, slice, batches, splits, standardising and threeClusters answer is a valid data set', () =>
    holds(
      fc.property(withBatching, arbKey, fc.integer({ min: 1, max: 5 }), ([d, b], k, perClass) => {
        const n = size(d)
        const valid = (e: E.Either<unknown, Dataset>): boolean => E.isRight(e) && _.isValidDataset(e.right)
        const parts =
          n >= 2 ? pipe(trainTestSplit({ testFraction: 0.5 })(d, k), E.chainW(standardizeSplit)) : E.left('too small')
        return (
          valid(take([n - 1, 0])(d)) &&
          valid(slice(0, n)(d)) &&
          pipe(
            plan(b)(d, k, 0),
            E.exists((p) => batches(p).every(_.isValidDataset))
          ) &&
          (n < 2 || (E.isRight(parts) && _.isValidDataset(parts.right.train) && _.isValidDataset(parts.right.test))) &&
          valid(threeClusters({ perClass })(k))
        )
      })
    ))

  it('the predicate tells an invalid data set (it can fail)', () => {
    const d = E.getOrElseW(() => undefined)(
      make(unsafeMake([1, 1], Float64Array.of(1)), unsafeMake([1, 1], Float64Array.of(0)))
    )
    expect(d !== undefined && _.isValidDataset(d)).toBe(true)
    expect(
      _.isValidDataset({
        _tag: 'Dataset',
        inputs: unsafeMake([1, 1], Float64Array.of(NaN)),
        targets: unsafeMake([1, 1], Float64Array.of(0))
      })
    ).toBe(false)
  })
})

describe('purity: no operation changes what it is given', () => {
  it('constructors, selection, batching, splitting, encoding and standardising', () =>
    holds(
      fc.property(withBatching, arbKey, labelled(), ([d, b], k, { classes, labels }) =>
        [
          () => make(d.inputs, d.targets),
          () => take([0])(d),
          () => slice(0, 1)(d),
          () =>
            pipe(
              plan(b)(d, k, 3),
              E.map((p) => [batches(p), batchAt(0)(p)])
            ),
          () => trainTestSplit({ testFraction: 0.5, stratify: true })(d, k),
          () =>
            pipe(
              fitStandardizer(d),
              E.chain((s) => applyStandardizer(s)(d))
            ),
          () => oneHot(classes)(labels)
        ].every((call) => leavesInputsUnchanged([d, b, k, labels], call))
      )
    ))
})
