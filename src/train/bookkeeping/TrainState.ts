/**
 * The state of a training run between two steps: everything that the next step depends on,
 * and nothing else, so that a run resumed from it continues bit for bit.
 *
 * @since 0.1.0
 */
import type { Key } from '../../random/Key.js'
import type { GradientTransformation } from '../../optim/GradientTransformation.js'
import type { Tree } from '../../tree/Tree.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * - `params`: the parameters, of the model's record type;
 * - `optState`: the optimizer's state (moments, step counts);
 * - `key`: the run's key; epoch `k`'s shuffle is drawn from `(key, k)` alone;
 * - `epoch`: how many epochs are complete;
 * - `step`: how many optimizer steps are complete, over the whole run.
 *
 * @category model
 * @since 0.1.0
 */
export interface TrainState<P, S> {
  readonly params: P
  readonly optState: S
  readonly key: Key
  readonly epoch: number
  readonly step: number
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The state before the first step: the optimizer's fresh state, no epoch or step done.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim, Random, Train } from 'gradfold'
 * pipe(E.Do, E.apS('adam', Optim.adam()), E.apSW('key', Random.key(0)), E.map(({ adam, key }) => Train.initialState(adam)({ w: 0.5 }, key)))
 * // right({ params: { w: 0.5 }, optState: [{ count: 0, mu: { w: 0 }, nu: { w: 0 } }, { count: 0 }], key: { _tag: 'Key', k0: 0, k1: 0 }, epoch: 0, step: 0 })
 *
 * @category constructors
 * @since 0.1.0
 */
export const initialState =
  <S>(optimizer: GradientTransformation<S>) =>
  <P extends Tree>(params: P, key: Key): TrainState<P, S> => ({
    params,
    optState: optimizer.init(params),
    key,
    epoch: 0,
    step: 0
  })

/**
 * The state after `steps` more steps to `params` and `optState`: a record of the five fields,
 * made as one literal (the fold makes one a step, or one a fused span; a spread of the state
 * before costs V8 a slow copy once states come from many places).
 *
 * @internal
 */
export const afterSteps = <P, S>(state: TrainState<P, S>, params: P, optState: S, steps: number): TrainState<P, S> => ({
  params,
  optState,
  key: state.key,
  epoch: state.epoch,
  step: state.step + steps
})

/**
 * The state with its epoch counted.
 *
 * @internal
 */
export const afterEpoch = <P, S>(state: TrainState<P, S>): TrainState<P, S> => ({
  params: state.params,
  optState: state.optState,
  key: state.key,
  epoch: state.epoch + 1,
  step: state.step
})
