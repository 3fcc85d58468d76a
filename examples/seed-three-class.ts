// gradfold's main demo: the founding text's network (3 inputs, 2 sigmoid hidden units,
// 3 sigmoid outputs, no biases, twelve weights w1..w12, loss ½ Σ (ŷ − y)²) trained by the
// three ways of descending the text names — batch, stochastic and mini-batch — on the
// bundled 3-class data set, until accuracy reaches 1 or the epochs run out.
//
// Run with `npm run demo`; `npm run demo -- --seed 6` starts from other initial weights. With
// only two hidden units and no biases, some starts leave one class in the corner where every
// output is ½ and almost no gradient flows back: the run then stops at accuracy 2/3 when its
// epochs run out. Over seeds 0..9, seeds 2, 6, 7 and 9 do so in every mode; seed 0 reaches 0.9
// by batch descent and 2/3 by the other two; seed 1 stops at 2/3 by stochastic descent only;
// seeds 3, 4, 5 and 8 reach 1 in every mode. The default seed (5) is one that learns.
import { parseArgs } from 'node:util'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as RA from 'fp-ts/lib/ReadonlyArray.js'
import { Data, NN, Optim, Random, Train } from '../src/index.js'
import * as Advanced from '../src/advanced.js'

/** The seed from `--seed N` (5 unless given); an unknown option is an error, not a throw. */
const seed: E.Either<Error, number> = E.tryCatch(
  () => Number(parseArgs({ options: { seed: { type: 'string', default: '5' } } }).values.seed),
  (e) => (e instanceof Error ? e : new Error(String(e)))
)

/** One way of descending: how it batches and the step size it takes. */
interface Mode {
  readonly name: string
  readonly batching: E.Either<Data.DataError, Data.Batching>
  readonly lr: number
}

const modes: ReadonlyArray<Mode> = [
  { name: 'batch (all 30 samples a step)', batching: E.right(Data.fullBatch()), lr: 2 },
  { name: 'stochastic (1 sample a step)', batching: E.right(Data.stochastic({ shuffle: true })), lr: 0.5 },
  { name: 'mini-batch (6 samples a step)', batching: Data.miniBatch(6, { shuffle: true }), lr: 1 }
]

const model: Train.Model<NN.MlpParams> = {
  forward: NN.threeTwoThreeMlp.forward,
  loss: (y) => NN.halfSumSquares(y)
}

const trainIn = (mode: Mode) => (init: NN.MlpParams, key: Random.Key) =>
  pipe(
    E.Do,
    E.apSW('optimizer', Optim.sgd(mode.lr)),
    E.apSW('batching', mode.batching),
    E.apSW('stop', Train.targetAccuracy(1)),
    E.chainW(({ optimizer, batching, stop }) =>
      Train.fit({ model, optimizer, batching, maxEpochs: 2000, stop })(init, key, Data.threeClass)
    )
  )

const describeStop = (r: Train.StopReason): string =>
  r._tag === 'TargetAccuracy'
    ? `accuracy reached ${r.target}`
    : r._tag === 'MaxEpochs'
      ? `${r.epochs} epochs ran out`
      : r._tag

const report = (mode: Mode, r: Train.FitResult<NN.MlpParams, unknown>): string => {
  const last = r.history[r.history.length - 1]!.train
  const accuracy = last !== null && 'accuracy' in last ? last.accuracy : Number.NaN
  return [
    mode.name.padEnd(32),
    String(r.state.epoch).padStart(6),
    String(r.state.step).padStart(7),
    (last?.loss ?? Number.NaN).toFixed(6).padStart(12),
    accuracy.toFixed(3).padStart(9),
    `   ${describeStop(r.stopReason)}`
  ].join('')
}

const weights = (params: NN.MlpParams): string =>
  pipe(
    Advanced.NN.threeTwoThreeFromMlp(params),
    E.match(
      (e) => e.message,
      (w) =>
        Object.entries(w)
          .map(([k, v]) => `${k} ${v.toFixed(4)}`)
          .join('  ')
    )
  )

const program = pipe(
  seed,
  E.bindTo('seed'),
  E.bindW('key', ({ seed }) => Random.key(seed)),
  E.bindW('init', ({ key }) => NN.threeTwoThreeMlp.init(Random.split2(key)[0])),
  E.bindW('runs', ({ key, init }) =>
    pipe(
      modes,
      RA.map((mode) =>
        pipe(
          trainIn(mode)(init, Random.split2(key)[1]),
          E.map((r) => [mode, r] as const)
        )
      ),
      RA.sequence(E.Applicative)
    )
  )
)

pipe(
  program,
  E.match(
    (error) => {
      console.error(`gradfold demo failed: ${error.message}`)
      process.exitCode = 1
    },
    ({ seed, init, runs }) => {
      console.log(`The founding text’s 3-2-3 network on the bundled 3-class data (30 samples), seed ${seed}`)
      console.log(`initial weights: ${weights(init)}\n`)
      console.log(
        'mode'.padEnd(32) +
          'epochs'.padStart(6) +
          'steps'.padStart(7) +
          'final loss'.padStart(12) +
          'accuracy'.padStart(9) +
          '   stopped because'
      )
      for (const [mode, r] of runs) console.log(report(mode, r))
      console.log('\nlearnt weights (mini-batch):')
      console.log(weights(runs[runs.length - 1]![1].state.params))
    }
  )
)
