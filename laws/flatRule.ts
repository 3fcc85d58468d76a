/**
 * Laws of flat rules (`Advanced.Optim.FlatRule`): a transformation's flat rule is its tree rule, bit for
 * bit, component by component.
 *
 * - `flatRuleEqualsTreeRule`: from `init(params)`, over a run of gradients, the rule compiled for
 *   the parameters' layout and loaded from the tree state transforms the flat gradient into the
 *   flat updates `update` answers and saves the state `update` answers, to the bit; and its
 *   whole step (`descend`) leaves the parameters `applyUpdates` makes. Where `update` or
 *   `applyUpdates` refuses (a non-finite update, state or parameter, a schedule's negative rate),
 *   the flat rule answers NaN at the same step. The buffers go back to trees through the rule's
 *   own `save`, so the conversions both ways are part of the law.
 *
 * Both sides compute the same IEEE operations in the same order, so the law is exact: generated
 * values include ±0, subnormals and values whose squares or sums overflow.
 *
 * @since 0.3.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { applyUpdates } from '../src/optim/applyUpdates.js'
import type { AnyTransformation } from '../src/optim/chain.js'
import { compileOptimizer, flatRuleOf } from '../src/optim/FlatRule.js'
import { isTensor } from '../src/tensor/Tensor.js'
import { leafList, type Tree } from '../src/tree/Tree.js'
import { bitsEqual } from './purity.js'

/** Fresh copies of a tree's tensors, in flatten order. */
const buffers = (tree: Tree): ReadonlyArray<Float64Array> =>
  leafList(tree).map((x) => (isTensor(x) ? x.data.slice() : Float64Array.of(x)))

/**
 * The flat rule of `t` equals its tree rule over `grads`, one step each, from `init(params)`,
 * parameters moving as `applyUpdates` moves them; false when `t` has no flat rule. `params`'
 * leaves are tensors (a flat rule runs on tensors' buffers).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim, Tensor } from 'gradfold'
 * import { FlatRuleLaws } from 'gradfold/laws'
 * // Adam over two steps, a subnormal gradient and signed zeros among the values
 * pipe(
 *   E.Do,
 *   E.apS('t', Optim.adam({ lr: 0.1 })),
 *   E.apSW('p', Tensor.fromArray([2])([1, -0])),
 *   E.apSW('g1', Tensor.fromArray([2])([0.5, 5e-324])),
 *   E.apSW('g2', Tensor.fromArray([2])([-2, 0])),
 *   E.map(({ t, p, g1, g2 }) => FlatRuleLaws.flatRuleEqualsTreeRule(t, { w: p }, [{ w: g1 }, { w: g2 }]))
 * ) // right(true)
 *
 * @category laws
 * @since 0.3.0
 */
export const flatRuleEqualsTreeRule = (t: AnyTransformation, params: Tree, grads: ReadonlyArray<Tree>): boolean => {
  const rule = flatRuleOf(t)
  if (rule === undefined) return false
  const load = compileOptimizer(rule, params)
  let state: unknown = t.init(params)
  // two stages from the same state: one only transforms updates, one takes whole steps
  const transforms = load(state)
  const steps = load(state)
  if (transforms === undefined || steps === undefined) return false
  let p = params
  for (const g of grads) {
    const tree = t.update(g, state, p)
    const next = E.isRight(tree) ? applyUpdates(tree.right[0])(p) : tree
    const u = buffers(g)
    const applied = transforms.apply(u, buffers(p))
    const w = buffers(p)
    const stepped = steps.descend(buffers(g), w)
    if (E.isLeft(tree)) return applied !== 0 && stepped !== 0
    if (applied !== 0 || !bitsEqual(u, buffers(tree.right[0])) || !bitsEqual(transforms.save(), tree.right[1]))
      return false
    if (E.isLeft(next)) return stepped !== 0
    if (stepped !== 0 || !bitsEqual(w, buffers(next.right)) || !bitsEqual(steps.save(), tree.right[1])) return false
    state = tree.right[1]
    p = next.right
  }
  return true
}
