/**
 * From a decoded experiment config and its samples to everything a run needs: the data split
 * into training, validation and test parts (stratified, from the split's own seed), prepared
 * (categories one-hot, missing cells dropped or imputed) and standardised by the training part's
 * statistics; the MLP, its loss, the optimizer (with its schedule and clipping), the batching
 * and the stop rules (early stopping among them); the initial parameters and the run key. The
 * same config always gives the same run, bit for bit.
 *
 * @since 0.2.0
 */
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import * as Data from '../../data/index.js'
import { labelColumn } from '../../data/oneHot.js'
import * as NN from '../../nn/index.js'
import * as Optim from '../../optim/index.js'
import * as Random from '../../random/index.js'
import type { FitConfig } from '../loop/fit.js'
import type { Model } from '../Model.js'
import * as Stop from '../bookkeeping/stopRules.js'
import type { Experiment, OptimizerConfig, ScheduleConfig } from './config.js'
import { labelled, type DataProblem, type Labelled, type Samples } from './source.js'
import { optimizers } from '../../optim/catalog.js'
import { chainResults } from '../../optim/chain.js'
import { invalidHyperparameter } from '../../optim/OptimError.js'
import type { InvalidArgument } from '../../tensor/TensorError.js'

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
  /** The preparation of raw rows, learnt from the training part; `null` for a bundled numeric set. */
  readonly preparation: Data.Preparation | null
  readonly network: Network
  readonly net: NN.Mlp
  readonly model: Model<NN.MlpParams>
  readonly optimizer: AnyOptimizer
  readonly fit: FitConfig<NN.MlpParams, AnyState>
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
 * The loss a config names, as a model's loss (`sparseSoftmaxCrossEntropy` given the class
 * numbers of the one-hot targets a data set holds).
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * typeof Advanced.Train.experimentLoss({ huber: 1 }) // => 'function'
 *
 * @category parts
 * @since 0.2.0
 */
export const experimentLoss = (name: Experiment['loss']): Model<NN.MlpParams>['loss'] => {
  const loss = NN.lossByName(name)
  return name === 'sparseSoftmaxCrossEntropy' ? (targets) => loss(labelColumn(targets)) : (targets) => loss(targets)
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
    const entry = optimizers.find((e) => e.name === o.name)
    return entry === undefined
      ? E.left(invalidHyperparameter('optimizer', 'name', o.name, 'an optimizer of Optim.optimizers'))
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
      }))(chainResults(...clips, inner))
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
 * The stop rules a config turns on (besides `maxEpochs`, which `fit` always keeps); `patience`
 * is early stopping.
 *
 * @category parts
 * @since 0.2.0
 */
export const stopRules = (
  s: Experiment['stop'],
  validation: boolean
): E.Either<InvalidArgument, Stop.StopRule | undefined> => {
  const rules = [
    ...(s.targetAccuracy === null ? [] : [Stop.targetAccuracy(s.targetAccuracy, validation ? 'validation' : 'train')]),
    ...(s.lossBelow === null ? [] : [Stop.lossBelow(s.lossBelow)]),
    ...(s.patience === null ? [] : [Stop.noImprovement(s.patience)])
  ]
  return E.map((rs: ReadonlyArray<Stop.StopRule>) => (rs.length === 0 ? undefined : Stop.any(...rs)))(
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
  readonly preparation: Data.Preparation | null
}

type Unscaled = Omit<Parts, 'standardizer'>

/**
 * The split a config draws: `Data.trainValidationTestSplit` of the samples (a table's by its
 * rows' classes) with the split's own seed.
 *
 * @category splitting
 * @since 0.3.0
 */
export const splitOf = (c: Experiment, samples: Samples): E.Either<PrepareError, Data.ThreeWaySplit> =>
  pipe(
    Random.key(c.split.seed),
    E.chainW((key) =>
      Data.trainValidationTestSplit(c.split)(samples.kind === 'dataset' ? samples.dataset : samples.rows, key)
    )
  )

/** The rows at `indices` of a table. */
const rowsAt = (table: Data.Table, indices: ReadonlyArray<number>): Data.Table => ({
  header: table.header,
  rows: indices.map((i) => table.rows[i]!),
  rowNumbers: indices.map((i) => table.rowNumbers?.[i] ?? i + 2),
  rowWord: table.rowWord ?? 'line'
})

/**
 * The parts of a table: split as the class labels say (by row), then each part prepared as the
 * training part teaches.
 */
const tableParts = (
  c: Experiment,
  s: Extract<Samples, { readonly kind: 'table' }>,
  split: Data.ThreeWaySplit
): E.Either<PrepareError, Unscaled> =>
  pipe(
    E.right(split),
    E.bindTo('split'),
    E.bindW('preparation', ({ split }) =>
      Data.fitPreparation({
        label: s.label,
        categorical: c.preprocessing.categorical,
        missing: c.preprocessing.missing
      })(rowsAt(s.table, split.trainIndices))
    ),
    E.chainW(({ split, preparation }) => {
      const part = (indices: ReadonlyArray<number>, targets: Data.Dataset) =>
        pipe(
          Data.applyPreparation(preparation)(rowsAt(s.table, indices)),
          E.chainW((r) =>
            pipe(
              Data.make(r.inputs, targets.targets),
              E.chain(Data.withNames({ featureNames: r.featureNames, classes: s.classes }))
            )
          )
        )
      return pipe(
        E.Do,
        E.apS('train', part(split.trainIndices, split.train)),
        E.apS('test', part(split.testIndices, split.test)),
        E.apS(
          'validation',
          split.validation === null ? E.right(null) : part(split.validationIndices, split.validation)
        ),
        E.map((parts) => ({ ...parts, preparation }))
      )
    })
  )

/**
 * Test part first, then the validation part out of what is left (`Data.trainValidationTestSplit`),
 * then, for a table, its preparation learnt from the training part, then standardisation by the
 * training part's statistics.
 *
 * @category splitting
 * @since 0.2.0
 */
export const parts = (c: Experiment, samples: Samples, split: Data.ThreeWaySplit): E.Either<PrepareError, Parts> =>
  pipe(
    samples.kind === 'dataset'
      ? E.right({ train: split.train, validation: split.validation, test: split.test, preparation: null })
      : tableParts(c, samples, split),
    E.chainW((p) => (c.preprocessing.standardize ? standardized(p) : E.right({ ...p, standardizer: null })))
  )

const standardized = (p: Unscaled): E.Either<PrepareError, Parts> =>
  pipe(
    Data.fitStandardizer(p.train),
    E.bindTo('standardizer'),
    E.bind('train', ({ standardizer }) => Data.applyStandardizer(standardizer)(p.train)),
    E.bind('test', ({ standardizer }) => Data.applyStandardizer(standardizer)(p.test)),
    E.bind('validation', ({ standardizer }) =>
      p.validation === null ? E.right(null) : Data.applyStandardizer(standardizer)(p.validation)
    ),
    E.map((q) => ({ ...q, preparation: p.preparation }))
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
 * Everything a run of `c` needs, on the samples given (a bundled set's, or a table's rows), split
 * as `split` says (the config's own split unless given: cross-validation gives each fold's).
 *
 * @category preparing
 * @since 0.2.0
 */
export const prepareWith = (
  c: Experiment,
  samples: Samples,
  split?: Data.ThreeWaySplit
): E.Either<PrepareError, Prepared> =>
  pipe(
    split === undefined ? splitOf(c, samples) : E.right(split),
    E.chainW((s) => parts(c, samples, s)),
    E.bindTo('parts'),
    E.let('named', ({ parts }) => labelled(parts.train)),
    E.let('network', ({ parts }) => network(c, Data.features(parts.train), Data.outputs(parts.train))),
    E.bindW('net', ({ network }) => NN.mlp({ ...network, init: c.model.init })),
    E.apSW('optimizer', optimizer(c)),
    E.bindW('keys', () => E.map(Random.split2)(Random.key(c.seed))),
    E.bindW('params', ({ net, keys }) => net.init(keys[0])),
    E.apSW('batching', batching(c.batching)),
    E.bindW('stop', ({ parts }) => stopRules(c.stop, parts.validation !== null)),
    E.map(({ parts, named, network, net, optimizer, keys, params, batching, stop }): Prepared => {
      const model: Model<NN.MlpParams> = { forward: net.forward, loss: experimentLoss(c.loss) }
      return {
        experiment: c,
        classes: named.classes,
        features: named.features,
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

export type { DataProblem, Labelled }
