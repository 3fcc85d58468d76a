/**
 * From a decoded experiment config to everything a run needs: the data split into training,
 * validation and test parts (stratified, from the split's own seed) and standardised by the
 * training part's statistics; the MLP, its loss, the optimizer (with its schedule and
 * clipping), the batching and the stop rules; the initial parameters and the run key. The
 * same config always gives the same run, bit for bit.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { Data, NN, Optim, Random, Tensor, Train } from '../index.js'
import type { Experiment, OptimizerConfig, ScheduleConfig } from './config.js'
import { load, type DataProblem, type Labelled } from './datasets.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The optimizer of a run, its state type erased: the command picks it from a config at run time. */
export type AnyOptimizer = Optim.Optimizer<AnyState>

/** An optimizer state, its type erased. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any state: the optimizer is chosen at run time, and GradientTransformation is invariant in it
export type AnyState = any

/**
 * A network as the command stores it: enough to rebuild the MLP.
 *
 * @category model
 * @since 0.2.0
 */
export interface Network {
  readonly sizes: ReadonlyArray<number>
  readonly activations: ReadonlyArray<NN.Activation>
  readonly bias: boolean
}

/**
 * An experiment made ready to run.
 *
 * @category model
 * @since 0.2.0
 */
export interface Prepared {
  readonly experiment: Experiment
  readonly classes: ReadonlyArray<string>
  readonly features: ReadonlyArray<string>
  readonly train: Data.Dataset
  readonly validation: Data.Dataset | null
  readonly test: Data.Dataset
  readonly standardizer: Data.Standardizer | null
  readonly network: Network
  readonly net: NN.Mlp
  readonly model: Train.Model<NN.MlpParams>
  readonly optimizer: AnyOptimizer
  readonly fit: Train.FitConfig<NN.MlpParams, AnyState>
  readonly params: NN.MlpParams
  readonly key: Random.Key
}

/**
 * Why an experiment could not be made ready: its data, or a value its parts refused.
 *
 * @category model
 * @since 0.2.0
 */
export type PrepareError = DataProblem | { readonly _tag: string; readonly message: string }

// -------------------------------------------------------------------------------------
// parts
// -------------------------------------------------------------------------------------

/**
 * The loss a config names, as a model's loss.
 *
 * @category parts
 * @since 0.2.0
 */
export const lossOf = (name: Experiment['loss']): Train.Model<NN.MlpParams>['loss'] => {
  const loss = NN.lossByName(name)
  return (targets) => loss(targets)
}

const learningRate = (lr: number, s: ScheduleConfig): E.Either<Optim.OptimError, Optim.LearningRate> => {
  switch (s.name) {
    case 'constant':
      return E.right(lr)
    case 'cosineDecay':
      return Optim.cosineDecay({ init: lr, decaySteps: s.decaySteps, alpha: s.alpha })
    case 'exponentialDecay':
      return Optim.exponentialDecay({
        init: lr,
        decayRate: s.decayRate,
        transitionSteps: s.transitionSteps,
        staircase: s.staircase
      })
    case 'warmup':
      return Optim.linearWarmup({ peak: lr, warmupSteps: s.warmupSteps })
  }
}

/** The optimizer a config names, built by its entry from the config's own fields. */
const optimizerOf =
  (o: OptimizerConfig) =>
  (lr: Optim.LearningRate): E.Either<Optim.OptimError, AnyOptimizer> => {
    const entry = Optim.optimizers.find((e) => e.name === o.name)
    return entry === undefined
      ? E.left(Optim.invalidHyperparameter('optimizer', 'name', o.name, 'an optimizer of Optim.optimizers'))
      : entry.build(lr, o as Readonly<Record<string, number>>)
  }

/**
 * The optimizer a config names, after its clipping; it still says which learning rate is in
 * force.
 *
 * @category parts
 * @since 0.2.0
 */
export const optimizer = (c: Experiment): E.Either<Optim.OptimError, AnyOptimizer> =>
  pipe(
    learningRate(c.optimizer.lr, c.optimizer.schedule),
    E.chain(optimizerOf(c.optimizer)),
    E.chain((inner) => {
      const clips = [
        ...(c.clipping.value === null ? [] : [Optim.clipByValue(-c.clipping.value, c.clipping.value)]),
        ...(c.clipping.globalNorm === null ? [] : [Optim.clipByGlobalNorm(c.clipping.globalNorm)])
      ]
      if (clips.length === 0) return E.right(inner)
      return E.map((chained: Optim.GradientTransformation<AnyState>): AnyOptimizer => ({
        ...chained,
        learningRate: (s: ReadonlyArray<AnyState>) => inner.learningRate(s[s.length - 1])
      }))(Optim.chainResults(...clips, inner))
    })
  )

/**
 * The batching a config names.
 *
 * @category parts
 * @since 0.2.0
 */
export const batching = (b: Experiment['batching']): E.Either<Data.DataError, Data.Batching> =>
  b.kind === 'full'
    ? E.right(Data.fullBatch({ shuffle: b.shuffle }))
    : b.kind === 'stochastic'
      ? E.right(Data.stochastic({ shuffle: b.shuffle }))
      : Data.miniBatch(b.size, { shuffle: b.shuffle, dropLast: b.dropLast })

/**
 * The stop rules a config turns on (besides `maxEpochs`, which `fit` always keeps).
 *
 * @category parts
 * @since 0.2.0
 */
export const stopRules = (
  s: Experiment['stop'],
  validation: boolean
): E.Either<Tensor.InvalidArgument, Train.StopRule | undefined> => {
  const rules = [
    ...(s.targetAccuracy === null ? [] : [Train.targetAccuracy(s.targetAccuracy, validation ? 'validation' : 'train')]),
    ...(s.lossBelow === null ? [] : [Train.lossBelow(s.lossBelow)]),
    ...(s.patience === null ? [] : [Train.noImprovement(s.patience)])
  ]
  return E.map((rs: ReadonlyArray<Train.StopRule>) => (rs.length === 0 ? undefined : Train.any(...rs)))(
    E.sequenceArray(rules)
  )
}

// -------------------------------------------------------------------------------------
// splitting
// -------------------------------------------------------------------------------------

interface Parts {
  readonly train: Data.Dataset
  readonly validation: Data.Dataset | null
  readonly test: Data.Dataset
  readonly standardizer: Data.Standardizer | null
}

/**
 * Test part first, then the validation part out of what is left, then standardisation by the
 * training part's statistics.
 *
 * @category splitting
 * @since 0.2.0
 */
export const parts = (c: Experiment, data: Data.Dataset): E.Either<PrepareError, Parts> =>
  pipe(
    Random.key(c.split.seed),
    E.map(Random.split2),
    E.chainW(([testKey, validationKey]) =>
      pipe(
        Data.trainTestSplit({ testFraction: c.split.test, stratify: c.split.stratify })(data, testKey),
        E.chainW((first) =>
          c.split.validation === 0
            ? E.right({ train: first.train, validation: null as Data.Dataset | null, test: first.test })
            : pipe(
                Data.trainTestSplit({
                  testFraction: c.split.validation / (1 - c.split.test),
                  stratify: c.split.stratify
                })(first.train, validationKey),
                E.map((second) => ({
                  train: second.train,
                  validation: second.test as Data.Dataset | null,
                  test: first.test
                }))
              )
        )
      )
    ),
    E.chainW((p) => (c.preprocessing.standardize ? standardized(p) : E.right({ ...p, standardizer: null })))
  )

const standardized = (p: Omit<Parts, 'standardizer'>): E.Either<PrepareError, Parts> =>
  pipe(
    Data.fitStandardizer(p.train),
    E.bindTo('standardizer'),
    E.bind('train', ({ standardizer }) => Data.applyStandardizer(standardizer)(p.train)),
    E.bind('test', ({ standardizer }) => Data.applyStandardizer(standardizer)(p.test)),
    E.bind('validation', ({ standardizer }) =>
      p.validation === null ? E.right(null) : Data.applyStandardizer(standardizer)(p.validation)
    )
  )

// -------------------------------------------------------------------------------------
// preparing
// -------------------------------------------------------------------------------------

/**
 * The network a config describes for data of `features` inputs and `classes` classes.
 *
 * @category preparing
 * @since 0.2.0
 */
export const network = (c: Experiment, features: number, classes: number): Network => ({
  sizes: [features, ...c.model.hidden, classes],
  activations: [...c.model.activations, c.model.output],
  bias: c.model.bias
})

/**
 * Everything a run of `c` needs, on the samples given.
 *
 * @category preparing
 * @since 0.2.0
 */
export const prepareWith = (c: Experiment, labelled: Labelled): E.Either<PrepareError, Prepared> =>
  pipe(
    E.Do,
    E.apS('parts', parts(c, labelled.dataset)),
    E.let('network', () => network(c, labelled.features.length, Data.outputs(labelled.dataset))),
    E.bindW('net', ({ network }) => NN.mlp({ ...network, init: c.model.init })),
    E.apSW('optimizer', optimizer(c)),
    E.bindW('keys', () => E.map(Random.split2)(Random.key(c.seed))),
    E.bindW('params', ({ net, keys }) => net.init(keys[0])),
    E.apSW('batching', batching(c.batching)),
    E.bindW('stop', ({ parts }) => stopRules(c.stop, parts.validation !== null)),
    E.map(({ parts, network, net, optimizer, keys, params, batching, stop }): Prepared => {
      const model: Train.Model<NN.MlpParams> = { forward: net.forward, loss: lossOf(c.loss) }
      return {
        experiment: c,
        classes: labelled.classes,
        features: labelled.features,
        ...parts,
        network,
        net,
        model,
        optimizer,
        fit: {
          model,
          optimizer,
          batching,
          maxEpochs: c.stop.maxEpochs,
          ...(stop === undefined ? {} : { stop }),
          ...(parts.validation === null ? {} : { validation: parts.validation })
        },
        params,
        key: keys[1]
      }
    })
  )

/**
 * Loads the data of `c` (files relative to `folder`) and prepares the run.
 *
 * @category preparing
 * @since 0.2.0
 */
export const prepare =
  (folder: string) =>
  (c: Experiment): TE.TaskEither<PrepareError, Prepared> =>
    pipe(
      load(folder)(c.data),
      TE.chainEitherKW((labelled) => prepareWith(c, labelled))
    )
