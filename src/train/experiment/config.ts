/**
 * The experiment config: one JSON file that describes a run from the data to the stop rules.
 * It is decoded before anything runs, and every mistake is reported on its own line with its
 * path (`optimizer.lr: expected a positive finite number, got -0.1`); unknown keys are mistakes
 * too, so a misspelt `"learningrate"` is refused rather than ignored. Every section may carry a
 * `"$comment"` that explains it (JSON has no comments); `gradfold init` writes them.
 *
 * Laws: `decode(encode(c))` is `c`; `decode` never throws, whatever JSON it is given; a config
 * with n mistakes at n different paths gets n lines.
 *
 * @since 0.2.0
 */
import * as E from '#fp-ts/Either.js'
import * as t from 'io-ts'
import { LOSS_NAMES, LossSpecC } from '../../nn/lossName.js'
import { plainFirst } from '../../codec/JsonC.js'
import { describe } from '../../tensor/describe.js'
import {
  anyRecord,
  bool,
  closed,
  fraction,
  fractionOrZero,
  list,
  number,
  oneOf,
  optional,
  orNull,
  positive,
  positiveInteger,
  problems,
  seed,
  tagged,
  text,
  unitClosed
} from './fields.js'
import { optimizers } from '../../optim/catalog.js'

// -------------------------------------------------------------------------------------
// sections
// -------------------------------------------------------------------------------------

/**
 * The data sets that ship with gradfold, by the names a config gives them.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Train.BUNDLED // => ['iris', 'digits', 'xor', 'three-class', 'penguins']
 *
 * @category sections
 * @since 0.2.0
 */
export const BUNDLED = ['iris', 'digits', 'xor', 'three-class', 'penguins'] as const

/**
 * Where the samples come from: a bundled set by name; rows given in the config, a list of
 * records, with the name of their label column; or a CSV/JSON file (read through
 * `gradfold/node`; relative paths are taken from the config file's folder) with the name of its
 * label column.
 *
 * @category sections
 * @since 0.2.0
 */
export const DataC = tagged('data', 'source', {
  bundled: { name: oneOf(BUNDLED) },
  rows: { rows: list(anyRecord, 1), label: text },
  file: { path: text, label: text }
})

/** @category sections @since 0.2.0 */
export const SplitC = closed('split', {
  test: fraction,
  validation: fractionOrZero,
  stratify: optional(bool, true),
  seed: optional(seed, 1)
})

/**
 * How raw rows become inputs: `standardize` rescales every input by the training part's mean and
 * standard deviation; `categorical` names the columns to one-hot encode (categories learnt from
 * the training part); `missing` says what an empty cell does: `"refuse"` (the default), `"drop"`
 * its row, or `"impute"` (the training part's mean, or most frequent category).
 *
 * @category sections
 * @since 0.2.0
 */
export const PreprocessingC = closed('preprocessing', {
  standardize: bool,
  categorical: optional(list(text), []),
  missing: optional(oneOf(['refuse', 'drop', 'impute']), 'refuse')
})

const hiddenActivation = oneOf(['sigmoid', 'tanh', 'relu', 'leakyRelu', 'identity'])

/**
 * The network: hidden layer sizes (the input and output widths come from the data), one
 * activation per hidden layer, the output activation, biases and the weight initialiser.
 *
 * @category sections
 * @since 0.2.0
 */
export const ModelC = closed('model', {
  hidden: list(positiveInteger),
  activations: list(hiddenActivation),
  output: oneOf(['identity', 'softmax', 'sigmoid']),
  bias: bool,
  init: oneOf(['glorotUniform', 'glorotNormal', 'heUniform', 'heNormal'])
})

/** The losses an experiment trains with (its targets are classes): every loss but the base-2 and logit-sigmoid ones. */
const EXPERIMENT_LOSSES = LOSS_NAMES.filter((n) => n !== 'crossEntropyBits' && n !== 'sigmoidBinaryCrossEntropy')

/**
 * The loss by name, or `{ "huber": δ }`.
 *
 * @category sections
 * @since 0.2.0
 */
export const LossC = new t.Type<t.TypeOf<typeof LossSpecC>, t.TypeOf<typeof LossSpecC>, unknown>(
  'loss',
  (u): u is t.TypeOf<typeof LossSpecC> =>
    LossSpecC.is(u) && (typeof u !== 'string' || (EXPERIMENT_LOSSES as ReadonlyArray<string>).includes(u)),
  (u, c) =>
    LossSpecC.is(u) && (typeof u !== 'string' || (EXPERIMENT_LOSSES as ReadonlyArray<string>).includes(u))
      ? t.success(u)
      : t.failure(
          u,
          c,
          `expected one of ${EXPERIMENT_LOSSES.map((n) => JSON.stringify(n)).join(', ')}, or { "huber": δ }`
        ),
  (x) => LossSpecC.encode(x)
)

/**
 * How the learning rate changes with the step; `lr` is its starting (or peak) value.
 *
 * @category sections
 * @since 0.2.0
 */
export const ScheduleC = tagged('schedule', 'name', {
  constant: {},
  cosineDecay: { decaySteps: positiveInteger, alpha: unitClosed },
  exponentialDecay: { decayRate: positive, transitionSteps: positiveInteger, staircase: bool },
  warmup: { warmupSteps: positiveInteger }
})

const constant = optional(ScheduleC, { name: 'constant' })

/**
 * What a hyperparameter left out of an optimizer is: PyTorch's default (Lion's authors' for
 * Lion), by `optimizer.field` first, then by field.
 */
const HYPERPARAMETER_DEFAULTS: Readonly<Record<string, number>> = {
  b1: 0.9,
  b2: 0.999,
  eps: 1e-8,
  momentum: 0.9,
  alpha: 0.99,
  weightDecay: 0.01,
  'adagrad.eps': 1e-10,
  'lion.b2': 0.99,
  'lion.weightDecay': 0
}

const defaultOf = (optimizer: string, field: string): number | undefined =>
  HYPERPARAMETER_DEFAULTS[`${optimizer}.${field}`] ?? HYPERPARAMETER_DEFAULTS[field]

/**
 * An optimizer as a config names it: `name`, the learning rate (or a schedule's start), and its
 * own hyperparameters, read as `Advanced.Optim.optimizers` describes them.
 *
 * @category model
 * @since 0.3.0
 */
export type OptimizerConfig = {
  readonly name: string
  readonly lr: number
  readonly schedule: ScheduleConfig
} & Readonly<Record<string, unknown>>

/**
 * The optimizer by name with its hyperparameters (PyTorch's names, formulas and defaults): one
 * kind for each of `Advanced.Optim.optimizers`, its fields in their ranges; `lr` is always given, a
 * hyperparameter left out takes its usual default (`b1` 0.9, `b2` 0.999, `eps` 1e-8, `momentum`
 * 0.9, `alpha` 0.99, `weightDecay` 0.01, …) and the schedule is constant.
 *
 * @category sections
 * @since 0.2.0
 */
export const OptimizerC = tagged(
  'optimizer',
  'name',
  Object.fromEntries(
    optimizers.map((o) => [
      o.name,
      {
        lr: positive,
        ...Object.fromEntries(
          o.fields.map(([name, range]) => {
            const field = number(range.expected, range.test)
            const fallback = defaultOf(o.name, name)
            return [name, fallback === undefined || !range.test(fallback) ? field : optional(field, fallback)]
          })
        ),
        schedule: constant
      }
    ])
  )
) as unknown as t.Type<OptimizerConfig, OptimizerConfig, unknown>

/** @category sections @since 0.2.0 */
export const ClippingC = closed('clipping', {
  globalNorm: optional(orNull(positive), null),
  value: optional(orNull(positive), null)
})

/** @category sections @since 0.2.0 */
export const BatchingC = closed('batching', {
  kind: oneOf(['full', 'stochastic', 'miniBatch']),
  size: optional(positiveInteger, 16),
  shuffle: optional(bool, true),
  dropLast: optional(bool, false)
})

/**
 * When to stop: after `maxEpochs` at the latest; earlier at a target accuracy (on the
 * validation set when there is one), below a loss, or by early stopping: after `patience`
 * epochs without a better monitored loss (the validation loss when there is a validation part),
 * keeping the parameters of the best epoch (`null`, or left out, turns a rule off).
 *
 * @category sections
 * @since 0.2.0
 */
export const StopC = closed('stop', {
  maxEpochs: positiveInteger,
  targetAccuracy: optional(orNull(unitClosed), null),
  lossBelow: optional(orNull(positive), null),
  patience: optional(orNull(positiveInteger), null)
})

/**
 * What a section left out of a config is: the iris starter's choices.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Train.DEFAULTS.stop // => { maxEpochs: 150, targetAccuracy: null, lossBelow: null, patience: 40 }
 *
 * @category model
 * @since 0.3.0
 */
export const DEFAULTS = {
  split: { test: 0.2, validation: 0.2, stratify: true, seed: 1 },
  preprocessing: { standardize: true, categorical: [], missing: 'refuse' },
  model: { hidden: [16], activations: ['tanh'], output: 'identity', bias: true, init: 'glorotUniform' },
  loss: 'softmaxCrossEntropy',
  optimizer: { name: 'adam', lr: 0.01, b1: 0.9, b2: 0.999, eps: 1e-8, schedule: { name: 'constant' } },
  clipping: { globalNorm: null, value: null },
  batching: { kind: 'miniBatch', size: 16, shuffle: true, dropLast: false },
  stop: { maxEpochs: 150, targetAccuracy: null, lossBelow: null, patience: 40 },
  seed: 42,
  checkpointEvery: 1
} as const

/** The experiment's fields, checked as io-ts checks a record (`ExperimentC` walks the input first). */
const experimentFields = closed('experiment', {
  data: DataC,
  split: optional(SplitC, DEFAULTS.split),
  preprocessing: optional(PreprocessingC, DEFAULTS.preprocessing),
  model: optional(ModelC, DEFAULTS.model),
  loss: optional(LossC, DEFAULTS.loss),
  optimizer: optional(OptimizerC, DEFAULTS.optimizer),
  clipping: optional(ClippingC, DEFAULTS.clipping),
  batching: optional(BatchingC, DEFAULTS.batching),
  stop: optional(StopC, DEFAULTS.stop),
  seed: optional(seed, DEFAULTS.seed),
  checkpointEvery: optional(positiveInteger, DEFAULTS.checkpointEvery)
})

/**
 * The whole experiment: `data` is needed, every other section may be left out (see
 * {@link DEFAULTS}).
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Train.ExperimentC.is({ data: { source: 'bundled', name: 'iris' } }) // => true
 *
 * @category model
 * @since 0.2.0
 */
export const ExperimentC = plainFirst(experimentFields)

/** @category model @since 0.2.0 */
export type Experiment = t.TypeOf<typeof ExperimentC>
/** @category model @since 0.2.0 */
export type ScheduleConfig = t.TypeOf<typeof ScheduleC>
/** @category model @since 0.2.0 */
export type DataConfig = t.TypeOf<typeof DataC>

// -------------------------------------------------------------------------------------
// decoding
// -------------------------------------------------------------------------------------

/**
 * A config refused: one line per mistake.
 *
 * @category model
 * @since 0.2.0
 */
export interface ConfigError {
  readonly _tag: 'ConfigError'
  readonly problems: ReadonlyArray<string>
  /** The problems on one line, `; ` between them. */
  readonly message: string
}

/**
 * A config refused for `problems`.
 *
 * @internal
 * @since 0.3.0
 */
export const configError = (problems: ReadonlyArray<string>): ConfigError => ({
  _tag: 'ConfigError',
  problems,
  message: problems.join('; ')
})

const consistent = (c: Experiment): ReadonlyArray<string> => [
  ...(c.model.activations.length === c.model.hidden.length
    ? []
    : [
        `model.activations: expected one activation per hidden layer (${c.model.hidden.length}), got ${c.model.activations.length}`
      ]),
  ...(c.split.test + c.split.validation < 1
    ? []
    : [`split.validation: expected test + validation below 1, got ${c.split.test} + ${c.split.validation}`]),
  ...((c.loss === 'softmaxCrossEntropy' || c.loss === 'sparseSoftmaxCrossEntropy') && c.model.output !== 'identity'
    ? [`model.output: ${c.loss} takes logits; expected "identity", got ${JSON.stringify(c.model.output)}`]
    : []),
  ...(c.loss === 'binaryCrossEntropy' && c.model.output !== 'sigmoid'
    ? [
        `model.output: binaryCrossEntropy takes probabilities of each class; expected "sigmoid", got ${JSON.stringify(c.model.output)}`
      ]
    : []),
  ...(c.loss === 'crossEntropy' && c.model.output === 'identity'
    ? ['model.output: crossEntropy takes probabilities; expected "softmax" or "sigmoid", got "identity"']
    : [])
]

/**
 * The experiment in `input` (parsed JSON, or an object literal), sections left out filled in,
 * or every mistake in it, one line each with its path.
 *
 * @example
 * import { Train } from 'gradfold'
 * Train.decodeExperiment({ data: { source: 'bundled', name: 'iris' }, optimizer: { name: 'adam', lr: -1 } }) // left: optimizer.lr: expected a positive finite number, got -1
 *
 * @category decoding
 * @since 0.2.0
 */
export const decodeExperiment = (input: unknown): E.Either<ConfigError, Experiment> => {
  const decoded = ExperimentC.decode(input)
  if (E.isLeft(decoded)) return E.left(configError(problems(decoded.left)))
  const more = consistent(decoded.right)
  return more.length > 0 ? E.left(configError(more)) : decoded
}

/**
 * The experiment in a config file's text; text that is not JSON is one mistake.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Train.decodeExperimentJson('{ "data": ') // left: (root): not JSON: …
 *
 * @category decoding
 * @since 0.2.0
 */
export const decodeExperimentJson = (json: string): E.Either<ConfigError, Experiment> =>
  typeof json !== 'string'
    ? E.left(configError([`(root): not JSON text: expected a string, got ${describe(json)}`]))
    : E.chain(decodeExperiment)(
        E.tryCatch(
          (): unknown => JSON.parse(json),
          (e): ConfigError => configError([`(root): not JSON: ${e instanceof Error ? e.message : String(e)}`])
        )
      )
