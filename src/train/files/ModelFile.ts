/**
 * Model files: a whole trained model as one JSON value, enough to predict with in a new process
 * with nothing else in hand. It holds the architecture (an MLP's layer sizes, activations,
 * biases or not, and the loss it was trained with), the parameters, the preprocessing (the
 * standardiser fitted on the training inputs, or none), the class names and the input columns'
 * names, and metadata: the format and gradfold's version, the training configuration (any JSON)
 * and the final metrics.
 *
 * ```json
 * { "format": "gradfold-model/1", "gradfoldVersion": "0.1.0",
 *   "architecture": { "sizes": [4, 8, 3], "activations": ["tanh", "identity"], "bias": true,
 *                     "loss": "softmaxCrossEntropy" },
 *   "params": [{ "w": { "shape": [4, 8], "data": […] }, "b": { "shape": [8], "data": […] } }, …],
 *   "standardizer": { "mean": { "shape": [4], … }, "std": { "shape": [4], … } },
 *   "classes": ["setosa", "versicolor", "virginica"], "featureNames": ["sepal_length", …],
 *   "training": { … }, "metrics": { "testAccuracy": 0.97 } }
 * ```
 *
 * Decoding checks every part against every other: each layer's `w` is `[sizes[i], sizes[i+1]]`
 * and has a `b` `[sizes[i+1]]` exactly when `bias` is true; there is one activation per layer;
 * the standardiser has one mean and one positive standard deviation per input; there is one
 * class name per output (two for a single output) and one feature name per input, each list
 * without repeats. A refusal is a `DecodeError` with the path (`params.1.w.shape`).
 *
 * Laws: `decode(JSON.parse(JSON.stringify(encode(m))))` is `m`, every float bit for bit (−0
 * included); `decode` never throws, whatever it is given.
 *
 * @since 0.2.0
 */
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import * as t from 'io-ts'
import { decode, type DecodeError } from '../../codec/DecodeError.js'
import { describe, ownValue } from '../../tensor/describe.js'
import { exactType } from '../../codec/exact.js'
import { encodeFloat64, Float64C } from '../../codec/Float64C.js'
import { JsonC, notPlain, parseJson, plainFirst, type Json } from '../../codec/JsonC.js'
import { encodeTensor, TensorOfShapeC, type TensorJson } from '../../codec/TensorC.js'
import type { Standardizer } from '../../data/Standardizer.js'
import { isTensor, sameShape } from '../../tensor/Tensor.js'
import { firstGetter } from '../../tensor/guards.js'
import { invalidArgument, type InvalidArgument } from '../../tensor/TensorError.js'
import { validateActivation, type Activation } from '../../nn/activations.js'
import { LossSpecC, type LossSpec } from '../../nn/lossName.js'
import { PreparationC, type Preparation } from '../../data/Preparation.js'
import { tooManyParameters, type Mlp, type MlpParams } from '../../nn/mlp.js'
import type { Dense } from '../../nn/dense.js'
import { HistoryC, type History, type Measure } from '../bookkeeping/History.js'
import { VERSION } from './version.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The format's name and version, written into every model file.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Train.MODEL_FORMAT // => 'gradfold-model/1'
 *
 * @category model
 * @since 0.2.0
 */
export const MODEL_FORMAT = 'gradfold-model/1'

/**
 * What the network is: an MLP's `sizes` `[in, hidden…, out]`, one activation per layer,
 * whether its layers have biases, and the loss it was trained with.
 *
 * @category model
 * @since 0.2.0
 */
export interface Architecture {
  readonly sizes: ReadonlyArray<number>
  readonly activations: ReadonlyArray<Activation>
  readonly bias: boolean
  readonly loss: LossSpec
}

/**
 * What is known of how the model was made: gradfold's version, the training configuration
 * (any JSON, `null` when none was given) and the final metrics by name.
 *
 * @category model
 * @since 0.2.0
 */
export interface ModelMetadata {
  readonly gradfoldVersion: string
  readonly training: Json
  readonly metrics: Readonly<Record<string, number>>
}

/**
 * A whole trained model.
 *
 * @category model
 * @since 0.2.0
 */
export interface ModelFile {
  readonly _tag: 'ModelFile'
  readonly architecture: Architecture
  readonly params: MlpParams
  /** Applied to raw rows first (categories one-hot, missing cells); `null` when the rows are numbers. */
  readonly preparation: Preparation | null
  /** Applied to raw inputs before the network; `null` when the network takes them raw. */
  readonly standardizer: Standardizer | null
  /** The name of each class (output column; two for a single output), or `null`. */
  readonly classes: ReadonlyArray<string> | null
  /** The name of each input column, or `null`. */
  readonly featureNames: ReadonlyArray<string> | null
  readonly metadata: ModelMetadata
}

/**
 * What {@link modelFile} makes a model file of: the network (an `NN.mlp` spec, or its sizes,
 * activations and bias), the loss, the trained parameters and, optionally, the rest.
 *
 * @category model
 * @since 0.2.0
 */
export interface ModelParts {
  readonly net: Pick<Mlp, 'sizes' | 'activations' | 'bias'>
  readonly loss: LossSpec
  readonly params: MlpParams
  readonly preparation?: Preparation | null
  readonly standardizer?: Standardizer | null
  readonly classes?: ReadonlyArray<string> | null
  readonly featureNames?: ReadonlyArray<string> | null
  readonly training?: Json
  readonly metrics?: Readonly<Record<string, number>>
}

/**
 * The JSON form of a model file.
 *
 * @category model
 * @since 0.2.0
 */
export interface ModelJson {
  readonly format: typeof MODEL_FORMAT
  readonly gradfoldVersion: string
  readonly architecture: Architecture
  readonly params: ReadonlyArray<{ readonly w: TensorJson; readonly b?: TensorJson }>
  readonly preparation?: t.OutputOf<typeof PreparationC>
  readonly standardizer: { readonly mean: TensorJson; readonly std: TensorJson } | null
  readonly classes: ReadonlyArray<string> | null
  readonly featureNames: ReadonlyArray<string> | null
  readonly training: Json
  readonly metrics: Readonly<Record<string, number | '-0'>>
}

// -------------------------------------------------------------------------------------
// internal: the parts, each on its own
// -------------------------------------------------------------------------------------

const at = (c: t.Context, key: string | number, u: unknown): t.Context => t.appendContext(c, String(key), t.unknown, u)

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

const SizesC = new t.Type<ReadonlyArray<number>, ReadonlyArray<number>, unknown>(
  'Sizes',
  (u): u is ReadonlyArray<number> => Array.isArray(u) && u.length >= 2 && u.every((d) => Number.isInteger(d) && d >= 1),
  (u, c) => {
    if (!Array.isArray(u) || u.length < 2)
      return t.failure(u, c, `expected layer sizes [in, …, out] (at least two), got ${describe(u)}`)
    const bad = u.findIndex((d) => !(typeof d === 'number' && Number.isInteger(d) && d >= 1))
    return bad < 0
      ? t.success(u.slice() as ReadonlyArray<number>)
      : t.failure(u[bad], at(c, bad, u[bad]), `expected a positive integer, got ${describe(u[bad])}`)
  },
  (s) => s
)

/** A value `validateActivation` can judge without describing it: a name, or `{ leakyRelu: number }`. */
const activationLike = (u: unknown): boolean =>
  typeof u === 'string' || (isRecord(u) && Object.keys(u).length === 1 && typeof u['leakyRelu'] === 'number')

const ActivationC = new t.Type<Activation, Activation, unknown>(
  'Activation',
  (u): u is Activation => activationLike(u) && E.isRight(validateActivation(u)),
  (u, c) => {
    const a = activationLike(u) ? validateActivation(u) : E.left(undefined)
    return E.isRight(a)
      ? t.success(a.right)
      : t.failure(u, c, `expected an activation name or { leakyRelu: slope }, got ${describe(u)}`)
  },
  (a) => a
)

const ArchitectureFieldsC = exactType(
  { sizes: SizesC, activations: t.readonlyArray(ActivationC), bias: t.boolean, loss: LossSpecC },
  'Architecture'
)

/**
 * The codec of an architecture (sizes, activations, bias, loss), also what a sweep file's model is.
 *
 * @internal
 */
export const ArchitectureC = plainFirst(
  new t.Type<Architecture, Architecture, unknown>(
    'Architecture',
    ArchitectureFieldsC.is,
    (u, c) =>
      pipe(
        ArchitectureFieldsC.validate(u, c),
        E.chain((a): t.Validation<Architecture> =>
          a.activations.length === a.sizes.length - 1
            ? t.success(a)
            : t.failure(
                a.activations,
                at(c, 'activations', a.activations),
                `${a.sizes.length - 1} layers need ${a.sizes.length - 1} activations, got ${a.activations.length}`
              )
        ),
        E.chain((a: Architecture): t.Validation<Architecture> => {
          const over = tooManyParameters(a.sizes, a.bias)
          return over === undefined ? t.success(a) : t.failure(a.sizes, at(c, 'sizes', a.sizes), over)
        })
      ),
    (a) => a
  )
)

/** The codec of layer `i`'s parameters: `w` `[in, out]`, and `b` `[out]` when there are biases. */
const layerC = (a: Architecture, i: number): t.Type<Dense, unknown, unknown> => {
  const w = TensorOfShapeC([a.sizes[i] as number, a.sizes[i + 1] as number])
  return (
    a.bias ? exactType({ w, b: TensorOfShapeC([a.sizes[i + 1] as number]) }, 'Layer') : exactType({ w }, 'Layer')
  ) as t.Type<Dense, unknown, unknown>
}

const validateParams = (a: Architecture, u: unknown, c: t.Context): t.Validation<MlpParams> => {
  const layers = a.sizes.length - 1
  if (!Array.isArray(u) || u.length !== layers)
    return t.failure(u, c, `expected ${layers} layers of parameters, got ${describe(u)}`)
  const out: Array<Dense> = []
  for (let i = 0; i < layers; i++) {
    const layer = layerC(a, i).validate(u[i], at(c, i, u[i]))
    if (E.isLeft(layer)) return layer
    out.push(layer.right)
  }
  return t.success(out)
}

const validateStandardizer = (inputs: number, u: unknown, c: t.Context): t.Validation<Standardizer | null> => {
  if (u === null) return t.success(null)
  const parts = exactType({ mean: TensorOfShapeC([inputs]), std: TensorOfShapeC([inputs]) }, 'Standardizer').validate(
    u,
    c
  )
  if (E.isLeft(parts)) return parts
  const { mean, std } = parts.right
  const bad = std.data.findIndex((s) => !(s > 0))
  if (bad >= 0) {
    const here = at(at(at(c, 'std', u), 'data', undefined), bad, std.data[bad])
    return t.failure(std.data[bad], here, `expected a positive standard deviation, got ${std.data[bad]}`)
  }
  return t.success(Object.freeze({ _tag: 'Standardizer' as const, mean, std }))
}

const validatePreparation = (inputs: number, u: unknown, c: t.Context): t.Validation<Preparation | null> => {
  if (u === undefined || u === null) return t.success(null)
  const p = PreparationC.validate(u, c)
  if (E.isLeft(p)) return p
  const width = p.right.columns.reduce((a, col) => a + (col.kind === 'numeric' ? 1 : col.categories.length), 0)
  return width === inputs ? p : t.failure(u, c, `the preparation makes ${width} inputs; the network takes ${inputs}`)
}

const validateNames = (
  what: string,
  count: number,
  u: unknown,
  c: t.Context
): t.Validation<ReadonlyArray<string> | null> => {
  if (u === null) return t.success(null)
  if (!Array.isArray(u) || u.length !== count)
    return t.failure(u, c, `expected ${count} ${what} names, got ${describe(u)}`)
  const seen = new Set<string>()
  for (let i = 0; i < u.length; i++) {
    const name: unknown = u[i]
    if (typeof name !== 'string') return t.failure(name, at(c, i, name), `expected a name, got ${describe(name)}`)
    if (seen.has(name)) return t.failure(name, at(c, i, name), `the ${what} name ${describe(name)} is repeated`)
    seen.add(name)
  }
  return t.success(Object.freeze(u.slice() as Array<string>))
}

const MetricsC = t.record(t.string, Float64C)

const HeadC = exactType(
  {
    format: t.literal(MODEL_FORMAT),
    gradfoldVersion: t.string,
    architecture: ArchitectureC,
    params: t.unknown,
    preparation: t.unknown,
    standardizer: t.unknown,
    classes: t.unknown,
    featureNames: t.unknown,
    training: JsonC,
    metrics: MetricsC
  },
  'ModelFile'
)

const validateModel = (u: unknown, c: t.Context): t.Validation<ModelFile> => {
  const head = HeadC.validate(u, c)
  if (E.isLeft(head)) return head
  const h = head.right
  const a = h.architecture
  const inputs = a.sizes[0] as number
  const outputs = a.sizes[a.sizes.length - 1] as number
  return pipe(
    E.Do,
    E.apS('params', validateParams(a, h.params, at(c, 'params', h.params))),
    E.apS('preparation', validatePreparation(inputs, h.preparation, at(c, 'preparation', h.preparation))),
    E.apS('standardizer', validateStandardizer(inputs, h.standardizer, at(c, 'standardizer', h.standardizer))),
    E.apS('classes', validateNames('class', Math.max(2, outputs), h.classes, at(c, 'classes', h.classes))),
    E.apS('featureNames', validateNames('feature', inputs, h.featureNames, at(c, 'featureNames', h.featureNames))),
    E.map(({ params, preparation, standardizer, classes, featureNames }): ModelFile =>
      Object.freeze({
        _tag: 'ModelFile' as const,
        architecture: a,
        params,
        preparation,
        standardizer,
        classes,
        featureNames,
        metadata: { gradfoldVersion: h.gradfoldVersion, training: h.training, metrics: h.metrics }
      })
    )
  )
}

const toModelJson = (m: ModelFile): ModelJson => ({
  format: MODEL_FORMAT,
  gradfoldVersion: m.metadata.gradfoldVersion,
  architecture: {
    sizes: m.architecture.sizes.slice(),
    activations: m.architecture.activations.slice(),
    bias: m.architecture.bias,
    loss: LossSpecC.encode(m.architecture.loss)
  },
  params: m.params.map((l) =>
    l.b === undefined ? { w: encodeTensor(l.w) } : { w: encodeTensor(l.w), b: encodeTensor(l.b) }
  ),
  ...(m.preparation === null ? {} : { preparation: PreparationC.encode(m.preparation) }),
  standardizer:
    m.standardizer === null ? null : { mean: encodeTensor(m.standardizer.mean), std: encodeTensor(m.standardizer.std) },
  classes: m.classes,
  featureNames: m.featureNames,
  training: m.metadata.training,
  metrics: Object.fromEntries(Object.entries(m.metadata.metrics).map(([k, v]) => [k, encodeFloat64(v)]))
})

const isTensorOf = (shape: ReadonlyArray<number>, u: unknown): boolean => isTensor(u) && sameShape(shape, u.shape)

const namesFit = (u: unknown, count: number): boolean =>
  u === null || (Array.isArray(u) && u.length === count && u.every((n) => typeof n === 'string'))

/** Why a value is not a model file's in-memory form, cheaply (shapes, not values), if it is not. */
const modelProblem = (u: unknown): string | undefined => {
  if (!isRecord(u) || ownValue(u, '_tag') !== 'ModelFile' || firstGetter(u) !== undefined)
    return 'expected a model file (from Train.modelFile or a loader)'
  const a = u['architecture']
  if (!ArchitectureC.is(a) || a.activations.length !== a.sizes.length - 1) return 'its architecture is not one'
  const { sizes, bias } = a
  const params = u['params']
  const layerFits = (l: unknown, i: number): boolean =>
    isRecord(l) &&
    isTensorOf([sizes[i] as number, sizes[i + 1] as number], l['w']) &&
    (bias ? isTensorOf([sizes[i + 1] as number], l['b']) : l['b'] === undefined)
  if (!Array.isArray(params) || params.length !== sizes.length - 1 || !params.every(layerFits))
    return 'its parameters do not fit its architecture'
  const s = u['standardizer']
  const inputs = [sizes[0] as number]
  if (!(s === null || (isRecord(s) && isTensorOf(inputs, s['mean']) && isTensorOf(inputs, s['std']))))
    return 'its standardiser does not fit its inputs'
  if (
    !namesFit(u['classes'], Math.max(2, sizes[sizes.length - 1] as number)) ||
    !namesFit(u['featureNames'], inputs[0]!)
  )
    return 'its names do not fit its inputs and outputs'
  return undefined
}

/**
 * The model file itself when it has the form one has in memory (shapes checked, not values),
 * or an `InvalidArgument` saying what is wrong; for functions that may be handed anything.
 *
 * @internal
 */
export const validateModelFile = (op: string, u: unknown): E.Either<InvalidArgument, ModelFile> => {
  const problem = modelProblem(u)
  return problem === undefined ? E.right(u as ModelFile) : E.left(invalidArgument(op, problem))
}

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

/**
 * Model files, checked part against part.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Train.ModelFileC.decode({ format: 'gradfold-model/0' }) // left: format: expected "gradfold-model/1"
 *
 * @category codecs
 * @since 0.2.0
 */
export const ModelFileC: t.Type<ModelFile, ModelJson, unknown> = plainFirst(
  new t.Type<ModelFile, ModelJson, unknown>(
    'ModelFile',
    (u): u is ModelFile => isRecord(u) && u['_tag'] === 'ModelFile',
    validateModel,
    toModelJson
  )
)

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A model file from a trained network and what goes with it, checked as a decoded file is
 * (so that nothing is written that could not be read back).
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { NN, Random, Train } from 'gradfold'
 * pipe(
 *   E.Do,
 *   E.apS('net', NN.mlp({ sizes: [3, 4, 3], activations: ['tanh', 'softmax'] })),
 *   E.apSW('key', Random.key(0)),
 *   E.bindW('params', ({ net, key }) => net.init(key)),
 *   E.chainW(({ net, params }) => Train.modelFile({ net, loss: 'crossEntropy', params, classes: ['a', 'b', 'c'] })),
 *   E.map((model) => model.architecture.sizes)
 * ) // right([3, 4, 3])
 *
 * @category constructors
 * @since 0.2.0
 */
export const modelFile = (parts: ModelParts): E.Either<DecodeError, ModelFile> =>
  pipe(
    E.tryCatch(
      () =>
        toModelJson({
          _tag: 'ModelFile',
          architecture: {
            sizes: parts.net.sizes,
            activations: parts.net.activations,
            bias: parts.net.bias,
            loss: parts.loss
          },
          params: parts.params,
          preparation: parts.preparation ?? null,
          standardizer: parts.standardizer ?? null,
          classes: parts.classes ?? null,
          featureNames: parts.featureNames ?? null,
          metadata: { gradfoldVersion: VERSION, training: parts.training ?? null, metrics: parts.metrics ?? {} }
        }),
      (): DecodeError => ({ _tag: 'DecodeError', path: '', message: 'the parts are not those of a model' })
    ),
    E.chain(decode(ModelFileC))
  )

const measured = (prefix: 'train' | 'validation', m: Measure | null): ReadonlyArray<readonly [string, number]> =>
  m === null
    ? []
    : Object.entries(m).flatMap(([k, v]) =>
        typeof v === 'number' ? [[`${prefix}${k.charAt(0).toUpperCase()}${k.slice(1)}`, v] as const] : []
      )

/**
 * The final metrics of a run: every number the last measured epoch's training and validation
 * measures hold, named `trainLoss`, `trainAccuracy`, `validationLoss`, … (`trainMse`, `trainR2`,
 * … for a regression); empty when no epoch was measured. They describe the last epoch's
 * parameters: a model file that keeps the best epoch's parameters (early stopping) takes
 * {@link bestMetrics} instead.
 *
 * @example
 * import { Train } from 'gradfold'
 * const record = { epoch: 3, step: 3, batchLoss: 0.5, learningRate: null, validation: null, train: { loss: 0.4, accuracy: 0.9 } }
 * Train.finalMetrics([record]) // { trainLoss: 0.4, trainAccuracy: 0.9 }
 *
 * @category constructors
 * @since 0.2.0
 */
export const finalMetrics = (history: History): Readonly<Record<string, number>> => {
  for (let i = history.length - 1; i >= 0; i--) {
    const r = history[i]!
    if (r.train !== null || r.validation !== null)
      return Object.fromEntries([...measured('train', r.train), ...measured('validation', r.validation)])
  }
  return {}
}

/**
 * The metrics of epoch `epoch` of a run, named as {@link finalMetrics} names them: what a model
 * file that keeps that epoch's parameters (the best epoch, under early stopping) says of them.
 * Empty when that epoch is not in the history or was not measured.
 *
 * @example
 * import { Train } from 'gradfold'
 * const at = (epoch: number, loss: number) => ({ epoch, step: epoch, batchLoss: loss, learningRate: null, train: { loss, accuracy: 1 - loss }, validation: null })
 * Train.bestMetrics([at(1, 0.5), at(2, 0.25), at(3, 0.375)], 2) // { trainLoss: 0.25, trainAccuracy: 0.75 }
 *
 * @category constructors
 * @since 0.3.0
 */
export const bestMetrics = (history: History, epoch: number): Readonly<Record<string, number>> => {
  // a history as HistoryC decodes it (anything else has no epoch to read metrics from)
  const r = notPlain(history) === undefined && HistoryC.is(history) ? history.find((h) => h.epoch === epoch) : undefined
  return r === undefined
    ? {}
    : Object.fromEntries([...measured('train', r.train), ...measured('validation', r.validation)])
}

// -------------------------------------------------------------------------------------
// text
// -------------------------------------------------------------------------------------

/**
 * A model file as JSON text, every float written so that it reads back to the bit.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { NN, Tensor, Train } from 'gradfold'
 * pipe(
 *   E.Do,
 *   E.apS('net', NN.mlp({ sizes: [1, 1], activations: ['identity'], bias: false })),
 *   E.apSW('w', Tensor.fromNested([[-0]])),
 *   E.chainW(({ net, w }) => Train.modelFile({ net, loss: 'mse', params: [{ w }] })),
 *   E.map(Train.encodeModel)
 * ) // right('{"format":"gradfold-model/1",…,"params":[{"w":{"shape":[1,1],"data":["-0"]}}],…}')
 *
 * @category text
 * @since 0.2.0
 */
export const encodeModel = (m: ModelFile): string => JSON.stringify(ModelFileC.encode(m))

/**
 * A model file from JSON text; malformed JSON and any departure from the format answer a
 * `DecodeError` naming the path.
 *
 * @example
 * import { Train } from 'gradfold'
 * Train.decodeModel('{') // left: not JSON: …
 *
 * @category text
 * @since 0.2.0
 */
export const decodeModel = (text: string): E.Either<DecodeError, ModelFile> =>
  pipe(parseJson(text), E.chain(decode(ModelFileC)))
