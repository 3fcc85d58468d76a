/**
 * Masks: a transformation applied to some leaves only. `masked(mask, inner)` hands `inner` the
 * chosen leaves and passes the others through untouched; `freeze(mask)` zeroes the chosen
 * leaves' updates.
 *
 * A mask chooses leaves by path (`hidden.w`, `layers.0.b`; see `Tree.paths`) and may look at
 * the leaf too. `validateMask<P>(…)` builds one from a record of booleans typed from the parameters,
 * where a boolean on an inner node stands for every leaf below it.
 *
 * What `inner` sees: the gradient, parameters and state pruned to the chosen leaves. Every
 * unchosen leaf is replaced by an empty record `{}` (which holds no scalar), so the chosen
 * leaves keep their paths and their flatten order, `inner`'s state holds trees of the chosen
 * leaves only, and an inner `clipByGlobalNorm` measures the norm of the chosen leaves only.
 *
 * Laws: an unchosen leaf's update is its gradient, bit for bit; a chosen leaf's update is what
 * `inner` answers for it on the pruned trees.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { firstMismatch } from '../tree/structure.js'
import { ownValue } from '../tensor/describe.js'
import { leafList, leaves, MAX_DEPTH, unsafeRebuild, type Leaf, type Tree } from '../tree/Tree.js'
import type * as t from 'io-ts'
import { firstWrong, func, type Wrong } from '../tensor/guards.js'
import { flatRuleOf, type FlatRule } from './FlatRule.js'
import {
  EmptyStateC,
  gradientTransformation,
  transformationKind,
  withForms,
  type GradientTransformation
} from './GradientTransformation.js'
import { guardedUpdate, type ComputedUpdate } from './guard.js'
import { invalidHyperparameter, mismatchWith, type InvalidHyperparameter, type OptimError } from './OptimError.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Chooses leaves: true for a leaf the masked transformation applies to.
 *
 * @category model
 * @since 0.1.0
 */
export type Mask = (path: string, leaf: Leaf) => boolean

/**
 * A record of booleans shaped like `P`: a boolean for each leaf, or one boolean for a whole
 * subtree.
 *
 * @category model
 * @since 0.1.0
 */
export type MaskOf<P> = boolean | (P extends Leaf ? never : { readonly [K in keyof P]: MaskOf<P[K]> })

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const emptyRecord: Tree = Object.freeze({})

/** For each leaf of `tree`, in flatten order: does `mask` choose it? */
const chosen = (mask: Mask, tree: Tree): ReadonlyArray<boolean> => leaves(tree).map((e) => mask(e.path, e.leaf))

/**
 * `tree` with each unchosen leaf replaced by `{}`: the chosen leaves keep their paths and order.
 *
 * @internal
 */
export const prune = (tree: Tree, choice: ReadonlyArray<boolean>): Tree =>
  unsafeRebuild(
    tree,
    leafList(tree).map((leaf, i) => (choice[i] === true ? leaf : (emptyRecord as unknown as Leaf)))
  )

/** `full`'s leaves, the chosen ones replaced in order by the leaves of `inner`. */
const merge = (full: Tree, choice: ReadonlyArray<boolean>, inner: Tree): Tree => {
  const innerLeaves = leafList(inner)
  let next = 0
  return unsafeRebuild(
    full,
    leafList(full).map((leaf, i) => (choice[i] === true ? (innerLeaves[next++] as Leaf) : leaf))
  )
}

// The masks made by `validateMask`, which look at a leaf's path alone: a compiled epoch may choose
// their leaves once, before its first step.
const pathMasks = new WeakSet<Mask>()

/**
 * `masked`'s flat rule, when its mask looks at paths alone and its inner transformation has a
 * flat rule: the inner rule compiled for the chosen leaves (the others are left as they are).
 */
const maskedFlat = (mask: Mask, inner: object): FlatRule | undefined => {
  const rule = flatRuleOf(inner)
  if (rule === undefined || !pathMasks.has(mask)) return undefined
  return {
    compile: (layout) => {
      const choice = leaves(layout.template).map((e) => mask(e.path, 0))
      return rule.compile({
        template: prune(layout.template, choice),
        at: layout.at.filter((_, k) => choice[k]),
        shapes: layout.shapes.filter((_, k) => choice[k]),
        whole: layout.whole && choice.every((c) => c)
      })
    }
  }
}

/** The first node of `mask` that is neither a boolean nor a record or array of them, walked by a loop. */
const firstNonBoolean = (
  mask: unknown
): { readonly path: string; readonly value: unknown; readonly expected: string } | undefined => {
  const stack: Array<readonly [node: unknown, path: string, depth: number]> = [[mask, 'mask', 0]]
  while (stack.length > 0) {
    const [node, path, depth] = stack.pop()!
    if (typeof node === 'boolean') continue
    if (typeof node !== 'object' || node === null)
      return { path, value: node, expected: 'true, false, or a record or array of them' }
    if (depth >= MAX_DEPTH) return { path, value: node, expected: `nesting at most ${MAX_DEPTH} deep` }
    for (const key of Object.keys(node)) stack.push([ownValue(node, key), `${path}.${key}`, depth + 1])
  }
  return undefined
}

const lookup = (mask: unknown, path: ReadonlyArray<string>): boolean => {
  let node = mask
  for (const key of path) {
    if (typeof node === 'boolean') return node
    if (typeof node !== 'object' || node === null || !Object.prototype.hasOwnProperty.call(node, key)) return false
    node = (node as Readonly<Record<string, unknown>>)[key]
  }
  return node === true
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A mask from a record of booleans typed from the parameters `P`; a path the record does not
 * reach is not chosen. Anything but booleans in records and arrays (at most `Tree.MAX_DEPTH`
 * deep) is refused with its path.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import * as Advanced from 'gradfold/advanced'
 * type Params = { hidden: { w: number; b: number }; out: { w: number; b: number } }
 * const biases = Advanced.Optim.validateMask<Params>({ hidden: { w: false, b: true }, out: { w: false, b: true } })
 * E.map((m: Advanced.Optim.Mask) => m('hidden.b', 0.1))(biases) // right(true)
 *
 * @category constructors
 * @since 0.1.0
 */
export const validateMask = <P>(mask: MaskOf<P>): E.Either<InvalidHyperparameter, Mask> => {
  const bad = firstNonBoolean(mask)
  if (bad !== undefined) return E.left(invalidHyperparameter('validateMask', bad.path, bad.value, bad.expected))
  const chosen: Mask = (path) => typeof path === 'string' && lookup(mask, path === '' ? [] : path.split('.'))
  pathMasks.add(chosen)
  return E.right(chosen)
}

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * `inner` applied to the leaves `mask` chooses; the other leaves' updates are their gradients.
 * The state is `inner`'s state for the pruned parameters.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * // Adam's scaling on the weights only; the biases' gradients pass through as they are
 * const t = pipe(Optim.scaleByAdam({}), E.map((adam) => Optim.masked((path) => path.endsWith('w'), adam)))
 * const p = { w: 0, b: 0 }
 * pipe(t, E.chain((m) => m.update({ w: 1e-3, b: 1e-3 }, m.init(p), p)), E.map(([updates]) => updates)) // right({ b: 0.001, w: 0.99999… })
 *
 * @category combinators
 * @since 0.1.0
 */
export const masked = <S>(mask: Mask, inner: GradientTransformation<S>): GradientTransformation<S> => {
  const wrong = firstWrong([
    ['the mask', mask, func],
    ['the inner transformation', inner, transformationKind]
  ])
  return wrong === undefined ? checkedMasked(mask, inner) : refusing(wrong)
}

/**
 * What `masked` answers for a mask that is not a function or an inner transformation that is
 * not one: `init` gives an empty state, and every `update` answers a Left naming the argument.
 */
const refusing = <S>(wrong: Wrong): GradientTransformation<S> =>
  gradientTransformation(
    () => ({}) as S,
    () => E.left(invalidHyperparameter('masked', wrong.name, wrong.value, wrong.expected)),
    () => EmptyStateC as unknown as t.Type<S, unknown, unknown>
  )

const checkedMasked = <S>(mask: Mask, inner: GradientTransformation<S>): GradientTransformation<S> =>
  withForms({ flat: maskedFlat(mask, inner) })(
    gradientTransformation(
      (params) => inner.init(prune(params, chosen(mask, params))),
      (grads, state, params) =>
        guardedUpdate('masked', grads, params, {}, () => {
          const choice = chosen(mask, params)
          const g = prune(grads, choice)
          return E.chain(([u, next]: readonly [Tree, S]): E.Either<OptimError, ComputedUpdate<S>> => {
            const m = firstMismatch(g, u)
            return m === undefined
              ? E.right([merge(grads, choice, u), next, {}])
              : E.left(mismatchWith('masked', "the inner transformation's updates", m))
          })(inner.update(g, state, prune(params, choice)))
        }),
      (template) => inner.stateC(prune(template, chosen(mask, template)))
    )
  )
