/**
 * The founding text's network, spelled out weight by weight: 3 inputs `x1, x2, x3`, one
 * hidden layer of 2 sigmoid neurons `h1, h2`, 3 sigmoid outputs `ŷ1, ŷ2, ŷ3`, no biases,
 * twelve weights `w1..w12` as a plain record of numbers, and the loss `½ Σ (ŷᵢ − yᵢ)²`.
 *
 * Which weight joins which units. The text names w1..w6 input → hidden and w7..w12
 * hidden → output, and its derivative `∂L/∂w7 = (ŷ1 − y1)·ŷ1(1 − ŷ1)·h1` puts w7 on h1 → ŷ1.
 * Weights are numbered by the unit they leave, then by the unit they reach (the order of the
 * worked examples that come with the text):
 *
 * ```
 * h1 = σ(w1·x1 + w3·x2 + w5·x3)        ŷ1 = σ(w7·h1 + w10·h2)
 * h2 = σ(w2·x1 + w4·x2 + w6·x3)        ŷ2 = σ(w8·h1 + w11·h2)
 *                                      ŷ3 = σ(w9·h1 + w12·h2)
 * ```
 *
 * So the numbering is row-major in DESIGN.md's `W` `[in, out]`: the same network as
 * `mlp({ sizes: [3, 2, 3], activations: ['sigmoid', 'sigmoid'], bias: false })` with
 *
 * ```
 * W_hidden [3, 2] = [[w1, w2],         W_out [2, 3] = [[w7,  w8,  w9 ],
 *                    [w3, w4],                         [w10, w11, w12]]
 *                    [w5, w6]]
 * ```
 *
 * (`threeTwoThreeToMlp` and `threeTwoThreeFromMlp` convert). Both forms compute the same
 * forward values bit for bit, and the same gradients (laws/nn.ts).
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { abort } from '../ad/AdError.js'
import { add, div, mul, scale, square, sub } from '../ad/ops/arithmetic.js'
import { sigmoid } from '../ad/ops/activations.js'
import type { Traced } from '../ad/valueAndGrad.js'
import type { Operand, Var } from '../ad/Var.js'
import { describe, ownValue } from '../tensor/describe.js'
import { isRecord, wrongType } from '../tensor/tensorGuards.js'
import { isTensor, sameShape, unsafeMake } from '../tensor/Tensor.js'
import { invalidArgument, type InvalidArgument } from '../tensor/TensorError.js'
import { unsafeMlp, type Mlp, type MlpParams } from './mlp.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The twelve weights of the founding text's network.
 *
 * @category model
 * @since 0.1.0
 */
export type ThreeTwoThree = {
  readonly w1: number
  readonly w2: number
  readonly w3: number
  readonly w4: number
  readonly w5: number
  readonly w6: number
  readonly w7: number
  readonly w8: number
  readonly w9: number
  readonly w10: number
  readonly w11: number
  readonly w12: number
}

/**
 * Three numbers: an input `(x1, x2, x3)` or a label `(y1, y2, y3)`.
 *
 * @category model
 * @since 0.1.0
 */
export type Triple = readonly [number, number, number]

/**
 * What the network computes for one input: the hidden activations and the outputs.
 *
 * @category model
 * @since 0.1.0
 */
export interface ThreeTwoThreeActivity {
  readonly hidden: readonly [Var, Var]
  readonly output: readonly [Var, Var, Var]
}

// -------------------------------------------------------------------------------------
// the network, weight by weight
// -------------------------------------------------------------------------------------

/** `σ(w·x + w′·x′ + ...)`, the sum taken left to right. */
const neuron = (...terms: ReadonlyArray<readonly [Var, Operand]>): Var =>
  sigmoid(terms.slice(1).reduce((s, [w, x]) => add(mul(x)(w))(s), mul(terms[0]![1])(terms[0]![0])))

/** Three numbers, or the trace stops with what `x` was instead. */
const tripleOrAbort = (op: string, name: string, x: unknown): Triple =>
  Array.isArray(x) && x.length === 3 && x.every((v) => typeof v === 'number')
    ? (x as unknown as Triple)
    : abort(invalidArgument(op, `${name} is ${describe(x)}; expected three numbers`))

/**
 * The forward pass for one input, weight by weight (see the module's header).
 *
 * @example
 * import { AD, NN } from 'gradfold'
 * // with every weight 0, each unit outputs σ(0) = ½
 * const out = (p: AD.Traced<NN.ThreeTwoThree>) => NN.threeTwoThreeForward([1, 0, 0])(p).output[0]
 * AD.value(out)({ w1: 0, w2: 0, w3: 0, w4: 0, w5: 0, w6: 0, w7: 0, w8: 0, w9: 0, w10: 0, w11: 0, w12: 0 }) // right(0.5)
 *
 * @category network
 * @since 0.1.0
 */
export const threeTwoThreeForward =
  (x: Triple) =>
  (p: Traced<ThreeTwoThree>): ThreeTwoThreeActivity => {
    const [x1, x2, x3] = tripleOrAbort('threeTwoThreeForward', 'the input', x)
    const h1 = neuron([p.w1, x1], [p.w3, x2], [p.w5, x3])
    const h2 = neuron([p.w2, x1], [p.w4, x2], [p.w6, x3])
    const y1 = neuron([p.w7, h1], [p.w10, h2])
    const y2 = neuron([p.w8, h1], [p.w11, h2])
    const y3 = neuron([p.w9, h1], [p.w12, h2])
    return { hidden: [h1, h2], output: [y1, y2, y3] }
  }

/** `½ Σᵢ (ŷᵢ − yᵢ)²` of one sample's three outputs, the squares added in output order. */
const halfSquaredError =
  (y: Triple) =>
  ([o1, o2, o3]: readonly [Operand, Operand, Operand]): Var => {
    const [y1, y2, y3] = tripleOrAbort('threeTwoThree loss', 'the target', y)
    const e1 = square(sub(y1)(o1))
    const e2 = square(sub(y2)(o2))
    const e3 = square(sub(y3)(o3))
    return scale(0.5)(add(e3)(add(e2)(e1)))
  }

/**
 * The founding text's loss for one labelled input, `½ Σᵢ (ŷᵢ − yᵢ)²`, as a function of the
 * weights: differentiate it with `AD.valueAndGrad`.
 *
 * @example
 * import { AD, NN } from 'gradfold'
 * const w = { w1: 0.1, w2: 0.2, w3: 0.3, w4: 0.4, w5: 0.5, w6: 0.6, w7: 0.7, w8: 0.8, w9: 0.9, w10: 1, w11: 1.1, w12: 1.2 }
 * AD.valueAndGrad(NN.threeTwoThreeLoss([1, 0.5, -1], [1, 0, 0]))(w) // right({ value: 0.5534…, grad: { w1: 0.0491…, …, w12: 0.0654… } })
 *
 * @category network
 * @since 0.1.0
 */
export const threeTwoThreeLoss =
  (x: Triple, y: Triple) =>
  (p: Traced<ThreeTwoThree>): Var =>
    halfSquaredError(y)(threeTwoThreeForward(x)(p).output)

/**
 * The loss of a batch as a function of the network's outputs (one triple per sample): the mean
 * over samples of `½ Σᵢ (ŷᵢ − yᵢ)²`, the per-sample losses added in sample order. Outputs and
 * targets of different lengths, or none, stop the trace.
 *
 * @example
 * import { AD } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // two samples whose outputs miss by ½ on one output each: (½·¼ + ½·¼) / 2 = 0.125
 * const loss = (o: ReadonlyArray<AD.Var>) =>
 *   Advanced.NN.threeTwoThreeOutputsLoss([[1, 0, 0], [0, 1, 0]])([[o[0]!, o[1]!, o[2]!], [o[3]!, o[4]!, o[5]!]])
 * AD.value<ReadonlyArray<number>>(loss)([0.5, 0, 0, 0, 0.5, 0]) // right(0.125)
 *
 * @category network
 * @since 0.2.0
 */
export const threeTwoThreeOutputsLoss =
  (targets: ReadonlyArray<Triple>) =>
  (outputs: ReadonlyArray<readonly [Operand, Operand, Operand]>): Var => {
    if (!Array.isArray(targets) || !Array.isArray(outputs)) {
      abort(invalidArgument('threeTwoThreeOutputsLoss', 'the targets and the outputs must be arrays'))
    }
    if (targets.length === 0 || outputs.length !== targets.length) {
      abort(
        invalidArgument(
          'threeTwoThreeOutputsLoss',
          `${outputs.length} outputs for ${targets.length} targets; need as many, at least one`
        )
      )
    }
    const losses = outputs.map((o, s) => halfSquaredError(targets[s]!)(o))
    return div(targets.length)(losses.slice(1).reduce((total, l) => add(l)(total), losses[0]!))
  }

/**
 * The founding text's loss over a batch, the mean of `½ Σᵢ (ŷᵢ − yᵢ)²` over the samples, as a
 * function of the weights. On one sample it is `threeTwoThreeLoss` bit for bit.
 *
 * @example
 * import { AD } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * const w = { w1: 0, w2: 0, w3: 0, w4: 0, w5: 0, w6: 0, w7: 0, w8: 0, w9: 0, w10: 0, w11: 0, w12: 0 }
 * // every output is ½ whatever the input: each sample's loss is ½ (¼ + ¼ + ¼) = 0.375
 * AD.value(Advanced.NN.threeTwoThreeBatchLoss([[1, 0, 0], [0, 1, 0]], [[1, 0, 0], [0, 1, 0]]))(w) // right(0.375)
 *
 * @category network
 * @since 0.2.0
 */
export const threeTwoThreeBatchLoss =
  (inputs: ReadonlyArray<Triple>, targets: ReadonlyArray<Triple>) =>
  (p: Traced<ThreeTwoThree>): Var =>
    Array.isArray(inputs)
      ? threeTwoThreeOutputsLoss(targets)(inputs.map((x) => threeTwoThreeForward(x)(p).output))
      : abort(invalidArgument('threeTwoThreeBatchLoss', `the inputs are ${describe(inputs)}; expected an array`))

// -------------------------------------------------------------------------------------
// the same network as an mlp
// -------------------------------------------------------------------------------------

/**
 * The spec `mlp({ sizes: [3, 2, 3], activations: ['sigmoid', 'sigmoid'], bias: false })`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { NN, Tensor } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // with every weight 0, each unit's weighted sum is 0 and its sigmoid ½, whatever the input
 * const w = { w1: 0, w2: 0, w3: 0, w4: 0, w5: 0, w6: 0, w7: 0, w8: 0, w9: 0, w10: 0, w11: 0, w12: 0 }
 * pipe(
 *   E.Do,
 *   E.apSW('params', Advanced.NN.threeTwoThreeToMlp(w)),
 *   E.apSW('x', Tensor.fromNested([[1, 0, 0]])),
 *   E.chainW(({ params, x }) => NN.threeTwoThreeMlp.predict(params)(x))
 * ) // right([[0.5, 0.5, 0.5]])
 *
 * @category mlp form
 * @since 0.1.0
 */
export const threeTwoThreeMlp: Mlp = unsafeMlp([3, 2, 3], ['sigmoid', 'sigmoid'], {
  sizes: [3, 2, 3],
  activations: ['sigmoid', 'sigmoid'],
  bias: false
})

const KEYS = ['w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7', 'w8', 'w9', 'w10', 'w11', 'w12'] as const

/**
 * The twelve weights as `threeTwoThreeMlp`'s parameters: `W_hidden` `[3, 2]` holds w1..w6 and
 * `W_out` `[2, 3]` holds w7..w12, each row-major.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * const w = { w1: 1, w2: 2, w3: 3, w4: 4, w5: 5, w6: 6, w7: 7, w8: 8, w9: 9, w10: 10, w11: 11, w12: 12 }
 * Advanced.NN.threeTwoThreeToMlp(w) // right([{ w: [[1, 2], [3, 4], [5, 6]] }, { w: [[7, 8, 9], [10, 11, 12]] }])
 *
 * @category mlp form
 * @since 0.1.0
 */
export const threeTwoThreeToMlp = (p: ThreeTwoThree): E.Either<InvalidArgument, MlpParams> => {
  if (!isRecord(p)) return E.left(wrongType('threeTwoThreeToMlp', 'the record of weights', 'a record w1 … w12')(p))
  const ws = KEYS.map((k) => p[k])
  const bad = ws.findIndex((w) => typeof w !== 'number' || !Number.isFinite(w))
  if (bad >= 0) return E.left(wrongType('threeTwoThreeToMlp', KEYS[bad]!, 'a finite number')(ws[bad]))
  return E.right([
    { w: unsafeMake([3, 2], Float64Array.from(ws.slice(0, 6))) },
    { w: unsafeMake([2, 3], Float64Array.from(ws.slice(6))) }
  ])
}

/**
 * The twelve weights back from `threeTwoThreeMlp`'s parameters, or why they are not its shape.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as Advanced from 'gradfold/advanced'
 * const w = { w1: 1, w2: 2, w3: 3, w4: 4, w5: 5, w6: 6, w7: 7, w8: 8, w9: 9, w10: 10, w11: 11, w12: 12 }
 * pipe(Advanced.NN.threeTwoThreeToMlp(w), E.chainW(Advanced.NN.threeTwoThreeFromMlp)) // right({ w1: 1, w2: 2, w3: 3, w4: 4, w5: 5, w6: 6, w7: 7, w8: 8, w9: 9, w10: 10, w11: 11, w12: 12 })
 * Advanced.NN.threeTwoThreeFromMlp([]) // left: threeTwoThreeFromMlp…
 *
 * @category mlp form
 * @since 0.1.0
 */
export const threeTwoThreeFromMlp = (params: MlpParams): E.Either<InvalidArgument, ThreeTwoThree> => {
  // own values only, each read once: a getter (from `any`) reads as nothing, never runs
  const layer = (k: string): { readonly w: unknown; readonly b: unknown } | undefined => {
    const l = Array.isArray(params) ? ownValue(params, k) : undefined
    return typeof l === 'object' && l !== null ? { w: ownValue(l, 'w'), b: ownValue(l, 'b') } : undefined
  }
  const hidden = layer('0')
  const out = layer('1')
  const fits =
    Array.isArray(params) &&
    params.length === 2 &&
    hidden !== undefined &&
    out !== undefined &&
    isTensor(hidden.w) &&
    isTensor(out.w) &&
    hidden.b === undefined &&
    out.b === undefined &&
    sameShape(hidden.w.shape, [3, 2]) &&
    sameShape(out.w.shape, [2, 3])
  if (!fits)
    return E.left(invalidArgument('threeTwoThreeFromMlp', 'expected two bias-free layers with W [3, 2] and W [2, 3]'))
  const ws = [...hidden.w.data, ...out.w.data]
  return E.right(Object.fromEntries(KEYS.map((k, i) => [k, ws[i]!])) as ThreeTwoThree)
}
