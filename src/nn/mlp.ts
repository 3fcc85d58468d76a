/**
 * The multilayer perceptron: dense layers, each followed by its activation, built from the
 * layer sizes. `mlp({ sizes: [3, 2, 3], activations: ['sigmoid', 'sigmoid'], bias: false })`
 * is the founding text's network.
 *
 * Parameters are a readonly array with one `{ w, b? }` record per layer, input side first:
 * layer `i` has `w` `[sizes[i], sizes[i + 1]]` and, when the spec has biases, `b`
 * `[sizes[i + 1]]`. The forward pass uses whatever the parameters hold (a layer without `b`
 * has no bias); the spec's `bias` says what `init` makes. Element-wise activations run fused
 * with their layer (`denseActivation`); softmax runs after its layer, row by row.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { abort, type AdError } from '../ad/AdError.js'
import { softmax } from '../ad/ops/softmax.js'
import { evaluate, type Traced } from '../ad/valueAndGrad.js'
import { lift, type Operand, type Var } from '../ad/Var.js'
import { split, type Key } from '../random/Key.js'
import { MAX_ELEMENTS, type Tensor } from '../tensor/Tensor.js'
import { invalidArgument, type InvalidArgument } from '../tensor/TensorError.js'
import { describe } from '../tensor/describe.js'
import { getterIn } from '../tensor/guards.js'
import { isRecord, wrongType } from '../tensor/tensorGuards.js'
import { validateActivation, showActivation, type Activation } from './activations.js'
import { fusedDense, type Dense } from './dense.js'
import { initializer, type InitError, type Initializer, type InitName } from './init.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * An MLP's parameters: one dense layer per entry, input side first.
 *
 * @category model
 * @since 0.1.0
 */
export type MlpParams = ReadonlyArray<Dense>

/**
 * What an MLP is made of: `sizes` `[in, hidden..., out]` (positive integers, at least two),
 * one activation per layer, whether layers have biases (default true) and how weights and
 * biases are initialised (default `'glorotUniform'` and `'zeros'`).
 *
 * @category model
 * @since 0.1.0
 */
export interface MlpConfig {
  readonly sizes: ReadonlyArray<number>
  readonly activations: ReadonlyArray<Activation>
  readonly bias?: boolean
  readonly init?: InitName | Initializer
  readonly biasInit?: InitName | Initializer
}

/**
 * A checked MLP spec: its shape, and the functions that make, run and evaluate its parameters.
 *
 * - `init(key)`: fresh parameters, one key per layer split off `key`;
 * - `forward(params)(x)`: `[batch, in] → [batch, out]` inside a traced function;
 * - `predict(params)(x)`: the forward pass alone, on plain parameters.
 *
 * @category model
 * @since 0.1.0
 */
export interface Mlp {
  readonly sizes: ReadonlyArray<number>
  readonly activations: ReadonlyArray<Activation>
  readonly bias: boolean
  /** Fresh parameters, one key per layer split off `key`. */
  readonly init: (key: Key) => E.Either<InitError, MlpParams>
  /** `[batch, in] → [batch, out]` inside a traced function. */
  readonly forward: (params: Traced<MlpParams>) => (x: Operand) => Var
  /** The forward pass on plain tensors, outside any trace. */
  readonly predict: (params: MlpParams) => (x: Tensor) => E.Either<AdError, Tensor>
}

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

/**
 * Why positive integer layer `sizes` make more parameters than one network may hold
 * (`Advanced.Tensor.MAX_ELEMENTS` in all, so that no layer, and no optimizer state of the same shape,
 * asks for more than one allocation may), or `undefined`. Counted layer by layer, stopping at
 * the first layer past the bound, before anything is allocated.
 *
 * @internal
 */
export const tooManyParameters = (sizes: ReadonlyArray<number>, bias: boolean): string | undefined => {
  let total = 0
  for (let i = 0; i + 1 < sizes.length; i++) {
    const fanIn = sizes[i] as number
    const fanOut = sizes[i + 1] as number
    total += fanIn * fanOut + (bias ? fanOut : 0)
    if (total > MAX_ELEMENTS)
      return `sizes make more than ${MAX_ELEMENTS} parameters (${total} up to layer ${i}, [${fanIn}, ${fanOut}])`
  }
  return undefined
}

const checkSizes = (sizes: ReadonlyArray<number>, bias: boolean): E.Either<InvalidArgument, ReadonlyArray<number>> => {
  if (!Array.isArray(sizes)) return E.left(wrongType('mlp', 'sizes', 'a list of layer sizes')(sizes))
  if (sizes.length < 2)
    return E.left(
      invalidArgument('mlp', `sizes [${sizes.join(', ')}] must list at least the input and the output size`)
    )
  const bad = sizes.findIndex((d) => !Number.isInteger(d) || d < 1)
  if (bad >= 0)
    return E.left(invalidArgument('mlp', `sizes[${bad}] is ${describe(sizes[bad])}; sizes are positive integers`))
  const over = tooManyParameters(sizes, bias)
  return over === undefined ? E.right(sizes) : E.left(invalidArgument('mlp', over))
}

const checkActivations = (config: MlpConfig): E.Either<InvalidArgument, ReadonlyArray<Activation>> => {
  const { sizes, activations } = config
  if (!Array.isArray(activations)) return E.left(wrongType('mlp', 'activations', 'a list of activations')(activations))
  if (activations.length !== sizes.length - 1) {
    return E.left(
      invalidArgument(
        'mlp',
        `${sizes.length - 1} layers need ${sizes.length - 1} activations, got ${activations.length}`
      )
    )
  }
  const checked: Array<Activation> = []
  for (let i = 0; i < activations.length; i++) {
    const a = validateActivation(activations[i])
    if (E.isLeft(a)) return E.left(invalidArgument('mlp', `activations[${i}]: ${a.left.message}`))
    checked.push(a.right)
  }
  return E.right(checked)
}

const isInit = (u: unknown): boolean => u === undefined || typeof u === 'function' || typeof u === 'string'

/** Why `bias`, `init` or `biasInit` is refused, or `undefined`. Unknown initializer names are left to `initializer`. */
const checkOptions = (config: MlpConfig): InvalidArgument | undefined =>
  config.bias !== undefined && typeof config.bias !== 'boolean'
    ? wrongType('mlp', 'bias', 'true, false or nothing')(config.bias)
    : !isInit(config.init)
      ? wrongType('mlp', 'init', 'an initializer or its name')(config.init)
      : !isInit(config.biasInit)
        ? wrongType('mlp', 'biasInit', 'an initializer or its name')(config.biasInit)
        : undefined

const initLayers =
  (sizes: ReadonlyArray<number>, bias: boolean, w: Initializer, b: Initializer) =>
  (key: Key): E.Either<InitError, MlpParams> => {
    const keys = split(2 * (sizes.length - 1))(key)
    if (E.isLeft(keys)) return keys
    const layers: Array<Dense> = []
    for (let i = 0; i + 1 < sizes.length; i++) {
      const wi = w([sizes[i]!, sizes[i + 1]!])(keys.right[2 * i]!)
      if (E.isLeft(wi)) return wi
      if (!bias) {
        layers.push({ w: wi.right })
        continue
      }
      const bi = b([sizes[i + 1]!])(keys.right[2 * i + 1]!)
      if (E.isLeft(bi)) return bi
      layers.push({ w: wi.right, b: bi.right })
    }
    return E.right(layers)
  }

/** The layers in order: `dense + activation`, fused unless the activation is softmax. */
const forwardLayers = (activations: ReadonlyArray<Activation>) => {
  // Each layer's name (for errors), written once per spec rather than once per forward pass.
  const names = activations.map(
    (a, i) => `mlp layer ${i + 1} (${a === 'softmax' ? 'dense' : `dense+${showActivation(a)}`})`
  )
  const layers = activations.map((a, i) => fusedDense(names[i]!, a === 'softmax' ? 'identity' : a))
  return (params: Traced<MlpParams>) =>
    (x: Operand): Var => {
      if (params.length !== activations.length) {
        abort(invalidArgument('mlp', `the spec has ${activations.length} layers, the parameters ${params.length}`))
      }
      let h = lift(x)
      for (let i = 0; i < activations.length; i++) {
        const dense = layers[i]!(params[i]!)(h)
        h = activations[i] === 'softmax' ? softmax(dense) : dense
      }
      return h
    }
}

// The forward passes this module made, each with its spec: a run described as data (`Train.encodeRun`)
// names the network it trained by its forward pass.
const specs = new WeakMap<object, Mlp>()

/**
 * The spec whose forward pass `forward` is, or undefined for any other function.
 *
 * @internal
 */
export const mlpOf = (forward: object): Mlp | undefined => specs.get(forward)

/**
 * The spec of an already checked configuration.
 *
 * @internal
 */
export const unsafeMlp = (
  sizes: ReadonlyArray<number>,
  activations: ReadonlyArray<Activation>,
  config: MlpConfig
): Mlp => {
  const bias = config.bias ?? true
  const forward = forwardLayers(activations)
  const spec: Mlp = {
    sizes,
    activations,
    bias,
    init: initLayers(sizes, bias, initializer(config.init ?? 'glorotUniform'), initializer(config.biasInit ?? 'zeros')),
    forward,
    predict: (params) => (x) => evaluate((p: Traced<MlpParams>) => forward(p)(x))(params)
  }
  specs.set(forward, spec)
  return spec
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * An MLP spec from its configuration, or why the configuration will not do.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Data, NN, Random } from 'gradfold'
 * // 3 inputs, 8 tanh units, 3 softmax outputs: the bundled data's shape
 * const built = pipe(
 *   E.Do,
 *   E.apS('net', NN.mlp({ sizes: [3, 8, 3], activations: ['tanh', 'softmax'] })),
 *   E.apSW('key', Random.key(0)),
 *   E.bindW('params', ({ net, key }) => net.init(key))
 * )
 * pipe(built, E.map(({ params }) => params.map((layer) => layer.w.shape))) // right([[3, 8], [8, 3]])
 * pipe(built, E.chainW(({ net, params }) => net.predict(params)(Data.threeClass.inputs))) // right: a [30, 3] tensor of class probabilities
 * NN.mlp({ sizes: [3, 8, 3], activations: ['tanh'] }) // left: mlp: 2 layers need 2 activations, got 1
 *
 * @category constructors
 * @since 0.1.0
 */
export const mlp = (config: MlpConfig): E.Either<InvalidArgument, Mlp> => {
  if (!isRecord(config)) return E.left(wrongType('mlp', 'the config', 'a record { sizes, activations, … }')(config))
  const getter = getterIn('mlp', 'the config', config)
  if (getter !== undefined) return E.left(getter)
  const options = checkOptions(config)
  if (options !== undefined) return E.left(options)
  const sizes = checkSizes(config.sizes, config.bias ?? true)
  if (E.isLeft(sizes)) return sizes
  const activations = checkActivations(config)
  if (E.isLeft(activations)) return activations
  return E.right(unsafeMlp(sizes.right, activations.right, config))
}
