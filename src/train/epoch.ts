/**
 * An epoch: a left fold of the step over the epoch's batches, stopping at the first failure.
 * The batches come from the data module's plan for this epoch: consecutive slices, or, when
 * shuffling, an order drawn from `(run key, epoch)` alone.
 *
 * Laws: two epochs from the same state and data are bit-identical; `fullBatch` is
 * `miniBatch(n)` and `stochastic` is `miniBatch(1)`, step for step.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { Params } from '../tree/index.js'
import type { Batching } from '../data/Batching.js'
import { size, type Dataset } from '../data/Dataset.js'
import { foldBatches, plan } from '../data/EpochPlan.js'
import type { GradientTransformation } from '../optim/GradientTransformation.js'
import type { Model } from './Model.js'
import { stepReport } from './step.js'
import type { TrainError } from './TrainError.js'
import type { TrainState } from './TrainState.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One step's line of a per-step history.
 *
 * @category model
 * @since 0.1.0
 */
export interface StepRecord {
  readonly epoch: number
  readonly step: number
  readonly loss: number
}

/**
 * The state after an epoch; `batchLoss` is the mean of the batches' losses (each taken before
 * its step's update) weighted by batch size; `steps` holds each step's record when asked for.
 *
 * @category model
 * @since 0.1.0
 */
export interface EpochReport<P, S> {
  readonly state: TrainState<P, S>
  readonly batchLoss: number
  readonly steps: ReadonlyArray<StepRecord>
}

/**
 * What an epoch needs.
 *
 * @category model
 * @since 0.1.0
 */
export interface EpochConfig<P extends Params, S> {
  readonly model: Model<P>
  readonly optimizer: GradientTransformation<S>
  readonly batching: Batching
}

// -------------------------------------------------------------------------------------
// epochs
// -------------------------------------------------------------------------------------

interface Accumulator<P, S> {
  readonly state: TrainState<P, S>
  readonly lossSum: number
  readonly samples: number
  readonly steps: Array<StepRecord> | undefined
}

const run =
  <P extends Params, S>(config: EpochConfig<P, S>, keepSteps: boolean) =>
  (state: TrainState<P, S>, data: Dataset): E.Either<TrainError<P, S>, EpochReport<P, S>> => {
    const reduce = stepReport(config.model, config.optimizer)
    const start: Accumulator<P, S> = { state, lossSum: 0, samples: 0, steps: keepSteps ? [] : undefined }
    return pipe(
      plan(config.batching)(data, state.key, state.epoch),
      E.chainW(
        foldBatches(start, (acc, batch) =>
          E.map(({ state: next, loss }: { readonly state: TrainState<P, S>; readonly loss: number }) => {
            acc.steps?.push({ epoch: state.epoch + 1, step: next.step, loss })
            return {
              state: next,
              lossSum: acc.lossSum + loss * size(batch),
              samples: acc.samples + size(batch),
              steps: acc.steps
            }
          })(reduce(acc.state, batch))
        )
      ),
      E.map((acc) => ({
        state: { ...acc.state, epoch: state.epoch + 1 },
        batchLoss: acc.lossSum / acc.samples,
        steps: acc.steps ?? []
      }))
    )
  }

/**
 * One epoch over `data`: every batch of the epoch's plan, one step each.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Data, NN, Optim, Random, Train } from 'gradfold'
 * // ŷ = w·x, one SGD(0.1) step per sample: (x, y) = (1, 2) takes w from 0 to 0.4, then (2, 4) from 0.4 to 1.68;
 * // the batches' losses were 4 and (0.8 − 4)² = 10.24, so the epoch's is 7.12
 * const model: Train.Model<{ w: number }> = { forward: (p) => AD.mul(p.w), loss: NN.mse }
 * pipe(
 *   E.Do,
 *   E.apS('sgd', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0)),
 *   E.apSW('data', Data.fromRows([[1], [2]], [[2], [4]])),
 *   E.chainW(({ sgd, key, data }) =>
 *     Train.epoch({ model, optimizer: sgd, batching: Data.stochastic() })(Train.initialState(sgd)({ w: 0 }, key), data)
 *   ),
 *   E.map(({ state, batchLoss }) => [state.params, state.step, batchLoss])
 * ) // right([{ w: 1.6800000000000002 }, 2, 7.120000000000001]): 1.68 and 7.12 up to rounding
 *
 * @category epochs
 * @since 0.1.0
 */
export const epoch = <P extends Params, S>(config: EpochConfig<P, S>) => run(config, false)

/**
 * The same epoch, keeping each step's loss: the per-step history, a scan of the same reducer.
 *
 * @category epochs
 * @since 0.1.0
 */
export const epochWithSteps = <P extends Params, S>(config: EpochConfig<P, S>) => run(config, true)
