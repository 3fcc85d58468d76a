/**
 * fast-check arbitraries for gradfold's laws: finite doubles, shapes, tensors, keys, parameter
 * records and data sets. Users draw from the same generators to run the laws on their own code.
 *
 * @since 0.1.0
 */
import fc from 'fast-check'
import { fullBatch, unsafeMiniBatch, stochastic, type Batching } from '../src/data/Batching.js'
import { unsafeDataset, type Dataset } from '../src/data/Dataset.js'
import { unsafeOneHot } from '../src/data/oneHot.js'
import * as E from 'fp-ts/lib/Either.js'
import { addDecayedWeights } from '../src/optim/addDecayedWeights.js'
import type { AnyTransformation } from '../src/optim/chain.js'
import { clipByGlobalNorm } from '../src/optim/clipByGlobalNorm.js'
import { clipByValue } from '../src/optim/clipByValue.js'
import { identity } from '../src/optim/identity.js'
import { scale } from '../src/optim/scale.js'
import { scaleByAdam } from '../src/optim/scaleByAdam.js'
import { scaleByLearningRate } from '../src/optim/scaleByLearningRate.js'
import { scaleByRms } from '../src/optim/scaleByRms.js'
import { scaleByRss } from '../src/optim/scaleByRss.js'
import type { OptimError } from '../src/optim/OptimError.js'
import { traceMomentum } from '../src/optim/traceMomentum.js'
import { unsafeKey, type Key } from '../src/random/Key.js'
import type { Shape, Tensor } from '../src/tensor/Tensor.js'
import { unsafeMake } from '../src/tensor/Tensor.js'
import { flatten, unflatten } from '../src/tree/flatten.js'
import type { Tree } from '../src/tree/Tree.js'
import type { Activation } from '../src/nn/activations.js'
import type { Dense } from '../src/nn/dense.js'
import type { Reduction } from '../src/nn/losses.js'
import type { MlpParams } from '../src/nn/mlp.js'

// -------------------------------------------------------------------------------------
// numbers
// -------------------------------------------------------------------------------------

/**
 * Finite doubles of moderate magnitude (|x| ≤ `max`, default 1e3), so that sums and products
 * of a few of them stay far from overflow and relative tolerances mean something.
 *
 * @category numbers
 * @since 0.1.0
 */
export const finiteDouble = (max = 1e3): fc.Arbitrary<number> =>
  fc.double({ min: -max, max, noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x))

// -------------------------------------------------------------------------------------
// tensors
// -------------------------------------------------------------------------------------

/**
 * Shapes of rank `minRank`..`maxRank` with dimensions 1..`maxDim`.
 *
 * @category tensors
 * @since 0.1.0
 */
export const shape = (
  options: { readonly minRank?: number; readonly maxRank?: number; readonly maxDim?: number } = {}
): fc.Arbitrary<Shape> =>
  fc.array(fc.integer({ min: 1, max: options.maxDim ?? 5 }), {
    minLength: options.minRank ?? 0,
    maxLength: options.maxRank ?? 3
  })

/**
 * A tensor of exactly the given shape with finite elements.
 *
 * @category tensors
 * @since 0.1.0
 */
export const tensorOfShape = (s: Shape, max = 1e3): fc.Arbitrary<Tensor> => {
  const n = s.reduce((a, d) => a * d, 1)
  return fc.array(finiteDouble(max), { minLength: n, maxLength: n }).map((xs) => unsafeMake(s, Float64Array.from(xs)))
}

/**
 * A tensor of a generated shape.
 *
 * @category tensors
 * @since 0.1.0
 */
export const tensor = (options: Parameters<typeof shape>[0] = {}, max = 1e3): fc.Arbitrary<Tensor> =>
  shape(options).chain((s) => tensorOfShape(s, max))

/**
 * `count` tensors sharing one generated shape.
 *
 * @category tensors
 * @since 0.1.0
 */
export const tensorsOfOneShape = (
  count: number,
  options: Parameters<typeof shape>[0] = {},
  max = 1e3
): fc.Arbitrary<ReadonlyArray<Tensor>> =>
  shape(options).chain((s) => fc.array(tensorOfShape(s, max), { minLength: count, maxLength: count }))

/**
 * A matrix `[rows, cols]` with dimensions 1..`maxDim`.
 *
 * @category tensors
 * @since 0.1.0
 */
export const matrix = (maxDim = 6, max = 1e3): fc.Arbitrary<Tensor> =>
  fc
    .tuple(fc.integer({ min: 1, max: maxDim }), fc.integer({ min: 1, max: maxDim }))
    .chain(([r, c]) => tensorOfShape([r, c], max))

// -------------------------------------------------------------------------------------
// keys
// -------------------------------------------------------------------------------------

/**
 * PRNG keys: any two uint32 words, with fast-check's usual bias towards 0, 1 and 2^32 − 1.
 *
 * @category keys
 * @since 0.1.0
 */
export const arbKey: fc.Arbitrary<Key> = fc
  .tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }))
  .map(([k0, k1]) => unsafeKey(k0, k1))

// -------------------------------------------------------------------------------------
// parameter records
// -------------------------------------------------------------------------------------

/**
 * The structure of a parameter tree without its values: which paths hold a number, which a
 * tensor of which shape, and how arrays and records nest. Generating a skeleton first and values
 * second gives several trees of one structure.
 *
 * @category parameter records
 * @since 0.1.0
 */
export type TreeSkeleton =
  | { readonly kind: 'number' }
  | { readonly kind: 'tensor'; readonly shape: Shape }
  | { readonly kind: 'array'; readonly items: ReadonlyArray<TreeSkeleton> }
  | { readonly kind: 'record'; readonly entries: ReadonlyArray<readonly [string, TreeSkeleton]> }

/**
 * Options for generated trees: nesting depth of arrays and records (root = depth 0), the most
 * children per node, and the shapes of tensor leaves.
 *
 * @category parameter records
 * @since 0.1.0
 */
export interface TreeOptions {
  readonly maxDepth?: number
  readonly maxChildren?: number
  readonly shape?: Parameters<typeof shape>[0]
}

// Names a model would use, plus integer-like keys ('10' sorts before '9' but Object.keys lists
// it after), so that sorted traversal is exercised against insertion order.
const recordKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('w', 'b', 'w1', 'w2', 'w12', 'hidden', 'out', 'layers', 'gamma', 'beta', '0', '9', '10'),
  fc.string({ minLength: 1, maxLength: 4 })
)

const leafSkeleton = (options: TreeOptions): fc.Arbitrary<TreeSkeleton> =>
  fc.oneof(
    fc.constant<TreeSkeleton>({ kind: 'number' }),
    shape(options.shape ?? { maxRank: 3, maxDim: 4 }).map((s): TreeSkeleton => ({ kind: 'tensor', shape: s }))
  )

const skeletonAtDepth = (depth: number, options: TreeOptions): fc.Arbitrary<TreeSkeleton> => {
  if (depth <= 0) return leafSkeleton(options)
  const child = skeletonAtDepth(depth - 1, options)
  const maxLength = options.maxChildren ?? 4
  return fc.oneof(
    { weight: 2, arbitrary: leafSkeleton(options) },
    {
      weight: 2,
      arbitrary: fc.array(child, { minLength: 1, maxLength }).map((items): TreeSkeleton => ({ kind: 'array', items }))
    },
    {
      weight: 5,
      arbitrary: fc
        .uniqueArray(fc.tuple(recordKey, child), { minLength: 1, maxLength, selector: ([k]) => k })
        .map((entries): TreeSkeleton => ({ kind: 'record', entries }))
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom<TreeSkeleton>({ kind: 'array', items: [] }, { kind: 'record', entries: [] })
    }
  )
}

/**
 * Skeletons of depth at most `maxDepth` (default 3). At each position above the last level: a
 * leaf (2 in 10), a non-empty array (2 in 10), a non-empty record with its keys in generated
 * order (5 in 10), or an empty array or record (1 in 10).
 *
 * @category parameter records
 * @since 0.1.0
 */
export const treeSkeleton = (options: TreeOptions = {}): fc.Arbitrary<TreeSkeleton> =>
  skeletonAtDepth(options.maxDepth ?? 3, options)

/**
 * A tree of exactly the given skeleton with finite values (|x| ≤ `max`). Records are built with
 * their keys in the skeleton's order.
 *
 * @category parameter records
 * @since 0.1.0
 */
export const treeOfSkeleton = (s: TreeSkeleton, max = 1e3): fc.Arbitrary<Tree> => {
  switch (s.kind) {
    case 'number':
      return finiteDouble(max)
    case 'tensor':
      return tensorOfShape(s.shape, max)
    case 'array':
      return fc.tuple(...s.items.map((item) => treeOfSkeleton(item, max))).map((items): Tree => items)
    case 'record':
      return fc
        .tuple(...s.entries.map(([, item]) => treeOfSkeleton(item, max)))
        .map((values): Tree => Object.fromEntries(s.entries.map(([k], i) => [k, values[i] as Tree])))
  }
}

/**
 * A parameter tree: nested records and arrays (depth ≤ 3) of numbers and tensors of random
 * shapes.
 *
 * @category parameter records
 * @since 0.1.0
 */
export const tree = (options: TreeOptions = {}, max = 1e3): fc.Arbitrary<Tree> =>
  treeSkeleton(options).chain((s) => treeOfSkeleton(s, max))

/**
 * `count` trees of one generated structure, each with its own values.
 *
 * @category parameter records
 * @since 0.1.0
 */
export const treesOfOneStructure = (
  count: number,
  options: TreeOptions = {},
  max = 1e3
): fc.Arbitrary<ReadonlyArray<Tree>> =>
  treeSkeleton(options).chain((s) => fc.array(treeOfSkeleton(s, max), { minLength: count, maxLength: count }))

/**
 * Two trees of one structure.
 *
 * @category parameter records
 * @since 0.1.0
 */
export const treePair = (options: TreeOptions = {}, max = 1e3): fc.Arbitrary<readonly [Tree, Tree]> =>
  treeSkeleton(options).chain((s) => fc.tuple(treeOfSkeleton(s, max), treeOfSkeleton(s, max)))

/**
 * Three trees of one structure.
 *
 * @category parameter records
 * @since 0.1.0
 */
export const treeTriple = (options: TreeOptions = {}, max = 1e3): fc.Arbitrary<readonly [Tree, Tree, Tree]> =>
  treeSkeleton(options).chain((s) => fc.tuple(treeOfSkeleton(s, max), treeOfSkeleton(s, max), treeOfSkeleton(s, max)))

// -------------------------------------------------------------------------------------
// data sets
// -------------------------------------------------------------------------------------

/**
 * Sizes of generated data sets: samples 1..`maxSamples` (default 40), features
 * 1..`maxFeatures` (default 4), target columns or classes 1..`maxOutputs` (default 3), values
 * with |x| ≤ `max` (default 1e3).
 *
 * @category data sets
 * @since 0.1.0
 */
export interface DatasetOptions {
  readonly maxSamples?: number
  readonly maxFeatures?: number
  readonly maxOutputs?: number
  readonly max?: number
}

/**
 * A column of `n` values: free values (3 in 6), one value repeated (1 in 6), so that constant
 * features are met too, or values close around a large offset (2 in 6: spread a millionth of
 * the offset), where centring must not lose what little spread there is.
 *
 * @category data sets
 * @since 0.1.0
 */
export const column = (n: number, max = 1e3): fc.Arbitrary<ReadonlyArray<number>> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.array(finiteDouble(max), { minLength: n, maxLength: n }) },
    { weight: 1, arbitrary: finiteDouble(max).map((x) => new Array<number>(n).fill(x)) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(finiteDouble(max), fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n, maxLength: n }))
        .map(([offset, noise]) => noise.map((e) => offset + offset * 1e-6 * e))
    }
  )

/** A row-major `[n, width]` matrix made of generated columns. */
const matrixOfColumns = (n: number, width: number, max: number): fc.Arbitrary<Tensor> =>
  fc.array(column(n, max), { minLength: width, maxLength: width }).map((cols) => {
    const data = new Float64Array(n * width)
    cols.forEach((col, c) => col.forEach((x, r) => (data[r * width + c] = x)))
    return unsafeMake([n, width], data)
  })

/**
 * A data set of exactly `n` samples with real-valued targets.
 *
 * @category data sets
 * @since 0.1.0
 */
export const datasetOfSize = (n: number, options: DatasetOptions = {}): fc.Arbitrary<Dataset> =>
  fc
    .tuple(fc.integer({ min: 1, max: options.maxFeatures ?? 4 }), fc.integer({ min: 1, max: options.maxOutputs ?? 3 }))
    .chain(([f, o]) => fc.tuple(matrixOfColumns(n, f, options.max ?? 1e3), matrixOfColumns(n, o, options.max ?? 1e3)))
    .map(([x, y]) => unsafeDataset(x, y))

/**
 * A data set with real-valued targets (regression).
 *
 * @category data sets
 * @since 0.1.0
 */
export const dataset = (options: DatasetOptions = {}): fc.Arbitrary<Dataset> =>
  fc.integer({ min: 1, max: options.maxSamples ?? 40 }).chain((n) => datasetOfSize(n, options))

/**
 * Class labels with their number of classes: `classes` 1..`maxClasses`, 0..`maxLength` labels.
 *
 * @category data sets
 * @since 0.1.0
 */
export const labelled = (
  maxClasses = 5,
  maxLength = 40
): fc.Arbitrary<{ readonly classes: number; readonly labels: ReadonlyArray<number> }> =>
  fc.integer({ min: 1, max: maxClasses }).chain((classes) =>
    fc.record({
      classes: fc.constant(classes),
      labels: fc.array(fc.integer({ min: 0, max: classes - 1 }), { maxLength })
    })
  )

/**
 * A classification data set: one-hot targets of 1..`maxOutputs` classes; the class counts are
 * often uneven and some classes may be missing.
 *
 * @category data sets
 * @since 0.1.0
 */
export const classification = (options: DatasetOptions = {}): fc.Arbitrary<Dataset> =>
  fc
    .tuple(
      labelled(options.maxOutputs ?? 3, options.maxSamples ?? 40),
      fc.integer({ min: 1, max: options.maxFeatures ?? 4 })
    )
    .filter(([{ labels }]) => labels.length > 0)
    .chain(([{ classes, labels }, f]) =>
      matrixOfColumns(labels.length, f, options.max ?? 1e3).map((x) => unsafeDataset(x, unsafeOneHot(classes, labels)))
    )

/**
 * Any valid batching for `n` samples: full batch, stochastic, or mini-batches of 1..`n`, each
 * with or without shuffling, mini-batches with or without `dropLast`.
 *
 * @category data sets
 * @since 0.1.0
 */
export const batchingFor = (n: number): fc.Arbitrary<Batching> =>
  fc.record({ shuffle: fc.boolean(), dropLast: fc.boolean() }).chain((options) =>
    fc.oneof(
      fc.constant(fullBatch(options)),
      fc.constant(stochastic(options)),
      fc.integer({ min: 1, max: n }).map((size) => unsafeMiniBatch(size, options))
    )
  )

/**
 * Epoch numbers: small ones mostly, and now and then any safe integer.
 *
 * @category data sets
 * @since 0.1.0
 */
export const epoch: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.nat(1000) },
  { weight: 1, arbitrary: fc.nat({ max: Number.MAX_SAFE_INTEGER }) }
)

// -------------------------------------------------------------------------------------
// networks
// -------------------------------------------------------------------------------------

/**
 * The losses a generated network ends in: every loss of `nn/`, cross-entropy in both bases.
 *
 * @category networks
 * @since 0.1.0
 */
export type NetworkLoss =
  'mse' | 'halfSumSquares' | 'crossEntropy' | 'crossEntropyBits' | 'softmaxCrossEntropy' | 'sigmoidBinaryCrossEntropy'

/**
 * @category networks
 * @since 0.1.0
 */
export const networkLosses: ReadonlyArray<NetworkLoss> = [
  'mse',
  'halfSumSquares',
  'crossEntropy',
  'crossEntropyBits',
  'softmaxCrossEntropy',
  'sigmoidBinaryCrossEntropy'
]

/**
 * A generated MLP with a labelled batch: its sizes `[in, hidden..., out]`, one activation per
 * layer, its parameters (`w` `[sizes[i], sizes[i + 1]]`, `b` when `bias`), inputs `x`
 * `[batch, in]`, targets `y` `[batch, out]` fit for `loss` (probability rows for the
 * cross-entropies, values in [0, 1] for the binary one), and the batch reduction.
 *
 * @category networks
 * @since 0.1.0
 */
export interface NetworkCase {
  readonly sizes: ReadonlyArray<number>
  readonly activations: ReadonlyArray<Activation>
  readonly bias: boolean
  readonly params: MlpParams
  readonly x: Tensor
  readonly y: Tensor
  readonly loss: NetworkLoss
  readonly reduction: Reduction
}

/**
 * Bounds of generated networks: widths 1..`maxWidth` (default 8), 1..`maxDepth` layers
 * (default 3), batches of 1..`maxBatch` (default 4), and the losses to draw from.
 *
 * @category networks
 * @since 0.1.0
 */
export interface NetworkOptions {
  readonly maxWidth?: number
  readonly maxDepth?: number
  readonly maxBatch?: number
  readonly losses?: ReadonlyArray<NetworkLoss>
}

const UNIFORM_STEPS = 0x7fffffff

/**
 * Doubles spread evenly over [lo, hi] (a grid of 2^31 steps), without fast-check's bias
 * towards 0 and the bounds: a network whose weights are mostly 0 tests little.
 *
 * @category networks
 * @since 0.1.0
 */
export const uniformDouble = (lo: number, hi: number): fc.Arbitrary<number> =>
  fc.noBias(fc.integer({ min: 0, max: UNIFORM_STEPS })).map((i) => lo + (hi - lo) * (i / UNIFORM_STEPS))

/**
 * A tensor of the given shape with elements spread evenly over [lo, hi].
 *
 * @category networks
 * @since 0.1.0
 */
export const uniformTensor = (shape: Shape, lo: number, hi: number): fc.Arbitrary<Tensor> => {
  const n = shape.reduce((a, d) => a * d, 1)
  return fc
    .array(uniformDouble(lo, hi), { minLength: n, maxLength: n })
    .map((xs) => unsafeMake(shape, Float64Array.from(xs)))
}

/**
 * Every activation: the six names (6 in 7), and leaky rectifiers with slopes in [0.01, 0.5]
 * (1 in 7).
 *
 * @category networks
 * @since 0.1.0
 */
export const activation: fc.Arbitrary<Activation> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom<Activation>('sigmoid', 'tanh', 'relu', 'leakyRelu', 'softmax', 'identity') },
  { weight: 1, arbitrary: uniformDouble(0.01, 0.5).map((a): Activation => ({ leakyRelu: a })) }
)

/**
 * `[rows, cols]` whose rows are probability distributions: one-hot rows, or positive weights
 * (at least 0.05 before normalising) divided by their sum.
 *
 * @category networks
 * @since 0.1.0
 */
export const probabilityRows = (rows: number, cols: number): fc.Arbitrary<Tensor> =>
  fc.oneof(
    fc.array(fc.integer({ min: 0, max: cols - 1 }), { minLength: rows, maxLength: rows }).map((hot) => {
      const data = new Float64Array(rows * cols)
      hot.forEach((j, r) => (data[r * cols + j] = 1))
      return unsafeMake([rows, cols], data)
    }),
    uniformTensor([rows, cols], 0.05, 1).map((t) => {
      const data = t.data.slice()
      for (let r = 0; r < rows; r++) {
        let s = 0
        for (let j = 0; j < cols; j++) s += data[r * cols + j]!
        for (let j = 0; j < cols; j++) data[r * cols + j] = data[r * cols + j]! / s
      }
      return unsafeMake([rows, cols], data)
    })
  )

const targetFor = (loss: NetworkLoss, rows: number, cols: number): fc.Arbitrary<Tensor> =>
  loss === 'mse' || loss === 'halfSumSquares'
    ? uniformTensor([rows, cols], -1, 1)
    : loss === 'sigmoidBinaryCrossEntropy'
      ? uniformTensor([rows, cols], 0, 1)
      : probabilityRows(rows, cols)

/** Cross-entropy on probabilities needs positive outputs: the last layer is a sigmoid or a softmax. */
const needsProbabilities = (loss: NetworkLoss): boolean => loss === 'crossEntropy' || loss === 'crossEntropyBits'

/**
 * Generated networks with data (see {@link NetworkCase}): weights, biases and inputs uniform
 * in [−1, 1].
 *
 * @category networks
 * @since 0.1.0
 */
export const networkCase = (options: NetworkOptions = {}): fc.Arbitrary<NetworkCase> =>
  fc
    .record({
      depth: fc.integer({ min: 1, max: options.maxDepth ?? 3 }),
      batch: fc.integer({ min: 1, max: options.maxBatch ?? 4 }),
      loss: fc.constantFrom(...(options.losses ?? networkLosses)),
      reduction: fc.constantFrom<Reduction>('mean', 'sum'),
      bias: fc.boolean(),
      last: fc.constantFrom<Activation>('sigmoid', 'softmax')
    })
    .chain(({ depth, batch, loss, reduction, bias, last }) =>
      fc
        .record({
          sizes: fc.array(fc.integer({ min: 1, max: options.maxWidth ?? 8 }), {
            minLength: depth + 1,
            maxLength: depth + 1
          }),
          activations: fc.array(activation, { minLength: depth, maxLength: depth })
        })
        .chain(({ sizes, activations: drawn }) => {
          const activations = needsProbabilities(loss) ? [...drawn.slice(0, -1), last] : drawn
          const layer = (i: number): fc.Arbitrary<Dense> => {
            const w = uniformTensor([sizes[i]!, sizes[i + 1]!], -1, 1)
            return bias ? fc.record({ w, b: uniformTensor([sizes[i + 1]!], -1, 1) }) : fc.record({ w })
          }
          return fc.record({
            sizes: fc.constant(sizes),
            activations: fc.constant(activations),
            bias: fc.constant(bias),
            params: fc.tuple(...activations.map((_, i) => layer(i))),
            x: uniformTensor([batch, sizes[0]!], -1, 1),
            y: targetFor(loss, batch, sizes[depth]!),
            loss: fc.constant(loss),
            reduction: fc.constant(reduction)
          })
        })
    )

// -------------------------------------------------------------------------------------
// optimizers (section owned by src/optim and src/codec)
// -------------------------------------------------------------------------------------

/**
 * A tree of exactly the given skeleton with finite values, about one scalar in nine of them
 * −0 or +0: for laws about signs of zero.
 *
 * @category optimizers
 * @since 0.1.0
 */
export const signedTreeOfSkeleton = (s: TreeSkeleton, max = 1e3): fc.Arbitrary<Tree> => {
  const n = skeletonSize(s)
  const zeros = fc.array(
    fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(-0, 0) }),
    {
      minLength: n,
      maxLength: n
    }
  )
  return fc.tuple(treeOfSkeleton(s, max), zeros).map(([tree, zs]) => {
    const xs = flatten(tree).map((x, i) => zs[i] ?? x)
    return E.getOrElse(() => tree)(unflatten(tree)(xs))
  })
}

/**
 * The number of scalars a tree of the skeleton holds.
 *
 * @category optimizers
 * @since 0.1.0
 */
export const skeletonSize = (s: TreeSkeleton): number => {
  switch (s.kind) {
    case 'number':
      return 1
    case 'tensor':
      return s.shape.reduce((a, d) => a * d, 1)
    case 'array':
      return s.items.reduce((n, item) => n + skeletonSize(item), 0)
    case 'record':
      return s.entries.reduce((n, [, item]) => n + skeletonSize(item), 0)
  }
}

/**
 * The inputs of a trajectory: starting parameters and `steps` gradients, all of one generated
 * structure (|x| ≤ `max`).
 *
 * @category optimizers
 * @since 0.1.0
 */
export interface TrajectoryInputs {
  readonly params: Tree
  readonly grads: ReadonlyArray<Tree>
}

/**
 * Trajectory inputs over generated parameter records (nested records, arrays, numbers and
 * tensors of several shapes).
 *
 * @category optimizers
 * @since 0.1.0
 */
export const trajectoryInputs = (steps: number, options: TreeOptions = {}, max = 1e3): fc.Arbitrary<TrajectoryInputs> =>
  treeSkeleton(options).chain((s) =>
    fc.record({
      params: treeOfSkeleton(s, max),
      grads: fc.array(treeOfSkeleton(s, max), { minLength: steps, maxLength: steps })
    })
  )

/**
 * Trajectory inputs whose scalars include −0 and +0 (`signedTreeOfSkeleton`), for laws about
 * signs of zero.
 *
 * @category optimizers
 * @since 0.1.0
 */
export const signedTrajectoryInputs = (
  steps: number,
  options: TreeOptions = {},
  max = 1e3
): fc.Arbitrary<TrajectoryInputs> =>
  treeSkeleton(options).chain((s) =>
    fc.record({
      params: signedTreeOfSkeleton(s, max),
      grads: fc.array(signedTreeOfSkeleton(s, max), { minLength: steps, maxLength: steps })
    })
  )

/**
 * Learning rates in [1e-4, 1].
 *
 * @category optimizers
 * @since 0.1.0
 */
export const learningRate: fc.Arbitrary<number> = fc.double({ min: 1e-4, max: 1, noNaN: true })

/**
 * Decay rates (β, μ, α) in [0, 0.999].
 *
 * @category optimizers
 * @since 0.1.0
 */
export const decayRate: fc.Arbitrary<number> = fc.double({ min: 0, max: 0.999, noNaN: true })

/**
 * ε in [1e-10, 1e-3].
 *
 * @category optimizers
 * @since 0.1.0
 */
export const epsilon: fc.Arbitrary<number> = fc.double({ min: 1e-10, max: 1e-3, noNaN: true })

/**
 * A transformation as its constructor answered it (`Right` for the valid hyperparameters these
 * arbitraries draw; a law that meets a `Left` fails), with a description for failure reports.
 *
 * @category optimizers
 * @since 0.1.0
 */
export interface NamedTransformation {
  readonly name: string
  readonly built: E.Either<OptimError, AnyTransformation>
}

const named = (name: string, built: E.Either<OptimError, AnyTransformation>): NamedTransformation => ({ name, built })

/**
 * Every building block of `src/optim` with generated hyperparameters in their valid ranges:
 * identity, scale, the learning rate (a number), momentum (plain and Nesterov), Adam, RMSprop,
 * Adagrad, weight decay, clipping by global norm and by value. Chained three deep over
 * gradients and parameters with |x| ≤ 1e3, their updates stay far from overflow.
 *
 * @category optimizers
 * @since 0.1.0
 */
export const gradientTransformation: fc.Arbitrary<NamedTransformation> = fc.oneof(
  fc.constant(named('identity', E.right(identity))),
  fc.double({ min: -4, max: 4, noNaN: true }).map((c) => named(`scale(${c})`, scale(c))),
  learningRate.map((lr) => named(`scaleByLearningRate(${lr})`, scaleByLearningRate(lr))),
  fc
    .tuple(decayRate, fc.boolean())
    .map(([decay, nesterov]) => named(`traceMomentum(${decay}, ${nesterov})`, traceMomentum({ decay, nesterov }))),
  fc
    .tuple(decayRate, decayRate, epsilon)
    .map(([b1, b2, eps]) => named(`scaleByAdam(${b1}, ${b2}, ${eps})`, scaleByAdam({ b1, b2, eps }))),
  fc.tuple(decayRate, epsilon).map(([decay, eps]) => named(`scaleByRms(${decay}, ${eps})`, scaleByRms({ decay, eps }))),
  fc
    .tuple(fc.double({ min: 0, max: 1, noNaN: true }), epsilon)
    .map(([a, eps]) => named(`scaleByRss(${a}, ${eps})`, scaleByRss({ initialAccumulatorValue: a, eps }))),
  fc.double({ min: 0, max: 0.5, noNaN: true }).map((wd) => named(`addDecayedWeights(${wd})`, addDecayedWeights(wd))),
  fc.double({ min: 0, max: 10, noNaN: true }).map((m) => named(`clipByGlobalNorm(${m})`, clipByGlobalNorm(m))),
  fc.double({ min: 0, max: 10, noNaN: true }).map((v) => named(`clipByValue(${-v}, ${v})`, clipByValue(-v, v)))
)

/**
 * A convex quadratic f(p) = ½(p − p*)ᵀA(p − p*) over a generated parameter record of 1 to 8
 * scalars: A = QᵀDQ with Q a product of generated Givens rotations (orthogonal) and D the
 * eigenvalues, generated in [`minEigenvalue`, `maxEigenvalue`]; the minimum p* and the start
 * have their scalars in [−1, 1]. `a` is A row-major over the flattened parameters.
 *
 * @category optimizers
 * @since 0.1.0
 */
export interface Quadratic {
  readonly n: number
  readonly a: Float64Array
  readonly eigenvalues: ReadonlyArray<number>
  readonly target: Float64Array
  readonly start: Tree
}

const givens = (n: number, q: Float64Array, i: number, j: number, angle: number): void => {
  const c = Math.cos(angle)
  const s = Math.sin(angle)
  for (let k = 0; k < n; k++) {
    const x = q[i * n + k] as number
    const y = q[j * n + k] as number
    q[i * n + k] = c * x - s * y
    q[j * n + k] = s * x + c * y
  }
}

/** QᵀDQ, each entry computed once for i ≤ j and mirrored, so that A is exactly symmetric. */
const congruence = (n: number, q: Float64Array, d: ReadonlyArray<number>): Float64Array => {
  const a = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0
      for (let k = 0; k < n; k++) s += (q[k * n + i] as number) * (d[k] as number) * (q[k * n + j] as number)
      a[i * n + j] = s
      a[j * n + i] = s
    }
  }
  return a
}

/**
 * Quadratics with eigenvalues in [`minEigenvalue`, `maxEigenvalue`] (both included, and drawn
 * often) over records of 1 to 8 scalars.
 *
 * @category optimizers
 * @since 0.1.0
 */
export const quadratic = (minEigenvalue: number, maxEigenvalue: number): fc.Arbitrary<Quadratic> =>
  treeSkeleton({ maxDepth: 2, maxChildren: 3, shape: { maxRank: 2, maxDim: 3 } })
    .filter((s) => skeletonSize(s) >= 1 && skeletonSize(s) <= 8)
    .chain((s) => {
      const n = skeletonSize(s)
      const rotation = fc.tuple(fc.nat(n - 1), fc.nat(n - 1), fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }))
      const eigenvalue = fc.oneof(
        fc.constantFrom(minEigenvalue, maxEigenvalue),
        fc.double({ min: minEigenvalue, max: maxEigenvalue, noNaN: true })
      )
      const unit = fc.double({ min: -1, max: 1, noNaN: true })
      return fc
        .record({
          rotations: fc.array(rotation, { maxLength: 2 * n * n }),
          eigenvalues: fc.array(eigenvalue, { minLength: n, maxLength: n }),
          target: fc.array(unit, { minLength: n, maxLength: n }),
          start: treeOfSkeleton(s, 1)
        })
        .map(({ rotations, eigenvalues, target, start }): Quadratic => {
          const q = new Float64Array(n * n)
          for (let i = 0; i < n; i++) q[i * n + i] = 1
          for (const [i, j, angle] of rotations) if (i !== j) givens(n, q, i, j, angle)
          return { n, a: congruence(n, q, eigenvalues), eigenvalues, target: Float64Array.from(target), start }
        })
    })

// -------------------------------------------------------------------------------------
// kernels (section owned by the loops of src/tensor: products, finiteness scans)
// -------------------------------------------------------------------------------------

/**
 * A matrix dimension for the product kernels: mostly 1..13, so that every remainder of a
 * 4-wide block (0, 1, 2, 3) appears below, at and above one block; sometimes 14..40.
 *
 * @category products
 * @since 0.1.0
 */
export const productDim: fc.Arbitrary<number> = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 1, max: 13 }) },
  { weight: 1, arbitrary: fc.integer({ min: 14, max: 40 }) }
)

/**
 * A matrix of the given shape for the product laws. Most elements are spread evenly over
 * [−1, 1] with full mantissas, so that a sum taken in another order rounds differently; one in
 * eight is any finite double up to `max` (fast-check's, mostly tiny or extreme), one in eight
 * −0 or +0 (a sum whose products are all zeros shows the sign the sum starts from).
 *
 * @category products
 * @since 0.1.0
 */
export const signedMatrixOfShape = (rows: number, cols: number, max = 1e3): fc.Arbitrary<Tensor> =>
  fc
    .array(
      fc.oneof(
        { weight: 6, arbitrary: uniformDouble(-1, 1) },
        { weight: 1, arbitrary: finiteDouble(max) },
        { weight: 1, arbitrary: fc.constantFrom(-0, 0) }
      ),
      { minLength: rows * cols, maxLength: rows * cols }
    )
    .map((xs) => unsafeMake([rows, cols], Float64Array.from(xs)))

/**
 * Two matrices `a` `[m, k]` and `b` `[k, n]` with m, k, n drawn by `productDim`.
 *
 * @category products
 * @since 0.1.0
 */
export const productOperands: fc.Arbitrary<readonly [Tensor, Tensor]> = fc
  .tuple(productDim, productDim, productDim)
  .chain(([m, k, n]) => fc.tuple(signedMatrixOfShape(m, k), signedMatrixOfShape(k, n)))

/**
 * Arrays of 0 to 40 doubles, about one in nine of them NaN, +∞ or −∞ (so that an array holds
 * none, one or several, at any position within a block of four).
 *
 * @category kernels
 * @since 0.1.0
 */
export const sometimesNonFinite: fc.Arbitrary<Float64Array> = fc
  .array(
    fc.oneof(
      { weight: 8, arbitrary: finiteDouble() },
      { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity, -Infinity) }
    ),
    {
      maxLength: 40
    }
  )
  .map((xs) => Float64Array.from(xs))
