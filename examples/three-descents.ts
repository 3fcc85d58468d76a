// The founding text's three ways of descending, tested rather than asserted. It says: batch
// gradient descent computes the loss on the whole training set per step; stochastic gradient
// descent uses one sample per step, "fluctuates a lot and converges slowly, but can jump out of
// a local optimum"; mini-batch descent sums the loss over small batches, "more stable", "the
// most common". Here each mode trains the text's 3-2-3 network on the bundled 3-class data (30
// samples) from the same initial weights for many seeds, until accuracy 1 or the epochs run out,
// and the numbers say how often each reaches the target and at what cost; then one seed's
// per-step loss curves show the noise.
//
// Run with `npx tsx examples/three-descents.ts`; `--seeds N` (default 20) and `--max-epochs M`
// (default 2000) make it shorter.
import { parseArgs } from 'node:util'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as RA from 'fp-ts/lib/ReadonlyArray.js'
import { Data, NN, Optim, Random, Train } from '../src/index.js'
import * as Advanced from '../src/advanced.js'

const options = E.tryCatch(
  () => {
    const { values } = parseArgs({
      options: { seeds: { type: 'string', default: '20' }, 'max-epochs': { type: 'string', default: '2000' } }
    })
    return { seeds: Number(values.seeds), maxEpochs: Number(values['max-epochs']) }
  },
  (e) => (e instanceof Error ? e : new Error(String(e)))
)

/** One way of descending: its batches, its step size, and how many samples a step sees. */
interface Mode {
  readonly name: string
  readonly batching: E.Either<Data.DataError, Data.Batching>
  readonly lr: number
  readonly batchSize: number
}

// the demo's step sizes (npm run demo): a larger step where the gradient averages more samples
const modes: ReadonlyArray<Mode> = [
  { name: 'batch', batching: E.right(Data.fullBatch()), lr: 2, batchSize: 30 },
  { name: 'stochastic', batching: E.right(Data.stochastic({ shuffle: true })), lr: 0.5, batchSize: 1 },
  { name: 'mini-batch', batching: Data.miniBatch(6, { shuffle: true }), lr: 1, batchSize: 6 }
]

const model: Train.Model<NN.MlpParams> = { forward: NN.threeTwoThreeMlp.forward, loss: (y) => NN.halfSumSquares(y) }
const data = Data.threeClass

/** Where one run ended: whether it reached accuracy 1, after how many steps and samples' gradients. */
interface Outcome {
  readonly reached: boolean
  readonly steps: number
  readonly evaluations: number
}

const start = (seed: number) =>
  pipe(
    Random.key(seed),
    E.chainW((key) => {
      const [initKey, runKey] = Random.split2(key)
      return pipe(
        NN.threeTwoThreeMlp.init(initKey),
        E.map((init) => ({ init, runKey }))
      )
    })
  )

const runMode = (mode: Mode, maxEpochs: number) => (seed: number) =>
  pipe(
    E.Do,
    E.apSW('start', start(seed)),
    E.apSW('sgd', Optim.sgd(mode.lr)),
    E.apSW('batching', mode.batching),
    E.apSW('stop', Train.targetAccuracy(1)),
    E.chainW(({ start, sgd, batching, stop }) =>
      Train.fit({ model, optimizer: sgd, batching, maxEpochs, stop })(start.init, start.runKey, data)
    ),
    E.map((r): Outcome => ({
      reached: r.stopReason._tag === 'TargetAccuracy',
      steps: r.state.step,
      evaluations: r.state.epoch * data.inputs.shape[0]!
    }))
  )

/** The per-step losses of the first `epochs` epochs of one seed (each before its step's update). */
const stepLosses = (mode: Mode, seed: number, epochs: number) =>
  pipe(
    E.Do,
    E.apSW('start', start(seed)),
    E.apSW('sgd', Optim.sgd(mode.lr)),
    E.apSW('batching', mode.batching),
    E.chainW(({ start, sgd, batching }) => {
      const config = { model, optimizer: sgd, batching }
      const losses: Array<number> = []
      let state = Train.initialState(sgd)(start.init, start.runKey)
      for (let e = 0; e < epochs; e++) {
        const report = Advanced.Train.epochWithSteps(config)(state, data)
        if (E.isLeft(report)) return report
        for (const s of report.right.steps) losses.push(s.loss)
        state = report.right.state
      }
      return E.right(losses)
    })
  )

// -------------------------------------------------------------------------------------
// statistics
// -------------------------------------------------------------------------------------

const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0
    ? Number.NaN
    : s.length % 2 === 1
      ? s[(s.length - 1) / 2]!
      : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

/** Mean |Lₜ₊₁ − Lₜ| over the mean loss: how much a step's loss jumps, relative to its size. */
const jitter = (ls: ReadonlyArray<number>): number => {
  const mean = ls.reduce((s, l) => s + l, 0) / ls.length
  const jumps = ls.slice(1).map((l, i) => Math.abs(l - ls[i]!))
  return jumps.reduce((s, j) => s + j, 0) / Math.max(1, jumps.length) / mean
}

/** How many steps raised the loss, out of all. */
const rises = (ls: ReadonlyArray<number>): number => ls.slice(1).filter((l, i) => l > ls[i]!).length

const BARS = '▁▂▃▄▅▆▇█'
/** `width` bars, each the mean of its share of the losses, scaled to the curve's range. */
const sparkline = (ls: ReadonlyArray<number>, width: number, top: number): string =>
  Array.from({ length: width }, (_, c) => {
    const part = ls.slice(
      Math.floor((c * ls.length) / width),
      Math.max(Math.floor(((c + 1) * ls.length) / width), Math.floor((c * ls.length) / width) + 1)
    )
    const v = part.reduce((s, l) => s + l, 0) / part.length
    return BARS[Math.min(BARS.length - 1, Math.floor((v / top) * BARS.length))]!
  }).join('')

// -------------------------------------------------------------------------------------
// the program
// -------------------------------------------------------------------------------------

const program = pipe(
  options,
  E.bindTo('options'),
  E.bindW('outcomes', ({ options }) =>
    pipe(
      modes,
      RA.traverse(E.Applicative)((mode) =>
        pipe(
          RA.makeBy(options.seeds, (s) => s),
          RA.traverse(E.Applicative)(runMode(mode, options.maxEpochs)),
          E.map((os) => [mode, os] as const)
        )
      )
    )
  ),
  E.bindW('curves', () =>
    pipe(
      modes,
      RA.traverse(E.Applicative)((mode) =>
        pipe(
          stepLosses(mode, 1, 20),
          E.map((ls) => [mode, ls] as const)
        )
      )
    )
  )
)

pipe(
  program,
  E.match(
    (e) => {
      console.error(`three-descents failed: ${e.message}`)
      process.exitCode = 1
    },
    ({ options, outcomes, curves }) => {
      console.log(
        `The 3-2-3 network on the 3-class data, ${options.seeds} seeds, each mode from the same initial weights, at most ${options.maxEpochs} epochs\n`
      )
      console.log(
        'mode          reached  median steps  median sample-gradients  (over the runs that reached accuracy 1)'
      )
      for (const [mode, os] of outcomes) {
        const ok = os.filter((o) => o.reached)
        console.log(
          `${mode.name.padEnd(12)}  ${`${ok.length}/${os.length}`.padStart(7)}  ${String(median(ok.map((o) => o.steps))).padStart(12)}  ${String(median(ok.map((o) => o.evaluations))).padStart(23)}`
        )
      }
      const reachedBy = (name: string) => outcomes.find(([m]) => m.name === name)![1].map((o) => o.reached)
      const [batch, sgd] = [reachedBy('batch'), reachedBy('stochastic')]
      const escaped = batch.filter((b, i) => !b && sgd[i]).length
      const lost = batch.filter((b, i) => b && !sgd[i]).length
      console.log(`\nseeds where stochastic reached accuracy 1 and batch did not: ${escaped}; the reverse: ${lost}`)
      console.log('\nPer-step loss over the first 20 epochs of seed 1 (each step’s batch loss, before its update):')
      const top = Math.max(...curves.flatMap(([, ls]) => ls))
      for (const [mode, ls] of curves) {
        console.log(
          `${mode.name.padEnd(12)}  ${sparkline(ls, 60, top)}  steps ${String(ls.length).padStart(3)}, rises ${String(rises(ls)).padStart(3)}, jitter ${jitter(ls).toFixed(3)}`
        )
      }
      console.log('(jitter: mean |loss change from one step to the next| / mean loss; rises: steps whose loss went up)')
      const cheapest = (pick: (o: Outcome) => number) =>
        outcomes
          .map(([m, os]) => [m.name, median(os.filter((o) => o.reached).map(pick))] as const)
          .filter(([, v]) => !Number.isNaN(v))
          .sort(([, a], [, b]) => a - b)[0]
      const [fewestSteps, fewestGradients] = [cheapest((o) => o.steps), cheapest((o) => o.evaluations)]
      const noisiest = [...curves].sort(([, a], [, b]) => jitter(b) - jitter(a))[0]![0].name
      console.log('\nWhat the numbers show:')
      console.log(
        `- fewest steps to accuracy 1: ${fewestSteps?.[0] ?? 'none reached it'}; fewest sample-gradients: ${fewestGradients?.[0] ?? 'none reached it'}`
      )
      console.log(`- the noisiest per-step loss: ${noisiest}`)
      console.log(
        escaped > lost
          ? `- stochastic descent escaped where batch descent stayed stuck more often than the reverse (${escaped} to ${lost})`
          : `- stochastic descent did not escape where batch descent stayed stuck more often than the reverse (${escaped} to ${lost}): the text’s “can jump out of a local optimum” is not seen on these seeds`
      )
    }
  )
)
