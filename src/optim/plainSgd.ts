/**
 * Plain gradient descent in one pass over the leaves: for an optimizer that is `sgd` (or
 * `scaleByLearningRate`) alone, the new parameters `p + (−lr·g)` and the new state `{ count + 1 }`
 * computed leaf by leaf, where the general path walks the trees five times (check, scale, check,
 * add, check) and builds the updates in between.
 *
 * Law (laws/train.laws.test.ts): the pass answers exactly what `update` then `applyUpdates`
 * answer, bit for bit: the same products `(−lr)·gᵢ` and sums `pᵢ + (−lr·gᵢ)` in IEEE
 * arithmetic. Where those would fail (a schedule's rate out of range, an update or a parameter
 * not finite) it answers undefined, and the caller takes the general path, which names the
 * failure.
 *
 * @since 0.2.0
 */
import * as E from '#fp-ts/Either.js'
import { unsafeMake } from '../tensor/Tensor.js'
import type { Leaf } from '../tree/Tree.js'
import { learningRateAt, type ScaleByLearningRateState } from './scaleByLearningRate.js'
import { flatRuleOf } from './FlatRule.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One step of plain SGD on the parameters' leaves and the gradient's (both in flatten order):
 * the new leaves and state, or undefined when the general path must run.
 *
 * @internal
 */
export type SgdPass = (
  params: ReadonlyArray<Leaf>,
  grads: ReadonlyArray<Leaf>,
  state: unknown
) => { readonly leaves: ReadonlyArray<Leaf>; readonly state: ScaleByLearningRateState } | undefined

// -------------------------------------------------------------------------------------
// kernels
// -------------------------------------------------------------------------------------

/** `p + c·g` element by element, or undefined at the first non-finite update or sum. */
const descend = (c: number, p: Float64Array, g: Float64Array): Float64Array | undefined => {
  const out = new Float64Array(p.length)
  for (let i = 0; i < p.length; i++) {
    const u = c * g[i]!
    const x = p[i]! + u
    if (u - u !== 0 || x - x !== 0) return undefined
    out[i] = x
  }
  return out
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The one-pass step of `optimizer` when it is plain SGD (its flat rule is
 * `scaleByLearningRate`'s alone), else undefined.
 *
 * @internal
 */
export const plainSgd = (optimizer: object): SgdPass | undefined => {
  const lr = flatRuleOf(optimizer)?.rate
  if (lr === undefined) return undefined
  const rateAt = learningRateAt(lr)
  return (params, grads, state) => {
    const s = state as ScaleByLearningRateState
    const rate = rateAt(s)
    if (E.isLeft(rate)) return undefined
    const c = -rate.right
    const leaves: Array<Leaf> = []
    for (let k = 0; k < params.length; k++) {
      const p = params[k]!
      const g = grads[k]!
      if (typeof p === 'number') {
        const u = c * (g as number)
        const x = p + u
        if (u - u !== 0 || x - x !== 0) return undefined
        leaves.push(x)
      } else {
        const data = descend(c, p.data, (g as Exclude<Leaf, number>).data)
        if (data === undefined) return undefined
        leaves.push(unsafeMake(p.shape, data))
      }
    }
    return { leaves, state: { count: s.count + 1 } }
  }
}
