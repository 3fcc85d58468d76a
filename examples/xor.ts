// XOR, the classic reason for hidden layers: no line separates (0, 1) and (1, 0) from (0, 0)
// and (1, 1), so a network without a hidden layer cannot classify all four points, and one
// with a hidden layer can. Both train on the bundled XOR table (Data.xor) until they classify
// every point or the epochs run out. Run with `npx tsx examples/xor.ts`.
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { Data, NN, Optim, Random, Tensor, Train } from '../src/index.js'

const trainNet = (config: NN.MlpConfig) =>
  pipe(
    E.Do,
    E.apSW('net', NN.mlp(config)),
    E.apSW('key', Random.key(3)),
    E.bindW('params', ({ net, key }) => net.init(key)),
    E.apSW('optimizer', Optim.adam({ lr: 0.05 })),
    E.apSW('stop', Train.targetAccuracy(1)),
    E.bindW('result', ({ net, params, key, optimizer, stop }) =>
      Train.fit({
        model: { forward: net.forward, loss: (y) => NN.sigmoidBinaryCrossEntropy(y) },
        optimizer,
        batching: Data.fullBatch(),
        maxEpochs: 2000,
        stop
      })(params, key, Data.xor)
    ),
    E.bindW('logits', ({ net, result }) => net.predict(result.state.params)(Data.xor.inputs))
  )

const σ = (z: number): number => 1 / (1 + Math.exp(-z))

const report = (
  name: string,
  r: E.Either<{ readonly message: string }, { result: Train.FitResult<NN.MlpParams, unknown>; logits: Tensor.Tensor }>
) =>
  pipe(
    r,
    E.match(
      (e) => {
        console.error(`xor failed: ${e.message}`)
        process.exitCode = 1
      },
      ({ result, logits }) => {
        const last = result.history[result.history.length - 1]!
        const accuracy = last.train !== null && 'accuracy' in last.train ? last.train.accuracy : Number.NaN
        console.log(`${name}: accuracy ${accuracy} after ${result.state.epoch} epochs (${result.stopReason._tag})`)
        for (let i = 0; i < 4; i++) {
          const [a, b] = [Data.xor.inputs.data[2 * i]!, Data.xor.inputs.data[2 * i + 1]!]
          const p = σ(logits.data[i]!)
          console.log(
            `  ${a} xor ${b} = ${Data.xor.targets.data[i]}   predicted P(1) = ${p.toFixed(3)} → ${p > 0.5 ? 1 : 0}`
          )
        }
      }
    )
  )

report('no hidden layer (2-1)', trainNet({ sizes: [2, 1], activations: ['identity'] }))
report('one hidden layer (2-4-1)', trainNet({ sizes: [2, 4, 1], activations: ['tanh', 'identity'] }))
