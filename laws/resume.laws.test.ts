import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, it } from 'vitest'
import { Data, NN, Optim, Random, Train } from '../src/index.js'
import { batchingFor } from './arbitraries/data.js'
import { lawParameters } from './config.js'
import * as _ from './resume.js'
import * as Advanced from '../src/advanced.js'

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`a generated value was refused: ${JSON.stringify(e.left)}`)
  return e.right
}

const hidden = fc.constantFrom<NN.Activation>('sigmoid', 'tanh', 'relu', 'identity', { leakyRelu: 0.1 })

/** A network for the bundled three-class set (3 inputs, 3 outputs), with a loss that fits it. */
const architecture: fc.Arbitrary<Advanced.Train.Architecture> = fc
  .record({
    widths: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 2 }),
    acts: fc.array(hidden, { minLength: 2, maxLength: 2 }),
    head: fc.constantFrom(
      { out: 'sigmoid' as const, loss: 'halfSumSquares' as const },
      { out: 'softmax' as const, loss: 'mse' as const },
      { out: 'identity' as const, loss: 'softmaxCrossEntropy' as const }
    ),
    bias: fc.boolean()
  })
  .map(({ widths, acts, head, bias }) => ({
    sizes: [3, ...widths, 3],
    activations: [...widths.map((_, i) => acts[i]!), head.out],
    bias,
    loss: head.loss
  }))

/** An optimizer of the library with numbers for hyperparameters, plain or chained. */
const optimizer = fc
  .record({ lr: fc.constantFrom(0.01, 0.1, 0.5), which: fc.nat(7) })
  .map(({ lr, which }) =>
    right<Optim.GradientTransformation<unknown>>(
      [
        () => Optim.sgd(lr),
        () => Optim.momentum(lr, 0.9),
        () => Optim.nesterov(lr, 0.5),
        () => Optim.adam({ lr }),
        () => Optim.adamw({ lr, weightDecay: 0.01 }),
        () => Optim.rmsprop({ lr }),
        () => Optim.adagrad({ lr }),
        () => Advanced.Optim.chainResults(Optim.clipByGlobalNorm(1), Optim.clipByValue(-0.5, 0.5), Optim.sgd(lr))
      ][which]!() as E.Either<unknown, Optim.GradientTransformation<unknown>>
    )
  )

/** No stop rule, or one of the library's checked rules, or two under `any`. */
const stop = fc.oneof(
  fc.constant(undefined),
  fc.integer({ min: 1, max: 2 }).map((p) => right(Train.noImprovement(p))),
  fc.double({ min: 0.01, max: 1, noNaN: true }).map((t) => right(Train.lossBelow(t))),
  fc.double({ min: 0.5, max: 1, noNaN: true }).map((a) => right(Train.targetAccuracy(a))),
  fc
    .tuple(fc.integer({ min: 1, max: 2 }), fc.double({ min: 0.01, max: 1, noNaN: true }))
    .map(([p, t]) => Train.any(right(Train.noImprovement(p)), right(Train.lossBelow(t))))
)

const data = Data.threeClass

const problem = fc.record({
  architecture,
  optimizer,
  stop,
  batching: batchingFor(Data.size(data)),
  seed: fc.nat(1000),
  epochs: fc.integer({ min: 2, max: 4 }),
  validated: fc.boolean(),
  watch: fc.constantFrom(undefined, { metric: 'accuracy' as const })
})

describe('checkpoints that describe their run', () => {
  it('resume with no template in hand to the uninterrupted run, bit for bit', () => {
    fc.assert(
      fc.property(problem, fc.nat(), (p, cut) => {
        const net = right(NN.mlp(p.architecture))
        const [k0, k1] = Random.split2(right(Random.key(p.seed)))
        const config: Train.FitConfig<NN.MlpParams, unknown> = {
          model: { forward: net.forward, loss: NN.lossByName(p.architecture.loss) },
          optimizer: p.optimizer,
          batching: p.batching,
          maxEpochs: p.epochs,
          ...(p.stop === undefined ? {} : { stop: p.stop }),
          ...(p.validated ? { validation: data } : {}),
          ...(p.watch === undefined ? {} : { watch: p.watch })
        }
        const n = 1 + (cut % (p.epochs - 1))
        return _.resumesWithNoTemplate(p.architecture, config, n, right(net.init(k0)), k1, data)
      }),
      { ...lawParameters, numRuns: 60 }
    )
  })
})
