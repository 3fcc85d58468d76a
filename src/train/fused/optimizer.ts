/**
 * A library optimizer compiled for one parameter layout: its `UpdateRule` run on flat buffers,
 * one per parameter leaf, with the state loaded from the optimizer's state value at the start
 * of a span and handed back as a state value of exactly the general path's structure at its
 * end. Every element is computed by the formula, in the order, that the transformation's
 * `update` uses, so updates and states are the general path's, bit for bit.
 *
 * What the guards of the general path would refuse (a non-finite update or state, a schedule
 * that answers a negative rate) makes `apply` answer `false`, and the caller leaves the span to
 * the general path.
 *
 * @internal
 * @since 0.2.0
 */
import { nonNegative } from '../../optim/hyperparameters.js'
import { prune } from '../../optim/masked.js'
import type { UpdateRule } from '../../optim/UpdateRule.js'
import { firstNonFinite, isTensor, unsafeMake } from '../../tensor/Tensor.js'
import { leafList, leaves, unsafeRebuild, type Leaf, type Tree } from '../../tree/Tree.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A rule loaded with its state: it transforms the updates of its leaves in place. */
export interface Stage {
  /** Transforms `u` (indexed by leaf) for this stage's leaves; `p` the parameters before the step. */
  readonly apply: (u: ReadonlyArray<Float64Array>, p: ReadonlyArray<Float64Array>) => boolean
  /** The state now, as the general path would hold it. */
  readonly save: () => unknown
}

/** How to load a rule's state: undefined when the state does not have the expected structure. */
export type Loader = (state: unknown) => Stage | undefined

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const finiteAll = (xs: ReadonlyArray<Float64Array>, scope: ReadonlyArray<number>): boolean => {
  for (const j of scope) if (firstNonFinite(xs[j]!) >= 0) return false
  return true
}

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

/** What a rule compiles against: the tree its state is made for, and its leaves' place and shape. */
interface Scope {
  readonly template: Tree
  readonly at: ReadonlyArray<number>
  readonly shapes: ReadonlyArray<ReadonlyArray<number>>
}

const sizesOf = (s: Scope): ReadonlyArray<number> => s.shapes.map((sh) => sh.reduce((a, d) => a * d, 1))

/** The buffers as a tree of `scope`'s structure; the buffers are handed over, not copied. */
const saveTree = (s: Scope, bufs: ReadonlyArray<Float64Array>): Tree =>
  unsafeRebuild(
    s.template,
    bufs.map((b, k) => unsafeMake(s.shapes[k]!, b) as Leaf)
  )

/** An elementwise stateless stage. */
const stateless =
  (s: Scope, f: (x: number) => number) =>
  (state: unknown): Stage => ({
    apply: (u) => {
      for (const j of s.at) {
        const a = u[j]!
        for (let i = 0; i < a.length; i++) a[i] = f(a[i]!)
      }
      return finiteAll(u, s.at)
    },
    save: () => state
  })

// -------------------------------------------------------------------------------------
// compiling
// -------------------------------------------------------------------------------------

/** Compiles `rule` for the leaves of `scope`. */
const compile = (rule: UpdateRule, s: Scope): Loader => {
  const sizes = sizesOf(s)
  switch (rule._tag) {
    case 'identity':
      return (state) => ({ apply: () => true, save: () => state })
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
          if (wd === 0) return true
          for (const j of s.at) {
            const a = u[j]!
            const q = p[j]!
            for (let i = 0; i < a.length; i++) a[i] = a[i]! + wd * q[i]!
          }
          return finiteAll(u, s.at)
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
          if (mx === 0) return true
          let sq = 0
          for (const j of s.at) {
            const a = u[j]!
            for (let i = 0; i < a.length; i++) {
              const q = a[i]! / mx
              sq += q * q
            }
          }
          const norm = mx * Math.sqrt(sq)
          if (norm <= maxNorm) return true
          const c = maxNorm / norm
          for (const j of s.at) {
            const a = u[j]!
            for (let i = 0; i < a.length; i++) a[i] = c * a[i]!
          }
          return finiteAll(u, s.at)
        },
        save: () => state
      })
    }
    case 'scaleByLearningRate': {
      const lr = rule.lr
      // the rate `learningRateAt` reads, without its Either: NaN where it would refuse the schedule's answer
      const rateAt = (count: number): number => {
        const rate = typeof lr === 'number' ? lr : lr(count)
        return nonNegative.test(rate) ? rate : Number.NaN
      }
      return (state) => {
        const r = record(state)
        if (r === undefined || !isCount(r['count'])) return undefined
        let count = r['count']
        return {
          apply: (u) => {
            const rate = rateAt(count)
            if (Number.isNaN(rate)) return false
            const c = -rate
            for (const j of s.at) {
              const a = u[j]!
              for (let i = 0; i < a.length; i++) a[i] = c * a[i]!
            }
            count++
            return finiteAll(u, s.at)
          },
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
            s.at.forEach((j, k) => {
              const g = u[j]!
              const v = trace[k]!
              if (count === 0 || decay === 0) v.set(g)
              else for (let i = 0; i < g.length; i++) v[i] = decay * v[i]! + g[i]!
              if (nesterov) for (let i = 0; i < g.length; i++) g[i] = g[i]! + decay * v[i]!
              else g.set(v)
            })
            count++
            return (
              finiteAll(u, s.at) &&
              finiteAll(
                trace,
                sizes.map((_, k) => k)
              )
            )
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
            const c1 = 1 - Math.pow(b1, count)
            const c2 = 1 - Math.pow(b2, count)
            s.at.forEach((j, k) => {
              const g = u[j]!
              const m = mu[k]!
              const v = nu[k]!
              for (let i = 0; i < g.length; i++) {
                const gi = g[i]!
                m[i] = b1 * m[i]! + (1 - b1) * gi
                v[i] = b2 * v[i]! + (1 - b2) * (gi * gi)
                g[i] = m[i]! / c1 / (Math.sqrt(v[i]! / c2) + eps)
              }
            })
            const all = sizes.map((_, k) => k)
            return finiteAll(u, s.at) && finiteAll(mu, all) && finiteAll(nu, all)
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
            s.at.forEach((j, k) => {
              const g = u[j]!
              const v = acc[k]!
              for (let i = 0; i < g.length; i++) {
                const gi = g[i]!
                v[i] = rms ? decay * v[i]! + (1 - decay) * (gi * gi) : v[i]! + gi * gi
                g[i] = gi / (Math.sqrt(v[i]!) + eps)
              }
            })
            return (
              finiteAll(u, s.at) &&
              finiteAll(
                acc,
                sizes.map((_, k) => k)
              )
            )
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
        return {
          apply: (u, p) => stages.every((st) => st.apply(u, p)),
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
        shapes: s.shapes.filter((_, k) => choice[k])
      }
      return compile(rule.inner, inner)
    }
  }
}

/**
 * Compiles an optimizer's rule for parameters shaped like `params` (every leaf a tensor).
 *
 * @internal
 */
export const compileOptimizer = (rule: UpdateRule, params: Tree): Loader => {
  const list = leafList(params)
  return compile(rule, {
    template: params,
    at: list.map((_, k) => k),
    shapes: list.map((x) => (typeof x === 'number' ? [] : x.shape))
  })
}
