/**
 * The exports that take only values the library builds, and answer a bare value rather than an
 * `Either`: a tensor's bare-valued accessors and maps, a key's split, the tree folds that take a
 * function (which JSON cannot carry), a data set's accessors, an epoch cursor's, the error
 * constructors that wrap a report the tree module made, a run's first progress, the codec of a
 * checkpoint. Their arguments come
 * from validating constructors (named here for each), never from JSON as they are: a caller who
 * holds JSON decodes it first (`Codec`, `Train.decodeModel`, `Data.validateDataset`). Junk of
 * another type is not plain data, and they are not held to answer it.
 *
 * What they are held to instead, executably: each is total on generated values of its declared
 * type. `args` draws the argument lists of its curried calls (one list per call), each argument
 * built by the constructor named in `madeBy`.
 *
 * Law: for every export `name` here and every draw of `args`, calling it does not throw.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { AD, Data, NN, Train } from '../src/index.js'
import { unsafeMake } from '../src/tensor/Tensor.js'
import { dataset, datasetOfSize, batchingFor, epoch as epochNumber } from './arbitraries/data.js'
import { arbKey } from './arbitraries/keys.js'
import { modelFile } from './arbitraries/modelFile.js'
import { finiteDouble } from './arbitraries/numbers.js'
import { history, optimizer } from './arbitraries/train.js'
import { tree } from './arbitraries/trees.js'
import * as Advanced from '../src/advanced.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * An export that takes library-built values: what it takes, the constructors that make them,
 * and the argument lists of its curried calls drawn from those constructors.
 *
 * @category model
 * @since 0.2.0
 */
export interface LibraryTyped {
  readonly takes: string
  readonly madeBy: string
  readonly args: fc.Arbitrary<ReadonlyArray<ReadonlyArray<unknown>>>
}

// -------------------------------------------------------------------------------------
// values of the declared types
// -------------------------------------------------------------------------------------

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`a constructor refused a generated value: ${JSON.stringify(e.left)}`)
  return e.right
}

/** ŷ = w·x with the mean squared error: the smallest model, on one feature and one output. */
const line: Train.Model<{ readonly w: number }> = { forward: (p) => AD.mul(p.w), loss: NN.mse }

const lineData = fc.integer({ min: 1, max: 6 }).chain((n) => datasetOfSize(n, { maxFeatures: 1, maxOutputs: 1 }))

/** A training state of `line`, from `Train.initialState`. */
const lineState = fc
  .record({ opt: optimizer(0.01), w: finiteDouble(10), key: arbKey })
  .map(({ opt, w, key }) => ({ opt, state: Train.initialState(opt)({ w }, key) }))

/** A config, a state, a data set and its batching, for the cursors of `Advanced.Train.openEpoch`. */
const lineEpoch = fc.record({ s: lineState, data: lineData }).chain(({ s, data }) =>
  batchingFor(Data.size(data)).map((batching) => ({
    ...s,
    data,
    batching,
    cursor: right(Advanced.Train.openEpoch(batching)(s.state, data))
  }))
)

const plan = dataset().chain((d) =>
  fc
    .record({ batching: batchingFor(Data.size(d)), key: arbKey, epoch: epochNumber })
    .map(({ batching, key, epoch }) => right(Advanced.Data.plan(batching)(d, key, epoch)))
)

const mismatch = fc
  .record({
    path: fc.string({ maxLength: 8 }),
    reason: fc.constantFrom('missing' as const, 'extra' as const, 'kind' as const, 'shape' as const),
    expected: fc.string({ maxLength: 8 }),
    actual: fc.string({ maxLength: 8 })
  })
  .map(({ path, reason, expected, actual }) => Advanced.Tree.structureMismatch(path, reason, expected, actual))

const nonFinite = fc
  .record({ where: fc.string({ maxLength: 8 }), index: fc.nat(100), value: fc.constantFrom(NaN, Infinity, -Infinity) })
  .map(({ where, index, value }) => Advanced.Tensor.nonFinite(where, index, value))

const cause = fc.oneof(
  nonFinite,
  fc.string({ maxLength: 8 }).map((why) => Advanced.Tensor.invalidArgument('op', why))
)

const text = fc.string({ maxLength: 12 })

/**
 * A tensor of any shape a constructor accepts, empty ones included (a 0 among the dimensions),
 * holding any doubles (−0, subnormals, ±∞, NaN as an op may leave them): the untamed declared type.
 */
const anyTensor = fc
  .array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 })
  .chain((s) =>
    fc
      .array(fc.double(), { minLength: s.reduce((a, d) => a * d, 1), maxLength: s.reduce((a, d) => a * d, 1) })
      .map((xs) => unsafeMake(s, Float64Array.from(xs)))
  )

const threeTwoThreeExplanation = fc
  .record({
    weights: fc.array(finiteDouble(2), { minLength: 12, maxLength: 12 }),
    input: fc.array(finiteDouble(2), { minLength: 3, maxLength: 3 }),
    label: fc.nat(2),
    lr: fc.double({ min: 0, max: 1, noNaN: true })
  })
  .map(({ weights, input, label, lr }) => {
    const w = Object.fromEntries(weights.map((x, i) => [`w${i + 1}`, x])) as unknown as NN.ThreeTwoThree
    const target = [0, 1, 2].map((c) => (c === label ? 1 : 0)) as unknown as Advanced.NN.Triple
    return right(
      Train.explainThreeTwoThree(lr)(w, { inputs: [input as unknown as Advanced.NN.Triple], targets: [target] })
    )
  })

const fitConfig = lineEpoch.map(({ opt, batching }) => ({ model: line, optimizer: opt, batching, maxEpochs: 3 }))

// -------------------------------------------------------------------------------------
// the map
// -------------------------------------------------------------------------------------

const DATASET = 'Data.make, Data.fromRows, Data.fromLabels, Data.validateDataset'
const TENSOR = 'Tensor.fromArray, Tensor.fromNested, Codec.TensorC'

/**
 * Each export that takes only library-built values, by its name as the totality law walks it.
 *
 * @category laws
 * @since 0.2.0
 */
export const libraryTyped: Readonly<Record<string, LibraryTyped>> = {
  'Tensor.abs': { takes: 'a tensor', madeBy: TENSOR, args: anyTensor.map((t) => [[t]]) },
  'Tensor.neg': { takes: 'a tensor', madeBy: TENSOR, args: anyTensor.map((t) => [[t]]) },
  'Tensor.rank': { takes: 'a tensor', madeBy: TENSOR, args: anyTensor.map((t) => [[t]]) },
  'Tensor.size': { takes: 'a tensor', madeBy: TENSOR, args: anyTensor.map((t) => [[t]]) },
  'Tensor.toArray': { takes: 'a tensor', madeBy: TENSOR, args: anyTensor.map((t) => [[t]]) },
  'Tensor.toNested': { takes: 'a tensor', madeBy: TENSOR, args: anyTensor.map((t) => [[t]]) },
  'Tensor.zerosLike': { takes: 'a tensor', madeBy: TENSOR, args: anyTensor.map((t) => [[t]]) },
  'Random.split2': { takes: 'a key', madeBy: 'Random.key, Random.fromWords', args: arbKey.map((k) => [[k]]) },
  'Tree.map': {
    takes: 'a function of a number (JSON carries none), then a tree',
    madeBy: 'a parameter tree',
    args: fc.tuple(fc.func(fc.double()), tree()).map(([f, t]) => [[f], [t]])
  },
  'Tree.reduce': {
    takes: 'a seed and a function (JSON carries none), then a tree',
    madeBy: 'a parameter tree',
    args: fc.tuple(fc.func(fc.double()), tree()).map(([f, t]) => [[0, f], [t]])
  },
  'Data.classNames': { takes: 'a data set', madeBy: DATASET, args: dataset().map((d) => [[d]]) },
  'Data.features': { takes: 'a data set', madeBy: DATASET, args: dataset().map((d) => [[d]]) },
  'Data.labels': { takes: 'a data set', madeBy: DATASET, args: dataset().map((d) => [[d]]) },
  'Data.outputs': { takes: 'a data set', madeBy: DATASET, args: dataset().map((d) => [[d]]) },
  'Data.size': { takes: 'a data set', madeBy: DATASET, args: dataset().map((d) => [[d]]) },
  'Advanced.Data.batches': { takes: 'an epoch plan', madeBy: 'Advanced.Data.plan', args: plan.map((p) => [[p]]) },
  'Optim.chain': {
    takes: 'gradient transformations',
    madeBy: 'Optim.sgd, Optim.adam, Optim.scaleByAdam, … (each answered Right)',
    args: fc.array(optimizer(0.01), { minLength: 0, maxLength: 3 }).map((ts) => [ts])
  },
  'Advanced.Optim.mismatchWith': {
    takes: 'a name, a word and a structure mismatch',
    madeBy: 'Tree.firstMismatch, Tree.structureMismatch',
    args: fc.tuple(text, text, mismatch).map((a) => [a])
  },
  'Advanced.Optim.stateMismatch': {
    takes: 'a name, a field and a structure mismatch',
    madeBy: 'Tree.firstMismatch, Tree.structureMismatch',
    args: fc.tuple(text, text, mismatch).map((a) => [a])
  },
  'Advanced.Optim.nonFiniteIn': {
    takes: 'a name, a word and a non-finite report',
    madeBy: 'Tree.findNonFinite, Tensor.nonFinite',
    args: fc.tuple(text, text, nonFinite).map((a) => [a])
  },
  'Train.initialState': {
    takes: 'an optimizer, parameters and a key',
    madeBy: 'Optim.sgd, Optim.adam, …; a parameter tree; Random.key',
    args: fc.tuple(optimizer(0.01), tree(), arbKey).map(([o, p, k]) => [[o], [p, k]])
  },
  'Train.start': {
    takes: 'a fit config, parameters and a key',
    madeBy: 'a config checked by Train.validateSetup; Random.key',
    args: fc.tuple(fitConfig, finiteDouble(10), arbKey).map(([c, w, k]) => [[c], [{ w }, k]])
  },
  'Advanced.Train.stepFailed': {
    takes: 'a phase, an error and a training state',
    madeBy: 'the errors of the step; Train.initialState',
    args: fc
      .tuple(fc.constantFrom('gradient' as const, 'update' as const, 'apply' as const), cause, lineState)
      .map(([phase, c, s]) => [[phase, c, s.state]])
  },
  'Advanced.Train.evaluationFailed': {
    takes: 'an error and a training state',
    madeBy: 'the errors of a measure; Train.initialState',
    args: fc.tuple(cause, lineState).map(([c, s]) => [[c, s.state]])
  },
  'Advanced.Train.applyGradient': {
    takes: 'an optimizer, a training state and a loss with its gradient',
    madeBy: 'Optim.sgd, …; Train.initialState; Train.lossAndGrad',
    args: fc
      .tuple(lineState, finiteDouble(10), finiteDouble(10))
      .map(([s, value, g]) => [[s.opt], [s.state, E.right({ value, grad: { w: g } })]])
  },
  'Train.step': {
    takes: 'a model, an optimizer, a training state and a batch',
    madeBy: 'a model { forward, loss } of AD ops; Optim.sgd, …; Train.initialState; Data.batchAt',
    args: fc.tuple(lineState, lineData).map(([s, d]) => [
      [line, s.opt],
      [s.state, d]
    ])
  },
  'Advanced.Train.stepReport': {
    takes: 'a model, an optimizer, a training state and a batch',
    madeBy: 'a model { forward, loss } of AD ops; Optim.sgd, …; Train.initialState; Data.batchAt',
    args: fc.tuple(lineState, lineData).map(([s, d]) => [
      [line, s.opt],
      [s.state, d]
    ])
  },
  'Advanced.Train.stepWith': {
    takes: 'a gradient function, an optimizer, a training state and a batch',
    madeBy: 'Train.lossAndGrad; Optim.sgd, …; Train.initialState; Data.batchAt',
    args: fc.tuple(lineState, lineData).map(([s, d]) => [
      [(batch: Advanced.Data.Batch, p: { readonly w: number }) => Train.lossAndGrad(line)(batch)(p), s.opt],
      [s.state, d]
    ])
  },
  'Advanced.Train.closeEpoch': {
    takes: 'an epoch cursor',
    madeBy: 'Advanced.Train.openEpoch, Train.advance',
    args: lineEpoch.map((e) => [[e.cursor]])
  },
  'Advanced.Train.isComplete': {
    takes: 'an epoch cursor',
    madeBy: 'Advanced.Train.openEpoch, Train.advance',
    args: lineEpoch.map((e) => [[e.cursor]])
  },
  'Advanced.Train.taskOf': {
    takes: 'a tensor of targets',
    madeBy: 'Tensor.fromArray, …',
    args: anyTensor.map((t) => [[t]])
  },
  'Train.finalMetrics': {
    takes: 'a history',
    madeBy: 'Train.fit, Train.HistoryC',
    args: history.map((h) => [[h]])
  },
  'Train.encodeModel': { takes: 'a model file', madeBy: 'Train.modelFile', args: modelFile.map((m) => [[m]]) },
  'Train.renderExplanation': {
    takes: 'a format and an explanation',
    madeBy: 'Train.explainStep, Train.explainThreeTwoThree',
    args: fc
      .tuple(fc.constantFrom('table' as const, 'markdown' as const), threeTwoThreeExplanation)
      .map(([f, e]) => [[f], [e]])
  },
  'Advanced.Train.CheckpointC': {
    takes: 'a parameter template and an optimizer',
    madeBy: 'a parameter tree; Optim.sgd, Optim.adam, …',
    args: fc.tuple(tree(), optimizer(0.01)).map(([p, o]) => [[p, o]])
  },
  'Train.encodeCheckpoint': {
    takes: 'a parameter template, an optimizer and a checkpoint',
    madeBy: 'Train.start, Train.fitFrom (the progress of a run)',
    args: fc
      .tuple(fitConfig, finiteDouble(10), arbKey)
      .map(([c, w, k]) => [[{ w }, c.optimizer], [{ progress: Train.start(c)({ w }, k), config: null }]])
  }
}

// -------------------------------------------------------------------------------------
// predicates
// -------------------------------------------------------------------------------------

/**
 * Calls `f` with each argument list in turn (a curried call per list) and answers whether no
 * call threw.
 *
 * @category laws
 * @since 0.2.0
 */
export const typedCallIsTotal = (f: unknown, calls: ReadonlyArray<ReadonlyArray<unknown>>): boolean => {
  try {
    let r: unknown = f
    for (const args of calls) if (typeof r === 'function') r = (r as (...a: ReadonlyArray<unknown>) => unknown)(...args)
    return true
  } catch {
    return false
  }
}
