/**
 * A transformation's flat rule: the arithmetic of its `update` run in place on one `Float64Array`
 * per parameter leaf, for a compiled epoch (`train/loop/`) or the threads' kernel, which keep
 * the parameters flat. Each library transformation carries its flat rule beside its tree rule,
 * in its own file (its `flat` member); `chain` composes its members' rules and `masked`, with a
 * mask of paths, compiles its inner rule for the chosen leaves. A transformation without one (a
 * user's own) runs its tree form.
 *
 * A rule is compiled for a layout (the leaves it covers), then loaded from the tree state the
 * general path holds: the load and `save` are the rule's pair of conversions, so a state goes
 * flat and comes back of exactly the general path's structure (checkpoints, resume). Every
 * element is computed by the formula, in the order, that the tree rule uses.
 *
 * What the tree rule's guards would refuse (a non-finite update or state, a schedule that
 * answers a negative rate) makes `apply` answer NaN, and the caller leaves the span to the
 * general path. The finiteness checks ride in the loops that make the values: each adds
 * `v − v` (0 for a finite `v`, NaN for NaN and ±∞) to a sum that is 0 exactly when every value
 * it saw was finite, so that no stage reads its buffers twice.
 *
 * Law (laws/flatRule.ts): for each component, the flat rule's updates and saved state equal the
 * tree rule's, bit for bit.
 *
 * @since 0.3.0
 */
import * as E from '#fp-ts/Either.js'
import { firstNonFinite, isTensor, unsafeMake } from '../tensor/Tensor.js'
import { leafList, unsafeRebuild, type Leaf, type Tree } from '../tree/Tree.js'
import type { AnyTransformation } from './chain.js'
import type { LearningRate } from './scaleByLearningRate.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The leaves a rule is compiled for: the tree its state is made for, the leaves' places among
 * all the parameters' buffers and their shapes, and whether they are all the parameters.
 *
 * @category model
 * @since 0.3.0
 */
export interface FlatLayout {
  readonly template: Tree
  readonly at: ReadonlyArray<number>
  readonly shapes: ReadonlyArray<ReadonlyArray<number>>
  readonly whole: boolean
}

/**
 * A rule loaded with its state: it transforms the updates of its leaves in place. `apply` and
 * `descend` answer 0, or NaN when the tree rule would refuse the step (the buffers are then
 * spoilt and the span is given up).
 *
 * @category model
 * @since 0.3.0
 */
export interface FlatStage {
  /** Transforms `u` (indexed by leaf) for this stage's leaves; `p` the parameters before the step. */
  readonly apply: (u: ReadonlyArray<Float64Array>, p: ReadonlyArray<Float64Array>) => number
  /**
   * When the stage covers every leaf and ends in a learning rate: `apply`, then the update added
   * to `p` (`p ← p + u`, the sums `applyUpdates` takes, with their finiteness), in one pass.
   */
  readonly descend?: (u: ReadonlyArray<Float64Array>, p: ReadonlyArray<Float64Array>) => number
  /** The state now, as the tree rule would hold it (fresh trees, not the stage's buffers). */
  readonly save: () => unknown
}

/**
 * Loads a tree state into a stage: undefined when the state does not have the expected structure.
 *
 * @category model
 * @since 0.3.0
 */
export type FlatLoader = (state: unknown) => FlatStage | undefined

/**
 * A flat rule: compiled for a layout, it answers the loader of its state. `rate` is set by
 * `scaleByLearningRate` alone (plain gradient descent), which kernels may run in one pass.
 *
 * @category model
 * @since 0.3.0
 */
export interface FlatRule {
  /** The rule for the parameters laid out as `layout`: how it loads a tree state and steps on flat buffers. */
  readonly compile: (layout: FlatLayout) => FlatLoader
  readonly rate?: LearningRate
}

/**
 * A stage for all the parameters: `descend` takes the whole step.
 *
 * @category model
 * @since 0.3.0
 */
export interface FlatStep extends FlatStage {
  readonly descend: (u: ReadonlyArray<Float64Array>, p: ReadonlyArray<Float64Array>) => number
}

// -------------------------------------------------------------------------------------
// conversions
// -------------------------------------------------------------------------------------

/**
 * The tensors of `tree` copied into fresh buffers, when they are the layout's leaves (by size)
 * and finite.
 *
 * @internal
 */
export const loadTree = (tree: unknown, layout: FlatLayout): Array<Float64Array> | undefined => {
  if (typeof tree !== 'object' || tree === null) return undefined
  const list = leafList(tree as Tree)
  if (list.length !== layout.shapes.length) return undefined
  const out: Array<Float64Array> = []
  for (let k = 0; k < list.length; k++) {
    const x = list[k]!
    if (!isTensor(x) || x.data.length !== sizeOf(layout.shapes[k]!) || firstNonFinite(x.data) >= 0) return undefined
    out.push(x.data.slice())
  }
  return out
}

/**
 * Copies of the buffers as a tree of the layout's structure.
 *
 * @internal
 */
export const saveTree = (layout: FlatLayout, bufs: ReadonlyArray<Float64Array>): Tree =>
  unsafeRebuild(
    layout.template,
    bufs.map((b, k) => unsafeMake(layout.shapes[k]!, b.slice()) as Leaf)
  )

/**
 * A state's field, when the state is a record.
 *
 * @internal
 */
export const field = (state: unknown, name: string): unknown =>
  typeof state === 'object' && state !== null && !Array.isArray(state)
    ? (state as Readonly<Record<string, unknown>>)[name]
    : undefined

/**
 * Whether `u` is a count of updates.
 *
 * @internal
 */
export const isCount = (u: unknown): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= 0

const sizeOf = (shape: ReadonlyArray<number>): number => shape.reduce((a, d) => a * d, 1)

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The layout of all the leaves of `params`.
 *
 * @internal
 */
export const wholeLayout = (params: Tree): FlatLayout => {
  const list = leafList(params)
  return {
    template: params,
    at: list.map((_, k) => k),
    shapes: list.map((x) => (typeof x === 'number' ? [] : x.shape)),
    whole: true
  }
}

/**
 * `u`'s leaves at `at` scaled by `c` in place: 0, or NaN when a product is not finite.
 *
 * @internal
 */
export const scaleAll = (u: ReadonlyArray<Float64Array>, at: ReadonlyArray<number>, c: number): number => {
  let bad = 0
  for (const j of at) {
    const a = u[j]!
    for (let i = 0; i < a.length; i++) {
      const v = c * a[i]!
      a[i] = v
      bad += v - v
    }
  }
  return bad
}

/**
 * The flat rule of a stateless elementwise transformation: `u ← f(u)`.
 *
 * @internal
 */
export const elementwise = (f: (x: number) => number): FlatRule => ({
  compile: (layout) => (state) => ({
    apply: (u) => {
      let bad = 0
      for (const j of layout.at) {
        const a = u[j]!
        for (let i = 0; i < a.length; i++) {
          const v = f(a[i]!)
          a[i] = v
          bad += v - v
        }
      }
      return bad
    },
    save: () => state
  })
})

/**
 * The flat rule of a transformation whose state is a count of updates (when `counted`) and
 * trees under `names`, each leaf transformed on its own: `leaf(count)`, with `count` the number
 * of updates made before this one, answers the kernel that transforms one leaf's updates `g` in
 * place, with that leaf's state buffers (in the order of `names`), and answers its sum of
 * `v − v` (0 when every value it made is finite). The state is saved as `{ count, …trees }`.
 *
 * @internal
 */
export const perLeaf =
  (
    names: ReadonlyArray<string>,
    counted: boolean,
    leaf: (count: number) => (g: Float64Array, state: ReadonlyArray<Float64Array>) => number
  ): FlatRule['compile'] =>
  (layout) =>
  (state) => {
    const start = counted ? field(state, 'count') : 0
    const trees = names.map((n) => loadTree(field(state, n), layout))
    if (!isCount(start) || !trees.every((t) => t !== undefined)) return undefined
    const loaded = trees as ReadonlyArray<Array<Float64Array>>
    const byLeaf = layout.at.map((_, k) => loaded.map((t) => t[k]!))
    let count = start
    return {
      apply: (u) => {
        const kernel = leaf(count)
        count++
        let bad = 0
        for (let k = 0; k < layout.at.length; k++) bad += kernel(u[layout.at[k]!]!, byLeaf[k]!)
        return bad
      },
      save: () => ({
        ...(counted ? { count } : {}),
        ...Object.fromEntries(names.map((n, i) => [n, saveTree(layout, loaded[i]!)]))
      })
    }
  }

/** `p ← p + u` over every leaf, the sums `applyUpdates` takes: 0, or NaN when a sum is not finite. */
const addUpdates = (u: ReadonlyArray<Float64Array>, p: ReadonlyArray<Float64Array>): number => {
  let bad = 0
  for (let k = 0; k < p.length; k++) {
    const w = p[k]!
    const a = u[k]!
    for (let i = 0; i < w.length; i++) {
      const x = w[i]! + a[i]!
      w[i] = x
      bad += x - x
    }
  }
  return bad
}

/**
 * An optimizer's flat rule compiled for parameters shaped like `params` (every leaf a tensor):
 * the loader of whole steps. A stage's `descend` is the rule's own one-pass step when it ends in
 * a learning rate over every leaf, else `apply` followed by `p ← p + u`: the same bits either way.
 *
 * @internal
 */
export const compileOptimizer = (rule: FlatRule, params: Tree): ((state: unknown) => FlatStep | undefined) => {
  const load = rule.compile(wholeLayout(params))
  return (state) => {
    const stage = load(state)
    if (stage === undefined) return undefined
    const { apply, descend, save } = stage
    return {
      apply,
      save,
      descend: descend ?? ((u, p) => (apply(u, p) !== 0 ? Number.NaN : addUpdates(u, p)))
    }
  }
}

/**
 * The flat rule of a transformation, when it has one.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * pipe(Optim.sgd(0.1), E.map((t) => Advanced.Optim.flatRuleOf(t)?.rate)) // right(0.1)
 *
 * @category destructors
 * @since 0.3.0
 */
export const flatRuleOf = (t: unknown): FlatRule | undefined => {
  const flat = field(t, 'flat')
  return typeof flat === 'object' && flat !== null && typeof (flat as FlatRule).compile === 'function'
    ? (flat as FlatRule)
    : undefined
}

/**
 * A flat rule for any transformation, a user's own included: its tree rule run on trees made from
 * the buffers, its updates copied back. It is the tree rule by construction, and as slow; it
 * lets a compiled program keep the parameters flat with an optimizer that has no flat rule of
 * its own (`flatRuleOf(t) ?? fromTree(t)`). A refused update answers NaN.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim, Tensor } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // a transformation of one's own, halving the gradient, run on one buffer
 * const halve = Optim.gradientTransformation(() => Advanced.Optim.emptyState, (g, s) => E.map((h: typeof g) => [h, s] as const)(Optim.applyUpdates(g)(g)), () => Advanced.Optim.EmptyStateC)
 * pipe(
 *   Tensor.fromArray([2])([1, -3]),
 *   E.map((w) => {
 *     const stage = Advanced.Optim.fromTree(halve).compile({ template: { w }, at: [0], shapes: [[2]], whole: true })(Advanced.Optim.emptyState)!
 *     const u = [Float64Array.of(1, -3)]
 *     return [stage.apply(u, [w.data.slice()]), Array.from(u[0]!)]
 *   })
 * ) // right([0, [2, -6]])
 *
 * @category constructors
 * @since 0.3.0
 */
export const fromTree = (t: AnyTransformation): FlatRule => ({
  compile: (layout) => {
    const numbers = leafList(layout.template).map((x) => typeof x === 'number')
    const tree = (bufs: ReadonlyArray<Float64Array>): Tree =>
      unsafeRebuild(
        layout.template,
        layout.at.map((j, k) => (numbers[k] === true ? bufs[j]![0]! : unsafeMake(layout.shapes[k]!, bufs[j]!.slice())))
      )
    return (state) => {
      let s = state
      return {
        apply: (u, p) => {
          const r = t.update(tree(u), s, tree(p))
          if (E.isLeft(r)) return Number.NaN
          const out = leafList(r.right[0] as Tree)
          if (out.length !== layout.at.length) return Number.NaN
          for (let k = 0; k < out.length; k++) {
            const x = out[k]!
            const a = u[layout.at[k]!]!
            if (typeof x === 'number') a[0] = x
            else if (x.data.length === a.length) a.set(x.data)
            else return Number.NaN
          }
          s = r.right[1]
          return 0
        },
        save: () => s
      }
    }
  }
})
