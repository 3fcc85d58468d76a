/**
 * fast-check arbitraries for gradfold's laws: networks: activations, losses, dense layers and
 * MLP cases with inputs and targets.
 *
 * @since 0.2.0
 */
import fc from 'fast-check'
import { LOSS_NAMES, type LossName } from '../../src/nn/lossName.js'
import type { Shape, Tensor } from '../../src/tensor/Tensor.js'
import { unsafeMake } from '../../src/tensor/Tensor.js'
import type { Activation } from '../../src/nn/activations.js'
import type { Dense } from '../../src/nn/dense.js'
import type { Reduction } from '../../src/nn/losses.js'
import type { MlpParams } from '../../src/nn/mlp.js'

/**
 * The losses a generated network ends in: the losses of `nn/` that take targets of the
 * network's width (not the integer labels of `sparseSoftmaxCrossEntropy`), cross-entropy in both
 * bases; the 0.3 losses have their own gradient laws (laws/nn.laws.test.ts).
 *
 * @category networks
 * @since 0.1.0
 */
export type NetworkLoss = Extract<
  LossName,
  'mse' | 'halfSumSquares' | 'crossEntropy' | 'crossEntropyBits' | 'softmaxCrossEntropy' | 'sigmoidBinaryCrossEntropy'
>

/**
 * @example
 * import { Arbitraries } from 'gradfold/laws'
 * import * as Advanced from 'gradfold/advanced'
 * Arbitraries.networkLosses.every((n) => Advanced.NN.LOSS_NAMES.includes(n)) // => true
 *
 * @category networks
 * @since 0.1.0
 */
export const networkLosses: ReadonlyArray<NetworkLoss> = LOSS_NAMES.slice(0, 6) as ReadonlyArray<NetworkLoss>

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
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * fc.sample(Arbitraries.uniformDouble(-1, 1), { seed: 1, numRuns: 20 }).every((x) => x >= -1 && x <= 1) // => true
 *
 * @category networks
 * @since 0.1.0
 */
export const uniformDouble = (lo: number, hi: number): fc.Arbitrary<number> =>
  fc.noBias(fc.integer({ min: 0, max: UNIFORM_STEPS })).map((i) => lo + (hi - lo) * (i / UNIFORM_STEPS))

/**
 * A tensor of the given shape with elements spread evenly over [lo, hi].
 *
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * fc.sample(Arbitraries.uniformTensor([2, 2], 0, 1), { seed: 1, numRuns: 20 }).every((t) => t.data.every((x) => x >= 0 && x <= 1)) // => true
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
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * import * as Advanced from 'gradfold/advanced'
 * fc.sample(Arbitraries.activation, { seed: 1, numRuns: 20 }).every((a) => typeof Advanced.NN.showActivation(a) === 'string') // => true
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
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * // each row sums to 1, up to rounding
 * fc.sample(Arbitraries.probabilityRows(2, 3), { seed: 1, numRuns: 20 }).every((t) => [0, 1].every((r) => Math.abs(t.data[3 * r]! + t.data[3 * r + 1]! + t.data[3 * r + 2]! - 1) < 1e-12)) // => true
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
 * @example
 * import fc from 'fast-check'
 * import { Arbitraries } from 'gradfold/laws'
 * // a network, its parameters and a batch that fits it
 * fc.sample(Arbitraries.networkCase({ maxWidth: 4, maxDepth: 2 }), { seed: 1, numRuns: 20 }).every((c) => c.x.shape[1] === c.sizes[0] && c.y.shape[1] === c.sizes[c.sizes.length - 1]) // => true
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
