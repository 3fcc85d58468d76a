// Training end to end: an MLP built from its sizes, initialised from a key, trained with Adam
// on the bundled 3-class data until it classifies every sample or stops improving.
// Run with `npx tsx examples/train-mlp.ts`.
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { Data, NN, Optim, Random, Train } from '../src/index.js'

const program = pipe(
  E.Do,
  E.bindW('net', () => NN.mlp({ sizes: [3, 8, 3], activations: ['tanh', 'softmax'] })),
  E.bindW('key', () => Random.key(42)),
  E.bindW('params', ({ net, key }) => net.init(key)),
  E.bindW('optimizer', () => Optim.adam({ lr: 0.01 })),
  E.bindW('batching', () => Data.miniBatch(8, { shuffle: true })),
  E.bindW('target', () => Train.targetAccuracy(1)),
  E.bindW('patience', () => Train.noImprovement(20)),
  E.chainW(({ net, key, params, optimizer, batching, target, patience }) =>
    Train.fit({
      model: { forward: net.forward, loss: (y) => NN.crossEntropy(y) },
      optimizer,
      batching,
      maxEpochs: 500,
      stop: Train.any(target, patience)
    })(params, key, Data.threeClass)
  )
)

pipe(
  program,
  E.match(
    (error) => {
      console.error(`training failed: ${error.message}`)
      process.exitCode = 1
    },
    ({ state, history, stopReason }) => {
      const last = history[history.length - 1]!.train
      console.log(`stopped after ${state.epoch} epochs (${state.step} steps): ${stopReason._tag}`)
      if (last !== null && 'accuracy' in last) console.log(`loss ${last.loss.toFixed(6)}, accuracy ${last.accuracy}`)
    }
  )
)
