/**
 * Arbitraries for the sharded-gradient laws: small MLP specs with a loss that fits their last
 * layer, parameters drawn by the spec's own initialiser, a batch of one-hot targets, and a
 * shard size from one sample to more than the batch.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { fromRows, type Dataset } from '../../src/data/Dataset.js'
import type { Activation } from '../../src/nn/activations.js'
import { mlp, type MlpParams } from '../../src/nn/mlp.js'
import { key } from '../../src/random/Key.js'
import type { NetworkLoss as LossName } from './networks.js'
import type { ModelSpec } from '../../src/train/files/ModelSpec.js'

/**
 * A case of the laws: a spec, its parameters, a batch and a shard size.
 *
 * @category model
 * @since 0.2.0
 */
export interface ShardCase {
  readonly spec: ModelSpec
  readonly params: MlpParams
  readonly batch: Dataset
  readonly shardSize: number
}

const hidden: ReadonlyArray<Activation> = ['sigmoid', 'tanh', 'relu', { leakyRelu: 0.1 }, 'identity']

/** The last activation each loss expects. */
const lastFor: Readonly<Record<LossName, ReadonlyArray<Activation>>> = {
  mse: ['sigmoid', 'tanh', 'identity'],
  halfSumSquares: ['sigmoid', 'identity'],
  crossEntropy: ['softmax'],
  crossEntropyBits: ['softmax'],
  softmaxCrossEntropy: ['identity'],
  sigmoidBinaryCrossEntropy: ['identity']
}

/**
 * A spec of one or two hidden layers (1 to 5 units), 1 to 4 inputs and 2 to 4 outputs.
 *
 * @category arbitraries
 * @since 0.2.0
 */
export const modelSpec = (): fc.Arbitrary<ModelSpec> =>
  fc
    .record({
      loss: fc.constantFrom(...(Object.keys(lastFor) as Array<LossName>)),
      sizes: fc.tuple(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 2 }),
        fc.integer({ min: 2, max: 4 })
      ),
      bias: fc.boolean()
    })
    .chain(({ loss, sizes: [inputs, widths, outputs], bias }) =>
      fc
        .tuple(
          fc.array(fc.constantFrom(...hidden), { minLength: widths.length, maxLength: widths.length }),
          fc.constantFrom(...lastFor[loss])
        )
        .map(([acts, last]): ModelSpec => ({
          sizes: [inputs, ...widths, outputs],
          activations: [...acts, last],
          bias,
          loss
        }))
    )

const rows = (n: number, width: number, value: fc.Arbitrary<number>) =>
  fc.array(fc.array(value, { minLength: width, maxLength: width }), { minLength: n, maxLength: n })

/**
 * A case: a spec, parameters from a drawn seed, 1 to 40 samples of inputs in [−3, 3] with
 * one-hot targets, and a shard size from 1 to the batch size plus 3.
 *
 * @category arbitraries
 * @since 0.2.0
 */
export const shardCase = (): fc.Arbitrary<ShardCase> =>
  fc.tuple(modelSpec(), fc.integer({ min: 1, max: 40 }), fc.nat()).chain(([spec, n, seed]) => {
    const inputs = spec.sizes[0]!
    const outputs = spec.sizes[spec.sizes.length - 1]!
    const net = mlp(spec) as E.Right<ReturnType<typeof mlp> extends E.Either<unknown, infer A> ? A : never>
    const params = (net.right.init((key(seed) as E.Right<never>).right) as E.Right<MlpParams>).right
    return fc
      .tuple(
        rows(n, inputs, fc.double({ min: -3, max: 3, noNaN: true })),
        fc.array(fc.nat({ max: outputs - 1 }), { minLength: n, maxLength: n }),
        fc.integer({ min: 1, max: n + 3 })
      )
      .map(([xs, labels, shardSize]) => {
        const ys = labels.map((l) => Array.from({ length: outputs }, (_, j) => (j === l ? 1 : 0)))
        const batch = (fromRows(xs, ys) as E.Right<Dataset>).right
        return { spec, params, batch, shardSize }
      })
  })
