/**
 * Laws of compiled programs (`Advanced.AD.compile`): a function traced once and run over buffers of its
 * own computes exactly what the interpreted tape (`AD.valueAndGrad`) computes, at the point it
 * was traced and at any other parameters and inputs of the same shapes: the same value and the
 * same gradients to the bit (the reverse sweep's order of summing included), and it gives up
 * exactly where the tape fails (a non-finite value, a custom op that fails), so that the caller,
 * running the tape, answers the same error. A forward-only program (what measuring a model on a
 * data set runs) answers the predictions and their loss exactly as the tape evaluates them: the
 * predictions first, then the loss of them taken as a constant.
 *
 * @since 0.3.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { compileForward } from '../src/ad/forwardProgram.js'
import { compile } from '../src/ad/program.js'
import { evaluate, valueAndGrad } from '../src/ad/valueAndGrad.js'
import { lift, type Var } from '../src/ad/Var.js'
import type { Tensor } from '../src/tensor/Tensor.js'

/**
 * Parameters and inputs at which a function is traced or run.
 *
 * @category model
 * @since 0.3.0
 */
export interface Point {
  readonly params: ReadonlyArray<Tensor>
  readonly inputs: ReadonlyArray<Tensor>
}

/** The same bits, element for element (−0 and +0 told apart). */
const sameBits = (a: Float64Array, b: Float64Array): boolean =>
  a.length === b.length && a.every((x, i) => Object.is(x, b[i]))

/** The tape's answer for `f` at `point`, the inputs held constant. */
const tapeAt = (
  f: (params: ReadonlyArray<Var>, inputs: ReadonlyArray<Tensor>) => Var,
  { params, inputs }: Point
): E.Either<unknown, { readonly value: number; readonly grad: ReadonlyArray<Tensor> }> =>
  valueAndGrad<Array<Tensor>>((ps) => f(ps as unknown as ReadonlyArray<Var>, inputs))(params as Array<Tensor>)

/**
 * `f` (built from the library's ops alone, reading no value outside them) compiles at `at`
 * whenever the tape succeeds there, and its program, run at `at` and then at each of `runs` in
 * turn (its buffers reused), answers the tape's value and gradients bit for bit, and gives up
 * (answers undefined) exactly where the tape fails.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Tensor } from 'gradfold'
 * import { CompiledLaws } from 'gradfold/laws'
 * // Σ exp(w ⊙ x), traced at one point, run at ±0 and a subnormal, and where exp overflows
 * const f = ([w]: ReadonlyArray<AD.Var>, [x]: ReadonlyArray<Tensor.Tensor>) => pipe(x!, AD.mul(w!), AD.exp, AD.sum)
 * pipe(
 *   E.Do,
 *   E.apS('w', Tensor.fromNested([1, -2])),
 *   E.apS('x', Tensor.fromNested([0.5, 3])),
 *   E.apS('zeros', Tensor.fromNested([0, -0])),
 *   E.apS('tiny', Tensor.fromNested([-0, 1e-310])),
 *   E.apS('big', Tensor.fromNested([1000, 1])),
 *   E.map(({ w, x, zeros, tiny, big }) =>
 *     CompiledLaws.compiledEqualsTape(f, { params: [w], inputs: [x] }, [
 *       { params: [zeros], inputs: [tiny] },
 *       { params: [big], inputs: [x] }
 *     ])
 *   )
 * ) // right(true)
 *
 * @category laws
 * @since 0.3.0
 */
export const compiledEqualsTape = (
  f: (params: ReadonlyArray<Var>, inputs: ReadonlyArray<Tensor>) => Var,
  at: Point,
  runs: ReadonlyArray<Point>
): boolean => {
  const program = compile(f, at.params, at.inputs)
  if (program === undefined) return E.isLeft(tapeAt(f, at))
  for (const point of [at, ...runs]) {
    const answer = program.run(
      point.params.map((t) => t.data),
      point.inputs.map((t) => t.data)
    )
    const tape = tapeAt(f, point)
    if (E.isLeft(tape)) {
      if (answer !== undefined) return false
      continue
    }
    if (answer === undefined || !Object.is(answer, tape.right.value)) return false
    if (!tape.right.grad.every((g, k) => sameBits(g.data, program.grads[k]!))) return false
  }
  return true
}

/**
 * A function that reads a traced value outside the library's ops (here, a number taken out
 * of it) does not compile: what it read would be baked into the program.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Tensor } from 'gradfold'
 * import { CompiledLaws } from 'gradfold/laws'
 * // the sign of Σ w read with toNumber, then used as a constant
 * const f = ([w]: ReadonlyArray<AD.Var>) => pipe(w!, AD.scale(AD.toNumber(AD.sum(w!)) > 0 ? 1 : -1), AD.sum)
 * pipe(
 *   Tensor.fromNested([1, 2]),
 *   E.map((w) => CompiledLaws.escapedDoesNotCompile(f, { params: [w], inputs: [] }))
 * ) // right(true)
 *
 * @category laws
 * @since 0.3.0
 */
export const escapedDoesNotCompile = (
  f: (params: ReadonlyArray<Var>, inputs: ReadonlyArray<Tensor>) => Var,
  at: Point
): boolean => compile(f, at.params, at.inputs) === undefined

/** The tape's predictions at `point`, then their loss with the predictions taken as a constant (as `Train.lossAndPredictions` evaluates them). */
const tapeForwardAt = (
  forward: (params: ReadonlyArray<Var>, inputs: ReadonlyArray<Tensor>) => Var,
  loss: (inputs: ReadonlyArray<Tensor>, predictions: Var) => Var,
  { params, inputs }: Point
): E.Either<unknown, readonly [Tensor, Tensor]> => {
  const predictions = evaluate<Array<Tensor>>((ps) => forward(ps as unknown as ReadonlyArray<Var>, inputs))(
    params as Array<Tensor>
  )
  if (E.isLeft(predictions)) return predictions
  const value = evaluate<Array<Tensor>>(() => loss(inputs, lift(predictions.right)))(params as Array<Tensor>)
  return E.isLeft(value) ? value : E.right([predictions.right, value.right] as const)
}

/**
 * The forward-only program of a model's predictions (`forward`) and their loss (`loss`, of the
 * inputs and the predictions), traced at `at`, compiles whenever the tape succeeds there, and,
 * run at `at` and then at each of `runs` in turn (its buffers reused), answers the predictions
 * and the loss the tape evaluates, bit for bit, the predictions first and the loss of them taken
 * as a constant; it gives up (answers undefined) exactly where the tape fails.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, NN, Tensor } from 'gradfold'
 * import { CompiledLaws } from 'gradfold/laws'
 * // σ(x·w) against targets y, the founding text's ½Σ(ŷ − y)², run again where x·w overflows
 * const forward = ([w]: ReadonlyArray<AD.Var>, [x]: ReadonlyArray<Tensor.Tensor>) => pipe(x!, AD.matmul(w!), AD.sigmoid)
 * const loss = ([, y]: ReadonlyArray<Tensor.Tensor>, predictions: AD.Var) => NN.halfSumSquares(y!)(predictions)
 * pipe(
 *   E.Do,
 *   E.apS('w', Tensor.fromNested([[0.5], [-1]])),
 *   E.apS('x', Tensor.fromNested([[1, 2], [3, -0]])),
 *   E.apS('y', Tensor.fromNested([[1], [0]])),
 *   E.apS('big', Tensor.fromNested([[1e308], [1e308]])),
 *   E.map(({ w, x, y, big }) =>
 *     CompiledLaws.forwardEqualsTape(forward, loss, { params: [w], inputs: [x, y] }, [{ params: [big], inputs: [x, y] }])
 *   )
 * ) // right(true)
 *
 * @category laws
 * @since 0.3.0
 */
export const forwardEqualsTape = (
  forward: (params: ReadonlyArray<Var>, inputs: ReadonlyArray<Tensor>) => Var,
  loss: (inputs: ReadonlyArray<Tensor>, predictions: Var) => Var,
  at: Point,
  runs: ReadonlyArray<Point>
): boolean => {
  const program = compileForward(
    (ps, xs) => {
      const predictions = forward(ps, xs)
      return [predictions, loss(xs, predictions)]
    },
    at.params,
    at.inputs
  )
  if (program === undefined) return E.isLeft(tapeForwardAt(forward, loss, at))
  for (const point of [at, ...runs]) {
    const answer = program.run(
      point.params.map((t) => t.data),
      point.inputs.map((t) => t.data)
    )
    const tape = tapeForwardAt(forward, loss, point)
    if (E.isLeft(tape)) {
      if (answer !== undefined) return false
      continue
    }
    if (answer === undefined || !tape.right.every((t, k) => sameBits(t.data, answer[k]!))) return false
    if (!tape.right.every((t, k) => t.shape.join() === program.shapes[k]!.join())) return false
  }
  return true
}
