/**
 * Laws of the general step (`train/step`): the step a run folds (`stepReport`), which works the
 * parameters' structure out once per run and applies plain SGD in one pass, answers exactly
 * what the reference composition answers (`stepWith` of the model's `lossAndGrad`: tree
 * traversals every step, the optimizer's `update`, then `applyUpdates`), bit for bit, step after
 * step, failures included and across a change of the parameters' structure mid-run. And an
 * epoch through the general path equals the compiled epoch and the reference epoch, bit for bit.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { Dataset } from '../src/data/Dataset.js'
import type { GradientTransformation } from '../src/optim/GradientTransformation.js'
import {
  advance,
  closeEpoch,
  epochWithSteps,
  openEpoch,
  type EpochConfig,
  type StepRecord
} from '../src/train/loop/epoch.js'
import { compiledEpochWithSteps } from './fusion.js'
import { lossAndGrad, type Model } from '../src/train/Model.js'
import { stepReport, stepWith } from '../src/train/loop/step.js'
import type { TrainState } from '../src/train/bookkeeping/TrainState.js'
import type { Params } from '../src/tree/Tree.js'
import { bitsEqual } from './purity.js'

/**
 * The reference step: the loss and gradient by `valueAndGrad` of the whole parameter record,
 * then the optimizer's update and `applyUpdates`.
 *
 * @category references
 * @since 0.2.0
 */
export const referenceStep = <P extends Params, S>(model: Model<P>, optimizer: GradientTransformation<S>) =>
  stepWith((batch: Dataset, params: P) => lossAndGrad(model)(batch)(params), optimizer)

/**
 * Folding one `stepReport` over `batches` answers, at every step, what the reference step
 * answers, bit for bit; the first failure ends both alike. Before step `switchAt` the
 * parameters are replaced by `other` (and the optimizer's state made afresh for them), so the
 * step meets a second structure after it has compiled the first.
 *
 * @category laws
 * @since 0.2.0
 */
export const stepIsReferenceStep = <P extends Params, S>(
  model: Model<P>,
  optimizer: GradientTransformation<S>,
  state: TrainState<P, S>,
  batches: ReadonlyArray<Dataset>,
  switchAt: number,
  other: P
): boolean => {
  const fast = stepReport(model, optimizer)
  const reference = referenceStep(model, optimizer)
  let s = state
  for (let i = 0; i < batches.length; i++) {
    if (i === switchAt) s = { ...s, params: other, optState: optimizer.init(other) }
    const a = fast(s, batches[i]!)
    const b = reference(s, batches[i]!)
    if (!bitsEqual(a, b)) return false
    if (E.isLeft(a)) return true
    s = a.right.state
  }
  return true
}

/** The epoch with every step taken by the reference step, and each step's record. */
const referenceEpoch = <P extends Params, S>(config: EpochConfig<P, S>, state: TrainState<P, S>, data: Dataset) => {
  const steps: Array<StepRecord> = []
  return pipe(
    openEpoch(config.batching)(state, data),
    E.chainW(
      advance(config, {
        gradients: (batch, params) => lossAndGrad(config.model)(batch)(params),
        onStep: (r) => void steps.push(r)
      })()
    ),
    E.map((cursor) => ({ ...closeEpoch(cursor), steps }))
  )
}

/**
 * An epoch through the general step (no kernel) equals the epoch through the compiled kernel
 * and the reference epoch, bit for bit: the general path is still the reference, and what it
 * answers did not change.
 *
 * @category laws
 * @since 0.2.0
 */
export const generalEpochIsCompiledAndReference = <P extends Params, S>(
  config: EpochConfig<P, S>,
  state: TrainState<P, S>,
  data: Dataset
): boolean => {
  const general = epochWithSteps(config)(state, data)
  return (
    bitsEqual(general, compiledEpochWithSteps(config, state, data)) &&
    bitsEqual(general, referenceEpoch(config, state, data))
  )
}
