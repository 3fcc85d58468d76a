// What the bundled classification examples (iris.ts, digits.ts) share: a stratified split,
// inputs standardised with the training part's statistics, an MLP with one tanh hidden layer
// trained with Adam on softmax cross-entropy in mini-batches, and the accuracy on the held-out
// part, printed. `--epochs N` on the command line overrides the number of epochs.
import { parseArgs } from 'node:util'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { Data, NN, Optim, Random, Train } from '../../src/index.js'

export interface HeldOutRun {
  readonly name: string
  readonly what: string
  readonly data: Data.Dataset
  readonly hidden: number
  readonly testFraction: number
  readonly lr: number
  readonly batch: number
  readonly epochs: number
}

const accuracyOf = (m: Train.EpochRecord['train']): number => (m !== null && 'accuracy' in m ? m.accuracy : Number.NaN)

const epochsFrom = (fallback: number): E.Either<Error, number> =>
  E.tryCatch(
    () => Number(parseArgs({ options: { epochs: { type: 'string', default: String(fallback) } } }).values.epochs),
    (e) => (e instanceof Error ? e : new Error(String(e)))
  )

export const trainHeldOut = (run: HeldOutRun): void =>
  pipe(
    E.Do,
    E.apSW('epochs', epochsFrom(run.epochs)),
    E.apSW('key', Random.key(0)),
    E.bindW('split', ({ key }) =>
      Data.trainTestSplit({ testFraction: run.testFraction, stratify: true })(run.data, key)
    ),
    E.bindW('scaled', ({ split }) => Data.standardizeSplit(split)),
    E.apSW(
      'net',
      NN.mlp({
        sizes: [run.data.inputs.shape[1]!, run.hidden, run.data.targets.shape[1]!],
        activations: ['tanh', 'identity']
      })
    ),
    E.bindW('params', ({ net, key }) => net.init(key)),
    E.apSW('optimizer', Optim.adam({ lr: run.lr })),
    E.apSW('batching', Data.miniBatch(run.batch, { shuffle: true })),
    E.bindW('result', ({ net, params, key, optimizer, batching, scaled, epochs }) =>
      Train.fit({
        model: { forward: net.forward, loss: (y) => NN.softmaxCrossEntropy(y) },
        optimizer,
        batching,
        maxEpochs: epochs,
        validation: scaled.test
      })(params, key, scaled.train)
    ),
    E.match(
      (e) => {
        console.error(`${run.name} failed: ${e.message}`)
        process.exitCode = 1
      },
      ({ result, scaled }) => {
        const last = result.history[result.history.length - 1]!
        const [train, test] = [accuracyOf(last.train), accuracyOf(last.validation)]
        console.log(
          `${run.name}: ${scaled.train.inputs.shape[0]} ${run.what} to train on, ${scaled.test.inputs.shape[0]} held out`
        )
        console.log(
          `after ${result.state.epoch} epochs: train accuracy ${train.toFixed(3)}, held-out accuracy ${test.toFixed(3)}`
        )
      }
    )
  )
