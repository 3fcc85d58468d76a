/**
 * The public face of `train/`: a training step as a pure function, an epoch as a fold of
 * steps, a run as a fold of epochs with stop rules, metrics, checkpoints, and the
 * `TaskEither` runner for long runs.
 *
 * @since 0.1.0
 */
export { initialState, type TrainState } from './bookkeeping/TrainState.js'
export { type TrainError } from './TrainError.js'
export { lossAndGrad, type Model } from './Model.js'
export { step, type Step } from './loop/step.js'
export { epoch, type EpochConfig, type EpochReport } from './loop/epoch.js'
export { measure } from './bookkeeping/measure.js'
export { fit, fitFrom, start, type FitConfig, type FitResult, type Progress } from './loop/fit.js'
export { metricOf, type EpochRecord, type History, type Measure, type MetricName } from './bookkeeping/History.js'
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
} from './bookkeeping/stopRules.js'
export { accuracy, classReports, confusionMatrix, meanLoss, regressionMetrics } from './bookkeeping/metrics.js'
export { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from './files/Checkpoint.js'
export { encodeStop, type StopSpec } from './files/StopSpec.js'
export { decodeRun, encodeRun, type BuiltRun, type RunSpec } from './files/RunSpec.js'
export { decodeResumable, type Resumable } from './files/ResumableCheckpoint.js'
export { run, type RunError, type RunOptions } from './loop/run.js'
export { type IoError } from './files/IoError.js'
export { fitStream, type StreamFitConfig, type StreamFitError, type StreamFitResult } from './loop/streamFit.js'
export { streamFit, streamFitFrom } from './loop/streamTrain.js'
export { bestMetrics, decodeModel, encodeModel, finalMetrics, modelFile, type ModelFile } from './files/ModelFile.js'
export { predict, predictClasses, type PredictError, type Rows } from './files/predict.js'
export { explainStep, explainThreeTwoThree, type ExplainConfig, type Explanation } from './teaching/explain.js'
export { renderExplanation } from './teaching/renderExplanation.js'
export { decodeExperiment, type Experiment } from './experiment/config.js'
export {
  experiment,
  type ExperimentError,
  type ExperimentOptions,
  type ExperimentRun
} from './experiment/experiment.js'
export { crossValidate, type CrossValidation } from './experiment/crossValidate.js'
