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
 * loss, as training does, and each unit's numbers are read from that call's tape (an op's
 * output and the gradient the reverse sweep hands its pullback; `stepNumbers.ts`). Laws
 * (laws/explain.ts): the gradient and the loss are `AD.valueAndGrad`'s bit for bit; the updated
 * parameters are one `Optim.sgd(η)` step's bit for bit; `explainThreeTwoThree` is `explainStep`
 * on the mlp form bit for bit; each weight's gradient is the sum over samples of the products
 * of its factors, up to rounding.
 *
 * @since 0.2.0
 */
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import type { AdError } from '../../ad/AdError.js'
import type { Operand, Var } from '../../ad/Var.js'
import type { Batch } from '../../data/EpochPlan.js'
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
import { stepNumbers, type LayerNumbers, type StepNumbers } from './stepNumbers.js'

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

const rowsOf = (data: Float64Array, samples: number, width: number, at: number): ReadonlyArray<number> =>
  Array.from({ length: samples }, (_, s) => data[s * width + at]!)

const unitsOf = (pass: StepNumbers, names: ReadonlyArray<ReadonlyArray<string>>): ReadonlyArray<UnitExplanation> => {
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
  pass: StepNumbers,
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
  const pass = stepNumbers(network, loss, params, batch)
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
