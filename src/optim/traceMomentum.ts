/**
 * Momentum, as PyTorch's SGD computes it (dampening 0): the trace `v ← μ·v + g`, started at
 * `v = g` on the first update, and the updates `v`, or `g + μ·v` (with the new `v`) for
 * Nesterov's variant. Followed by `scaleByLearningRate(lr)` this is `torch.optim.SGD` with
 * `momentum = μ`: `p ← p − lr·v`, or `p ← p − lr·(g + μ·v)`.
 *
 * With μ = 0 the trace is the gradient itself (PyTorch keeps no buffer then), so momentum with
 * μ = 0 is plain gradient descent bit for bit.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import { CountC } from '../codec/CountC.js'
import { exactType } from '../codec/exact.js'
import { TreeC } from '../codec/TreeC.js'
import { unsafeMap } from '../tree/map.js'
import type { Tree } from '../tree/Tree.js'
import { unsafeZipWith } from '../tree/zipWith.js'
import { zerosLike } from '../tree/vectorSpace.js'
import { perLeaf, type FlatRule } from './FlatRule.js'
import { gradientTransformation, withForms, type GradientTransformation } from './GradientTransformation.js'
import { guardedInfallibleUpdate } from './guard.js'
import { boolean, optional } from '../tensor/guards.js'
import { validateKinds, unitIntervalRange, validated, withOptions } from './hyperparameters.js'
import type { OptimError } from './OptimError.js'
import type { BlockEntry } from './Entry.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The number of updates made and the trace `v`, a tree of the parameters' structure.
 *
 * @category model
 * @since 0.1.0
 */
export interface TraceMomentumState {
  readonly count: number
  readonly trace: Tree
}

/**
 * The state's codec, for parameters of `template`'s structure.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // after one step with gradient 2 the trace (velocity) is 2; the codec needs the parameters' structure
 * pipe(
 *   Optim.traceMomentum({ decay: 0.9 }),
 *   E.chain((t) => t.update({ w: 2 }, t.init({ w: 0 }), { w: 0 })),
 *   E.map(([, state]) => Advanced.Optim.TraceMomentumStateC({ w: 0 }).encode(state))
 * ) // right({ count: 1, trace: { w: 2 } })
 *
 * @category codecs
 * @since 0.1.0
 */
export const TraceMomentumStateC = (template: Tree) =>
  exactType({ count: CountC, trace: TreeC(template) }, 'TraceMomentumState')

// -------------------------------------------------------------------------------------
// transformations
// -------------------------------------------------------------------------------------

const copy = unsafeMap((x) => x)

/** The flat rule: the trace, then the update (the trace, or `g + μ·trace` for Nesterov's). */
const flatRule = (decay: number, nesterov: boolean): FlatRule => ({
  compile: perLeaf(['trace'], true, (before) => {
    const first = before === 0 || decay === 0
    return (g, s) => {
      const v = s[0]!
      let bad = 0
      for (let i = 0; i < g.length; i++) {
        const t = first ? g[i]! : decay * v[i]! + g[i]!
        v[i] = t
        const x = nesterov ? g[i]! + decay * t : t
        g[i] = x
        bad += t - t + (x - x)
      }
      return bad
    }
  })
})

/**
 * The momentum trace with decay μ in [0, 1) (PyTorch's `momentum`), Nesterov's variant when
 * `nesterov` is true.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * const step = (s: Advanced.Optim.TraceMomentumState) => (t: Optim.GradientTransformation<Advanced.Optim.TraceMomentumState>) => t.update({ w: 1 }, s, { w: 0 })
 * pipe(Optim.traceMomentum({ decay: 0.9 }), E.chain((t) => step({ count: 1, trace: { w: 1 } })(t))) // right([{ w: 1.9 }, { count: 2, trace: { w: 1.9 } }])
 *
 * @category transformations
 * @since 0.1.0
 */
export const traceMomentum = (options: {
  readonly decay: number
  readonly nesterov?: boolean
}): E.Either<OptimError, GradientTransformation<TraceMomentumState>> =>
  withOptions('traceMomentum', options, (options) =>
    pipe(
      validateKinds('traceMomentum', [['nesterov', options.nesterov, optional(boolean)]]),
      E.flatMap(() =>
        validated('traceMomentum', [['decay', options.decay, unitIntervalRange]], () => uncheckedTraceMomentum(options))
      )
    )
  )

/**
 * `traceMomentum` for a decay already checked (by `momentum` and `nesterov`, under their names).
 *
 * @internal
 */
export const uncheckedTraceMomentum = (options: {
  readonly decay: number
  readonly nesterov?: boolean
}): GradientTransformation<TraceMomentumState> => {
  const { decay, nesterov = false } = options
  return withForms({ flat: flatRule(decay, nesterov), spec: { _tag: 'traceMomentum', decay, nesterov } })(
    gradientTransformation(
      (params): TraceMomentumState => ({ count: 0, trace: zerosLike(params) }),
      (grads, state: TraceMomentumState, params) =>
        guardedInfallibleUpdate('traceMomentum', grads, params, { trace: state.trace }, () => {
          const trace =
            state.count === 0 || decay === 0 ? copy(grads) : unsafeZipWith((v, g) => decay * v + g)(grads)(state.trace)
          const updates = nesterov ? unsafeZipWith((g, v) => g + decay * v)(trace)(grads) : trace
          return [updates, { count: state.count + 1, trace }, { trace }]
        }),
      TraceMomentumStateC
    )
  )
}

/**
 * `traceMomentum` as a block of a model file's optimizer spec: `{ _tag: 'traceMomentum', decay, nesterov }`.
 *
 * @internal
 */
export const traceMomentumBlock: BlockEntry = {
  _tag: 'BlockEntry',
  tag: 'traceMomentum',
  fields: [
    ['decay', 'number'],
    ['nesterov', 'flag']
  ],
  build: (s) => traceMomentum({ decay: s['decay'] as number, nesterov: s['nesterov'] as boolean })
}
