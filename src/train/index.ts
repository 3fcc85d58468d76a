/**
 * The public face of `train/`: a training step as a pure function, an epoch as a fold of
 * steps, a run as a fold of epochs with stop rules, metrics, checkpoints, and the
 * `TaskEither` runner for long runs.
 *
 * @since 0.1.0
 */
export { initialState, type TrainState } from './TrainState.js'
export { stepFailed, type StepFailed, type TrainError } from './TrainError.js'
export { lossAndGrad, lossAndPredictions, type Model } from './Model.js'
export { step, stepReport, type Step, type StepReport } from './step.js'
export { epoch, epochWithSteps, type EpochConfig, type EpochReport, type StepRecord } from './epoch.js'
export { measure } from './measure.js'
export {
  checkSetup,
  endEpoch,
  fit,
  fitFrom,
  start,
  type Best,
  type FitConfig,
  type FitResult,
  type Progress
} from './fit.js'
export { EpochRecordC, HistoryC, MeasureC, monitored, type EpochRecord, type History, type Measure } from './History.js'
export {
  all,
  any,
  bestEpoch,
  lossBelow,
  maxEpochs,
  noImprovement,
  targetAccuracy,
  type StopReason,
  type StopRule
} from './stopRules.js'
export { accuracy, classReports, confusionMatrix, meanLoss, type ClassReport, type ConfusionMatrix } from './metrics.js'
export { CHECKPOINT_FORMAT, CheckpointC, KeyC, fromJson, toJson, type Checkpoint } from './Checkpoint.js'
export { run, type Observer, type RunError, type RunnerFailed, type RunOptions } from './run.js'
export { ioError, type IoError } from './IoError.js'
export { buildSpec, type BuiltSpec, type LossName, type ModelSpec } from './ModelSpec.js'
export {
  combineShards,
  emptyShardSum,
  finishShards,
  pushShard,
  shardedLossAndGrad,
  shardsOf,
  type Shard,
  type ShardError,
  type ShardSum
} from './shards.js'
export {
  fitStream,
  streamLossAndGrad,
  type StreamBatching,
  type StreamFitConfig,
  type StreamFitError,
  type StreamFitResult
} from './streamFit.js'
