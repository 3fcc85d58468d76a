/**
 * The public face of `train/`: a training step as a pure function, an epoch as a fold of
 * steps, a run as a fold of epochs with stop rules, metrics, checkpoints, and the
 * `TaskEither` runner for long runs.
 *
 * @since 0.1.0
 */
export { initialState, type TrainState } from './bookkeeping/TrainState.js'
export { evaluationFailed, stepFailed, type StepFailed, type TrainError } from './TrainError.js'
export { lossAndGrad, lossAndPredictions, type Model } from './Model.js'
export { applyGradient, step, stepReport, stepWith, type Gradients, type Step, type StepReport } from './loop/step.js'
export {
  advance,
  closeEpoch,
  epoch,
  epochWithSteps,
  isComplete,
  nextBatch,
  openEpoch,
  type AdvanceOptions,
  type EpochConfig,
  type EpochCursor,
  type EpochKernel,
  type EpochReport,
  type Span,
  type StepHook,
  type StepRecord
} from './loop/epoch.js'
export { measure, type MeasureOptions } from './bookkeeping/measure.js'
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
} from './loop/fit.js'
export {
  ClassificationMeasureC,
  ClassReportC,
  defaultWatch,
  EpochRecordC,
  higherIsBetter,
  HistoryC,
  improves,
  MeasureC,
  metricOf,
  monitored,
  RegressionMeasureC,
  watched,
  type ClassificationMeasure,
  type ClassReport,
  type EpochRecord,
  type History,
  type Measure,
  type MetricName,
  type RegressionMeasure,
  type Watch
} from './bookkeeping/History.js'
export {
  all,
  any,
  bestEpoch,
  lossBelow,
  maxEpochs,
  noImprovement,
  targetAccuracy,
  type BestSoFar,
  type StopReason,
  type StopRule
} from './bookkeeping/stopRules.js'
export {
  accuracy,
  classReports,
  confusionMatrix,
  meanLoss,
  regressionMetrics,
  taskOf,
  type ConfusionMatrix,
  type RegressionMetrics,
  type Task
} from './bookkeeping/metrics.js'
export { CHECKPOINT_FORMAT, CheckpointC, KeyC, fromJson, toJson, type Checkpoint } from './files/Checkpoint.js'
export { stopSpecOf, StopSpecC, type StopSpec } from './files/StopSpec.js'
export { buildRun, describeRun, RunSpecC, type BuiltRun, type RunSpec } from './files/RunSpec.js'
export { resumeFromJson, ResumableCheckpointC, type Resumable } from './files/ResumableCheckpoint.js'
export {
  run,
  type AsyncGradients,
  type Observer,
  type RunError,
  type RunnerFailed,
  type RunOptions
} from './loop/run.js'
export { ioError, type IoError } from './files/IoError.js'
export { checkProgress, checkRun } from './loop/inputs.js'
export { buildSpec, type BuiltSpec, type ModelSpec } from './files/ModelSpec.js'
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
} from './parallel/shards.js'
export {
  fitStream,
  streamLossAndGrad,
  type StreamBatching,
  type StreamFitConfig,
  type StreamFitError,
  type StreamFitResult
} from './loop/streamFit.js'
export { streamFit, streamFitFrom, type StreamError, type StreamOptions } from './loop/streamTrain.js'
export {
  MODEL_FORMAT,
  ModelFileC,
  finalMetrics,
  modelFile,
  modelFromJson,
  modelToJson,
  type Architecture,
  type ModelFile,
  type ModelJson,
  type ModelMetadata,
  type ModelParts
} from './files/ModelFile.js'
export { predict, predictClasses, type PredictError, type Rows } from './files/predict.js'
export { VERSION } from './files/version.js'
export {
  explainStep,
  explainThreeTwoThree,
  type ExplainConfig,
  type Explanation,
  type Factor,
  type Samples,
  type UnitExplanation,
  type UnitValues,
  type WeightExplanation
} from './teaching/explain.js'
export { naturalCompare, renderExplanation, type ExplanationFormat } from './teaching/renderExplanation.js'
export { settle, type Settable } from './loop/settle.js'
export { bestMetrics } from './files/ModelFile.js'
export {
  BUNDLED,
  decodeExperiment,
  DEFAULTS,
  ExperimentC,
  parseExperiment,
  type ConfigError,
  type DataConfig,
  type Experiment,
  type OptimizerConfig,
  type ScheduleConfig
} from './experiment/config.js'
export {
  lossOf,
  type AnyOptimizer,
  type AnyState,
  type Network,
  type PrepareError,
  type Prepared
} from './experiment/prepare.js'
export { type DataProblem, type Labelled, type Samples as ExperimentSamples } from './experiment/source.js'
export { type ReportFacts } from './experiment/report.js'
export {
  experiment,
  prepareExperiment,
  type EpochSnapshot,
  type ExperimentError,
  type ExperimentInput,
  type ExperimentOptions,
  type ExperimentRun
} from './experiment/experiment.js'
export { crossValidate, type CrossValidation, type FoldResult } from './experiment/crossValidate.js'
