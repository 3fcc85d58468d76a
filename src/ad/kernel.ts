/**
 * An op's flat form, and the op made from it: the forward loop into a buffer and the pullback
 * into gradient buffers, side by side, which the op's general form (`applyKernel`) and a compiled
 * program (`ad/program.ts`) both run, so the two agree bit for bit.
 *
 * @since 0.3.0
 */
import { describe } from '../tensor/describe.js'
import { validateShape, type Shape } from '../tensor/Tensor.js'
import { invalidArgument } from '../tensor/TensorError.js'
import { abort } from './AdError.js'
import { record } from './tape.js'
import { lift, type Var } from './Var.js'
import type { Emitter } from './codegen/emit.js'

/**
 * An op's flat form: `forward` writes the output into `out` from the inputs' arrays, and
 * `pullback` writes, for every input `k` whose `grads[k]` is given, that input's gradient into
 * `grads[k]` (every element of it) from the output's gradient `g`, the inputs and the output.
 * Both read only what they are handed (and the op's static parameters: its shapes, its
 * constants), never an array captured when the op was traced, so a compiled program can run
 * them over buffers of its own step after step (`ad/program.ts`); the op's general form runs
 * the very same loops on fresh arrays (`applyKernel`), so the two agree bit for bit. A kernel
 * may stop the trace (`abort`) when its inputs call for an error, as its general form would.
 * A custom op's kernel may answer the array it computed instead of filling `out`. A kernel may
 * carry its arithmetic as source too (`emit`, `ad/codegen/emit.ts`), which a compiled program
 * writes into the one function it generates instead of calling the kernel.
 *
 * @category model
 * @since 0.3.0
 */
export interface Kernel {
  /** Writes the output into `out` from the inputs' arrays (or answers the array it computed). */
  readonly forward: (ins: ReadonlyArray<Float64Array>, out: Float64Array) => Float64Array | void
  /** Writes each traced input's gradient into `grads[k]` from the output's gradient `g`. */
  readonly pullback: (
    g: Float64Array,
    ins: ReadonlyArray<Float64Array>,
    out: Float64Array,
    grads: ReadonlyArray<Float64Array | undefined>
  ) => void
  /**
   * The same arithmetic as source, for a compiled program's generated function.
   *
   * @since 0.3.0
   */
  readonly emit?: Emitter
}

const sizeOf = (shape: Shape): number => {
  let n = 1
  for (let i = 0; i < shape.length; i++) n *= shape[i]!
  return n
}

/** Stops the trace, naming the argument, when `applyKernel` is handed what it cannot run. */
const checkArguments = (name: unknown, shape: unknown, kernel: unknown, operands: unknown): void => {
  const refuse = (what: string): never => abort(invalidArgument('applyKernel', what))
  if (typeof name !== 'string') refuse(`the name is ${describe(name)}; expected a string`)
  const size = validateShape(shape)
  if (size._tag === 'Left') refuse(size.left.message)
  const k = kernel as Partial<Record<'forward' | 'pullback', unknown>> | null
  if (typeof k !== 'object' || k === null || typeof k.forward !== 'function' || typeof k.pullback !== 'function')
    refuse(`the kernel is ${describe(kernel)}; expected a record { forward, pullback } of functions`)
  if (!Array.isArray(operands)) refuse(`the operands are ${describe(operands)}; expected a list of values`)
}

/**
 * The result of op `name` from its flat form: `kernel.forward` into a fresh array, recorded
 * with a pullback that runs `kernel.pullback` into fresh arrays, one per traced input (the
 * op's general form, sharing its arithmetic with the compiled program). Every op of `ad/ops`
 * is made this way, and so can a user's: an op so made runs in a compiled program over its
 * buffers, where a custom op runs its own forward and pullback on fresh arrays.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // x³, its pullback 3x²·g, written once as loops over arrays
 * const cubeKernel: Advanced.AD.Kernel = {
 *   forward: ([x], out) => {
 *     for (let i = 0; i < out.length; i++) out[i] = x![i]! ** 3
 *   },
 *   pullback: (g, [x], _out, [gx]) => {
 *     for (let i = 0; i < g.length; i++) gx![i] = 3 * x![i]! ** 2 * g[i]!
 *   }
 * }
 * const cube = (x: AD.Operand) => Advanced.AD.applyKernel('cube', [], cubeKernel, [AD.lift(x)])
 * AD.valueAndGrad((p: AD.Traced<{ x: number }>) => pipe(p.x, cube))({ x: 2 }) // right({ value: 8, grad: { x: 12 } })
 *
 * @category constructors
 * @since 0.3.0
 */
export const applyKernel = (name: string, shape: Shape, kernel: Kernel, operands: ReadonlyArray<Var>): Var => {
  checkArguments(name, shape, kernel, operands)
  // lifting stops the trace on what is no value; an op built of ops (a broadcast inside `add`)
  // hands itself a guarded twin while a program is traced
  const inputs = operands.map(lift)
  const ins = inputs.map((v) => v.value.data)
  const out = new Float64Array(sizeOf(shape))
  kernel.forward(ins, out)
  return record(
    name,
    shape,
    out,
    inputs,
    (g) => {
      const grads = inputs.map((v) => (v.tape === undefined ? undefined : new Float64Array(v.value.data.length)))
      kernel.pullback(g, ins, out, grads)
      return grads
    },
    kernel
  )
}
