/**
 * A forward-only compiled program: a function of the parameters and of some input tensors that
 * answers a list of values (a loss and the predictions it was computed from, say), traced once
 * as `compile` traces (`ad/program.ts`) and then run, forward pass only, over buffers allocated
 * once: what measuring a model on a data set needs, with no gradient to pay for. The buffers
 * hold every intermediate value of the traced shapes, so a caller keeps such a program only
 * where they are small (`size`).
 *
 * Law (laws/compiled.ts): each value it answers equals, bit for bit, the value `AD.evaluate`
 * gives for it, the parameters held constant; it gives up (answers undefined) exactly where
 * `evaluate` fails, so that the caller, running the tape, answers the same error.
 *
 * @since 0.3.0
 */
import type { Shape, Tensor } from '../tensor/Tensor.js'
import { isVar, type Var } from './Var.js'
import { buffers, enter, instructions, layOut, runForward, SKIP, slotOf, trace } from './program.js'
import { generateForward, type ForwardRun } from './codegen/generate.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A traced function's forward-only program. `run(params, inputs)` answers the arrays of the
 * values the function answered, in its order (buffers the program keeps and overwrites at the
 * next run, or the caller's own arrays where a value is a parameter or an input), or undefined
 * where a step fails (a value that is not finite, a custom op that fails).
 *
 * @category model
 * @since 0.3.0
 */
export interface ForwardProgram {
  readonly _tag: 'ForwardProgram'
  /** Each answered value's shape. */
  readonly shapes: ReadonlyArray<Shape>
  /** How many op instructions the program runs. */
  readonly length: number
  /** How many float64 elements its buffers hold. */
  readonly size: number
  /** The values at `params` (leaves in layout order) and `inputs`; `finite` as `Program.run`'s. */
  readonly run: (
    params: ReadonlyArray<Float64Array>,
    inputs: ReadonlyArray<Float64Array>,
    finite?: boolean
  ) => ReadonlyArray<Float64Array> | undefined
}

// -------------------------------------------------------------------------------------
// compiling
// -------------------------------------------------------------------------------------

/** A list of values, each made by the library's ops: what a forward-only program answers. */
const listOfVars = (result: unknown): ReadonlyArray<unknown> | undefined =>
  Array.isArray(result) && result.every(isVar) ? result : undefined

/**
 * The forward-only program of `f` (which answers a list of values) at parameters and inputs of
 * these shapes, or undefined when `f` does not compile (its trace escaped, an op it ran has no
 * flat form, or the trace failed).
 *
 * @internal
 */
export const compileForward = (
  f: (params: ReadonlyArray<Var>, inputs: ReadonlyArray<Tensor>) => ReadonlyArray<Var>,
  params: ReadonlyArray<Tensor>,
  inputs: ReadonlyArray<Tensor>
): ForwardProgram | undefined => {
  const traced = trace(f, params, inputs, listOfVars)
  if (traced === undefined) return undefined
  const { tape, outs } = traced
  const leaves = params.length + inputs.length
  const laid = layOut(tape, leaves)
  if (laid === undefined) return undefined
  const outputs = outs.map((out) => slotOf(laid, tape, out))
  const vals = buffers(laid)
  const none = { modes: [], targets: [] }
  const program = instructions(laid, vals, (_i, slots) =>
    slots.length === 0 ? none : { modes: slots.map(() => SKIP), targets: slots.map(() => undefined) }
  )
  const sizes = laid.nodes.map((node) => node.size)
  const answered: Array<Float64Array> = new Array(outputs.length)
  const interpreted: ForwardRun = (ps, xs, finite) => {
    if (!enter(vals, ps, xs, finite) || !runForward(program, vals, leaves)) return undefined
    for (let j = 0; j < outputs.length; j++) answered[j] = vals[outputs[j]!]!
    return answered
  }
  const run = generateForward({ steps: program, sizes, params: params.length, leaves, vals }, outputs) ?? interpreted
  let size = 0
  for (let i = leaves; i < sizes.length; i++) size += sizes[i]!
  return {
    _tag: 'ForwardProgram',
    // frozen once here, so that a tensor made of an answer keeps the shape as it is (no copy per run)
    shapes: outs.map((out) => Object.freeze(out.value.shape.slice())),
    length: program.length,
    size,
    run: (ps, xs, finite) => {
      try {
        return run(ps, xs, finite)
      } catch {
        return undefined // a kernel that stopped, or a custom op that failed: the tape names it
      }
    }
  }
}
