/**
 * A compiled program: a function of the parameters and of some input tensors (a batch), traced
 * once into the list of the library's ops it runs, then run, forward and pullbacks, over buffers
 * allocated once, as often as asked, by each op's flat kernel (`Kernel`, beside the op's general
 * form in `ad/ops/*`). The way JAX's `jit` does it: nothing is recognised by the identity of a
 * function object; any function built from the library's ops (and custom ops, which run their
 * own forward and pullback inside the program) compiles.
 *
 * Tracing runs the function once on the real values, with every value handed to it guarded: the
 * parameters and the op results are `Var`s whose data, read outside the library's ops (a number
 * taken out with `toNumber`, a branch on an element), marks the trace as escaped; the inputs
 * are tensors whose data, read outside the ops (a loss that looks at its targets by hand), does
 * too. An escaped trace does not compile: what it read would be baked into the program. So
 * every constant a program holds was made without looking at the parameters or the inputs, and
 * the program computes for any parameters and inputs of the traced shapes exactly what the
 * function computes.
 *
 * The forward-only variant (`ad/forwardProgram.ts`, what measuring a data set runs) shares this
 * file's tracing, layout and forward pass, and runs no reverse sweep.
 *
 * Law (laws/compiled.ts): a program's value and gradient equal `valueAndGrad`'s bit for bit,
 * gradients summed in the reverse sweep's order; where `valueAndGrad` fails, the program gives
 * up (it answers `undefined`, and the caller runs `valueAndGrad`, which names the failure).
 *
 * @since 0.3.0
 */
import { firstNonFinite, type Tensor } from '../tensor/Tensor.js'
import { keptArray } from '../tensor/kernelsInto.js'
import { constant, guarding, isVar, type Var } from './Var.js'
import { leaf, type Compiling, type Tape } from './tape.js'
import { generate, type Mode, type Run, type Step as Instruction } from './codegen/generate.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A traced function's program. `run(params, inputs)` answers the value, with each parameter's
 * gradient in `grads` (buffers the program keeps and overwrites at the next run), or undefined
 * when a step of it fails (a value that is not finite, a custom op that fails): the caller then
 * runs the function by `valueAndGrad`, which answers the same failure.
 *
 * @category model
 * @since 0.3.0
 */
export interface Program {
  readonly _tag: 'Program'
  /** Each parameter leaf's gradient after the last successful run, in flatten order. */
  readonly grads: ReadonlyArray<Float64Array>
  /** How many op instructions the program runs (its parameters and inputs not counted). */
  readonly length: number
  /**
   * The value at `params` (the leaves in layout order) and `inputs` (the batch), its gradients
   * left in the program's buffers; `undefined` where the tape would fail. `finite`: the caller
   * vouches that every parameter is finite (it has just checked them, as an optimizer's step
   * does), and the program does not look again. `gradsChecked`: the caller checks every
   * parameter's gradient itself (plain gradient descent does, in the pass that adds it), and the
   * program may answer a value whose gradients are not all finite.
   */
  readonly run: (
    params: ReadonlyArray<Float64Array>,
    inputs: ReadonlyArray<Float64Array>,
    finite?: boolean,
    gradsChecked?: boolean
  ) => number | undefined
}

// -------------------------------------------------------------------------------------
// tracing
// -------------------------------------------------------------------------------------

/** A tensor whose data, read outside the library's ops, calls `escape`. */
const guardedTensor = (t: Tensor, escape: () => void): Tensor =>
  ({
    _tag: 'Tensor',
    shape: t.shape,
    get data(): Float64Array {
      escape()
      return t.data
    }
  }) as Tensor

/**
 * A function traced on a tape, and the values it answered (each on the tape or a constant).
 *
 * @internal
 */
export interface Trace {
  readonly tape: Tape
  readonly outs: ReadonlyArray<Var>
}

/**
 * Runs `f` on guarded parameters and inputs, on a tape that records every op; undefined when
 * the trace escapes, throws or aborts, or when `f`'s result is not what `outputsOf` reads as a
 * list of values (the caller runs the tape, which answers it).
 *
 * @internal
 */
export const trace = (
  f: (params: ReadonlyArray<Var>, inputs: ReadonlyArray<Tensor>) => unknown,
  params: ReadonlyArray<Tensor>,
  inputs: ReadonlyArray<Tensor>,
  outputsOf: (result: unknown) => ReadonlyArray<unknown> | undefined
): Trace | undefined => {
  let escaped = false
  const escape = (): void => {
    escaped = true
  }
  const twins = new WeakMap<object, Var>()
  const values = new WeakMap<object, Tensor>()
  const compiling: Compiling = {
    publish: (v) => {
      const value = guardedTensor(v.value, escape)
      const p: Var = { _tag: 'Var', value, tape: v.tape, id: v.id }
      twins.set(p, v)
      values.set(value, v.value)
      return p
    },
    escape
  }
  const tape: Tape = { nodes: [], compiling }
  const unwrap = (u: object): Var | undefined => {
    const twin = twins.get(u)
    if (twin !== undefined) return twin
    const value = values.get(u)
    if (value === undefined) return undefined
    escaped = true // a traced value taken as a constant: its data would be baked in
    return constant(value)
  }
  const before = guarding.current
  guarding.current = { unwrap }
  try {
    const ps = params.map((t) => compiling.publish(leaf(tape, t)))
    const xs = inputs.map((t) => {
      const g = guardedTensor(t, escape)
      twins.set(g, leaf(tape, t))
      return g
    })
    const results = outputsOf(f(ps, xs))
    if (results === undefined) return undefined
    const outs: Array<Var> = []
    for (const result of results) {
      const out = isVar(result) ? (twins.get(result) ?? result) : undefined
      if (out === undefined || (out.tape !== tape && out.tape !== undefined)) return undefined
      outs.push(out)
    }
    return escaped ? undefined : { tape, outs }
  } catch {
    return undefined
  } finally {
    guarding.current = before
  }
}

// -------------------------------------------------------------------------------------
// compiling
// -------------------------------------------------------------------------------------

/** @internal */
export const SKIP: Mode = 0
const SET: Mode = 1
const ADD: Mode = 2

/**
 * The program of `f` at parameters and inputs of these shapes, or undefined when `f` does not
 * compile (its trace escaped, an op it ran has no flat form, or the trace failed).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Tensor } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // Σ (x·w)², traced once at x = [[1, 2]], then run at another input: 5² = 25, gradient 2·5·xᵀ = [[10], [20]]
 * pipe(
 *   E.Do,
 *   E.apS('w', Tensor.fromNested([[1], [2]])),
 *   E.apS('x', Tensor.fromNested([[1, 2]])),
 *   E.map(({ w, x }) => {
 *     const program = Advanced.AD.compile(([p], [xs]) => pipe(xs!, AD.matmul(p!), AD.square, AD.sum), [w], [x])
 *     const value = program?.run([w.data], [Float64Array.of(1, 2)])
 *     return [value, Array.from(program?.grads[0] ?? [])]
 *   })
 * ) // right([25, [10, 20]])
 *
 * @category compiling
 * @since 0.3.0
 */
export const compile = (
  f: (params: ReadonlyArray<Var>, inputs: ReadonlyArray<Tensor>) => unknown,
  params: ReadonlyArray<Tensor>,
  inputs: ReadonlyArray<Tensor>
): Program | undefined => {
  // a program answers one value: a list, or a value of more than one element, is the tape's to refuse
  const traced = trace(f, params, inputs, (result) => (isVar(result) ? [result] : undefined))
  const out = traced?.outs[0]
  if (traced === undefined || out === undefined || out.value.data.length !== 1) return undefined
  const tape = traced.tape
  const leaves = params.length + inputs.length
  const laid = layOut(tape, leaves)
  if (laid === undefined) return undefined
  const { nodes, slotsOf } = laid
  const n = nodes.length
  const needsGrad = new Uint8Array(n)
  for (let k = 0; k < params.length; k++) needsGrad[k] = 1
  for (let i = leaves; i < n; i++) if (slotsOf[i]!.some((j) => j < n && needsGrad[j] === 1)) needsGrad[i] = 1
  // which nodes the reverse sweep reaches, and in which order each input's contributions come
  // a loss that depends on nothing traced (a constant) has no reverse sweep: its gradients are 0
  const last = out.tape === tape ? out.id : -1
  const reached = new Uint8Array(n)
  const written = new Int32Array(n)
  if (last >= 0) reached[last] = needsGrad[last]!
  const modesOf: Array<Array<Mode>> = new Array(n)
  for (let i = last; i >= leaves; i--) {
    if (reached[i] !== 1) continue
    modesOf[i] = slotsOf[i]!.map((j) => {
      if (j >= n || needsGrad[j] !== 1) return SKIP
      reached[j] = 1
      written[j] = written[j]! + 1
      return written[j] === 1 ? SET : ADD
    })
  }
  // the parameters' gradients, kept from run to run, resident in the wasm kernel's memory where
  // they are large (a product writes them there in place, and gradient descent reads them there)
  const gradBuf: Array<Float64Array | undefined> = new Array(n)
  for (let i = 0; i < n; i++)
    if (i < params.length) gradBuf[i] = keptArray(nodes[i]!.size)
    else if (reached[i] === 1) gradBuf[i] = new Float64Array(nodes[i]!.size)
  if (last >= 0 && reached[last] === 1) gradBuf[last] = Float64Array.of(1)
  const outSlot = slotOf(laid, tape, out)
  const vals = buffers(laid)
  const program = instructions(laid, vals, (i, slots) => {
    const modes = modesOf[i] ?? slots.map(() => SKIP)
    return {
      modes,
      targets: slots.map((j, k) =>
        modes[k] === SET ? gradBuf[j] : modes[k] === ADD ? new Float64Array(nodes[j]!.size) : undefined
      )
    }
  })
  const grads = params.map((_, k) => gradBuf[k]!)
  // one generated function for the whole program where the engine makes one; else the interpreter
  const sizes = nodes.map((node) => node.size)
  const generated = generate({ steps: program, sizes, params: params.length, leaves, vals, gradBuf, last, outSlot })
  const interpreted: Run = (ps, xs, finite) => {
    if (!enter(vals, ps, xs, finite)) return undefined
    return runProgram(program, vals, gradBuf, leaves, last, outSlot, grads)
  }
  const run = generated ?? interpreted
  return {
    _tag: 'Program',
    grads,
    length: program.length,
    run: (ps, xs, finite, gradsChecked) => {
      try {
        return run(ps, xs, finite, gradsChecked)
      } catch {
        return undefined // a kernel that stopped, or a custom op that failed: valueAndGrad names it
      }
    }
  }
}

// -------------------------------------------------------------------------------------
// laying out
// -------------------------------------------------------------------------------------

/**
 * A traced tape laid out for its forward pass: each op node's input slots (a node below the
 * node count, a constant from it) and the constants.
 *
 * @internal
 */
export interface Laid {
  readonly nodes: Tape['nodes']
  readonly leaves: number
  /** Each op node's input slots (from `leaves`). */
  readonly slotsOf: ReadonlyArray<ReadonlyArray<number>>
  readonly constants: Array<Float64Array>
}

/**
 * The layout of `tape`, whose first `leaves` nodes are the parameters and inputs; undefined
 * when an op it ran has no flat form.
 *
 * @internal
 */
export const layOut = (tape: Tape, leaves: number): Laid | undefined => {
  const nodes = tape.nodes
  const n = nodes.length
  const constants: Array<Float64Array> = []
  const slotsOf: Array<ReadonlyArray<number>> = new Array(n)
  for (let i = leaves; i < n; i++) {
    const node = nodes[i]!
    if (node.kernel === undefined) return undefined
    slotsOf[i] = node.inputs.map((v) => {
      if (v.tape === tape) return v.id
      constants.push(v.value.data)
      return n + constants.length - 1
    })
  }
  return { nodes, leaves, slotsOf, constants }
}

/**
 * The slot of `out`, a value the traced function answered: its node, or a constant added for it.
 *
 * @internal
 */
export const slotOf = (laid: Laid, tape: Tape, out: Var): number => {
  if (out.tape === tape) return out.id
  laid.constants.push(out.value.data)
  return laid.nodes.length + laid.constants.length - 1
}

/**
 * The values' buffers of a layout: the op nodes' (from `leaves`, allocated once), then the
 * constants; the leaves' are the caller's arrays, set at each run.
 *
 * @internal
 */
export const buffers = (laid: Laid): Array<Float64Array> => {
  const n = laid.nodes.length
  const vals: Array<Float64Array> = new Array(n + laid.constants.length)
  for (let i = laid.leaves; i < n; i++) vals[i] = new Float64Array(laid.nodes[i]!.size)
  for (let c = 0; c < laid.constants.length; c++) vals[n + c] = laid.constants[c]!
  return vals
}

/**
 * The instructions of a layout, each op's reverse-sweep modes and gradient targets from `sweep`.
 *
 * @internal
 */
export const instructions = (
  laid: Laid,
  vals: ReadonlyArray<Float64Array>,
  sweep: (
    i: number,
    slots: ReadonlyArray<number>
  ) => { readonly modes: ReadonlyArray<Mode>; readonly targets: ReadonlyArray<Float64Array | undefined> }
): Array<Instruction> => {
  const program: Array<Instruction> = []
  for (let i = laid.leaves; i < laid.nodes.length; i++) {
    const slots = laid.slotsOf[i]!
    const { modes, targets } = sweep(i, slots)
    program.push({
      kernel: laid.nodes[i]!.kernel!,
      slots,
      ins: slots.map((j) => vals[j]!),
      modes,
      active: modes.some((m) => m !== SKIP),
      targets
    })
  }
  return program
}

// -------------------------------------------------------------------------------------
// running
// -------------------------------------------------------------------------------------

/**
 * The parameters and inputs set as the leaves' values; false where the caller has not vouched
 * that the parameters are finite and one is not (valueAndGrad refuses them before it traces).
 *
 * @internal
 */
export const enter = (
  vals: Array<Float64Array>,
  ps: ReadonlyArray<Float64Array>,
  xs: ReadonlyArray<Float64Array>,
  finite: boolean | undefined
): boolean => {
  if (finite !== true) for (let k = 0; k < ps.length; k++) if (firstNonFinite(ps[k]!) >= 0) return false
  for (let k = 0; k < ps.length; k++) vals[k] = ps[k]!
  for (let k = 0; k < xs.length; k++) vals[ps.length + k] = xs[k]!
  return true
}

/**
 * The forward pass, each op's output checked as `record` checks it: false where one is not finite.
 *
 * @internal
 */
export const runForward = (program: ReadonlyArray<Instruction>, vals: Array<Float64Array>, leaves: number): boolean => {
  for (let p = 0; p < program.length; p++) {
    const { kernel, slots, ins } = program[p]!
    for (let k = 0; k < slots.length; k++) ins[k] = vals[slots[k]!]!
    const i = p + leaves
    const answered = kernel.forward(ins, vals[i]!)
    if (answered !== undefined) vals[i] = answered
    if (firstNonFinite(vals[i]!) >= 0) return false
  }
  return true
}

/** The forward pass, then the reverse sweep. */
const runProgram = (
  program: ReadonlyArray<Instruction>,
  vals: Array<Float64Array>,
  gradBuf: ReadonlyArray<Float64Array | undefined>,
  leaves: number,
  last: number,
  outSlot: number,
  grads: ReadonlyArray<Float64Array>
): number | undefined => {
  if (!runForward(program, vals, leaves)) return undefined
  for (let i = last; i >= leaves; i--) {
    const { kernel, ins, modes, targets, slots } = program[i - leaves]!
    const g = gradBuf[i]
    if (g === undefined || !program[i - leaves]!.active) continue
    kernel.pullback(g, ins, vals[i]!, targets)
    for (let k = 0; k < modes.length; k++) {
      if (modes[k] !== ADD) continue
      const acc = gradBuf[slots[k]!]!
      const c = targets[k]!
      for (let e = 0; e < acc.length; e++) acc[e] = acc[e]! + c[e]!
    }
  }
  for (let k = 0; k < grads.length; k++) if (firstNonFinite(grads[k]!) >= 0) return undefined
  return vals[outSlot]![0]
}
