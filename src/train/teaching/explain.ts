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
 * Laws (laws/explain.ts): the gradient equals `AD.valueAndGrad`'s bit for bit, since every sum
 * is taken in the AD path's order (see `chainRule.ts`); the loss and the outputs equal the AD
 * path's bit for bit; the updated parameters equal one `Optim.sgd(η)` step bit for bit; each
 * weight's gradient is the sum over samples of the products of its factors, up to rounding.
 *
 * @since 0.2.0
 */
import * as E from '#fp-ts/Either.js'
import type { AdError } from '../../ad/AdError.js'
import { valueAndGrad, type Traced, type ValueAndGrad } from '../../ad/valueAndGrad.js'
import type { Operand, Var } from '../../ad/Var.js'
import type { Batch } from '../../data/EpochPlan.js'
import type { Activation } from '../../nn/activations.js'
import { halfSumSquares } from '../../nn/losses.js'
import type { Mlp, MlpParams } from '../../nn/mlp.js'
import {
  threeTwoThreeFromMlp,
  threeTwoThreeOutputsLoss,
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
import {
  backwardLayer,
  finiteIn,
  forwardLayer,
  type LayerBackward,
  type LayerForward,
  type PlainLayer,
  type SumOrder
} from './chainRule.js'

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
// assembling
// -------------------------------------------------------------------------------------

/** What the chain rule computed, layer by layer. */
interface Pass {
  readonly layers: ReadonlyArray<PlainLayer>
  readonly inputs: Float64Array
  readonly forward: ReadonlyArray<LayerForward>
  readonly backward: ReadonlyArray<LayerBackward>
  readonly samples: number
}

const rowsOf = (data: Float64Array, samples: number, width: number, at: number): ReadonlyArray<number> =>
  Array.from({ length: samples }, (_, s) => data[s * width + at]!)

const unitsOf = (pass: Pass, names: ReadonlyArray<ReadonlyArray<string>>): ReadonlyArray<UnitExplanation> => {
  const inputs = names[0]!.map((name, i) => ({
    name,
    layer: 0,
    samples: rowsOf(pass.inputs, pass.samples, names[0]!.length, i).map((a) => ({ a }))
  }))
  const rest = pass.layers.flatMap((layer, l) =>
    names[l + 1]!.map((name, j): UnitExplanation => {
      const f = pass.forward[l]!
      const b = pass.backward[l]!
      const at = (data: Float64Array, s: number): number => data[s * layer.outputs + j]!
      return {
        name,
        sum: sumName(name),
        layer: l + 1,
        activation:
          typeof layer.activation === 'object' ? `leakyRelu(${layer.activation.leakyRelu})` : layer.activation,
        samples: Array.from({ length: pass.samples }, (_, s) => ({
          z: at(f.z, s),
          a: at(f.a, s),
          dLda: at(b.dLda, s),
          ...(b.dadz === undefined ? {} : { dadz: at(b.dadz, s) }),
          delta: at(b.delta, s)
        }))
      }
    })
  )
  return [...inputs, ...rest]
}

/** `∂L/∂a · ∂a/∂z · ∂z/∂w` of one sample (`∂L/∂z · ∂z/∂w` for softmax units). */
const factorsOf = (to: string, b: LayerBackward, at: number, name: string, input: Factor): ReadonlyArray<Factor> => {
  const z = sumName(to)
  const last: Factor = { symbol: `∂${z}/∂${name}`, value: input.value }
  return b.dadz === undefined
    ? [{ symbol: `∂L/∂${z}`, value: b.delta[at]! }, last]
    : [{ symbol: `∂L/∂${to}`, value: b.dLda[at]! }, { symbol: `∂${to}/∂${z}`, value: b.dadz[at]! }, last]
}

const weightsOf = (
  pass: Pass,
  names: ReadonlyArray<ReadonlyArray<string>>,
  eta: number
): ReadonlyArray<WeightExplanation> => {
  let w = 0
  let bias = 0
  return pass.layers.flatMap((layer, l) => {
    const below = l === 0 ? pass.inputs : pass.forward[l - 1]!.a
    const back = pass.backward[l]!
    const { inputs: k, outputs: n } = layer
    const step = (value: number, gradient: number) => ({ value, gradient, updated: value - eta * gradient })
    const ws = Array.from({ length: k * n }, (_, ij): WeightExplanation => {
      const [i, j] = [Math.floor(ij / n), ij % n]
      const [from, to, name] = [names[l]![i]!, names[l + 1]![j]!, `w${++w}`]
      const terms = Array.from({ length: pass.samples }, (_, s) =>
        factorsOf(to, back, s * n + j, name, { symbol: from, value: below[s * k + i]! })
      )
      return { name, kind: 'weight', from, to, terms, ...step(layer.w[ij]!, back.gw[ij]!) }
    })
    const bs = Array.from({ length: layer.b === undefined ? 0 : n }, (_, j): WeightExplanation => {
      const [to, name] = [names[l + 1]![j]!, `b${++bias}`]
      const terms = Array.from({ length: pass.samples }, (_, s) =>
        factorsOf(to, back, s * n + j, name, { symbol: '1', value: 1 })
      )
      return { name, kind: 'bias', from: '1', to, terms, ...step(layer.b![j]!, back.gb![j]!) }
    })
    return [...ws, ...bs]
  })
}

// -------------------------------------------------------------------------------------
// the pass
// -------------------------------------------------------------------------------------

/** The loss and `∂L/∂ŷ` of the network's outputs `[samples, outputs]`. */
type OutputLoss = (outputs: Float64Array) => E.Either<AdError, { readonly value: number; readonly grad: Float64Array }>

/** The forward pass, the loss and the backward pass, every number checked finite. */
const runPass = (
  order: SumOrder,
  layers: ReadonlyArray<PlainLayer>,
  inputs: Float64Array,
  samples: number,
  outputLoss: OutputLoss
): E.Either<AdError, Pass & { readonly loss: number }> => {
  const forward: Array<LayerForward> = []
  let a = inputs
  for (let l = 0; l < layers.length; l++) {
    const f = forwardLayer(order, layers[l]!, a, samples)
    const checked = finiteIn(`explain: layer ${l + 1}'s weighted sums`, f.z)
    if (E.isLeft(checked)) return checked
    forward.push(f)
    a = f.a
  }
  const loss = outputLoss(a)
  if (E.isLeft(loss)) return loss
  const backward: Array<LayerBackward> = new Array(layers.length)
  let g = loss.right.grad
  for (let l = layers.length - 1; l >= 0; l--) {
    const [b, below] = backwardLayer(order, layers[l]!, l === 0 ? inputs : forward[l - 1]!.a, forward[l]!, g, samples)
    const checked = finiteIn(`explain: layer ${l + 1}'s weight gradients`, b.gw)
    if (E.isLeft(checked)) return checked
    backward[l] = b
    g = below
  }
  return E.right({ layers, inputs, forward, backward, samples, loss: loss.right.value })
}

const explanationOf = <P>(
  network: string,
  sizes: ReadonlyArray<number>,
  pass: Pass & { readonly loss: number },
  eta: number,
  rebuild: (layers: ReadonlyArray<{ readonly w: Float64Array; readonly b: Float64Array | undefined }>) => P
): Explanation<P> => {
  const names = unitNames(sizes)
  const weights = weightsOf(pass, names, eta)
  const gradient = rebuild(pass.backward.map((b) => ({ w: b.gw, b: b.gb })))
  let at = 0
  const next = (): number => weights[at++]!.updated
  const updated = rebuild(
    pass.layers.map((layer) => {
      const w = layer.w.map(next)
      return { w, b: layer.b === undefined ? undefined : layer.b.map(next) }
    })
  )
  return {
    network,
    samples: pass.samples,
    learningRate: eta,
    loss: pass.loss,
    units: unitsOf(pass, names),
    weights,
    gradient,
    updated
  }
}

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

/** The MLP's layers as plain arrays, after checking that they chain from the batch's inputs. */
const plainLayers = (network: Mlp, params: MlpParams, inputs: Tensor): E.Either<AdError, ReadonlyArray<PlainLayer>> => {
  if (params.length !== network.activations.length)
    return E.left(
      invalidArgument(
        'explain',
        `the network has ${network.activations.length} layers, the parameters ${params.length}`
      )
    )
  const layers: Array<PlainLayer> = []
  let width = inputs.shape[1]
  if (inputs.shape.length !== 2 || inputs.shape[0] === 0)
    return E.left(
      shapeMismatch('explain', [inputs.shape], 'the inputs must be a matrix [samples, features] of at least one sample')
    )
  for (let l = 0; l < params.length; l++) {
    const { w, b } = params[l]!
    const [k, n] = w.shape
    if (w.shape.length !== 2 || k !== width || (b !== undefined && (b.shape.length !== 1 || b.shape[0] !== n)))
      return E.left(
        shapeMismatch(
          `explain: layer ${l + 1}`,
          b === undefined ? [w.shape] : [w.shape, b.shape],
          `needs W [${width}, out] and b [out]`
        )
      )
    layers.push({ inputs: k!, outputs: n!, w: w.data, b: b?.data, activation: network.activations[l] as Activation })
    width = n
  }
  return E.right(layers)
}

const mlpParamsOf =
  (params: MlpParams) =>
  (layers: ReadonlyArray<{ readonly w: Float64Array; readonly b: Float64Array | undefined }>): MlpParams =>
    layers.map(({ w, b }, l) =>
      b === undefined || params[l]!.b === undefined
        ? { w: unsafeMake(params[l]!.w.shape, w) }
        : { b: unsafeMake(params[l]!.b!.shape, b), w: unsafeMake(params[l]!.w.shape, w) }
    )

/**
 * One step of gradient descent on an `NN.mlp` network explained: the forward pass, the loss,
 * every unit's error term and every weight's chain rule, gradient and update, for the batch
 * `[samples, in]` → `[samples, out]`. Its gradient is `AD.valueAndGrad`'s, bit for bit.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Data, NN, Train } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // the founding text's network, every weight ½, on one sample of class 1
 * pipe(
 *   E.Do,
 *   E.apS('weights', Advanced.NN.threeTwoThreeToMlp({ w1: 0.5, w2: 0.5, w3: 0.5, w4: 0.5, w5: 0.5, w6: 0.5, w7: 0.5, w8: 0.5, w9: 0.5, w10: 0.5, w11: 0.5, w12: 0.5 })),
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
    const layers = plainLayers(config.network, params, batch.inputs)
    if (E.isLeft(layers)) return layers
    const samples = batch.inputs.shape[0]!
    const loss = config.loss ?? ((y: Tensor) => halfSumSquares(y))
    const outputLoss: OutputLoss = (outputs) => {
      const last = layers.right[layers.right.length - 1]!
      const yHat = unsafeMake([samples, last.outputs], outputs)
      const vg = valueAndGrad((p: Traced<{ yHat: Tensor }>) => loss(batch.targets)(p.yHat))({ yHat })
      return E.map(({ value, grad }: { value: number; grad: { yHat: Tensor } }) => ({ value, grad: grad.yHat.data }))(
        vg
      )
    }
    const pass = runPass('matrix', layers.right, batch.inputs.data, samples, outputLoss)
    if (E.isLeft(pass)) return pass
    const sizes = [layers.right[0]!.inputs, ...layers.right.map((l) => l.outputs)]
    return E.right(explanationOf(`mlp ${sizes.join('-')}`, sizes, pass.right, eta.right, mlpParamsOf(params)))
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

/**
 * One step of gradient descent on the founding text's twelve weights explained, for one sample
 * or a batch (the loss is the mean of `½ Σ (ŷᵢ − yᵢ)²` over the samples,
 * `Advanced.NN.threeTwoThreeBatchLoss`). Its gradient is `AD.valueAndGrad(Advanced.NN.threeTwoThreeBatchLoss)`'s
 * bit for bit (for one sample, `NN.threeTwoThreeLoss`'s).
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
    const inputs = tripleRows('explain: inputs', samples.inputs)
    if (E.isLeft(inputs)) return inputs
    const mlpWeights = threeTwoThreeToMlp(weights)
    if (E.isLeft(mlpWeights)) return mlpWeights
    const [hidden, out] = mlpWeights.right
    const layers: ReadonlyArray<PlainLayer> = [
      { inputs: 3, outputs: 2, w: hidden!.w.data, b: undefined, activation: 'sigmoid' },
      { inputs: 2, outputs: 3, w: out!.w.data, b: undefined, activation: 'sigmoid' }
    ]
    const outputLoss: OutputLoss = (outputs) => {
      const triples = (o: ReadonlyArray<Var>) =>
        Array.from({ length: n }, (_, s) => [o[3 * s]!, o[3 * s + 1]!, o[3 * s + 2]!] as const)
      const vg = valueAndGrad<ReadonlyArray<number>>((o) => threeTwoThreeOutputsLoss(samples.targets)(triples(o)))(
        Array.from(outputs)
      )
      return E.map(({ value, grad }: ValueAndGrad<ReadonlyArray<number>>) => ({
        value,
        grad: Float64Array.from(grad)
      }))(vg)
    }
    const pass = runPass('tape', layers, inputs.right, n, outputLoss)
    if (E.isLeft(pass)) return pass
    const rebuild = (ls: ReadonlyArray<{ readonly w: Float64Array }>): ThreeTwoThree => {
      const record = threeTwoThreeFromMlp(ls.map(({ w }, l) => ({ w: unsafeMake(l === 0 ? [3, 2] : [2, 3], w) })))
      if (E.isLeft(record)) return weights
      // keys in the sorted order every record the library builds has (tree/Tree.ts)
      const keys = Object.keys(record.right).sort() as ReadonlyArray<keyof ThreeTwoThree>
      return Object.fromEntries(keys.map((k) => [k, record.right[k]])) as ThreeTwoThree
    }
    return E.right(explanationOf('the founding text’s 3-2-3 network', [3, 2, 3], pass.right, eta.right, rebuild))
  }
