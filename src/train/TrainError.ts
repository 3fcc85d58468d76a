/**
 * How a training run fails, as values. A step that fails ends the run with a `StepFailed`
 * carrying the last good state, so nothing is lost: a `Diverged` run (a NaN or an infinity in
 * the loss, a gradient, an update or a parameter) names the epoch, the step and where the
 * non-finite number appeared. Bad data or a model that does not fit it fails before any
 * training, with the data module's or the differentiator's own error.
 *
 * @since 0.1.0
 */
import type { AdError } from '../ad/AdError.js'
import { asText } from '../tensor/describe.js'
import type { DataError } from '../data/DataError.js'
import type { OptimError } from '../optim/OptimError.js'
import type { TrainState } from './bookkeeping/TrainState.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A step that could not be taken: `epoch` (1-based, the epoch it belonged to) and `step`
 * (1-based over the run), the phase, the cause, and the state before the step. For the
 * `evaluation` phase, the epoch just completed, its last step, and the state after it.
 * `_tag: 'Diverged'` when the cause is a non-finite number.
 *
 * @category model
 * @since 0.1.0
 */
export interface StepFailed<P, S> {
  readonly _tag: 'Diverged' | 'StepFailed'
  readonly epoch: number
  readonly step: number
  readonly phase: 'gradient' | 'update' | 'apply' | 'evaluation'
  readonly where: string
  readonly cause: AdError | OptimError | DataError
  readonly lastGood: TrainState<P, S>
  readonly message: string
}

/**
 * @category model
 * @since 0.1.0
 */
export type TrainError<P, S> = StepFailed<P, S> | AdError | OptimError | DataError

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const NON_FINITE = new Set(['NonFinite', 'NonFiniteLeaf'])

/** Where a cause points: the leaf path or the op, as its own fields say. */
const whereOf = (cause: AdError | OptimError | DataError): string => {
  const c = cause as { readonly path?: unknown; readonly where?: unknown; readonly op?: unknown }
  const where = c.path ?? c.where ?? c.op ?? ''
  return asText(where)
}

/**
 * The failure of the step after `lastGood`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim, Random, Train } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // the step after the last good state (epoch 0, step 0) failed computing its gradient
 * pipe(
 *   E.Do,
 *   E.apS('sgd', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0)),
 *   E.map(({ sgd, key }) => Advanced.Train.stepFailed('gradient', Advanced.AD.invalidFunction('the loss is not a scalar'), Train.initialState(sgd)({ w: 0 }, key))),
 *   E.map((f) => [f._tag, f.phase, f.epoch, f.step])
 * ) // right(['StepFailed', 'gradient', 1, 1])
 *
 * @category constructors
 * @since 0.1.0
 */
export const stepFailed = <P, S>(
  phase: StepFailed<P, S>['phase'],
  cause: AdError | OptimError | DataError,
  lastGood: TrainState<P, S>
): StepFailed<P, S> => failedAt(phase, cause, lastGood, lastGood.epoch + 1, lastGood.step + 1)

/**
 * The failure of the evaluation after the epoch that ended in `state`: reported at that epoch
 * and its last step, with `state` as the last good state.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Optim, Random, Train } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // a NaN found measuring the epoch that ended in this state: the run diverged there
 * pipe(
 *   E.Do,
 *   E.apS('sgd', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0)),
 *   E.map(({ sgd, key }) => Advanced.Train.evaluationFailed(Advanced.Tensor.nonFinite('loss', 0, Number.NaN), Train.initialState(sgd)({ w: 0 }, key))),
 *   E.map((f) => [f._tag, f.phase, f.epoch, f.step])
 * ) // right(['Diverged', 'evaluation', 0, 0])
 *
 * @category constructors
 * @since 0.2.0
 */
export const evaluationFailed = <P, S>(
  cause: AdError | OptimError | DataError,
  state: TrainState<P, S>
): StepFailed<P, S> => failedAt('evaluation', cause, state, state.epoch, state.step)

const failedAt = <P, S>(
  phase: StepFailed<P, S>['phase'],
  cause: AdError | OptimError | DataError,
  lastGood: TrainState<P, S>,
  epoch: number,
  step: number
): StepFailed<P, S> => {
  const diverged = NON_FINITE.has(cause._tag)
  const where = whereOf(cause)
  return {
    _tag: diverged ? 'Diverged' : 'StepFailed',
    epoch,
    step,
    phase,
    where,
    cause,
    lastGood,
    message: `${diverged ? 'diverged' : 'failed'} at epoch ${epoch}, step ${step}, in the ${phase}${where === '' ? '' : ` (${where})`}: ${cause.message}`
  }
}
