/**
 * The tape of one `valueAndGrad` call: every op appends a node holding its inputs and its
 * pullback (the map from the gradient of its output to the gradients of its inputs). The
 * reverse sweep walks the nodes from last to first in a plain loop, so a graph of any length
 * runs in constant stack. A tape is made per call and dropped with it: nothing survives.
 *
 * @internal
 * @since 0.1.0
 */
import { firstNonFinite, unsafeMake, type Shape, type Tensor } from '../tensor/Tensor.js'
import { nonFinite } from '../tensor/TensorError.js'
import { abort, invalidFunction } from './AdError.js'
import { lift, type Operand, type Var } from './Var.js'
import type { Kernel } from './kernel.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Given the gradient of a node's output, the gradients of its inputs, in input order; an
 * entry may be the incoming array itself (identity pullbacks do not copy).
 */
export type Pullback = (g: Float64Array) => ReadonlyArray<Float64Array | undefined>

/** One recorded op: with its name, shape and flat form when it has one (a leaf has none). */
export interface Node {
  readonly inputs: ReadonlyArray<Var>
  readonly pullback: Pullback
  readonly size: number
  readonly name: string
  readonly shape: Shape
  readonly kernel: Kernel | undefined
}

/** The nodes of one call, in the order they were made. */
export interface Tape {
  readonly nodes: Array<Node>
  /** Set while a program is traced (`ad/program.ts`): how the values it hands out are guarded. */
  readonly compiling?: Compiling
}

/**
 * While a program is traced, every value handed to the traced function is guarded: its data
 * read outside the library's ops marks the trace as escaped (the program would bake that read
 * in), and `lift` answers the ops the plain value behind it.
 *
 * @internal
 */
export interface Compiling {
  /** The guarded twin of a value just recorded. */
  readonly publish: (v: Var) => Var
  /** Marks the trace as escaped: an op read a traced value as a constant. */
  readonly escape: () => void
}

/** A fresh, empty tape. */
export const emptyTape = (): Tape => ({ nodes: [] })

// -------------------------------------------------------------------------------------
// recording
// -------------------------------------------------------------------------------------

// A leaf has no inputs and passes nothing back: every leaf shares these rather than allocating its own.
const NO_INPUTS: ReadonlyArray<Var> = Object.freeze([])
const NO_GRADIENTS: ReadonlyArray<Float64Array> = Object.freeze([])
const noPullback: Pullback = () => NO_GRADIENTS

/** A leaf of the tape: a parameter, with no inputs. */
export const leaf = (tape: Tape, value: Tensor): Var => {
  tape.nodes.push({
    inputs: NO_INPUTS,
    pullback: noPullback,
    size: value.data.length,
    name: 'leaf',
    shape: value.shape,
    kernel: undefined
  })
  return { _tag: 'Var', value, tape, id: tape.nodes.length - 1 }
}

/** The one tape the inputs share, or undefined when all are constants. */
const tapeOf = (inputs: ReadonlyArray<Var>): Tape | undefined => {
  let tape: Tape | undefined
  for (const v of inputs) {
    if (v.tape === undefined) continue
    if (tape !== undefined && v.tape !== tape)
      abort(invalidFunction('an op mixed values traced by two different valueAndGrad calls'))
    tape = v.tape
  }
  return tape
}

/**
 * The value of a traced op: not frozen, and its shape kept as the op handed it over (as its
 * data is). A traced value never leaves the `valueAndGrad` call that made it (only the loss, a
 * number, does), and nothing in the library writes into a value, so freezing it, and copying
 * and freezing its shape, would be paid on every op of every step for nothing.
 */
const tracedValue = (shape: Shape, data: Float64Array): Tensor => ({ _tag: 'Tensor', shape, data })

/**
 * The result of op `name`: checks that it is finite (naming the op otherwise) and records it
 * with its pullback. An op on constants only yields a constant, a frozen tensor, which may leave
 * the function (`evaluate` answers it).
 */
export const record = (
  name: string,
  shape: Shape,
  data: Float64Array,
  inputs: ReadonlyArray<Var>,
  pullback: Pullback,
  kernel?: Kernel
): Var => {
  const bad = firstNonFinite(data)
  if (bad >= 0) abort(nonFinite(name, bad, data[bad]!))
  const tape = tapeOf(inputs)
  if (tape === undefined) return { _tag: 'Var', value: unsafeMake(shape, data), tape: undefined, id: -1 }
  tape.nodes.push({ inputs, pullback, size: data.length, name, shape, kernel })
  const v: Var = { _tag: 'Var', value: tracedValue(shape, data), tape, id: tape.nodes.length - 1 }
  return tape.compiling === undefined ? v : tape.compiling.publish(v)
}

/** Lifts the operands of an op. */
export const lifted = (xs: ReadonlyArray<Operand>): ReadonlyArray<Var> => xs.map(lift)

// -------------------------------------------------------------------------------------
// the reverse sweep
// -------------------------------------------------------------------------------------

/**
 * The gradient of `output` (one element) with respect to every node, by the chain rule,
 * from the last node to the first. Entries of nodes the output does not depend on are
 * undefined. Arrays handed out by pullbacks may be shared, so an accumulator is copied
 * before it is first written into.
 */
export const backward = (tape: Tape, output: Var): ReadonlyArray<Float64Array | undefined> => {
  const n = tape.nodes.length
  const grads: Array<Float64Array | undefined> = new Array(n)
  const owned = new Uint8Array(n)
  grads[output.id] = Float64Array.of(1)
  for (let i = output.id; i >= 0; i--) {
    const g = grads[i]
    const node = tape.nodes[i]!
    if (g === undefined || node.inputs.length === 0) continue
    const contributions = node.pullback(g)
    grads[i] = undefined
    for (let k = 0; k < node.inputs.length; k++) {
      const input = node.inputs[k]!
      if (input.tape !== tape) continue
      const c = contributions[k]!
      const j = input.id
      const acc = grads[j]
      if (acc === undefined) {
        grads[j] = c
      } else if (owned[j] === 1) {
        for (let e = 0; e < acc.length; e++) acc[e] = acc[e]! + c[e]!
      } else {
        const sum = new Float64Array(acc.length)
        for (let e = 0; e < acc.length; e++) sum[e] = acc[e]! + c[e]!
        grads[j] = sum
        owned[j] = 1
      }
    }
  }
  return grads
}
