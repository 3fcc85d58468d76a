/**
 * Writing your own differentiable op: a forward step that computes the output (and keeps what
 * its derivative needs) and a pullback that maps the gradient of the output to the gradients
 * of the inputs, the two halves every op of this library is made of (micrograd's `_backward`,
 * JAX's `custom_vjp`). `customOp` records the op on the tape of the `valueAndGrad` call that
 * traces it, exactly as the built-in ops are recorded; nn's fused ops are built on it.
 *
 * Law (laws/ad.ts, `customOpAgreesWithCentralDifferences`): a correct pullback agrees with the
 * central differences of the forward step, which the law checks through the public API alone,
 * so a user can run it on an op of their own.
 *
 * The contract: `forward` reads its inputs and returns a fresh array (or an input's array
 * unchanged), never writing into an input; `pullback` returns one array per input, of that
 * input's size, and may skip (return any array, e.g. {@link NO_GRADIENT}) an input that is not
 * traced. An output that is not finite, an output whose data does not fill its shape, and a
 * pullback that answers the wrong number of gradients or a gradient of the wrong size stop
 * the trace with an error value naming the op; an exception thrown by either half does too.
 *
 * @since 0.2.0
 */
import * as E from '#fp-ts/Either.js'
import { asText, describe, describeThrown } from '../tensor/describe.js'
import { isRecord } from '../tensor/tensorGuards.js'
import { invalidArgument } from '../tensor/TensorError.js'
import { sameShape, type Shape, type Tensor } from '../tensor/Tensor.js'
import { abort, invalidFunction, TraceAbort, type AdError } from './AdError.js'
import { record } from './tape.js'
import type { Kernel } from './kernel.js'
import { lift, type Operand, type Var } from './Var.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What a forward step computes: the output's shape and data, and `saved`, whatever its
 * pullback will need (intermediate arrays, dimensions).
 *
 * @category model
 * @since 0.2.0
 */
export interface Forward<R> {
  readonly shape: Shape
  readonly data: Float64Array
  readonly saved: R
}

/**
 * An op of your own: its name (for errors), its forward step from the inputs' values, and
 * its pullback from the gradient of the output `g` (the output's size), what the forward step
 * saved, and which inputs are traced, to one gradient per input.
 *
 * @category model
 * @since 0.2.0
 */
export interface CustomOp<R> {
  readonly name: string
  /** The output, computed from the inputs' values, and what the pullback will need. */
  readonly forward: (inputs: ReadonlyArray<Tensor>) => E.Either<AdError, Forward<R>>
  /** The gradients of the inputs, one array per input, given the gradient `g` of the output. */
  readonly pullback: (g: Float64Array, saved: R, traced: ReadonlyArray<boolean>) => ReadonlyArray<Float64Array>
}

/**
 * The gradient a pullback may hand back for an input that is not traced: the reverse sweep
 * never reads it, so it need not be computed.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { AD } from 'gradfold'
 * // x·y, whose pullback computes only the gradients of the traced inputs
 * const times: AD.CustomOp<readonly [Float64Array, Float64Array]> = {
 *   name: 'times',
 *   forward: ([x, y]) => E.right({ shape: x!.shape, data: x!.data.map((v, i) => v * y!.data[i]!), saved: [x!.data, y!.data] }),
 *   pullback: (g, [x, y], traced) => [
 *     traced[0] ? g.map((gi, i) => gi * y[i]!) : AD.NO_GRADIENT,
 *     traced[1] ? g.map((gi, i) => gi * x[i]!) : AD.NO_GRADIENT
 *   ]
 * }
 * // the constant 3 is not traced, so its gradient is never computed
 * AD.valueAndGrad((p: AD.Traced<{ w: number }>) => AD.customOp(times)(p.w, 3))({ w: 2 }) // right({ value: 6, grad: { w: 3 } })
 *
 * @category constants
 * @since 0.2.0
 */
export const NO_GRADIENT: Float64Array = new Float64Array(0)

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const sizeOf = (shape: Shape): number => shape.reduce((a, b) => a * b, 1)

const failed = (name: string, e: unknown): AdError =>
  invalidFunction(`${asText(name)}: the op threw: ${describeThrown(e)}`)

/** Runs one half of a user's op, turning a throw (other than an aborted trace) into an error value. */
const guarded = <A>(name: string, run: () => A): A => {
  try {
    return run()
  } catch (e) {
    return abort(e instanceof TraceAbort ? e.error : failed(name, e))
  }
}

/** The pullback, checked: one gradient per input, each traced input's of its size. */
const checkedPullback =
  <R>(op: CustomOp<R>, inputs: ReadonlyArray<Var>, saved: R, traced: ReadonlyArray<boolean>) =>
  (g: Float64Array): ReadonlyArray<Float64Array> => {
    const grads = guarded(op.name, () => op.pullback(g, saved, traced))
    if (grads.length !== inputs.length)
      abort(invalidFunction(`${op.name}: the pullback returned ${grads.length} gradients for ${inputs.length} inputs`))
    for (let i = 0; i < inputs.length; i++) {
      const size = inputs[i]!.value.data.length
      if (traced[i] && grads[i]!.length !== size)
        abort(
          invalidFunction(
            `${op.name}: the pullback returned ${grads[i]!.length} numbers for input ${i} of size ${size}`
          )
        )
    }
    return grads
  }

/** The answer of a custom op's step that a compiled program cannot take: it gives up, and `valueAndGrad` runs. */
const refused = (): never => {
  throw new Error('the custom op failed inside a compiled program')
}

/**
 * The op as a compiled program runs it (`ad/program.ts`): its own forward and pullback at each
 * run, on tensors over the program's buffers, checked as `customOp` checks them (a step that
 * would fail, or an output of another shape than the one traced, gives the run up). The pullback
 * is told an input is traced when the program asks its gradient, as `valueAndGrad` tells it
 * when the input is a parameter or computed from one.
 */
const programKernel = <R>(op: CustomOp<R>, inputs: ReadonlyArray<Var>, shape: Shape): Kernel => {
  const shapes = inputs.map((v) => v.value.shape)
  const sizes = inputs.map((v) => v.value.data.length)
  let saved: R | undefined
  // which inputs are traced outside the program: those it asks a gradient of (the batch is not)
  let traced: ReadonlyArray<boolean> | undefined
  return {
    forward: (ins) => {
      const out = op.forward(ins.map((data, k): Tensor => ({ _tag: 'Tensor', shape: shapes[k]!, data })))
      if (E.isLeft(out) || !sameShape(out.right.shape, shape) || out.right.data.length !== sizeOf(shape))
        return refused()
      saved = out.right.saved
      return out.right.data
    },
    pullback: (g, _, __, grads) => {
      traced ??= grads.map((t) => t !== undefined)
      const gs = op.pullback(g, saved as R, traced)
      if (gs.length !== inputs.length) refused()
      for (let k = 0; k < grads.length; k++) {
        const target = grads[k]
        if (target === undefined) continue
        if (gs[k]!.length !== sizes[k]) refused()
        target.set(gs[k]!)
      }
    }
  }
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** A custom op as it may arrive through `any`: a name and two functions. */
const isCustomOp = (u: unknown): u is CustomOp<unknown> =>
  isRecord(u) &&
  typeof u['name'] === 'string' &&
  typeof u['forward'] === 'function' &&
  typeof u['pullback'] === 'function'

/**
 * The differentiable op `op` describes: `(...inputs) → Var`, each input a traced value, a
 * tensor or a number.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Elementary, Tensor } from 'gradfold'
 * // softplus ln(1 + eˣ), whose derivative is σ(x)
 * const softplus = AD.customOp({
 *   name: 'softplus',
 *   forward: ([x]) => E.right({ shape: x!.shape, data: x!.data.map((v) => Elementary.log1p(Elementary.exp(v))), saved: x!.data }),
 *   pullback: (g, x) => [g.map((gi, i) => gi / (1 + Elementary.exp(-x[i]!)))]
 * })
 * pipe(
 *   Tensor.fromNested([0, 1]),
 *   E.chainW((x) => AD.grad((p: AD.Traced<{ x: Tensor.Tensor }>) => AD.sum(softplus(p.x)))({ x })),
 *   E.map(({ x }) => Tensor.toArray(x))
 * ) // right([0.5, 0.7310585786300049])
 *
 * @category constructors
 * @since 0.2.0
 */
export const customOp =
  <R>(op: CustomOp<R>) =>
  (...operands: ReadonlyArray<Operand>): Var => {
    if (!isCustomOp(op)) {
      return abort(
        invalidArgument('customOp', `the op is ${describe(op)}; expected a record { name, forward, pullback }`)
      )
    }
    const inputs = operands.map(lift)
    const out = guarded(op.name, () => op.forward(inputs.map((v) => v.value)))
    if (E.isLeft(out)) return abort(out.left)
    const { shape, data, saved } = out.right
    if (data.length !== sizeOf(shape))
      abort(
        invalidFunction(`${op.name}: the forward step returned ${data.length} numbers for shape [${shape.join(', ')}]`)
      )
    const traced = inputs.map((v) => v.tape !== undefined)
    // only a program being traced needs the op's flat form
    const compiling = inputs.some((v) => v.tape?.compiling !== undefined)
    const kernel = compiling ? programKernel(op, inputs, shape) : undefined
    return record(op.name, shape, data, inputs, checkedPullback(op, inputs, saved, traced), kernel)
  }
