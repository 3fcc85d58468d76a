/**
 * Starter configs for `gradfold init`: every field filled in and, section by section, a
 * `"$comment"` that says what the fields mean and what else they accept. Each starter decodes
 * (a test says so) and trains its data set to a useful model.
 *
 * @since 0.2.0
 */
import { Train } from '../index.js'
import * as Advanced from '../advanced.js'

type Experiment = Train.Experiment

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The names `init` accepts. */
export const STARTERS = ['iris', 'digits', 'xor', 'three-class', 'penguins', 'csv'] as const

/** @category model @since 0.2.0 */
export type Starter = (typeof STARTERS)[number]

// -------------------------------------------------------------------------------------
// explanations
// -------------------------------------------------------------------------------------

const COMMENTS = {
  '': 'A gradfold experiment. Run it with `gradfold train <this file> --out runs/<name>`. Every section may keep a "$comment"; any other unknown key is refused. `seed` draws the initial weights and the batch order; `checkpointEvery` is the number of epochs between two checkpoints.',
  data: 'Where the samples come from. {"source": "bundled", "name": "iris" | "digits" | "xor" | "three-class" | "penguins"}, {"source": "rows", "rows": [{…}, …], "label": "species"} for records given here, or {"source": "file", "path": "flowers.csv", "label": "species"} for a CSV (with a header line) or a JSON array of records; a relative path is taken from this file\'s folder. Every column but the label is an input: numeric, or categorical when preprocessing.categorical names it.',
  split:
    "Held-out parts: `test` (a fraction strictly between 0 and 1) is kept for the final report only; `validation` (0 for none) is measured every epoch and drives early stopping. `stratify` keeps each class's share in every part; `seed` draws the split.",
  preprocessing:
    '`standardize`: rescale each input to mean 0 and standard deviation 1, by the training part\'s statistics. `categorical`: the columns to one-hot encode (one input per category the training part has; an unseen category at predict time is refused, naming it). `missing`: what an empty cell does, "refuse" | "drop" (its row) | "impute" (the training part\'s mean, or most frequent category). The model file keeps all of it, so `gradfold predict` takes raw rows.',
  model:
    'A multilayer perceptron. `hidden`: the hidden layers\' sizes (input and output widths come from the data); `activations`: one per hidden layer, "sigmoid" | "tanh" | "relu" | "leakyRelu" | "identity"; `output`: the output activation, "identity" (logits, for softmaxCrossEntropy) | "softmax" | "sigmoid"; `bias`: whether layers add a bias; `init`: "glorotUniform" | "glorotNormal" | "heUniform" | "heNormal".',
  loss: '"softmaxCrossEntropy" or "sparseSoftmaxCrossEntropy" (from logits: output "identity"), "crossEntropy" (on probabilities: output "softmax"), "binaryCrossEntropy" (on probabilities: output "sigmoid"), "mse", "meanAbsoluteError" (L1), "huber" or {"huber": δ}, or "halfSumSquares" (½ Σ (ŷ − y)², the founding text\'s).',
  optimizer: `\`name\`: ${Advanced.Optim.optimizers
    .map((o) => `"${o.name}" {${['lr', ...o.fields.map(([f]) => f)].join(', ')}}`)
    .join(
      ' | '
    )}, with PyTorch's names and formulas where PyTorch has the optimizer. \`schedule\` changes the learning rate with the step: {"name": "constant"} | {"name": "cosineDecay", "decaySteps", "alpha"} | {"name": "exponentialDecay", "decayRate", "transitionSteps", "staircase"} | {"name": "warmup", "warmupSteps"}; \`lr\` is its start (or peak).`,
  clipping:
    '`globalNorm`: scale the gradient down to at most this norm; `value`: clip each gradient entry to [−value, value]; null for off.',
  batching:
    '`kind`: "full" (the whole training part per step), "stochastic" (one sample per step) or "miniBatch" (`size` samples per step; `dropLast` leaves out a smaller last batch). `shuffle`: a fresh order every epoch.',
  stop: "Training stops after `maxEpochs`, or earlier when the accuracy reaches `targetAccuracy` (on the validation part when there is one), when the monitored loss falls below `lossBelow`, or by early stopping: after `patience` epochs without a better monitored loss (the validation loss when there is a validation part); null turns a rule off. The model file keeps the best epoch's parameters."
} as const

/**
 * A config with its explanations, in the order a reader wants them.
 *
 * @category explanations
 * @since 0.2.0
 */
export const explained = (c: Experiment): Readonly<Record<string, unknown>> => {
  const encoded = Advanced.Train.ExperimentC.encode(c) as Readonly<Record<string, unknown>>
  const section = (k: keyof typeof COMMENTS & keyof Experiment) => ({
    $comment: COMMENTS[k],
    ...(encoded[k] as object)
  })
  return {
    $comment: COMMENTS[''],
    data: section('data'),
    split: section('split'),
    preprocessing: section('preprocessing'),
    model: section('model'),
    loss: c.loss,
    optimizer: section('optimizer'),
    clipping: section('clipping'),
    batching: section('batching'),
    stop: section('stop'),
    seed: c.seed,
    checkpointEvery: c.checkpointEvery
  }
}

// -------------------------------------------------------------------------------------
// starters
// -------------------------------------------------------------------------------------

/** The iris starter: `Advanced.Train.DEFAULTS`, the choices a config that leaves a section out takes. */
const base: Experiment = { data: { source: 'bundled', name: 'iris' }, ...Advanced.Train.DEFAULTS }

/**
 * The starter config of each `init` choice.
 *
 * @category starters
 * @since 0.2.0
 */
export const starter = (name: Starter): Experiment => {
  switch (name) {
    case 'iris':
      return base
    case 'digits':
      return {
        ...base,
        data: { source: 'bundled', name: 'digits' },
        model: { ...base.model, hidden: [32], activations: ['relu'], init: 'heUniform' },
        optimizer: { ...base.optimizer, lr: 0.003, schedule: { name: 'cosineDecay', decaySteps: 2000, alpha: 0.1 } },
        batching: { ...base.batching, size: 32 },
        stop: { ...base.stop, maxEpochs: 30, patience: 8 }
      }
    case 'xor':
      return {
        ...base,
        data: { source: 'bundled', name: 'xor' },
        preprocessing: { ...base.preprocessing, standardize: false },
        model: { ...base.model, hidden: [8] },
        optimizer: { ...base.optimizer, lr: 0.03 },
        stop: { ...base.stop, maxEpochs: 300, targetAccuracy: null, patience: 40 }
      }
    case 'three-class':
      return {
        ...base,
        data: { source: 'bundled', name: 'three-class' },
        split: { test: 0.2, validation: 0, stratify: true, seed: 1 },
        preprocessing: { ...base.preprocessing, standardize: false },
        model: { hidden: [2], activations: ['sigmoid'], output: 'sigmoid', bias: false, init: 'glorotUniform' },
        loss: 'halfSumSquares',
        optimizer: { name: 'sgd', lr: 0.5, schedule: { name: 'constant' } },
        batching: { kind: 'full', size: 1, shuffle: false, dropLast: false },
        stop: { maxEpochs: 2000, targetAccuracy: 1, lossBelow: null, patience: null }
      }
    case 'penguins':
      return {
        ...base,
        data: { source: 'bundled', name: 'penguins' },
        preprocessing: { standardize: true, categorical: ['island', 'sex'], missing: 'impute' },
        stop: { ...base.stop, maxEpochs: 200, patience: 30 }
      }
    case 'csv':
      return { ...base, data: { source: 'file', path: 'data.csv', label: 'label' } }
  }
}
