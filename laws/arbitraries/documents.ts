// Valid documents of each kind the library decodes, as JSON.parse gives them back: optimizer and
// stop specs, runs, checkpoints (self-describing and not), model files, histories, sweeps and the
// command's configs and sweep files. The hostile
// generator breaks them in one place, so that what it puts there is read.
import * as E from 'fp-ts/lib/Either.js'
import { ExperimentC } from '../../src/train/experiment/config.js'
import { starter, STARTERS } from '../../src/cli/starters.js'
import { Data, NN, Optim, Random, Train } from '../../src/index.js'
import * as Advanced from '../../src/advanced.js'

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`a document fixture was refused: ${JSON.stringify(e.left)}`)
  return e.right
}

const viaText = (u: unknown): unknown => JSON.parse(JSON.stringify(u))

const architecture: Advanced.Train.Architecture = {
  sizes: [3, 2, 3],
  activations: ['tanh', 'identity'],
  bias: true,
  loss: 'softmaxCrossEntropy'
}
const net = right(NN.mlp(architecture))
const [k0, k1] = Random.split2(right(Random.key(3)))
const params = right(net.init(k0))

/** A value in `range`: the first of a few that optimizers' fields take. */
const inRange = (range: { readonly test: (x: number) => boolean }): number =>
  [0.9, 0.99, 1e-8, 0.01, 0.5, 1, 0].find((x) => range.test(x)) ?? 0

/** Every optimizer of the catalog (`Advanced.Optim.optimizers`: a new one is here without being listed), and a chain of blocks. */
export const catalogOptimizers: ReadonlyArray<Optim.GradientTransformation<unknown>> = [
  ...Advanced.Optim.optimizers.map((o) =>
    right(o.build(0.01, Object.fromEntries(o.fields.map(([n, r]) => [n, inRange(r)]))))
  ),
  Optim.chain(right(Optim.clipByGlobalNorm(1)), right(Optim.clipByValue(-1, 1)), right(Optim.sgd(0.1)))
] as ReadonlyArray<Optim.GradientTransformation<unknown>>

/** The JSON of a spec of every optimizer the catalog names, and of a chain of blocks. */
export const optimizerSpecs: ReadonlyArray<unknown> = catalogOptimizers.flatMap((o) => {
  const s = Optim.encodeOptimizer(o)
  return s._tag === 'Some' ? [viaText(Optim.OptimizerSpecC.encode(s.value))] : []
})

const stop = Train.any(right(Train.noImprovement(3)), right(Train.lossBelow(1e-3)), right(Train.maxEpochs(5)))

/** Stop rules as data: each kind, and the combinations. */
export const stopSpecs: ReadonlyArray<unknown> = [
  { _tag: 'MaxEpochs', epochs: 3 },
  { _tag: 'TargetAccuracy', target: 0.9, on: 'validation' },
  {
    _tag: 'All',
    rules: [
      { _tag: 'LossBelow', threshold: 0.1 },
      { _tag: 'NoImprovement', patience: 2 }
    ]
  },
  viaText(right(E.fromOption(() => 'no spec')(Train.encodeStop(stop))))
]

const config = (optimizer: Optim.GradientTransformation<unknown>): Train.FitConfig<NN.MlpParams, unknown> => ({
  model: { forward: net.forward, loss: NN.softmaxCrossEntropy },
  optimizer,
  batching: right(Data.miniBatch(8, { shuffle: true })),
  maxEpochs: 2,
  stop
})

/** Runs as data, one per optimizer. */
export const runSpecs: ReadonlyArray<unknown> = catalogOptimizers.map((o) =>
  viaText(right(Train.encodeRun(architecture)(config(o))))
)

/** Two epochs of `optimizer` on the three-class set, from the parameters the checkpoints start from. */
export const fitted = (optimizer: Optim.GradientTransformation<unknown>): Train.Progress<NN.MlpParams, unknown> =>
  right(Train.fit(config(optimizer))(params, k1, Data.threeClass))

/** The run of {@link fitted}, as a checkpoint describes it. */
export const runOf = (optimizer: Optim.GradientTransformation<unknown>): Train.RunSpec =>
  right(Train.encodeRun(architecture)(config(optimizer)))

const adam = right(Optim.adam({ lr: 0.01 })) as Optim.GradientTransformation<unknown>
const progress = fitted(adam)
const run = right(Train.encodeRun(architecture)(config(adam)))

/** Checkpoints after two epochs: one that describes its run, one that does not. */
export const checkpoints: ReadonlyArray<unknown> = [
  JSON.parse(right(Train.encodeCheckpoint(params, adam)({ progress, config: { note: 'a' }, run }))),
  JSON.parse(right(Train.encodeCheckpoint(params, adam)({ progress, config: null })))
]

/** The optimizer, template, progress and run the checkpoints were written with. */
export const checkpointOf = { template: params, optimizer: adam, progress, run } as const

/** Histories of the runs above. */
export const histories: ReadonlyArray<unknown> = [viaText(Advanced.Train.HistoryC.encode(progress.history)), []]

const standardizer = right(Data.fitStandardizer(Data.threeClass))

/** Model files: with and without a standardiser and names. */
export const modelFiles: ReadonlyArray<unknown> = [
  JSON.parse(
    Train.encodeModel(
      right(
        Train.modelFile({
          net,
          loss: 'softmaxCrossEntropy',
          params: progress.state.params,
          standardizer,
          classes: ['a', 'b', 'c'],
          featureNames: ['x', 'y', 'z'],
          metrics: { trainLoss: 0.5 }
        })
      )
    )
  ),
  JSON.parse(Train.encodeModel(right(Train.modelFile({ net, loss: 'softmaxCrossEntropy', params }))))
]

const experimentJson = (name: Parameters<typeof starter>[0]): unknown => viaText(ExperimentC.encode(starter(name)))

/** The command's starter configs, as their files hold them. */
export const experiments: ReadonlyArray<unknown> = STARTERS.map(experimentJson)

/** Sweeps as `gradfold/node` takes them: a grid and a random search. */
export const sweepSpecs: ReadonlyArray<unknown> = [
  { name: 's', seed: 0, metric: 'test.loss', base: experiments[0], grid: { seed: [0, 1], 'optimizer.lr': [0.1, 0.2] } },
  {
    name: 's',
    seed: 0,
    metric: 'test.loss',
    base: experiments[0],
    random: { count: 3, fields: { 'optimizer.lr': { min: 0.01, max: 1, log: true }, seed: [0, 1] } }
  }
]

/** Sweep files as the command reads them. */
export const sweepFiles: ReadonlyArray<unknown> = [
  {
    name: 's',
    seed: 0,
    metric: 'test.loss',
    base: experiments[0],
    search: { kind: 'grid', fields: { 'optimizer.lr': [0.1, 0.2] } }
  },
  {
    name: 's',
    seed: 0,
    metric: 'test.accuracy',
    base: 'experiment.json',
    search: { kind: 'random', count: 2, fields: { 'optimizer.lr': { min: 0.1, max: 1 } } }
  }
]

/** Every document above. */
export const all: ReadonlyArray<unknown> = [
  ...optimizerSpecs,
  ...stopSpecs,
  ...runSpecs,
  ...checkpoints,
  ...histories,
  ...modelFiles,
  ...experiments,
  ...sweepSpecs,
  ...sweepFiles
]
