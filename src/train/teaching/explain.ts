/**
 * One step of gradient descent explained: every number backpropagation computes, as data a
 * terminal, a Markdown page or a browser can show. For a network built with `NN.mlp`
 * (`explainStep`) or the founding text's twelve weights (`explainThreeTwoThree`), on one sample
 * or a batch, an `Explanation` holds
 *
 * - the forward pass: each unit's weighted sum `z` and activation `a`, per sample;
 * - the loss `L`;
 * - each unit's `∂L/∂a`, `∂a/∂z` and error term `δ = ∂L/∂z`, per sample;
 * - for every weight, per sample, the chain-rule factors whose product is that sample's share
 *   of its gradient (for w7: `∂L/∂ŷ1 · ∂ŷ1/∂z1 · ∂z1/∂w7`), the gradient `∂L/∂w` and the
 *   updated weight `w − η·∂L/∂w` (the text's `wᵢ − η·δᵢ`);
 * - the gradient and the updated parameters as records of the parameters' type.
 *
 * Names follow the founding text: inputs `x1, x2, …`, hidden units `h1, h2, …` (`h2.1` for unit 1
 * of the second hidden layer when there are several), outputs `ŷ1, ŷ2, …`, unit `u`'s weighted
 * sum `z1` for `ŷ1` and `zh1` for `h1`; weights `w1, w2, …` layer by layer, each layer's `W`
 * `[in, out]` row by row (for the 3-2-3 network exactly the text's w1..w12), biases `b1, b2, …`.
 * Weights are listed in that order, which is the natural order of their names.
 *
 * The numbers are read, not computed again: the step runs `AD.valueAndGrad` on the network's
 * loss, as training does, and each unit's numbers are read from that call's tape (an op's output
 * and the gradient the reverse sweep hands its pullback). Laws (laws/explain.ts): the gradient
 * and the loss are `AD.valueAndGrad`'s bit for bit; the updated parameters are one
 * `Optim.sgd(η)` step's bit for bit; `explainThreeTwoThree` is `explainStep` on the mlp form bit
 * for bit; each weight's gradient is the sum over samples of the products of its factors, up to
 * rounding.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { AdError } from '../../ad/AdError.js'
import { evaluate, type Traced } from '../../ad/valueAndGrad.js'
import { valueAndGradWithTape, type SweptTape } from '../../ad/valueAndGradWithTape.js'
import type { Operand, Var } from '../../ad/Var.js'
import type { Batch } from '../../data/EpochPlan.js'
import { activationRule, checkActivation, type Activation, type ElementwiseActivation } from '../../nn/activations.js'
import { dense, type Dense } from '../../nn/dense.js'
import { halfSumSquares } from '../../nn/losses.js'
import type { Mlp, MlpParams } from '../../nn/mlp.js'
import {
  threeTwoThreeFromMlp,
  threeTwoThreeMlp,
  threeTwoThreeToMlp,
  type ThreeTwoThree,
  type Triple
} from '../../nn/threeTwoThree.js'
import { unsafeMake, type Tensor } from '../../tensor/Tensor.js'
import { describe } from '../../tensor/describe.js'
import {
  array,
  arrayOf,
  checkArguments,
  func,
  isRecord,
  number,
  optional,
  record,
  withFields
} from '../../tensor/guards.js'
import { invalidArgument, shapeMismatch } from '../../tensor/TensorError.js'
import { datasetKind } from '../kinds.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A named number in a chain-rule product, such as `{ symbol: '∂ŷ1/∂z1', value: 0.1966 }`.
 *
 * @category model
 * @since 0.2.0
 */
export interface Factor {
  readonly symbol: string
  readonly value: number
}

/**
 * A unit's numbers for one sample. An input has only `a`; `dadz` is absent for softmax units,
 * whose `δ` mixes every output of the row.
 *
 * @category model
 * @since 0.2.0
 */
export interface UnitValues {
  readonly z?: number
  readonly a: number
  readonly dLda?: number
  readonly dadz?: number
  readonly delta?: number
}

/**
 * A unit: its name, its weighted sum's name, its layer (0 for the inputs), its activation and
 * its numbers per sample.
 *
 * @category model
 * @since 0.2.0
 */
export interface UnitExplanation {
  readonly name: string
  readonly sum?: string
  readonly layer: number
  readonly activation?: string
  readonly samples: ReadonlyArray<UnitValues>
}

/**
 * A weight (or bias) in one step: the units it joins, its value, per sample the chain-rule
 * factors of its share of the gradient, the gradient and the updated value.
 *
 * @category model
 * @since 0.2.0
 */
export interface WeightExplanation {
  readonly name: string
  readonly kind: 'weight' | 'bias'
  readonly from: string
  readonly to: string
  readonly value: number
  readonly terms: ReadonlyArray<ReadonlyArray<Factor>>
  readonly gradient: number
  readonly updated: number
}

/**
 * Everything one step of gradient descent computes (see the module's header).
 *
 * @category model
 * @since 0.2.0
 */
export interface Explanation<P> {
  readonly network: string
  readonly samples: number
  readonly learningRate: number
  readonly loss: number
  readonly units: ReadonlyArray<UnitExplanation>
  readonly weights: ReadonlyArray<WeightExplanation>
  readonly gradient: P
  readonly updated: P
}

/**
 * What `explainStep` needs besides the parameters and the batch: the network, its loss
 * (`½ Σ (ŷ − y)²` per sample, batch mean, unless given) and the learning rate η.
 *
 * @category model
 * @since 0.2.0
 */
export interface ExplainConfig {
  readonly network: Mlp
  /** The loss of predictions against targets; `½ Σ (ŷ − y)²` per sample, batch mean, unless given. */
  readonly loss?: (targets: Tensor) => (predictions: Operand) => Var
  readonly learningRate: number
}

/**
 * Labelled samples for the founding text's network: one input triple and one label triple each.
 *
 * @category model
 * @since 0.2.0
 */
export interface Samples {
  readonly inputs: ReadonlyArray<Triple>
  readonly targets: ReadonlyArray<Triple>
}

// -------------------------------------------------------------------------------------
// names
// -------------------------------------------------------------------------------------

/** Unit names layer by layer: `x…`, `h…` (or `h2.1` with several hidden layers), `ŷ…`. */
const unitNames = (sizes: ReadonlyArray<number>): ReadonlyArray<ReadonlyArray<string>> =>
  sizes.map((size, l) => {
    const prefix = l === 0 ? 'x' : l === sizes.length - 1 ? 'ŷ' : sizes.length > 3 ? `h${l}.` : 'h'
    return Array.from({ length: size }, (_, j) => `${prefix}${j + 1}`)
  })

/** The name of unit `u`'s weighted sum: `z1` for `ŷ1`, `zh1` for `h1`. */
const sumName = (u: string): string => (u.startsWith('ŷ') ? `z${u.slice(1)}` : `z${u}`)

// -------------------------------------------------------------------------------------
// reading the tape
// -------------------------------------------------------------------------------------

/**
 * One layer's numbers, `[samples, outputs]` row-major (`below`, the values it reads,
 * `[samples, inputs]`), as the step's `valueAndGrad` computed them; `dadz` is undefined for softmax.
 */
interface LayerNumbers {
  readonly activation: Activation
  readonly inputs: number
  readonly outputs: number
  readonly below: Float64Array
  readonly w: Float64Array
  readonly b: Float64Array | undefined
  readonly z: Float64Array
  readonly a: Float64Array
  readonly dLda: Float64Array
  readonly dadz: Float64Array | undefined
  readonly delta: Float64Array
  readonly gw: Float64Array
  readonly gb: Float64Array | undefined
}

/** What one step computed: its loss and each layer's numbers, input side first. */
interface Pass {
  readonly loss: number
  readonly samples: number
  readonly layers: ReadonlyArray<LayerNumbers>
}

const notDense = (l: number): AdError =>
  invalidArgument('explain', `layer ${l + 1}'s weights are not read by a dense layer (NN.mlp's forward pass)`)

/** What a layer's numbers have in common whatever its activation: its sizes, inputs, parameters and their gradients. */
type LayerCommon = Omit<LayerNumbers, 'z' | 'a' | 'dLda' | 'dadz' | 'delta'>

/** A softmax layer: its dense op's output `z` and the softmax op that reads it, both on the tape. */
const softmaxLayer = (tape: SweptTape, id: number, common: LayerCommon): LayerNumbers | undefined => {
  const s = tape.readersOf(id).find((r) => tape.nodes[r]!.name === 'softmax')
  const [z, a] = [tape.valueOf(id), s === undefined ? undefined : tape.valueOf(s)]
  if (s === undefined || z === undefined || a === undefined) return undefined
  const zeros = new Float64Array(z.length)
  return { ...common, z, a, dLda: tape.gradOf(s) ?? zeros, dadz: undefined, delta: tape.gradOf(id) ?? zeros }
}

/**
 * A layer whose element-wise activation runs fused with its dense op, whose output is `a`: `z`
 * is that op without its activation (`NN.dense`, the same product and bias loops), and `δ` and
 * `∂a/∂z` come from the activation's own pullback (`NN.activationRule`), the one the fused op runs.
 */
const elementwiseLayer = (
  tape: SweptTape,
  id: number,
  common: LayerCommon,
  [x, w, b]: ReadonlyArray<Var>,
  activation: ElementwiseActivation
): E.Either<AdError, LayerNumbers> => {
  const a = tape.valueOf(id)!
  const layer = { w: w!.value, ...(b === undefined ? {} : { b: b.value }) }
  const z = evaluate((p: Traced<Dense>) => dense(p)(x!.value))(layer)
  if (E.isLeft(z)) return z
  const rule = activationRule(activation)
  const dLda = tape.gradOf(id) ?? new Float64Array(a.length)
  const dadz = rule.pullback(new Float64Array(a.length).fill(1), z.right.data, a)
  return E.right({ ...common, z: z.right.data, a, dLda, dadz, delta: rule.pullback(dLda, z.right.data, a) })
}

/**
 * Layer `l`'s numbers from the swept tape: its dense op is the op that reads its weights `W` (as
 * `[x, W, b?]`), and the gradients of its parameters are the step's.
 */
const layerNumbers = (
  tape: SweptTape,
  l: number,
  layer: Traced<Dense>,
  gradient: Dense,
  activation: Activation
): E.Either<AdError, LayerNumbers> => {
  const id = tape.readersOf(layer.w.id).find((r) => tape.nodes[r]!.inputs[1]?.id === layer.w.id)
  const inputs = id === undefined ? [] : tape.nodes[id]!.inputs
  const [x, w, b] = inputs
  if (id === undefined || x === undefined || w === undefined || tape.valueOf(id) === undefined)
    return E.left(notDense(l))
  const common: LayerCommon = {
    activation,
    inputs: w.value.shape[0]!,
    outputs: w.value.shape[1]!,
    below: x.value.data,
    w: w.value.data,
    b: b?.value.data,
    gw: gradient.w.data,
    gb: gradient.b?.data
  }
  const checked = checkActivation(activation)
  if (E.isLeft(checked)) return checked
  if (checked.right !== 'softmax') return elementwiseLayer(tape, id, common, inputs, checked.right)
  const numbers = softmaxLayer(tape, id, common)
  return numbers === undefined ? E.left(notDense(l)) : E.right(numbers)
}

/** The step's `valueAndGrad` on the network's loss, and every layer's numbers read from its tape. */
const runPass = (
  network: Mlp,
  loss: (targets: Tensor) => (predictions: Operand) => Var,
  params: MlpParams,
  batch: { readonly inputs: Tensor; readonly targets: Tensor }
): E.Either<AdError, Pass & { readonly gradient: MlpParams }> => {
  const step = valueAndGradWithTape((p: Traced<MlpParams>) => loss(batch.targets)(network.forward(p)(batch.inputs)))(
    params
  )
  if (E.isLeft(step)) return step
  const { value, grad, traced, tape } = step.right
  const layers: Array<LayerNumbers> = []
  for (let l = 0; l < traced.length; l++) {
    const numbers = layerNumbers(tape, l, traced[l]!, grad[l]!, network.activations[l]!)
    if (E.isLeft(numbers)) return numbers
    layers.push(numbers.right)
  }
  return E.right({ loss: value, samples: batch.inputs.shape[0]!, layers, gradient: grad })
}

// -------------------------------------------------------------------------------------
// assembling
// -------------------------------------------------------------------------------------

const rowsOf = (data: Float64Array, samples: number, width: number, at: number): ReadonlyArray<number> =>
  Array.from({ length: samples }, (_, s) => data[s * width + at]!)

const unitsOf = (pass: Pass, names: ReadonlyArray<ReadonlyArray<string>>): ReadonlyArray<UnitExplanation> => {
  const first = pass.layers[0]!
  const inputs = names[0]!.map((name, i) => ({
    name,
    layer: 0,
    samples: rowsOf(first.below, pass.samples, first.inputs, i).map((a) => ({ a }))
  }))
  const rest = pass.layers.flatMap((layer, l) =>
    names[l + 1]!.map((name, j): UnitExplanation => {
      const at = (data: Float64Array, s: number): number => data[s * layer.outputs + j]!
      return {
        name,
        sum: sumName(name),
        layer: l + 1,
        activation:
          typeof layer.activation === 'object' ? `leakyRelu(${layer.activation.leakyRelu})` : layer.activation,
        samples: Array.from({ length: pass.samples }, (_, s) => ({
          z: at(layer.z, s),
          a: at(layer.a, s),
          dLda: at(layer.dLda, s),
          ...(layer.dadz === undefined ? {} : { dadz: at(layer.dadz, s) }),
          delta: at(layer.delta, s)
        }))
      }
    })
  )
  return [...inputs, ...rest]
}

/** `∂L/∂a · ∂a/∂z · ∂z/∂w` of one sample (`∂L/∂z · ∂z/∂w` for softmax units). */
const factorsOf = (to: string, layer: LayerNumbers, at: number, name: string, input: Factor): ReadonlyArray<Factor> => {
  const z = sumName(to)
  const last: Factor = { symbol: `∂${z}/∂${name}`, value: input.value }
  return layer.dadz === undefined
    ? [{ symbol: `∂L/∂${z}`, value: layer.delta[at]! }, last]
    : [{ symbol: `∂L/∂${to}`, value: layer.dLda[at]! }, { symbol: `∂${to}/∂${z}`, value: layer.dadz[at]! }, last]
}

const weightsOf = (
  pass: Pass,
  names: ReadonlyArray<ReadonlyArray<string>>,
  eta: number
): ReadonlyArray<WeightExplanation> => {
  let w = 0
  let bias = 0
  return pass.layers.flatMap((layer, l) => {
    const { inputs: k, outputs: n } = layer
    const step = (value: number, gradient: number) => ({ value, gradient, updated: value - eta * gradient })
    const ws = Array.from({ length: k * n }, (_, ij): WeightExplanation => {
      const [i, j] = [Math.floor(ij / n), ij % n]
      const [from, to, name] = [names[l]![i]!, names[l + 1]![j]!, `w${++w}`]
      const terms = Array.from({ length: pass.samples }, (_, s) =>
        factorsOf(to, layer, s * n + j, name, { symbol: from, value: layer.below[s * k + i]! })
      )
      return { name, kind: 'weight', from, to, terms, ...step(layer.w[ij]!, layer.gw[ij]!) }
    })
    const bs = Array.from({ length: layer.b === undefined ? 0 : n }, (_, j): WeightExplanation => {
      const [to, name] = [names[l + 1]![j]!, `b${++bias}`]
      const terms = Array.from({ length: pass.samples }, (_, s) =>
        factorsOf(to, layer, s * n + j, name, { symbol: '1', value: 1 })
      )
      return { name, kind: 'bias', from: '1', to, terms, ...step(layer.b![j]!, layer.gb![j]!) }
    })
    return [...ws, ...bs]
  })
}

/** The parameters after the step, `w − η·∂L/∂w` leaf by leaf. */
const updatedParams = (params: MlpParams, gradient: MlpParams, eta: number): MlpParams =>
  params.map((layer, l) => {
    const step = (p: Tensor, g: Tensor): Tensor =>
      unsafeMake(
        p.shape,
        p.data.map((v, i) => v - eta * g.data[i]!)
      )
    const w = step(layer.w, gradient[l]!.w)
    return layer.b === undefined ? { w } : { b: step(layer.b, gradient[l]!.b!), w }
  })

const checkRate = (eta: number): E.Either<AdError, number> =>
  typeof eta === 'number' && Number.isFinite(eta) && eta >= 0
    ? E.right(eta)
    : E.left(invalidArgument('explain', `the learning rate is ${describe(eta)}; it must be a finite number ≥ 0`))

/** A network `NN.mlp` built (its sizes and activations, O(1)). */
const mlpKind = withFields('a network (NN.mlp)', [
  ['sizes', array],
  ['activations', array],
  ['forward', func]
])

const tripleKind = arrayOf(arrayOf(number, 'numbers'), 'triples of numbers')

const samplesKind = withFields('samples { inputs, targets } (triples of numbers)', [
  ['inputs', tripleKind],
  ['targets', tripleKind]
])

// -------------------------------------------------------------------------------------
// explanations
// -------------------------------------------------------------------------------------

/** The explanation of one step of `network` at `params` on `batch`, with `loss` and learning rate `eta`. */
const explainBatch = (
  network: Mlp,
  loss: (targets: Tensor) => (predictions: Operand) => Var,
  eta: number,
  params: MlpParams,
  batch: { readonly inputs: Tensor; readonly targets: Tensor }
): E.Either<AdError, Explanation<MlpParams>> => {
  const pass = runPass(network, loss, params, batch)
  if (E.isLeft(pass)) return pass
  const { layers, gradient } = pass.right
  const sizes = [layers[0]!.inputs, ...layers.map((l) => l.outputs)]
  const names = unitNames(sizes)
  return E.right({
    network: `mlp ${sizes.join('-')}`,
    samples: pass.right.samples,
    learningRate: eta,
    loss: pass.right.loss,
    units: unitsOf(pass.right, names),
    weights: weightsOf(pass.right, names, eta),
    gradient,
    updated: updatedParams(params, gradient, eta)
  })
}

/**
 * One step of gradient descent on an `NN.mlp` network explained: the forward pass, the loss,
 * every unit's error term and every weight's chain rule, gradient and update, for the batch
 * `[samples, in]` → `[samples, out]`. Its numbers are those of the step's `AD.valueAndGrad`,
 * read from its tape.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Data, NN, Train } from 'gradfold'
 * // the founding text's network, every weight ½, on one sample of class 1
 * pipe(
 *   E.Do,
 *   E.apS('weights', NN.threeTwoThreeToMlp({ w1: 0.5, w2: 0.5, w3: 0.5, w4: 0.5, w5: 0.5, w6: 0.5, w7: 0.5, w8: 0.5, w9: 0.5, w10: 0.5, w11: 0.5, w12: 0.5 })),
 *   E.apSW('batch', Data.fromRows([[1, 0, 0]], [[1, 0, 0]])),
 *   E.chainW(({ weights, batch }) => Train.explainStep({ network: NN.threeTwoThreeMlp, learningRate: 0.5 })(weights, batch)),
 *   E.map((e) => e.weights.map((w) => w.name))
 * ) // right(['w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7', 'w8', 'w9', 'w10', 'w11', 'w12'])
 *
 * @category explanations
 * @since 0.2.0
 */
export const explainStep =
  (config: ExplainConfig) =>
  (params: MlpParams, batch: Batch): E.Either<AdError, Explanation<MlpParams>> => {
    const wrong = checkArguments('explain', [
      ['the config', config, record],
      ['the network', isRecord(config) ? config.network : undefined, mlpKind],
      ['the loss', isRecord(config) ? config.loss : undefined, optional(func)],
      ['the parameters', params, array],
      ['the batch', batch, datasetKind]
    ])
    if (E.isLeft(wrong)) return wrong
    const eta = checkRate(config.learningRate)
    if (E.isLeft(eta)) return eta
    const loss = config.loss ?? ((y: Tensor) => halfSumSquares(y))
    return explainBatch(config.network, loss, eta.right, params, batch)
  }

const tripleRows = (op: string, rows: ReadonlyArray<Triple>): E.Either<AdError, Float64Array> =>
  rows.every((r) => r.length === 3)
    ? E.right(Float64Array.from(rows.flat()))
    : E.left(
        shapeMismatch(
          op,
          rows.map((r) => [r.length]),
          'every sample is a triple'
        )
      )

/** The founding text's record from `threeTwoThreeMlp`'s parameters, keys in the sorted order of every record the library builds (tree/Tree.ts). */
const threeTwoThreeOf = (params: MlpParams): E.Either<AdError, ThreeTwoThree> =>
  E.map((w: ThreeTwoThree) => {
    const keys = Object.keys(w).sort() as ReadonlyArray<keyof ThreeTwoThree>
    return Object.fromEntries(keys.map((k) => [k, w[k]])) as ThreeTwoThree
  })(threeTwoThreeFromMlp(params))

/**
 * One step of gradient descent on the founding text's twelve weights explained, for one sample
 * or a batch (the loss is the mean of `½ Σ (ŷᵢ − yᵢ)²` over the samples). The step is the one
 * training takes on the network's mlp form (`NN.threeTwoThreeMlp`, `NN.halfSumSquares`), so the
 * explanation is `explainStep`'s on that form, bit for bit, with the weights as a record.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Train } from 'gradfold'
 * const w = { w1: 0.1, w2: 0.2, w3: 0.3, w4: 0.4, w5: 0.5, w6: 0.6, w7: 0.7, w8: 0.8, w9: 0.9, w10: 1, w11: 1.1, w12: 1.2 }
 * const step = Train.explainThreeTwoThree(0.5)(w, { inputs: [[1, 0.5, -1]], targets: [[1, 0, 0]] })
 * // ∂L/∂w7 = ∂L/∂ŷ1 · ∂ŷ1/∂z1 · ∂z1/∂w7 = (ŷ1 − 1) · ŷ1(1 − ŷ1) · h1 = −0.0304
 * pipe(step, E.map((e) => e.weights[6]!.terms[0]!.map((f) => f.symbol))) // right(['∂L/∂ŷ1', '∂ŷ1/∂z1', '∂z1/∂w7'])
 * pipe(step, E.map((e) => e.weights[6]!.gradient.toFixed(4))) // right('-0.0304')
 *
 * @category explanations
 * @since 0.2.0
 */
export const explainThreeTwoThree =
  (learningRate: number) =>
  (weights: ThreeTwoThree, samples: Samples): E.Either<AdError, Explanation<ThreeTwoThree>> => {
    const wrong = checkArguments('explain', [
      ['the weights', weights, record],
      ['the samples', samples, samplesKind]
    ])
    if (E.isLeft(wrong)) return wrong
    const eta = checkRate(learningRate)
    if (E.isLeft(eta)) return eta
    const n = samples.inputs.length
    if (n === 0 || samples.targets.length !== n)
      return E.left(
        invalidArgument('explain', `${n} inputs and ${samples.targets.length} targets; need as many, at least one`)
      )
    const rows = (data: Float64Array): Tensor => unsafeMake([n, 3], data)
    return pipe(
      E.Do,
      E.apS('inputs', tripleRows('explain: inputs', samples.inputs)),
      E.apS('targets', tripleRows('explain: targets', samples.targets)),
      E.apSW('params', threeTwoThreeToMlp(weights)),
      E.chainW(({ inputs, targets, params }) =>
        explainBatch(threeTwoThreeMlp, (y) => halfSumSquares(y), eta.right, params, {
          inputs: rows(inputs),
          targets: rows(targets)
        })
      ),
      E.bindTo('e'),
      E.bindW('gradient', ({ e }) => threeTwoThreeOf(e.gradient)),
      E.bindW('updated', ({ e }) => threeTwoThreeOf(e.updated)),
      E.map(({ e, gradient, updated }) => ({ ...e, network: 'the founding text’s 3-2-3 network', gradient, updated }))
    )
  }
