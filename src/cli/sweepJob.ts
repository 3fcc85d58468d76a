/**
 * The job runner of `gradfold sweep` and `gradfold worker`: a job's config is an experiment
 * config (the codec of `gradfold train`), prepared and trained as `gradfold train` trains it
 * (the same data split, network, optimizer, stop rules and seed), in memory. Its output is the
 * run's metrics (`train.loss`, `train.accuracy`, `validation.loss`, `validation.accuracy` of the
 * last epoch, when measured; `test.loss`, `test.accuracy` of the parameters the model file
 * keeps), its history (`HistoryC`'s encoding, bit-exact through JSON) and its model file's text,
 * the one `gradfold train` would save. The same config gives the same bytes on any machine.
 *
 * The default export is the runner, so that a local sweep's worker threads import it.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { Train } from '../index.js'
import type * as Node from '../node/index.js'
import { decodeExperiment } from './config.js'
import { prepare } from './experiment.js'
import { modelOfRun } from './modelFile.js'

const measures = (prefix: string, m: Train.Measure | null | undefined): ReadonlyArray<readonly [string, number]> =>
  m === null || m === undefined
    ? []
    : [[`${prefix}.loss`, m.loss], ...('accuracy' in m ? [[`${prefix}.accuracy`, m.accuracy] as const] : [])]

/**
 * Trains the experiment `config` describes and answers its metrics, history and model file.
 *
 * @category runners
 * @since 0.2.0
 */
export const runExperimentJob: Node.JobRunner = async ({ config }) => {
  const experiment = decodeExperiment(config)
  if (E.isLeft(experiment)) return E.left({ message: experiment.left.problems.join('; ') })
  const prepared = await prepare('.')(experiment.right)()
  if (E.isLeft(prepared)) return prepared
  const p = prepared.right
  const fitted = Train.fit(p.fit)(p.params, p.key, p.train)
  if (E.isLeft(fitted)) return fitted
  const result = fitted.right
  const best = O.isSome(result.best) ? result.best.value : { epoch: result.state.epoch, params: result.state.params }
  const test = Train.measure(p.model)(p.test)(best.params)
  if (E.isLeft(test)) return test
  const testMetrics = Object.fromEntries(measures('test', test.right))
  const file = modelOfRun(p, best.params, config, {
    testLoss: test.right.loss,
    ...('accuracy' in test.right ? { testAccuracy: test.right.accuracy } : {}),
    epoch: best.epoch
  })
  if (E.isLeft(file)) return file
  const last = result.history[result.history.length - 1]
  return E.right({
    metrics: {
      ...Object.fromEntries([...measures('train', last?.train), ...measures('validation', last?.validation)]),
      ...testMetrics
    },
    history: Train.HistoryC.encode(result.history),
    model: Train.modelToJson(file.right)
  })
}

export default runExperimentJob
