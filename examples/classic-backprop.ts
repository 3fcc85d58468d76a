// Matt Mazur's "A Step by Step Backpropagation Example" (2015), the walkthrough most people
// learn backpropagation from, reproduced with gradfold: a 2-2-2 sigmoid network, inputs 0.05
// and 0.10, targets 0.01 and 0.99, weights w1..w8 = .15 .20 .25 .30 .40 .45 .50 .55, a bias of
// .35 shared by the hidden units and .60 by the outputs, loss ½ Σ (target − out)², η = 0.5.
// Train.explainStep prints every number of the step; the walkthrough's own numbers stand
// beside them. As in the walkthrough, the biases are held fixed (Optim.freeze).
//
// Run with `npx tsx examples/classic-backprop.ts`; `--steps N` trains N steps instead of 10 000.
//
// His names: w1 i1→h1, w2 i2→h1, w3 i1→h2, w4 i2→h2, w5 h1→o1, w6 h2→o1, w7 h1→o2, w8 h2→o2.
import { parseArgs } from 'node:util'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { Data, NN, Optim, Random, Tensor, Train } from '../src/index.js'
import * as Advanced from '../src/advanced.js'

const steps: E.Either<Error, number> = E.tryCatch(
  () => Number(parseArgs({ options: { steps: { type: 'string', default: '10000' } } }).values.steps),
  (e) => (e instanceof Error ? e : new Error(String(e)))
)

/** The walkthrough's name for the weight that joins `from` to `to` (gradfold's names: x, h, ŷ). */
const mazurName: Readonly<Record<string, string>> = {
  'x1→h1': 'w1',
  'x2→h1': 'w2',
  'x1→h2': 'w3',
  'x2→h2': 'w4',
  'h1→ŷ1': 'w5',
  'h2→ŷ1': 'w6',
  'h1→ŷ2': 'w7',
  'h2→ŷ2': 'w8'
}

/** What the walkthrough prints, to the decimals it prints them. */
const published: Readonly<Record<string, string>> = {
  h1: '0.593269992',
  h2: '0.596884378',
  ŷ1: '0.75136507',
  ŷ2: '0.772928465',
  total: '0.298371109',
  w1: '0.149780716',
  w2: '0.19956143',
  w3: '0.24975114',
  w4: '0.29950229',
  w5: '0.35891648',
  w6: '0.408666186',
  w7: '0.511301270',
  w8: '0.561370121',
  after: '0.0000351085'
}

/** `v` to as many decimals as the published number has, and whether the two agree. */
const beside = (key: string, v: number): string => {
  const p = published[key]!
  const mine = v.toFixed(p.length - 2)
  return `${mine.padStart(14)}  walkthrough ${p.padStart(13)}  ${mine === p ? 'same' : 'DIFFERENT'}`
}

const loss = (y: Tensor.Tensor) => NN.halfSumSquares(y)

const program = pipe(
  E.Do,
  E.apSW('steps', steps),
  E.apSW('network', NN.mlp({ sizes: [2, 2, 2], activations: ['sigmoid', 'sigmoid'] })),
  E.apSW(
    'wh',
    Tensor.fromNested([
      [0.15, 0.25],
      [0.2, 0.3]
    ])
  ),
  E.apSW(
    'wo',
    Tensor.fromNested([
      [0.4, 0.5],
      [0.45, 0.55]
    ])
  ),
  E.apSW('bh', Tensor.fromNested([0.35, 0.35])),
  E.apSW('bo', Tensor.fromNested([0.6, 0.6])),
  E.apSW('sample', Data.fromRows([[0.05, 0.1]], [[0.01, 0.99]])),
  E.apSW('key', Random.key(0)),
  E.map(({ wh, wo, bh, bo, ...rest }) => ({
    ...rest,
    params: [
      { w: wh, b: bh },
      { w: wo, b: bo }
    ] as NN.MlpParams
  })),
  E.bindW('step', ({ network, params, sample }) => Train.explainStep({ network, learningRate: 0.5 })(params, sample)),
  E.bindW('optimizer', () =>
    pipe(
      Optim.sgd(0.5),
      E.map((sgd) =>
        Optim.chain(
          sgd,
          Optim.freeze((path) => path.endsWith('b'))
        )
      )
    )
  ),
  E.bindW('trained', ({ network, params, sample, key, optimizer, steps }) =>
    Train.fit({ model: { forward: network.forward, loss }, optimizer, batching: Data.fullBatch(), maxEpochs: steps })(
      params,
      key,
      sample
    )
  )
)

pipe(
  program,
  E.match(
    (error) => {
      console.error(`classic-backprop failed: ${error.message}`)
      process.exitCode = 1
    },
    ({ step, trained, steps }) => {
      const unit = (name: string) => step.units.find((u) => u.name === name)!.samples[0]!.a
      console.log('Forward pass (his out_h1, out_h2, out_o1, out_o2 are gradfold’s h1, h2, ŷ1, ŷ2):')
      for (const name of ['h1', 'h2', 'ŷ1', 'ŷ2']) console.log(`  ${name.padEnd(6)}${beside(name, unit(name))}`)
      console.log(`Total error ½ Σ (target − out)²:\n  E     ${beside('total', step.loss)}`)
      console.log('Weights after one step of η = 0.5 (biases held fixed):')
      const updated = step.weights
        .filter((w) => w.kind === 'weight')
        .map((w) => [mazurName[`${w.from}→${w.to}`]!, w] as const)
        .sort(([a], [b]) => Advanced.Train.naturalCompare(a, b))
      for (const [name, w] of updated) console.log(`  ${name.padEnd(6)}${beside(name, w.updated)}`)
      const last = trained.history[trained.history.length - 1]!
      // The walkthrough's figure is the error its 10 000th forward pass measured, before that
      // step's update: what the history calls the batch loss of the last epoch.
      console.log(`Total error measured by step ${steps}, before its update (biases held fixed):`)
      console.log(
        steps === 10000 ? `  E     ${beside('after', last.batchLoss)}` : `  E     ${last.batchLoss.toPrecision(6)}`
      )
      console.log(`Total error after the ${steps}th update: ${last.train?.loss.toPrecision(6) ?? 'not measured'}`)
      console.log('\nThe whole step, as Train.renderExplanation prints it:\n')
      console.log(Train.renderExplanation('table')(step))
    }
  )
)
