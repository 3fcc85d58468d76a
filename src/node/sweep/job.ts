/**
 * One job of a sweep, run to the end: train the job's config with `Train.fit` and answer its
 * result as plain JSON (`JobResult`: the config, the final metrics, the history encoded by
 * `HistoryC`, bit-exact through JSON, and the model file's text). A job is a pure function of
 * its config, so it gives the same bytes on any machine, on a thread, a process or a queue
 * worker, however many times it is retried.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { miniBatch } from '../../data/Batching.js'
import { threeClass } from '../../data/threeClass.js'
import type { MlpParams } from '../../nn/mlp.js'
import { adam, sgd } from '../../optim/alias.js'
import type { GradientTransformation } from '../../optim/GradientTransformation.js'
import type { OptimError } from '../../optim/OptimError.js'
import { key } from '../../random/Key.js'
import { fit } from '../../train/fit.js'
import { HistoryC, type History } from '../../train/History.js'
import { modelFile, modelToJson } from '../../train/ModelFile.js'
import { buildSpec } from '../../train/ModelSpec.js'
import type { JobConfig } from './SweepSpec.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What a job leaves behind, as JSON: its index and config, the final epoch's training loss and
 * accuracy, its history (`HistoryC`'s encoding) and its model file's text.
 *
 * @category model
 * @since 0.2.0
 */
export interface JobResult {
  readonly index: number
  readonly config: JobConfig
  readonly loss: number
  readonly accuracy: number
  readonly history: unknown
  readonly model: string
}

/**
 * A job that could not run, with the reason in words.
 *
 * @category model
 * @since 0.2.0
 */
export interface JobFailed {
  readonly _tag: 'JobFailed'
  readonly index: number
  readonly message: string
}

// -------------------------------------------------------------------------------------
// jobs
// -------------------------------------------------------------------------------------

const failed =
  (index: number) =>
  (e: { readonly message: string }): JobFailed => ({ _tag: 'JobFailed', index, message: `job ${index}: ${e.message}` })

const lastMeasure = (history: History): { readonly loss: number; readonly accuracy: number } => {
  const train = history[history.length - 1]?.train as
    { readonly loss: number; readonly accuracy?: number } | null | undefined
  return { loss: train?.loss ?? Number.NaN, accuracy: train?.accuracy ?? Number.NaN }
}

/**
 * Trains job `index` of config `config` and answers its result.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import * as Node from 'gradfold/node'
 * const config: Node.JobConfig = { data: 'threeClass', spec: { sizes: [3, 4, 3], activations: ['tanh', 'identity'], loss: 'softmaxCrossEntropy' }, optimizer: 'adam', learningRate: 0.05, batchSize: 10, epochs: 20, seed: 0 }
 * E.map((r: Node.JobResult) => r.accuracy)(Node.runJob(0, config)) // right: the training accuracy after 20 epochs
 *
 * @category jobs
 * @since 0.2.0
 */
export const runJob = (index: number, config: JobConfig): E.Either<JobFailed, JobResult> => {
  const built = buildSpec(config.spec)
  const optimizer = (
    config.optimizer === 'adam' ? adam({ lr: config.learningRate }) : sgd(config.learningRate)
  ) as E.Either<OptimError, GradientTransformation<any>> // eslint-disable-line @typescript-eslint/no-explicit-any
  const start = pipe(
    E.Do,
    E.apS('built', built),
    E.apSW('optimizer', optimizer),
    E.apSW('key', key(config.seed)),
    E.apSW('batching', miniBatch(config.batchSize, { shuffle: true })),
    E.bindW('params', ({ built: b, key: k }) => b.net.init(k))
  )
  if (E.isLeft(start)) return E.left(failed(index)(start.left))
  const { built: b, optimizer: o, key: k, batching, params } = start.right
  const trained = fit({
    model: b.model,
    optimizer: o,
    batching,
    maxEpochs: config.epochs
  })(params as MlpParams, k, threeClass)
  if (E.isLeft(trained)) return E.left(failed(index)(trained.left))
  const file = modelFile({
    net: b.net,
    loss: config.spec.loss,
    params: trained.right.state.params,
    training: config as never
  })
  if (E.isLeft(file)) return E.left(failed(index)(file.left))
  const history = trained.right.history
  return E.right({
    index,
    config,
    ...lastMeasure(history),
    history: HistoryC.encode(history),
    model: modelToJson(file.right)
  })
}
