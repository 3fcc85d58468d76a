/**
 * The command's model file: what `predict` and `evaluate` need to use a trained network
 * without its config: the layer sizes and activations, the loss, the parameters (every float64
 * exactly), the standardisation fitted on the training part, and the names of the features and
 * classes. The same run always writes the same bytes.
 *
 * Law: `read(write(m))` is `m`, bit for bit.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as t from 'io-ts'
import { Codec, Data, NN, Random, Tensor, type Train } from '../index.js'
import { bool, closed, list, oneOf, positiveInteger, problems, text } from './fields.js'
import { LossC } from './config.js'
import { lossOf, type Network } from './experiment.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The format's name and version. */
export const MODEL_FORMAT = 'gradfold-model/1'

/**
 * A trained network with what it needs to read raw rows and name its answers.
 *
 * @category model
 * @since 0.2.0
 */
export interface ModelFile {
  readonly network: Network
  readonly loss: t.TypeOf<typeof LossC>
  readonly features: ReadonlyArray<string>
  readonly label: string
  readonly classes: ReadonlyArray<string>
  readonly standardizer: Data.Standardizer | null
  readonly params: NN.MlpParams
}

const activation = oneOf(['sigmoid', 'tanh', 'relu', 'leakyRelu', 'identity', 'softmax'])

const HeadC = closed('model file', {
  format: oneOf([MODEL_FORMAT]),
  network: closed('network', { sizes: list(positiveInteger, 2), activations: list(activation, 1), bias: bool }),
  loss: LossC,
  features: list(text, 1),
  label: text,
  classes: list(text, 1),
  standardizer: t.unknown,
  params: t.unknown
})

const StandardizerC = t.union([t.null, t.type({ mean: Codec.TensorC, std: Codec.TensorC })])

// -------------------------------------------------------------------------------------
// text
// -------------------------------------------------------------------------------------

/**
 * The MLP a model file describes.
 *
 * @category model
 * @since 0.2.0
 */
export const mlpOf = (m: Pick<ModelFile, 'network'>): E.Either<{ readonly message: string }, NN.Mlp> =>
  NN.mlp({ sizes: m.network.sizes, activations: m.network.activations, bias: m.network.bias })

/**
 * A model file as JSON text.
 *
 * @category text
 * @since 0.2.0
 */
export const toText = (m: ModelFile): string =>
  JSON.stringify(
    {
      format: MODEL_FORMAT,
      network: m.network,
      loss: m.loss,
      features: m.features,
      label: m.label,
      classes: m.classes,
      standardizer:
        m.standardizer === null
          ? null
          : { mean: Codec.TensorC.encode(m.standardizer.mean), std: Codec.TensorC.encode(m.standardizer.std) },
      params: Codec.TreeC(m.params).encode(m.params)
    },
    null,
    1
  ) + '\n'

const fail = (message: string) => ({ _tag: 'ModelFileError' as const, message })

/**
 * A model file from its text; anything else answers which path is wrong.
 *
 * @category text
 * @since 0.2.0
 */
export const fromText =
  (where: string) =>
  (json: string): E.Either<{ readonly _tag: 'ModelFileError'; readonly message: string }, ModelFile> =>
    pipe(
      E.tryCatch(
        (): unknown => JSON.parse(json),
        () => fail(`${where}: not JSON`)
      ),
      E.chain((u) => E.mapLeft((es: t.Errors) => fail(`${where}: ${problems(es).join('; ')}`))(HeadC.decode(u))),
      E.bindTo('head'),
      E.bind('net', ({ head }) =>
        E.mapLeft((e: { readonly message: string }) => fail(`${where}: ${e.message}`))(
          mlpOf(head as Pick<ModelFile, 'network'>)
        )
      ),
      E.bind('template', ({ net }) =>
        pipe(
          Random.key(0),
          E.chainW((k) => net.init(k)),
          E.mapLeft((e) => fail(`${where}: ${e.message}`))
        )
      ),
      E.bind('params', ({ head, template }) =>
        E.mapLeft((e: Codec.DecodeError) => fail(`${where}: params.${e.message}`))(
          Codec.decode(Codec.TreeC(template))(head.params)
        )
      ),
      E.bind('standardizer', ({ head }) =>
        E.bimap(
          (es: t.Errors) => fail(`${where}: standardizer: ${problems(es).join('; ')}`),
          (s: t.TypeOf<typeof StandardizerC>): Data.Standardizer | null =>
            s === null ? null : { _tag: 'Standardizer', mean: s.mean, std: s.std }
        )(StandardizerC.decode(head.standardizer))
      ),
      E.map(({ head, params, standardizer }) => ({
        network: head.network as Network,
        loss: head.loss,
        features: head.features,
        label: head.label,
        classes: head.classes,
        standardizer,
        params: params as NN.MlpParams
      }))
    )

// -------------------------------------------------------------------------------------
// using
// -------------------------------------------------------------------------------------

/**
 * The model's class probabilities (or outputs) for raw, unstandardised inputs, `[rows, classes]`.
 *
 * @category using
 * @since 0.2.0
 */
export const outputsOf =
  (m: ModelFile) =>
  (inputs: Tensor.Tensor): E.Either<{ readonly message: string }, Tensor.Tensor> =>
    pipe(
      E.Do,
      E.apS('net', mlpOf(m)),
      E.bindW('x', () =>
        m.standardizer === null
          ? E.right(inputs)
          : E.map((d: Data.Dataset) => d.inputs)(
              pipe(
                Tensor.zeros([inputs.shape[0]!, 1]),
                E.chainW((none) => Data.make(inputs, none)),
                E.chainW(Data.applyStandardizer(m.standardizer))
              )
            )
      ),
      E.chainW(({ net, x }) => net.predict(m.params)(x)),
      E.map((y) => (m.loss === 'softmaxCrossEntropy' ? softmaxRows(y) : y))
    )

const softmaxRows = (y: Tensor.Tensor): Tensor.Tensor => {
  const [n, k] = [y.shape[0]!, y.shape[1]!]
  const out = new Float64Array(n * k)
  for (let r = 0; r < n; r++) {
    let max = -Infinity
    for (let c = 0; c < k; c++) max = Math.max(max, y.data[r * k + c]!)
    let sum = 0
    for (let c = 0; c < k; c++) sum += out[r * k + c] = Math.exp(y.data[r * k + c]! - max)
    for (let c = 0; c < k; c++) out[r * k + c]! /= sum
  }
  return E.getOrElse((): Tensor.Tensor => y)(Tensor.fromArray([n, k])(out))
}

/**
 * The model as training sees it, for measuring a data set.
 *
 * @category using
 * @since 0.2.0
 */
export const trainModel = (m: ModelFile, net: NN.Mlp): Train.Model<NN.MlpParams> => ({
  forward: net.forward,
  loss: lossOf(m.loss)
})
