/**
 * The plumbing of `train/` that `Train` leaves out: the epoch as a cursor (open, advance, close)
 * and its kernel seam, the pieces of `fit` (end of epoch, input
 * validation), gradient shards, the history's codecs and watch rules, the files' codecs and
 * formats, the experiment's parts, the explanation's parts and the error constructors. For writing
 * a loop of your own.
 *
 * @since 0.3.0
 */
export { evaluationFailed, stepFailed, type StepFailed } from './TrainError.js'
export { lossAndPredictions } from './Model.js'
export { applyGradient, stepReport, stepWith, type Gradients, type StepReport } from './loop/step.js'
export {
  advance,
  closeEpoch,
  epochWithSteps,
  isComplete,
  nextBatch,
  openEpoch,
  type AdvanceOptions,
  type EpochCursor,
  type EpochKernel,
  type Span,
  type StepHook,
  type StepRecord
} from './loop/epoch.js'
export { type MeasureOptions } from './bookkeeping/measure.js'
export { validateSetup, endEpoch, type Best } from './loop/fit.js'
export {
  ClassificationMeasureC,
  ClassReportC,
  defaultWatch,
  EpochRecordC,
  higherIsBetter,
  HistoryC,
  improves,
  MeasureC,
  monitored,
  RegressionMeasureC,
  watched,
  type ClassificationMeasure,
  type ClassReport,
  type RegressionMeasure,
  type Watch
} from './bookkeeping/History.js'
export { type BestSoFar } from './bookkeeping/stopRules.js'
export { taskOf, type ConfusionMatrix, type RegressionMetrics, type Task } from './bookkeeping/metrics.js'
export { CHECKPOINT_FORMAT, CheckpointC, KeyC } from './files/Checkpoint.js'
export { StopSpecC } from './files/StopSpec.js'
export { RunSpecC } from './files/RunSpec.js'
export { ResumableCheckpointC } from './files/ResumableCheckpoint.js'
export { type AsyncGradients, type Observer, type RunnerFailed } from './loop/run.js'
export { ioError } from './files/IoError.js'
export { validateProgress, validateRun } from './loop/inputs.js'
export { decodeModelSpec, type BuiltSpec, type ModelSpec } from './files/ModelSpec.js'
export {
  combineShards,
  emptyShardSum,
  finishShards,
  pushShard,
  shardedLossAndGrad,
  splitShards,
  type Shard,
  type ShardError,
  type ShardSum
} from './parallel/shards.js'
export { streamLossAndGrad, type StreamBatching } from './loop/streamFit.js'
export { type StreamError, type StreamOptions } from './loop/streamTrain.js'
export {
  MODEL_FORMAT,
  ModelFileC,
  type Architecture,
  type ModelJson,
  type ModelMetadata,
  type ModelParts
} from './files/ModelFile.js'
export { VERSION } from './files/version.js'
export {
  type Factor,
  type Samples,
  type UnitExplanation,
  type UnitValues,
  type WeightExplanation
} from './teaching/explain.js'
export { naturalCompare, type ExplanationFormat } from './teaching/renderExplanation.js'
export { settle, type Settable } from './loop/settle.js'
export {
  BUNDLED,
  DEFAULTS,
  ExperimentC,
  decodeExperimentJson,
  type ConfigError,
  type DataConfig,
  type OptimizerConfig,
  type ScheduleConfig
} from './experiment/config.js'
export {
  experimentLoss,
  type AnyOptimizer,
  type AnyState,
  type Network,
  type PrepareError,
  type Prepared
} from './experiment/prepare.js'
export { type DataProblem, type Labelled, type Samples as ExperimentSamples } from './experiment/source.js'
export { type ReportFacts } from './experiment/report.js'
export { prepareExperiment, type EpochSnapshot, type ExperimentInput } from './experiment/experiment.js'
export { type FoldResult } from './experiment/crossValidate.js'
