/**
 * Reverse-mode differentiation of a pure function of a parameter record.
 *
 * `valueAndGrad(f)(params)` traces `f` once on a fresh tape, with every leaf of `params`
 * (a number or a tensor) standing as a `Var`, then sweeps the tape backwards by the chain
 * rule. The answer is the value and a gradient record of exactly the parameters' type.
 *
 * Laws: the gradient agrees with central finite differences (see `checkGrad`); calling twice
 * gives bit-identical answers (the tape lives and dies inside one call); a value used twice
 * gets its gradients summed; nothing in `params` is written.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { describeThrown } from '../tensor/describe.js'
import { firstNonFinite, unsafeMake, type Tensor } from '../tensor/Tensor.js'
import { invalidArgument } from '../tensor/TensorError.js'
import type { Layout } from '../tree/layout.js'
import { firstStray, leafList, leaves, unsafeRebuild, type Leaf, type Params, type Tree } from '../tree/Tree.js'
import { invalidFunction, nonFiniteLeaf, TraceAbort, type AdError } from './AdError.js'
import { backward, emptyTape, leaf, type Tape } from './tape.js'
import { constant, isVar, type Var } from './Var.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A parameter record as the traced function sees it: every leaf is a `Var`. A homomorphic
 * mapped type, so TypeScript infers the record from a function's annotation:
 * `valueAndGrad((p: Traced<{ w: number }>) => ...)` differentiates `{ w: number }` records.
 * An optional leaf stays optional: `Traced<{ w: Tensor; b?: Tensor }>` is `{ w: Var; b?: Var }`.
 *
 * @category model
 * @since 0.1.0
 */
export type Traced<P> = {
  readonly [K in keyof P]: Exclude<P[K], undefined> extends Leaf ? Var : Traced<Exclude<P[K], undefined>>
}

/**
 * A value and its gradient, typed like the parameters.
 *
 * @category model
 * @since 0.1.0
 */
export interface ValueAndGrad<P> {
  readonly value: number
  readonly grad: P
}

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const asTensor = (x: Leaf): Tensor => (typeof x === 'number' ? unsafeMake([], Float64Array.of(x)) : x)

/** The path of the `k`-th leaf of `params`: worked out only when an error names it. */
const pathOf = (params: Params, k: number): string => leaves(params)[k]!.path

/** The first parameter leaf (of `list`, the leaves of `params`) holding a NaN or an infinity. */
const checkLeaves = (params: Params, list: ReadonlyArray<Leaf>): E.Either<AdError, void> => {
  for (let k = 0; k < list.length; k++) {
    const x = list[k]!
    const i = typeof x === 'number' ? (x - x === 0 ? -1 : 0) : firstNonFinite(x.data)
    if (i >= 0) return E.left(nonFiniteLeaf('parameter', pathOf(params, k), i, typeof x === 'number' ? x : x.data[i]!))
  }
  return E.right(undefined)
}

/** `params` is a tree (no stray value anywhere), and its leaves (`list`) are finite. */
const checkParameters = (params: Params, list: ReadonlyArray<Leaf>): E.Either<AdError, void> => {
  const stray = firstStray(params)
  if (stray !== undefined) {
    const at = stray.path === '' ? '(the root)' : stray.path
    return E.left(invalidArgument('valueAndGrad', `the parameters are not a tree: at ${at} they hold ${stray.found}`))
  }
  return checkLeaves(params, list)
}

const notSingle = (t: Tensor): AdError =>
  invalidFunction(`the function must return a single value (a loss); it returned shape [${t.shape.join(', ')}]`)

/** Runs the traced function, turning an aborted trace or a throw into a Left. */
const trace = (run: () => unknown): E.Either<AdError, Var> => {
  try {
    const out = run()
    return isVar(out)
      ? E.right(out)
      : E.left(invalidFunction('the function must return a Var built with gradfold’s ops'))
  } catch (e) {
    return E.left(e instanceof TraceAbort ? e.error : invalidFunction(`the function threw: ${describeThrown(e)}`))
  }
}

/** The reverse sweep, turning an aborted trace (a custom op's pullback that answered wrongly) into a Left. */
const sweep = (tape: Tape, out: Var): E.Either<AdError, ReadonlyArray<Float64Array | undefined>> => {
  try {
    return E.right(backward(tape, out))
  } catch (e) {
    return E.left(e instanceof TraceAbort ? e.error : invalidFunction(`a pullback threw: ${describeThrown(e)}`))
  }
}

// -------------------------------------------------------------------------------------
// differentiation
// -------------------------------------------------------------------------------------

/**
 * The value of `f` at `params` and its gradient with respect to every leaf, as a record of
 * the parameters' type. `f` must return a single-element value (a loss).
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD } from 'gradfold'
 * const f = (p: AD.Traced<{ w: number; b: number }>) => pipe(p.w, AD.mul(3), AD.add(p.b), AD.square)
 * AD.valueAndGrad(f)({ w: 1, b: 1 }) // right({ value: 16, grad: { b: 8, w: 24 } })
 *
 * @category differentiation
 * @since 0.1.0
 */
export const valueAndGrad =
  <P extends Params>(f: (p: Traced<P>) => Var) =>
  (params: P): E.Either<AdError, ValueAndGrad<P>> => {
    const list = leafList(params)
    const checked = checkParameters(params, list)
    if (E.isLeft(checked)) return checked
    const rebuild = (xs: ReadonlyArray<Leaf>): Tree => unsafeRebuild(params, xs)
    const r = differentiate(f, params, list, rebuild)
    return E.isLeft(r) ? r : E.right({ value: r.right.value, grad: rebuild(r.right.grads) as P })
  }

/**
 * The value of `f` at `params` and the gradient's leaves in flatten order, given the leaves of
 * `params` (`list`, in flatten order) and how to rebuild a record of their structure.
 */
const differentiate = <P extends Params>(
  f: (p: Traced<P>) => Var,
  params: P,
  list: ReadonlyArray<Leaf>,
  rebuild: (xs: ReadonlyArray<Leaf>) => Tree
): E.Either<AdError, { readonly value: number; readonly grads: ReadonlyArray<Leaf> }> => {
  const tape = emptyTape()
  const vars = list.map((x) => leaf(tape, asTensor(x)))
  const traced = rebuild(vars as unknown as ReadonlyArray<Leaf>)
  const result = trace(() => (f as unknown as (p: unknown) => unknown)(traced))
  if (E.isLeft(result)) return result
  const out = result.right
  if (out.value.data.length !== 1) return E.left(notSingle(out.value))
  if (out.tape !== undefined && out.tape !== tape)
    return E.left(invalidFunction('the function returned a value traced by another call'))
  const swept = out.tape === undefined ? E.right([]) : sweep(tape, out)
  if (E.isLeft(swept)) return swept
  const grads = swept.right
  const gradLeaves: Array<Leaf> = []
  const seen = list.length > FEW_LEAVES ? new Set<Float64Array>() : undefined
  for (let i = 0; i < list.length; i++) {
    const x = list[i]!
    const raw = grads[vars[i]!.id] ?? new Float64Array(typeof x === 'number' ? 1 : x.data.length)
    // two leaves handed the same array (an identity pullback passing one gradient on) each get their own
    const shared = seen === undefined ? handedOut(grads, vars, i, raw) : seen.has(raw)
    seen?.add(raw)
    const g = shared ? raw.slice() : raw
    const bad = firstNonFinite(g)
    if (bad >= 0) return E.left(nonFiniteLeaf('gradient', pathOf(params, i), bad, g[bad]!))
    gradLeaves.push(typeof x === 'number' ? g[0]! : unsafeMake(x.shape, g))
  }
  return E.right({ value: out.value.data[0]!, grads: gradLeaves })
}

/** Up to this many leaves, a scan finds a gradient array handed to two leaves sooner than a set does. */
const FEW_LEAVES = 16

/** Whether `raw`, the gradient of leaf `i`, is also the gradient of an earlier leaf. */
const handedOut = (
  grads: ReadonlyArray<Float64Array | undefined>,
  vars: ReadonlyArray<Var>,
  i: number,
  raw: Float64Array
): boolean => {
  for (let j = 0; j < i; j++) if (grads[vars[j]!.id] === raw) return true
  return false
}

/**
 * `valueAndGrad(f)(params)` for parameters whose layout is known: `list` is `layout.read(params)`.
 * The same answer, bit for bit, without working the structure out again: a training run
 * compiles its parameters' layout once and differentiates every step with it.
 *
 * @internal
 */
export const valueAndGradWith =
  (layout: Layout) =>
  <P extends Params>(f: (p: Traced<P>) => Var) =>
  (
    params: P,
    list: ReadonlyArray<Leaf>
  ): E.Either<AdError, { readonly value: number; readonly grads: ReadonlyArray<Leaf> }> => {
    const checked = checkLeaves(params, list)
    return E.isLeft(checked) ? checked : differentiate(f, params, list, layout.build)
  }

/**
 * The gradient of `f` at `params`, typed like the parameters.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD } from 'gradfold'
 * // f(x, y) = x²·y: ∂f/∂x = 2xy = 12, ∂f/∂y = x² = 9 at (3, 2)
 * AD.grad((p: AD.Traced<{ x: number; y: number }>) => pipe(p.x, AD.square, AD.mul(p.y)))({ x: 3, y: 2 }) // right({ x: 12, y: 9 })
 *
 * @category differentiation
 * @since 0.1.0
 */
export const grad =
  <P extends Params>(f: (p: Traced<P>) => Var) =>
  (params: P): E.Either<AdError, P> =>
    E.map((r: ValueAndGrad<P>) => r.grad)(valueAndGrad(f)(params))

/**
 * The output of `f` at `params` (any shape), traced with every leaf a constant, so that no
 * tape is kept: the forward pass alone, e.g. a network's predictions.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Tensor } from 'gradfold'
 * // σ(x·w) for two samples of two features, with w = [[1], [−1]]
 * pipe(
 *   E.Do,
 *   E.apS('x', Tensor.fromNested([[1, 1], [2, 0]])),
 *   E.apS('w', Tensor.fromNested([[1], [-1]])),
 *   E.chainW(({ x, w }) => AD.evaluate((p: AD.Traced<{ w: Tensor.Tensor }>) => pipe(x, AD.matmul(p.w), AD.sigmoid))({ w })),
 *   E.map(Tensor.toNested)
 * ) // right([[0.5], [0.8807970779778823]])
 *
 * @category evaluation
 * @since 0.1.0
 */
export const evaluate =
  <P extends Params>(f: (p: Traced<P>) => Var) =>
  (params: P): E.Either<AdError, Tensor> => {
    const list = leafList(params)
    const checked = checkParameters(params, list)
    if (E.isLeft(checked)) return checked
    const constants = list.map((x) => constant(asTensor(x)))
    const traced = unsafeRebuild(params, constants as unknown as ReadonlyArray<Leaf>)
    return E.map((out: Var) => out.value)(trace(() => (f as unknown as (p: unknown) => unknown)(traced)))
  }

/**
 * The single value of `f` at `params` (a loss), by the forward pass alone.
 *
 * @example
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD } from 'gradfold'
 * // the loss (w − 3)² at w = 1, without its gradient
 * AD.value((p: AD.Traced<{ w: number }>) => pipe(p.w, AD.sub(3), AD.square))({ w: 1 }) // right(4)
 *
 * @category evaluation
 * @since 0.1.0
 */
export const value =
  <P extends Params>(f: (p: Traced<P>) => Var) =>
  (params: P): E.Either<AdError, number> =>
    E.chain((t: Tensor) => (t.data.length === 1 ? E.right(t.data[0]!) : E.left(notSingle(t))))(evaluate(f)(params))
