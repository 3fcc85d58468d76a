/**
 * `valueAndGrad` with the tape it swept kept open for reading: besides the value and the
 * gradient, every op's output and the gradient of the value with respect to that output (the
 * array the reverse sweep hands the op's pullback), as that very call computed them.
 *
 * An explanation of a training step (`train/teaching`) shows these intermediate numbers: read
 * from the call that computes the gradient, they are its numbers by construction, and the
 * gradient is `valueAndGrad`'s because it is `valueAndGrad` that runs.
 *
 * @since 0.3.0
 */
import * as E from '#fp-ts/Either.js'
import type { Params } from '../tree/Tree.js'
import { invalidFunction, type AdError } from './AdError.js'
import type { Tape } from './tape.js'
import { valueAndGrad, type Traced, type ValueAndGrad } from './valueAndGrad.js'
import { isVar, type Var } from './Var.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The tape of one call, read after its reverse sweep. Nodes are numbered as the tape made
 * them, the parameter leaves first; a `Var`'s `id` is its node.
 *
 * @internal
 * @since 0.3.0
 */
export interface SweptTape {
  /** Each node's op name (`'leaf'` for a parameter) and the values it read, in input order. */
  readonly nodes: ReadonlyArray<{ readonly name: string; readonly inputs: ReadonlyArray<Var> }>
  /** The output of node `id` as the ops after it read it (the value, for the last one). */
  readonly valueOf: (id: number) => Float64Array | undefined
  /** ∂value/∂(node `id`'s output) as the sweep handed it to the node's pullback; undefined for a leaf. */
  readonly gradOf: (id: number) => Float64Array | undefined
  /** The nodes that read node `id`'s output, in the order they were made. */
  readonly readersOf: (id: number) => ReadonlyArray<number>
}

/**
 * `valueAndGrad`'s answer, the parameters as the function saw them (each leaf's `Var`) and the
 * swept tape.
 *
 * @internal
 * @since 0.3.0
 */
export interface ValueAndGradWithTape<P> extends ValueAndGrad<P> {
  readonly traced: Traced<P>
  readonly tape: SweptTape
}

// -------------------------------------------------------------------------------------
// reading
// -------------------------------------------------------------------------------------

/** Has each op node's pullback note the gradient it is handed in `grads` before it runs. */
const watch = (tape: Tape, grads: Array<Float64Array | undefined>): void => {
  tape.nodes.forEach((node, id) => {
    if (node.inputs.length > 0)
      tape.nodes[id] = {
        ...node,
        pullback: (g) => {
          grads[id] = g
          return node.pullback(g)
        }
      }
  })
}

/** The swept tape of `out`'s call (empty when `out` is a constant). */
const sweptTape = (out: Var, grads: ReadonlyArray<Float64Array | undefined>): SweptTape => {
  const tape = out.tape
  const nodes = tape?.nodes ?? []
  const values: Array<Float64Array | undefined> = new Array(nodes.length)
  const readers: Array<Array<number>> = nodes.map(() => [])
  nodes.forEach((node, id) =>
    node.inputs.forEach((v) => {
      if (v.tape !== tape) return
      values[v.id] = v.value.data
      readers[v.id]!.push(id)
    })
  )
  if (tape !== undefined) values[out.id] = out.value.data
  return {
    nodes,
    valueOf: (id) => values[id],
    gradOf: (id) => grads[id],
    readersOf: (id) => readers[id] ?? []
  }
}

/**
 * `valueAndGrad(f)(params)`, with the parameters as `f` saw them and the tape it swept
 * (test/ad/valueAndGradWithTape.test.ts shows it at work).
 *
 * @internal
 * @since 0.3.0
 */
export const valueAndGradWithTape =
  <P extends Params>(f: (p: Traced<P>) => Var) =>
  (params: P): E.Either<AdError, ValueAndGradWithTape<P>> => {
    const grads: Array<Float64Array | undefined> = []
    let seen: { readonly traced: Traced<P>; readonly out: Var } | undefined
    const watched = (p: Traced<P>): Var => {
      const out = f(p)
      if (isVar(out)) {
        if (out.tape !== undefined) watch(out.tape, grads)
        seen = { traced: p, out }
      }
      return out
    }
    const answer = valueAndGrad(watched)(params)
    if (E.isLeft(answer)) return answer
    const { traced, out } = seen!
    // an op's output that was never swept: the gradient did not come from this tape, so nothing on it can be read
    if (out.tape !== undefined && out.tape.nodes[out.id]!.inputs.length > 0 && grads[out.id] === undefined)
      return E.left(invalidFunction('valueAndGradWithTape: the value was not differentiated by sweeping its tape'))
    return E.right({ ...answer.right, traced, tape: sweptTape(out, grads) })
  }
