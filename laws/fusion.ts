/**
 * Laws of the fused epoch (src/train/loop/fused/): it is the general epoch, bit for bit.
 *
 * - `fusedEqualsGeneral`: `fusedEpochWithSteps(config)` and `epochWithSteps(config)` from the
 *   same state on the same data give the same report (parameters, optimizer state, step
 *   count, every step's loss, the epoch's loss) or the same failure, to the bit;
 * - `fusesWhenItCan`: for an `NN.mlp` model with a library loss and a library optimizer whose
 *   general epoch succeeds, the kernel compiles and runs the whole epoch itself, so that the
 *   first law is not met by falling back every time; for anything else it does not compile.
 *
 * @since 0.2.0
 */
import * as O from 'fp-ts/lib/Option.js'
import * as E from 'fp-ts/lib/Either.js'
import type { Params } from '../src/tree/Tree.js'
import type { Dataset } from '../src/data/Dataset.js'
import { plan } from '../src/data/EpochPlan.js'
import { epochWithSteps, type EpochConfig } from '../src/train/loop/epoch.js'
import { fusedEpochWithSteps, fusedKernel } from '../src/train/loop/fused/epoch.js'
import type { TrainState } from '../src/train/bookkeeping/TrainState.js'
import { bitsEqual } from './purity.js'

/**
 * The fused epoch's answer equals the general epoch's, bit for bit.
 *
 * @category laws
 * @since 0.2.0
 */
export const fusedEqualsGeneral = <P extends Params, S>(
  config: EpochConfig<P, S>,
  state: TrainState<P, S>,
  data: Dataset
): boolean => bitsEqual(fusedEpochWithSteps(config)(state, data), epochWithSteps(config)(state, data))

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
  const kernel = fusedKernel(config, state.params)
  const p = plan(config.batching)(data, state.key, state.epoch)
  return kernel !== undefined && E.isRight(p) && O.isSome(kernel(state, p.right, 0, p.right.batchCount))
}

/**
 * The choice: the kernel runs the epoch exactly when it should (`expected`: a fusable model and
 * optimizer whose general epoch succeeds).
 *
 * @category laws
 * @since 0.2.0
 */
export const fusesWhenItCan = <P extends Params, S>(
  config: EpochConfig<P, S>,
  state: TrainState<P, S>,
  data: Dataset,
  fusable: boolean
): boolean => kernelRuns(config, state, data) === (fusable && E.isRight(epochWithSteps(config)(state, data)))
