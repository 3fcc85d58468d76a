/**
 * Activations: the differentiable functions a layer applies to its weighted sums, both as
 * functions (`sigmoid`, `tanh`, `relu`, `leakyRelu`, `softmax`, `identity`) and as values a
 * configuration can name (`Activation`), which `activate` turns into the function.
 *
 * An `Activation` is plain JSON: one of the names `'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' |
 * 'softmax' | 'identity'`, or `{ leakyRelu: α }` for a leaky rectifier with slope `α` below 0
 * (the bare name `'leakyRelu'` means the slope {@link DEFAULT_LEAKY_SLOPE}, PyTorch's default).
 * Softmax acts on each row (the last axis); the others act element by element.
 *
 * @since 0.1.0
 */
import { describe } from '../tensor/describe.js'
import * as E from '#fp-ts/Either.js'
import { identityRule, rectifierRule, sigmoidRule, tanhRule, type ActivationRule } from '../ad/activationRules.js'
import { leakyRelu, lift, relu, sigmoid, softmax, tanh, type Operand, type Var } from '../ad/index.js'
import { invalidArgument, type InvalidArgument } from '../tensor/TensorError.js'
import { abort } from '../ad/AdError.js'
import { isRecord } from '../tensor/tensorGuards.js'

export { leakyRelu, relu, sigmoid, softmax, tanh }

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The names of the activations.
 *
 * @category model
 * @since 0.1.0
 */
export type ActivationName = 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'softmax' | 'identity'

/**
 * A leaky rectifier with its slope for negative inputs, as a configuration writes it.
 *
 * @category model
 * @since 0.1.0
 */
export type LeakySlope = { readonly leakyRelu: number }

/**
 * An activation as a configuration names it.
 *
 * @example
 * import { NN } from 'gradfold'
 * const activations: ReadonlyArray<NN.Activation> = [{ leakyRelu: 0.2 }, 'softmax']
 * NN.mlp({ sizes: [3, 8, 3], activations }) // right: leaky rectifiers in the hidden layer, softmax at the output
 *
 * @category model
 * @since 0.1.0
 */
export type Activation = ActivationName | LeakySlope

/**
 * The activations that act element by element: every one but softmax. A dense layer fuses
 * these into one op (see `denseActivation`).
 *
 * @category model
 * @since 0.1.0
 */
export type ElementwiseActivation = Exclude<Activation, 'softmax'>

/**
 * The slope of `'leakyRelu'` named without one: 0.01, as in PyTorch.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.NN.DEFAULT_LEAKY_SLOPE // => 0.01
 * Advanced.NN.negativeSlope('leakyRelu') // => 0.01: the slope of a leaky rectifier named without one
 *
 * @category constants
 * @since 0.1.0
 */
export const DEFAULT_LEAKY_SLOPE = 0.01

const NAMES: ReadonlyArray<ActivationName> = ['sigmoid', 'tanh', 'relu', 'leakyRelu', 'softmax', 'identity']

// -------------------------------------------------------------------------------------
// activations
// -------------------------------------------------------------------------------------

/**
 * The identity: `x` itself, as a `Var`. Pullback: `g`.
 *
 * @example
 * import { AD, NN } from 'gradfold'
 * // the output layer of a regression: its value and gradient pass through unchanged
 * AD.valueAndGrad((p: AD.Traced<{ x: number }>) => NN.identity(p.x))({ x: 1.5 }) // right({ value: 1.5, grad: { x: 1 } })
 *
 * @category activations
 * @since 0.1.0
 */
export const identity = (x: Operand): Var => lift(x)

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * The slope for negative inputs of a rectifier: 0 for `'relu'`, `α` for a leaky one;
 * undefined for the other activations.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.NN.negativeSlope('relu') // => 0
 * Advanced.NN.negativeSlope({ leakyRelu: 0.2 }) // => 0.2
 * Advanced.NN.negativeSlope('sigmoid') // => undefined
 *
 * @category destructors
 * @since 0.1.0
 */
export const negativeSlope = (a: Activation): number | undefined =>
  isRecord(a)
    ? typeof a.leakyRelu === 'number'
      ? a.leakyRelu
      : undefined
    : a === 'relu'
      ? 0
      : a === 'leakyRelu'
        ? DEFAULT_LEAKY_SLOPE
        : undefined

/**
 * The activation as text, for messages: `'relu'`, `'leakyRelu(0.2)'`.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.NN.showActivation('relu') // => 'relu'
 * Advanced.NN.showActivation({ leakyRelu: 0.2 }) // => 'leakyRelu(0.2)'
 *
 * @category destructors
 * @since 0.1.0
 */
export const showActivation = (a: Activation): string =>
  typeof a === 'string' ? a : isRecord(a) ? `leakyRelu(${describe(a.leakyRelu)})` : describe(a)

// -------------------------------------------------------------------------------------
// interpreters
// -------------------------------------------------------------------------------------

const notElementwise = invalidArgument('activation', 'softmax is not elementwise; it has no elementwise rule')

/** The rule of an activation that was refused: applying it stops the trace with the refusal. */
const refusedRule = (error: InvalidArgument): ActivationRule => ({
  name: 'refused',
  apply: () => abort(error),
  pullback: () => abort(error),
  applyInto: () => abort(error),
  pullbackInto: () => abort(error)
})

/**
 * The entry of the table of activations (`Advanced.AD.ActivationRule`: its loop and its derivative's)
 * for an element-wise activation: what the fused dense layer runs after `x·W + b`.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.NN.activationRule({ leakyRelu: 0.2 }).apply(Float64Array.of(-1, 1)) // Float64Array [-0.2, 1]
 *
 * @category interpreters
 * @since 0.2.0
 */
export const activationRule = (a: ElementwiseActivation): ActivationRule => {
  const checked = validateActivation(a)
  if (E.isLeft(checked) || (a as Activation) === 'softmax')
    return refusedRule(E.isLeft(checked) ? checked.left : notElementwise)
  const slope = negativeSlope(a)
  if (slope !== undefined) return rectifierRule(slope)
  return a === 'sigmoid' ? sigmoidRule : a === 'tanh' ? tanhRule : identityRule
}

/**
 * The function an activation names: `[...] → [...]`, the same shape.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Tensor } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * const leaky = (p: AD.Traced<{ z: Tensor.Tensor }>) => pipe(p.z, Advanced.NN.activate({ leakyRelu: 0.2 }))
 * pipe(Tensor.fromNested([-2, 3]), E.chainW((z) => AD.evaluate(leaky)({ z })), E.map(Tensor.toArray)) // right([-0.4, 3])
 *
 * @category interpreters
 * @since 0.1.0
 */
export const activate = (a: Activation): ((x: Operand) => Var) => {
  const checked = validateActivation(a)
  if (E.isLeft(checked)) return () => abort(checked.left)
  const slope = negativeSlope(a)
  if (slope !== undefined) return slope === 0 ? relu : leakyRelu(slope)
  switch (a) {
    case 'sigmoid':
      return sigmoid
    case 'tanh':
      return tanh
    case 'softmax':
      return softmax
    default:
      return identity
  }
}

// -------------------------------------------------------------------------------------
// validation
// -------------------------------------------------------------------------------------

/**
 * Right when `u` is an activation: a known name, or `{ leakyRelu: α }` with a finite `α`.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.NN.validateActivation({ leakyRelu: 0.2 }) // right({ leakyRelu: 0.2 })
 * Advanced.NN.validateActivation('swish') // left: activation: unknown activation "swish"; expected one of sigmoid, tanh, …
 *
 * @category validation
 * @since 0.1.0
 */
export const validateActivation = (u: unknown): E.Either<InvalidArgument, Activation> => {
  if (typeof u === 'string' && (NAMES as ReadonlyArray<string>).includes(u)) return E.right(u as ActivationName)
  if (typeof u === 'object' && u !== null && Object.keys(u).length === 1 && 'leakyRelu' in u) {
    const alpha = (u as { readonly leakyRelu: unknown }).leakyRelu
    if (typeof alpha === 'number' && Number.isFinite(alpha)) return E.right({ leakyRelu: alpha })
    return E.left(
      invalidArgument('activation', `the slope of leakyRelu is ${describe(alpha)}; expected a finite number`)
    )
  }
  return E.left(
    invalidArgument(
      'activation',
      `unknown activation ${describe(u)}; expected one of ${NAMES.join(', ')} or { leakyRelu: slope }`
    )
  )
}
