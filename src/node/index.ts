/**
 * `gradfold/node`: what needs Node.js (files, written atomically; checkpoint files; CSV and
 * JSON data files; model files), kept out of the root entry so that `gradfold` itself bundles
 * for a browser.
 *
 * @module gradfold/node
 * @since 0.2.0
 */

export { ioError, type IoError } from '../train/files/IoError.js'
export { readText, writeTextAtomic } from './files.js'
export { loadCheckpoint, readCheckpoint, writeCheckpoint } from './checkpointFile.js'
export {
  closePool,
  everyCore,
  threadedGradients,
  threadedLossAndGrad,
  threadPool,
  type ThreadedLossAndGrad,
  type ThreadPool,
  type ThreadPoolOptions,
  type WorkerFailed
} from './threads/pool.js'
export { threadedKernel } from './threads/kernel.js'
export { csvChunks, type CsvChunkOptions } from './csvChunks.js'
export { loadCsv, loadCsvInputs, loadJsonRows, parseCsv, parseJsonRows } from './loaders.js'
export { loadModel, saveModel } from './modelFile.js'
export { crossValidate, experiment, prepareExperiment, readTable, type NodeExperimentOptions } from './experiment.js'
export {
  jobConfig,
  jobCount,
  sweptFields,
  type Distribution,
  type JobConfig,
  type SweepSpec
} from './sweep/SweepSpec.js'
export {
  runIndex,
  type Job,
  type JobCheckpoints,
  type JobFailed,
  type JobOutput,
  type JobResult,
  type JobRunner,
  type SweepFailed
} from './sweep/job.js'
export { metricSvg, ranked, sweepTable, writeSweepResults } from './sweep/results.js'
export { runSweep, type LocalSweepOptions, type SweepError } from './sweep/local.js'
export {
  awaitSweep,
  enqueueSweep,
  startWorker,
  type QueueFailed,
  type SweepWorker,
  type WorkerOptions
} from './sweep/queue.js'
export { MAX_SWEEP_JOBS, SweepSpecC } from './sweep/SweepSpecC.js'
