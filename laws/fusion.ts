/**
 * Laws of the span loop's fast kernel (src/train/loop/compiledEpoch.ts): a span through the
 * model's compiled program and the optimizer's flat rule is the general epoch, bit for bit.
 *
 * - `compiledEqualsGeneral`: the epoch with the compiled kernel plugged in and the general epoch
 *   (`epochWithSteps(config)`) from the same state on the same data give the same report
 *   (parameters, optimizer state, step count, every step's loss, the epoch's loss) or the same
 *   failure, to the bit;
 * - `compilesWhenItCan`: for any model, loss and optimizer (the library's or a user's) whose
 *   general epoch succeeds, the kernel compiles and runs the whole epoch itself, so that the
 *   first law is not met by falling back every time; where a step fails it gives the span up.
 *
 * @since 0.2.0
 */
import * as O from 'fp-ts/lib/Option.js'
import * as E from 'fp-ts/lib/Either.js'
import type { Params } from '../src/tree/Tree.js'
import type { Dataset } from '../src/data/Dataset.js'
import { plan } from '../src/data/EpochPlan.js'
import { epochWithSteps, type EpochConfig } from '../src/train/loop/epoch.js'
import { compiledKernel, withCompiledKernel } from '../src/train/loop/compiledEpoch.js'
import type { TrainState } from '../src/train/bookkeeping/TrainState.js'
import { bitsEqual } from './purity.js'

/**
 * The epoch through the compiled kernel, each step's record kept.
 *
 * @category references
 * @since 0.3.0
 */
export const compiledEpochWithSteps = <P extends Params, S>(
  config: EpochConfig<P, S>,
  state: TrainState<P, S>,
  data: Dataset
) => epochWithSteps(withCompiledKernel<P, S, EpochConfig<P, S>>(config, state.params))(state, data)

/**
 * The compiled epoch's answer equals the general epoch's, bit for bit.
 *
 * @category laws
 * @since 0.3.0
 */
export const compiledEqualsGeneral = <P extends Params, S>(
  config: EpochConfig<P, S>,
  state: TrainState<P, S>,
  data: Dataset
): boolean => bitsEqual(compiledEpochWithSteps(config, state, data), epochWithSteps(config)(state, data))

/**
 * Whether the kernel ran the epoch itself: it compiles for `config` and answers the whole span.
 *
 * @category laws
 * @since 0.2.0
 */
export const kernelRuns = <P extends Params, S>(
  config: EpochConfig<P, S>,
  state: TrainState<P, S>,
  data: Dataset
): boolean => {
  const kernel = compiledKernel(config, state.params)
  const p = plan(config.batching)(data, state.key, state.epoch)
  return kernel !== undefined && E.isRight(p) && O.isSome(kernel(state, p.right, 0, p.right.batchCount))
}

/**
 * The choice: the kernel runs the epoch exactly when the general epoch succeeds.
 *
 * @category laws
 * @since 0.3.0
 */
export const compilesWhenItCan = <P extends Params, S>(
  config: EpochConfig<P, S>,
  state: TrainState<P, S>,
  data: Dataset
): boolean => kernelRuns(config, state, data) === E.isRight(epochWithSteps(config)(state, data))
