/**
 * A library optimizer compiled for one parameter layout: its `UpdateRule` run on flat buffers,
 * one per parameter leaf, with the state loaded from the optimizer's state value at the start
 * of a span and handed back as a state value of exactly the general path's structure at its
 * end. Every element is computed by the formula, in the order, that the transformation's
 * `update` uses, so updates and states are the general path's, bit for bit.
 *
 * What the guards of the general path would refuse (a non-finite update or state, a schedule
 * that answers a negative rate) makes `apply` answer NaN, and the caller leaves the span to the
 * general path. The finiteness checks ride in the loops that make the values: each adds
 * `v − v` (0 for a finite `v`, NaN for NaN and ±∞) to a sum that is 0 exactly when every value
 * it saw was finite, so that no stage reads its buffers twice.
 *
 * @internal
 * @since 0.2.0
 */
import { nonNegative } from '../../optim/hyperparameters.js'
import { prune } from '../../optim/masked.js'
import type { UpdateRule } from '../../optim/UpdateRule.js'
import { firstNonFinite, isTensor, unsafeMake } from '../../tensor/Tensor.js'
import { leafList, leaves, unsafeRebuild, type Leaf, type Tree } from '../../tree/Tree.js'
import * as Elementary from '../../math/index.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A rule loaded with its state: it transforms the updates of its leaves in place. `apply` and
 * `descend` answer 0, or NaN when the general path would refuse the step (the buffers are then
 * spoilt and the span is given up).
 */
export interface Stage {
  /** Transforms `u` (indexed by leaf) for this stage's leaves; `p` the parameters before the step. */
  readonly apply: (u: ReadonlyArray<Float64Array>, p: ReadonlyArray<Float64Array>) => number
  /**
   * When the stage covers every leaf and ends in a learning rate: `apply`, then the update added
   * to `p` (`p ← p + u`, the sums `applyUpdates` takes, with their finiteness), in one pass.
   */
  readonly descend?: (u: ReadonlyArray<Float64Array>, p: ReadonlyArray<Float64Array>) => number
  /** The state now, as the general path would hold it. */
  readonly save: () => unknown
}

/** How to load a rule's state into a stage: undefined when the state does not have the expected structure. */
type StageLoader = (state: unknown) => Stage | undefined

/** A stage for all the parameters: `descend` takes the whole step, in one pass where the rule allows. */
export interface Step extends Stage {
  readonly descend: (u: ReadonlyArray<Float64Array>, p: ReadonlyArray<Float64Array>) => number
}

/** How to load an optimizer's state: undefined when the state does not have the expected structure. */
export type Loader = (state: unknown) => Step | undefined

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

/** The tensors of `tree` copied into fresh buffers, when they are `scope`'s leaves (by size). */
const loadTree = (tree: unknown, sizes: ReadonlyArray<number>): Array<Float64Array> | undefined => {
  if (typeof tree !== 'object' || tree === null) return undefined
  const list = leafList(tree as Tree)
  if (list.length !== sizes.length) return undefined
  const out: Array<Float64Array> = []
  for (let k = 0; k < list.length; k++) {
    const x = list[k]!
    if (!isTensor(x) || x.data.length !== sizes[k] || firstNonFinite(x.data) >= 0) return undefined
    out.push(x.data.slice())
  }
  return out
}

const isCount = (u: unknown): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= 0

const record = (u: unknown): Readonly<Record<string, unknown>> | undefined =>
  typeof u === 'object' && u !== null && !Array.isArray(u) ? (u as Readonly<Record<string, unknown>>) : undefined

/** What a rule compiles against: the tree its state is made for, its leaves' place and shape, and whether they are all the parameters. */
interface Scope {
  readonly template: Tree
  readonly at: ReadonlyArray<number>
  readonly shapes: ReadonlyArray<ReadonlyArray<number>>
  readonly whole: boolean
}

const sizesOf = (s: Scope): ReadonlyArray<number> => s.shapes.map((sh) => sh.reduce((a, d) => a * d, 1))

/** The buffers as a tree of `scope`'s structure; the buffers are handed over, not copied. */
const saveTree = (s: Scope, bufs: ReadonlyArray<Float64Array>): Tree =>
  unsafeRebuild(
    s.template,
    bufs.map((b, k) => unsafeMake(s.shapes[k]!, b) as Leaf)
  )

/** `u`'s leaves at `at` scaled by `c` in place: 0, or NaN when a product is not finite. */
const scaleAll = (u: ReadonlyArray<Float64Array>, at: ReadonlyArray<number>, c: number): number => {
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

/** An elementwise stateless stage. */
const stateless =
  (s: Scope, f: (x: number) => number) =>
  (state: unknown): Stage => ({
    apply: (u) => {
      let bad = 0
      for (const j of s.at) {
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

// -------------------------------------------------------------------------------------
// compiling
// -------------------------------------------------------------------------------------

/** Compiles `rule` for the leaves of `scope`. */
const compile = (rule: UpdateRule, s: Scope): StageLoader => {
  const sizes = sizesOf(s)
  switch (rule._tag) {
    case 'identity':
      return (state) => ({ apply: () => 0, save: () => state })
    case 'zero':
      return stateless(s, () => -0)
    case 'scale': {
      const c = rule.c
      return stateless(s, (x) => c * x)
    }
    case 'clipByValue': {
      const { lo, hi } = rule
      return stateless(s, (g) => (g < lo ? lo : g > hi ? hi : g))
    }
    case 'addDecayedWeights': {
      const wd = rule.weightDecay
      return (state) => ({
        apply: (u, p) => {
          if (wd === 0) return 0
          let bad = 0
          for (const j of s.at) {
            const a = u[j]!
            const q = p[j]!
            for (let i = 0; i < a.length; i++) {
              const v = a[i]! + wd * q[i]!
              a[i] = v
              bad += v - v
            }
          }
          return bad
        },
        save: () => state
      })
    }
    case 'clipByGlobalNorm': {
      const maxNorm = rule.maxNorm
      return (state) => ({
        apply: (u) => {
          let mx = 0
          for (const j of s.at) {
            const a = u[j]!
            for (let i = 0; i < a.length; i++) {
              const v = Math.abs(a[i]!)
              if (v > mx) mx = v
            }
          }
          if (mx === 0) return 0
          let sq = 0
          for (const j of s.at) {
            const a = u[j]!
            for (let i = 0; i < a.length; i++) {
              const q = a[i]! / mx
              sq += q * q
            }
          }
          const norm = mx * Math.sqrt(sq)
          if (norm <= maxNorm) return 0
          return scaleAll(u, s.at, maxNorm / norm)
        },
        save: () => state
      })
    }
    case 'scaleByLearningRate': {
      const lr = rule.lr
      // the rate `learningRateAt` reads, without its Either: NaN where it would refuse the schedule's answer
      const fixed = typeof lr === 'number' ? (nonNegative.test(lr) ? lr : Number.NaN) : undefined
      const rateAt = (count: number): number => {
        if (fixed !== undefined) return fixed
        const rate = typeof lr === 'number' ? lr : lr(count)
        return nonNegative.test(rate) ? rate : Number.NaN
      }
      return (state) => {
        const r = record(state)
        if (r === undefined || !isCount(r['count'])) return undefined
        let count = r['count']
        const at = s.at
        // w + (−rate·u), the update rounded before the sum as `applyUpdates` takes it; a
        // non-finite update makes the sum non-finite too (the parameters are finite)
        const descend = (u: ReadonlyArray<Float64Array>, p: ReadonlyArray<Float64Array>): number => {
          const rate = rateAt(count)
          if (Number.isNaN(rate)) return Number.NaN
          const c = -rate
          let bad = 0
          for (let k = 0; k < at.length; k++) {
            const a = u[at[k]!]!
            const w = p[at[k]!]!
            for (let i = 0; i < a.length; i++) {
              const x = w[i]! + c * a[i]!
              w[i] = x
              bad += x - x
            }
          }
          count++
          return bad
        }
        return {
          apply: (u) => {
            const rate = rateAt(count)
            if (Number.isNaN(rate)) return Number.NaN
            count++
            return scaleAll(u, s.at, -rate)
          },
          ...(s.whole ? { descend } : {}),
          save: () => ({ count })
        }
      }
    }
    case 'traceMomentum': {
      const { decay, nesterov } = rule
      return (state) => {
        const r = record(state)
        const trace = r === undefined ? undefined : loadTree(r['trace'], sizes)
        if (r === undefined || !isCount(r['count']) || trace === undefined) return undefined
        let count = r['count']
        return {
          apply: (u) => {
            let bad = 0
            for (let k = 0; k < s.at.length; k++) {
              const g = u[s.at[k]!]!
              const v = trace[k]!
              const first = count === 0 || decay === 0
              for (let i = 0; i < g.length; i++) {
                const t = first ? g[i]! : decay * v[i]! + g[i]!
                v[i] = t
                const x = nesterov ? g[i]! + decay * t : t
                g[i] = x
                bad += t - t + (x - x)
              }
            }
            count++
            return bad
          },
          save: () => ({
            count,
            trace: saveTree(
              s,
              trace.map((b) => b.slice())
            )
          })
        }
      }
    }
    case 'scaleByAdam': {
      const { b1, b2, eps } = rule
      return (state) => {
        const r = record(state)
        const mu = r === undefined ? undefined : loadTree(r['mu'], sizes)
        const nu = r === undefined ? undefined : loadTree(r['nu'], sizes)
        if (r === undefined || !isCount(r['count']) || mu === undefined || nu === undefined) return undefined
        let count = r['count']
        return {
          apply: (u) => {
            count++
            const c1 = 1 - Elementary.pow(b1, count)
            const c2 = 1 - Elementary.pow(b2, count)
            let bad = 0
            for (let k = 0; k < s.at.length; k++) {
              const g = u[s.at[k]!]!
              const m = mu[k]!
              const v = nu[k]!
              for (let i = 0; i < g.length; i++) {
                const gi = g[i]!
                const mi = b1 * m[i]! + (1 - b1) * gi
                const vi = b2 * v[i]! + (1 - b2) * (gi * gi)
                const x = mi / c1 / (Math.sqrt(vi / c2) + eps)
                m[i] = mi
                v[i] = vi
                g[i] = x
                bad += mi - mi + (vi - vi) + (x - x)
              }
            }
            return bad
          },
          save: () => ({
            count,
            mu: saveTree(
              s,
              mu.map((b) => b.slice())
            ),
            nu: saveTree(
              s,
              nu.map((b) => b.slice())
            )
          })
        }
      }
    }
    case 'scaleByRms':
    case 'scaleByRss': {
      const field = rule._tag === 'scaleByRms' ? 'nu' : 'sumOfSquares'
      const eps = rule.eps
      const decay = rule._tag === 'scaleByRms' ? rule.decay : 1
      const rms = rule._tag === 'scaleByRms'
      return (state) => {
        const r = record(state)
        const acc = r === undefined ? undefined : loadTree(r[field], sizes)
        if (acc === undefined) return undefined
        return {
          apply: (u) => {
            let bad = 0
            for (let k = 0; k < s.at.length; k++) {
              const g = u[s.at[k]!]!
              const v = acc[k]!
              for (let i = 0; i < g.length; i++) {
                const gi = g[i]!
                const vi = rms ? decay * v[i]! + (1 - decay) * (gi * gi) : v[i]! + gi * gi
                const x = gi / (Math.sqrt(vi) + eps)
                v[i] = vi
                g[i] = x
                bad += vi - vi + (x - x)
              }
            }
            return bad
          },
          save: () => ({
            [field]: saveTree(
              s,
              acc.map((b) => b.slice())
            )
          })
        }
      }
    }
    case 'chain': {
      const loaders = rule.parts.map((part) => compile(part, s))
      return (state) => {
        if (!Array.isArray(state) || state.length !== loaders.length) return undefined
        const stages: Array<Stage> = []
        for (let i = 0; i < loaders.length; i++) {
          const stage = loaders[i]!(state[i])
          if (stage === undefined) return undefined
          stages.push(stage)
        }
        const n = stages.length
        // the stages in order, stopping at the first that refuses
        const upTo = (u: ReadonlyArray<Float64Array>, p: ReadonlyArray<Float64Array>, end: number): number => {
          for (let i = 0; i < end; i++) if (stages[i]!.apply(u, p) !== 0) return Number.NaN
          return 0
        }
        const last = stages[n - 1]?.descend
        return {
          apply: (u, p) => upTo(u, p, n),
          ...(last === undefined ? {} : { descend: (u, p) => (upTo(u, p, n - 1) !== 0 ? Number.NaN : last(u, p)) }),
          save: () => stages.map((st) => st.save())
        }
      }
    }
    case 'masked': {
      const entries = leaves(s.template)
      const choice = entries.map((e) => rule.chosen(e.path))
      const inner: Scope = {
        template: prune(s.template, choice),
        at: s.at.filter((_, k) => choice[k]),
        shapes: s.shapes.filter((_, k) => choice[k]),
        whole: s.whole && choice.every((c) => c)
      }
      return compile(rule.inner, inner)
    }
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
 * Compiles an optimizer's rule for parameters shaped like `params` (every leaf a tensor). A
 * loaded stage's `descend` is the rule's own one-pass step when it ends in a learning rate over
 * every leaf, else `apply` followed by `addUpdates`: the same bits either way.
 *
 * @internal
 */
export const compileOptimizer = (rule: UpdateRule, params: Tree): Loader => {
  const list = leafList(params)
  const load = compile(rule, {
    template: params,
    at: list.map((_, k) => k),
    shapes: list.map((x) => (typeof x === 'number' ? [] : x.shape)),
    whole: true
  })
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
