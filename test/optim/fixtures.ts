// A small two-layer perceptron and its loss, for the optimizer tests: 3 inputs, 4 tanh hidden
// units, 2 linear outputs, mean squared error over 6 samples. Its parameters are a record of
// four tensors, 26 scalars in flatten order hidden.b, hidden.w, out.b, out.w.
import { pipe } from 'fp-ts/lib/function.js'
import * as AD from '../../src/ad/index.js'
import type { GradientTransformation } from '../../src/optim/GradientTransformation.js'
import { applyUpdates } from '../../src/optim/applyUpdates.js'
import { unsafeMake, type Tensor } from '../../src/tensor/Tensor.js'
import { flatten, unflatten } from '../../src/tree/flatten.js'
import type { Tree } from '../../src/tree/Tree.js'
import { getRight } from '../either.js'

export type Mlp = {
  readonly hidden: { readonly w: Tensor; readonly b: Tensor }
  readonly out: { readonly w: Tensor; readonly b: Tensor }
}

const tensor = (shape: ReadonlyArray<number>, xs: ReadonlyArray<number>): Tensor =>
  unsafeMake(shape, Float64Array.from(xs))

const x = tensor(
  [6, 3],
  [0.5, -1.2, 0.3, 1.1, 0.4, -0.7, -0.3, 0.8, 1.5, 0.9, -0.6, 0.2, -1.4, 0.1, -0.5, 0.6, 1.3, -0.9]
)
const y = tensor([6, 2], [1, 0, 0, 1, 0.5, -0.5, 1, 1, -1, 0, 0.25, 0.75])

export const mlpLoss = (p: AD.Traced<Mlp>): AD.Var =>
  pipe(
    x,
    AD.matmul(p.hidden.w),
    AD.addRow(p.hidden.b),
    AD.tanh,
    AD.matmul(p.out.w),
    AD.addRow(p.out.b),
    AD.sub(y),
    AD.square,
    AD.mean
  )

// Starting weights: deterministic, of mixed signs and sizes, no two alike.
const fill = (n: number, phase: number): ReadonlyArray<number> =>
  Array.from({ length: n }, (_, i) => 0.6 * Math.sin(1.7 * i + phase))

export const mlp0: Mlp = {
  hidden: { w: tensor([3, 4], fill(12, 0.3)), b: tensor([4], fill(4, 1.1)) },
  out: { w: tensor([4, 2], fill(8, 2.3)), b: tensor([2], fill(2, 0.7)) }
}

export const fromFlat = (theta: Float64Array): Mlp => getRight(unflatten(mlp0)(theta))

export const lossAt = (p: Mlp): number => getRight(AD.value(mlpLoss)(p))

/** The gradient at flat parameters θ, flat, in flatten order: the same function for both sides. */
export const flatGrad = (theta: Float64Array): Float64Array => flatten(getRight(AD.grad(mlpLoss)(fromFlat(theta))))

/** The parameters after each of `steps` updates of `opt`, flattened. */
export const runFlat = <S>(opt: GradientTransformation<S>, steps: number): ReadonlyArray<Float64Array> => {
  let p = mlp0
  let s = opt.init(p)
  const out: Array<Float64Array> = []
  for (let k = 0; k < steps; k++) {
    const [u, next] = getRight(opt.update(getRight(AD.grad(mlpLoss)(p)), s, p))
    p = getRight(applyUpdates(u)(p))
    s = next
    out.push(flatten(p))
  }
  return out
}

/**
 * The reference side: `steps` updates of θ by `step(θ, g, t)` (t = 1 on the first), which
 * writes the new parameters into θ in place; the parameters after each step.
 */
export const referenceFlat = (
  steps: number,
  step: (theta: Float64Array, g: Float64Array, t: number) => void
): ReadonlyArray<Float64Array> => {
  const theta = flatten(mlp0)
  const out: Array<Float64Array> = []
  for (let t = 1; t <= steps; t++) {
    step(theta, flatGrad(theta), t)
    out.push(theta.slice())
  }
  return out
}

/** The largest |aᵢ − bᵢ| relative to the largest |bᵢ|, over every step. */
export const worstRelativeGap = (a: ReadonlyArray<Float64Array>, b: ReadonlyArray<Float64Array>): number => {
  let worst = 0
  a.forEach((xs, k) => {
    const ys = b[k] as Float64Array
    let gap = 0
    let scale = 0
    xs.forEach((v, i) => {
      gap = Math.max(gap, Math.abs(v - (ys[i] as number)))
      scale = Math.max(scale, Math.abs(ys[i] as number))
    })
    worst = Math.max(worst, gap / scale)
  })
  return worst
}

/** Same bits at every step. */
export const sameBits = (a: ReadonlyArray<Float64Array>, b: ReadonlyArray<Float64Array>): boolean =>
  a.length === b.length && a.every((xs, k) => xs.every((v, i) => Object.is(v, (b[k] as Float64Array)[i])))

/** One update from the initial state: the updates and the next state. */
export const updateOnce = <S, P extends Tree>(opt: GradientTransformation<S>, grads: P, params: P): readonly [P, S] =>
  getRight(opt.update(grads, opt.init(params), params))

/** Two steps of `t` from `p` with gradients `g1` then `g2`: the parameters and state after each. */
export const twoSteps = <S>(t: GradientTransformation<S>, p: { w: number }, g1: number, g2: number) => {
  const [u1, s1] = getRight(t.update({ w: g1 }, t.init(p), p))
  const p1 = getRight(applyUpdates(u1)(p))
  const [u2, s2] = getRight(t.update({ w: g2 }, s1, p1))
  return { p1, s1, p2: getRight(applyUpdates(u2)(p1)), s2 }
}
