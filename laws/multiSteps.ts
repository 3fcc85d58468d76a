/**
 * Laws of gradient accumulation (`Optim.multiSteps`).
 *
 * - `multiSteps(1, t)` is `t`: the same updates and inner states, bit for bit, step after step
 *   (the first gradient of a round is kept as it is, so even −0 survives).
 * - `multiSteps(k, t)` over `k·r` gradients makes zero updates except on every k-th step, where
 *   it makes `t`'s update on `(((g₁ + g₂) + …) + g_k)·(1/k)` of that round, bit for bit.
 * - Its state survives its codec: `decode(encode(s))` is `s`, bit for bit.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import type { AnyTransformation } from '../src/optim/chain.js'
import { multiSteps } from '../src/optim/multiSteps.js'
import type { Tree } from '../src/tree/Tree.js'
import { unsafeAdd, unsafeScale, zerosLike } from '../src/tree/vectorSpace.js'
import { bitsEqual } from './purity.js'

/** `x` with every record's keys in sorted order: trees are compared as trees, whatever order their keys were written in. */
const canonical = (x: unknown): unknown => {
  if (Array.isArray(x)) return x.map(canonical)
  if (x === null || typeof x !== 'object' || ArrayBuffer.isView(x)) return x
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(x).sort()) out[k] = canonical((x as Record<string, unknown>)[k])
  return out
}

const same = (a: unknown, b: unknown): boolean => bitsEqual(canonical(a), canonical(b))

/** Runs `t` over `grads`, collecting each step's updates and state; undefined on a Left. */
const trajectory = (
  t: AnyTransformation,
  params: Tree,
  grads: ReadonlyArray<Tree>
): ReadonlyArray<readonly [Tree, unknown]> | undefined => {
  let state: unknown = t.init(params)
  const out: Array<readonly [Tree, unknown]> = []
  for (const g of grads) {
    const r = t.update(g, state, params)
    if (E.isLeft(r)) return undefined
    out.push(r.right)
    state = r.right[1]
  }
  return out
}

/**
 * `multiSteps(1, t)` makes `t`'s updates and carries `t`'s state, bit for bit.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * import { MultiStepsLaws } from 'gradfold/laws'
 * const params = { w: 1, b: [0.5, -2] }
 * const grads = [{ w: 0.1, b: [1, -1] }, { w: -0.3, b: [0.2, 0.4] }, { w: 0.7, b: [0, 2] }]
 * pipe(Optim.adam({ lr: 0.1 }), E.map((t) => MultiStepsLaws.oneStepIsInner(t, params, grads))) // right(true)
 *
 * @category laws
 * @since 0.2.0
 */
export const oneStepIsInner = (t: AnyTransformation, params: Tree, grads: ReadonlyArray<Tree>): boolean => {
  const m = multiSteps(1, t)
  if (E.isLeft(m)) return false
  const inner = trajectory(t, params, grads)
  const outer = trajectory(m.right, params, grads)
  if (inner === undefined || outer === undefined) return inner === outer
  return inner.every(
    ([u, s], i) => same(u, outer[i]![0]) && same(s, (outer[i]![1] as { readonly inner: unknown }).inner)
  )
}

/**
 * `multiSteps(k, t)` updates by zero on all but every k-th step, and there by `t`'s update on
 * the round's summed gradients times `1/k`, bit for bit.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * import { MultiStepsLaws } from 'gradfold/laws'
 * const params = { w: 1, b: [0.5, -2] }
 * const grads = [{ w: 0.1, b: [1, -1] }, { w: -0.3, b: [0.2, 0.4] }, { w: 0.7, b: [0, 2] }]
 * // three gradients accumulated: the third step applies Adam to their mean, the first two nothing
 * pipe(Optim.adam({ lr: 0.1 }), E.map((t) => MultiStepsLaws.appliesTheMean(3, t, params, grads))) // right(true)
 *
 * @category laws
 * @since 0.2.0
 */
export const appliesTheMean = (k: number, t: AnyTransformation, params: Tree, grads: ReadonlyArray<Tree>): boolean => {
  const m = multiSteps(k, t)
  if (E.isLeft(m)) return false
  const outer = trajectory(m.right, params, grads)
  if (outer === undefined) return false
  let inner: unknown = t.init(params)
  let sum: Tree | undefined
  for (let i = 0; i < grads.length; i++) {
    sum = sum === undefined ? grads[i]! : unsafeAdd(grads[i]!)(sum)
    if ((i + 1) % k !== 0) {
      if (!same(outer[i]![0], zerosLike(params))) return false
      continue
    }
    const r = t.update(k === 1 ? sum : unsafeScale(1 / k)(sum), inner, params)
    if (E.isLeft(r) || !same(outer[i]![0], r.right[0])) return false
    inner = r.right[1]
    sum = undefined
  }
  return true
}

/**
 * After each step of `multiSteps(k, t)`, its state decodes from its encoding to itself.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * import { MultiStepsLaws } from 'gradfold/laws'
 * const params = { w: 1, b: [0.5, -2] }
 * const grads = [{ w: 0.1, b: [1, -1] }, { w: -0.3, b: [0.2, 0.4] }, { w: 0.7, b: [0, 2] }]
 * pipe(Optim.adam({ lr: 0.1 }), E.map((t) => MultiStepsLaws.stateRoundTrips(3, t, params, grads))) // right(true)
 *
 * @category laws
 * @since 0.2.0
 */
export const stateRoundTrips = (k: number, t: AnyTransformation, params: Tree, grads: ReadonlyArray<Tree>): boolean => {
  const m = multiSteps(k, t)
  if (E.isLeft(m)) return false
  const codec = m.right.stateC(params)
  const steps = trajectory(m.right, params, grads)
  if (steps === undefined) return false
  return steps.every(([, s]) => {
    const back = codec.decode(JSON.parse(JSON.stringify(codec.encode(s as never))))
    return E.isRight(back) && same(back.right, s)
  })
}
