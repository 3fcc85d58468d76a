// Generated training set-ups for the fusion laws: an MLP (1–3 layers, 1–4 units, any
// activations, biases or not), one of the library's losses, one of the library's optimizers
// (with schedules, clipping, masks and frozen leaves), a batching, data and a key; and the
// variations the fused kernel must leave to the general path (a loss wrapped in a function, a
// user's own transformation, a mask that looks at leaf values).
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { fullBatch, unsafeMiniBatch, stochastic, type Batching } from '../../src/data/Batching.js'
import { unsafeDataset, type Dataset } from '../../src/data/Dataset.js'
import type { Activation } from '../../src/nn/activations.js'
import { sigmoidBinaryCrossEntropy, softmaxCrossEntropy } from '../../src/nn/logitLosses.js'
import { crossEntropy, halfSumSquares, mse } from '../../src/nn/losses.js'
import { mlp, type MlpParams } from '../../src/nn/mlp.js'
import * as Optim from '../../src/optim/index.js'
import { key as makeKey, split } from '../../src/random/Key.js'
import { uniform } from '../../src/random/uniform.js'
import { unsafeMake } from '../../src/tensor/Tensor.js'
import type { EpochConfig } from '../../src/train/loop/epoch.js'
import type { Model } from '../../src/train/Model.js'
import { initialState, type TrainState } from '../../src/train/bookkeeping/TrainState.js'
import * as Advanced from '../../src/advanced.js'

const get = <A>(e: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(e)) throw new Error(e.left.message)
  return e.right
}

const activations: ReadonlyArray<Activation> = ['sigmoid', 'tanh', 'relu', { leakyRelu: 0.2 }, 'identity', 'softmax']
const losses = [mse, halfSumSquares, crossEntropy, softmaxCrossEntropy, sigmoidBinaryCrossEntropy] as const
const optimizers = ['sgd', 'momentum', 'nesterov', 'adam', 'adamw', 'rmsprop', 'adagrad'] as const
type Extra = 'none' | 'clipByGlobalNorm' | 'clipByValue' | 'schedule' | 'masked' | 'freeze'
const extras: ReadonlyArray<Extra> = ['none', 'clipByGlobalNorm', 'clipByValue', 'schedule', 'masked', 'freeze']
/** What makes a set-up one the kernel must not run. */
type Spoiler = 'none' | 'wrappedLoss' | 'ownTransformation' | 'valueMask'

export interface FusionCase {
  readonly config: EpochConfig<MlpParams, unknown>
  readonly state: TrainState<MlpParams, unknown>
  readonly data: Dataset
  readonly fusable: boolean
  readonly label: string
}

const optimizer = (name: (typeof optimizers)[number], lr: Optim.LearningRate): Advanced.Optim.AnyTransformation =>
  get<Advanced.Optim.AnyTransformation>(
    name === 'sgd'
      ? Optim.sgd(lr)
      : name === 'momentum'
        ? Optim.momentum(lr, 0.9)
        : name === 'nesterov'
          ? Optim.nesterov(lr, 0.5)
          : name === 'adam'
            ? Optim.adam({ lr })
            : name === 'adamw'
              ? Optim.adamw({ lr, weightDecay: 0.1 })
              : name === 'rmsprop'
                ? Optim.rmsprop({ lr })
                : Optim.adagrad({ lr, initialAccumulatorValue: 0.1 })
  )

/** Set-ups trained at the learning rates `rates`. */
const casesAt = (rates: ReadonlyArray<number>): fc.Arbitrary<FusionCase> =>
  fc
    .record({
      sizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 4 }),
      acts: fc.array(fc.integer({ min: 0, max: activations.length - 1 }), { minLength: 3, maxLength: 3 }),
      bias: fc.boolean(),
      loss: fc.integer({ min: 0, max: losses.length - 1 }),
      optimizer: fc.constantFrom(...optimizers),
      extra: fc.constantFrom(...extras),
      spoiler: fc.constantFrom<Spoiler>('none', 'none', 'none', 'wrappedLoss', 'ownTransformation', 'valueMask'),
      lr: fc.constantFrom(...rates),
      rows: fc.integer({ min: 1, max: 9 }),
      batch: fc.integer({ min: 0, max: 4 }),
      shuffle: fc.boolean(),
      dropLast: fc.boolean(),
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      mask: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
      warmEpochs: fc.integer({ min: 0, max: 1 })
    })
    .map((r): FusionCase => {
      const layers = r.sizes.length - 1
      const acts = r.acts.slice(0, layers).map((i) => activations[i]!)
      const spec = get(mlp({ sizes: r.sizes, activations: acts, bias: r.bias }))
      const [kInit, kx, ky, kRun] = get(split(4)(get(makeKey(r.seed))))
      const params = get(spec.init(kInit!))
      const fin = r.sizes[0]!
      const fout = r.sizes[layers]!
      const x = get(uniform([r.rows, fin], { low: -2, high: 2 })(kx!))
      const lossFn = losses[r.loss]!
      const classes = get(uniform([r.rows])(ky!))
      const targets =
        lossFn === softmaxCrossEntropy || lossFn === crossEntropy
          ? unsafeMake(
              [r.rows, fout],
              Float64Array.from({ length: r.rows * fout }, (_, i) =>
                Math.floor(classes.data[Math.floor(i / fout)]! * fout) === i % fout ? 1 : 0
              )
            )
          : get(uniform([r.rows, fout])(ky!))
      const data = unsafeDataset(x, targets)
      const lr: Optim.LearningRate =
        r.extra === 'schedule' ? get(Optim.exponentialDecay({ init: r.lr, decayRate: 0.5, transitionSteps: 3 })) : r.lr
      const base = optimizer(r.optimizer, lr)
      const pathMask = get(
        Advanced.Optim.validateMask<MlpParams>(
          Array.from({ length: layers }, (_, i) => ({ w: r.mask[2 * i]!, b: r.mask[2 * i + 1]! }))
        )
      )
      const valueMask: Advanced.Optim.Mask = (_, leaf) => typeof leaf !== 'number'
      const mask = r.spoiler === 'valueMask' ? valueMask : pathMask
      const withExtra: Advanced.Optim.AnyTransformation =
        r.extra === 'clipByGlobalNorm'
          ? Optim.chain(get(Optim.clipByGlobalNorm(0.5)), base)
          : r.extra === 'clipByValue'
            ? Optim.chain(get(Optim.clipByValue(-0.1, 0.2)), base)
            : r.extra === 'masked'
              ? Optim.masked(mask, base)
              : r.extra === 'freeze'
                ? Optim.chain(Optim.freeze(mask), base)
                : base
      const own: Advanced.Optim.AnyTransformation = Optim.gradientTransformation(
        withExtra.init,
        withExtra.update,
        withExtra.stateC
      )
      const opt = r.spoiler === 'ownTransformation' ? own : withExtra
      const model: Model<MlpParams> = {
        forward: spec.forward,
        loss: r.spoiler === 'wrappedLoss' ? (y) => lossFn(y) : lossFn
      }
      const batching: Batching =
        r.batch === 0
          ? fullBatch({ shuffle: r.shuffle })
          : r.batch === 1
            ? stochastic({ shuffle: r.shuffle })
            : unsafeMiniBatch(r.batch, { shuffle: r.shuffle, dropLast: r.dropLast && r.batch <= r.rows })
      const fusable =
        r.spoiler === 'none' || (r.spoiler === 'valueMask' && r.extra !== 'masked' && r.extra !== 'freeze')
      return {
        config: { model, optimizer: opt, batching },
        state: { ...initialState(opt)(params, kRun!), epoch: r.warmEpochs },
        data,
        fusable,
        label: `${r.sizes.join('-')} ${acts.map(String).join('/')} ${lossFn.name} ${r.optimizer}+${r.extra} ${r.spoiler}`
      }
    })

/** Set-ups at learning rates a run can learn with. */
export const fusionCase: fc.Arbitrary<FusionCase> = casesAt([0.01, 0.1, 0.5])

/**
 * Set-ups at learning rates that overflow: weights, weighted sums, losses, gradients, updates or
 * optimizer states turn infinite within an epoch, at one step or another (about one general
 * epoch in five fails; saturated activations keep the others finite), and the fused kernel
 * must give up exactly where they do.
 */
export const divergingCase: fc.Arbitrary<FusionCase> = casesAt([1e30, 1e150, 1e300])
