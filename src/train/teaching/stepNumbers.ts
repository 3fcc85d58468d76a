/**
 * The numbers of one training step on an `NN.mlp` network, layer by layer, read from the tape
 * of the step's own `AD.valueAndGrad` (`ad/valueAndGradWithTape.ts`): each unit's weighted sum
 * `z` and activation `a`, `∂L/∂a`, `∂a/∂z` and the error term `δ = ∂L/∂z`, per sample, and each
 * layer's gradients. Nothing here computes backpropagation again: the loss and the gradients
 * are `valueAndGrad`'s, the forward values are the ops' outputs, and the rest is the layer's
 * own op and activation rule applied to them (see `layerNumbers`). `explain.ts` names them.
 *
 * @internal
 * @since 0.3.0
 */
import * as E from '#fp-ts/Either.js'
import type { AdError } from '../../ad/AdError.js'
import { evaluate, type Traced } from '../../ad/valueAndGrad.js'
import { valueAndGradWithTape, type SweptTape } from '../../ad/valueAndGradWithTape.js'
import type { Operand, Var } from '../../ad/Var.js'
import {
  activationRule,
  validateActivation,
  type Activation,
  type ElementwiseActivation
} from '../../nn/activations.js'
import { dense, type Dense } from '../../nn/dense.js'
import type { Mlp, MlpParams } from '../../nn/mlp.js'
import type { Tensor } from '../../tensor/Tensor.js'
import { invalidArgument } from '../../tensor/TensorError.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One layer's numbers, `[samples, outputs]` row-major (`below`, the values it reads,
 * `[samples, inputs]`), as the step's `valueAndGrad` computed them; `dadz` is undefined for softmax.
 */
export interface LayerNumbers {
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

/** What one step computed: its loss, each layer's numbers (input side first) and the gradient. */
export interface StepNumbers {
  readonly loss: number
  readonly samples: number
  readonly layers: ReadonlyArray<LayerNumbers>
  readonly gradient: MlpParams
}

// -------------------------------------------------------------------------------------
// reading the tape
// -------------------------------------------------------------------------------------

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
 * `∂a/∂z` come from the activation's own pullback (`Advanced.NN.activationRule`), the one the fused op runs.
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
  const checked = validateActivation(activation)
  if (E.isLeft(checked)) return checked
  if (checked.right !== 'softmax') return elementwiseLayer(tape, id, common, inputs, checked.right)
  const numbers = softmaxLayer(tape, id, common)
  return numbers === undefined ? E.left(notDense(l)) : E.right(numbers)
}

/** The step's `valueAndGrad` on the network's loss, and every layer's numbers read from its tape. */
export const stepNumbers = (
  network: Mlp,
  loss: (targets: Tensor) => (predictions: Operand) => Var,
  params: MlpParams,
  batch: { readonly inputs: Tensor; readonly targets: Tensor }
): E.Either<AdError, StepNumbers> => {
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
