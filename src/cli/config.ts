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
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { Codec, Optim } from '../index.js'
import {
  bool,
  closed,
  fraction,
  fractionOrZero,
  list,
  number,
  oneOf,
  orNull,
  positive,
  positiveInteger,
  problems,
  seed,
  tagged,
  text,
  unitClosed
} from './fields.js'

// -------------------------------------------------------------------------------------
// sections
// -------------------------------------------------------------------------------------

/** The data sets that ship with gradfold. */
export const BUNDLED = ['iris', 'digits', 'xor', 'three-class'] as const

/**
 * Where the samples come from: a bundled set by name, or a CSV/JSON file (relative paths are
 * taken from the config file's folder) with the name of its label column.
 *
 * @category sections
 * @since 0.2.0
 */
export const DataC = tagged('data', 'source', {
  bundled: { name: oneOf(BUNDLED) },
  file: { path: text, label: text }
})

/** @category sections @since 0.2.0 */
export const SplitC = closed('split', {
  test: fraction,
  validation: fractionOrZero,
  stratify: bool,
  seed
})

/** @category sections @since 0.2.0 */
export const PreprocessingC = closed('preprocessing', { standardize: bool })

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

/** @category sections @since 0.2.0 */
export const LossC = oneOf(['softmaxCrossEntropy', 'crossEntropy', 'mse', 'halfSumSquares'])

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

/**
 * An optimizer as a config names it: `name`, the learning rate (or a schedule's start), and its
 * own hyperparameters, read as `Optim.optimizers` describes them.
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
 * The optimizer by name with its hyperparameters (PyTorch's names and formulas): one kind for
 * each of `Optim.optimizers`, its fields in their ranges.
 *
 * @category sections
 * @since 0.2.0
 */
export const OptimizerC = tagged(
  'optimizer',
  'name',
  Object.fromEntries(
    Optim.optimizers.map((o) => [
      o.name,
      {
        lr: positive,
        ...Object.fromEntries(o.fields.map(([name, range]) => [name, number(range.expected, range.test)])),
        schedule: ScheduleC
      }
    ])
  )
) as unknown as t.Type<OptimizerConfig, OptimizerConfig, unknown>

/** @category sections @since 0.2.0 */
export const ClippingC = closed('clipping', { globalNorm: orNull(positive), value: orNull(positive) })

/** @category sections @since 0.2.0 */
export const BatchingC = closed('batching', {
  kind: oneOf(['full', 'stochastic', 'miniBatch']),
  size: positiveInteger,
  shuffle: bool,
  dropLast: bool
})

/**
 * When to stop: after `maxEpochs` at the latest; earlier at a target accuracy (on the
 * validation set when there is one), below a loss, or after `patience` epochs without a better
 * monitored loss (`null` turns a rule off).
 *
 * @category sections
 * @since 0.2.0
 */
export const StopC = closed('stop', {
  maxEpochs: positiveInteger,
  targetAccuracy: orNull(unitClosed),
  lossBelow: orNull(positive),
  patience: orNull(positiveInteger)
})

/**
 * The whole experiment.
 *
 * @category model
 * @since 0.2.0
 */
export const ExperimentC = closed('experiment', {
  data: DataC,
  split: SplitC,
  preprocessing: PreprocessingC,
  model: ModelC,
  loss: LossC,
  optimizer: OptimizerC,
  clipping: ClippingC,
  batching: BatchingC,
  stop: StopC,
  seed,
  checkpointEvery: positiveInteger
})

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
}

const consistent = (c: Experiment): ReadonlyArray<string> => [
  ...(c.model.activations.length === c.model.hidden.length
    ? []
    : [
        `model.activations: expected one activation per hidden layer (${c.model.hidden.length}), got ${c.model.activations.length}`
      ]),
  ...(c.split.test + c.split.validation < 1
    ? []
    : [`split.validation: expected test + validation below 1, got ${c.split.test} + ${c.split.validation}`]),
  ...(c.loss === 'softmaxCrossEntropy' && c.model.output !== 'identity'
    ? [`model.output: softmaxCrossEntropy takes logits; expected "identity", got ${JSON.stringify(c.model.output)}`]
    : []),
  ...(c.loss === 'crossEntropy' && c.model.output === 'identity'
    ? ['model.output: crossEntropy takes probabilities; expected "softmax" or "sigmoid", got "identity"']
    : [])
]

/**
 * The experiment in `input` (parsed JSON), or every mistake in it.
 *
 * @category decoding
 * @since 0.2.0
 */
export const decodeExperiment = (input: unknown): E.Either<ConfigError, Experiment> => {
  const decoded = Codec.plainFirst(ExperimentC).decode(input)
  if (E.isLeft(decoded)) return E.left({ _tag: 'ConfigError', problems: problems(decoded.left) })
  const more = consistent(decoded.right)
  return more.length > 0 ? E.left({ _tag: 'ConfigError', problems: more }) : decoded
}

/**
 * The experiment in a config file's text; text that is not JSON is one mistake.
 *
 * @category decoding
 * @since 0.2.0
 */
export const parseExperiment = (json: string): E.Either<ConfigError, Experiment> =>
  E.chain(decodeExperiment)(
    E.tryCatch(
      (): unknown => JSON.parse(json),
      (e): ConfigError => ({
        _tag: 'ConfigError',
        problems: [`(root): not JSON: ${e instanceof Error ? e.message : String(e)}`]
      })
    )
  )
