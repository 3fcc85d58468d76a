/**
 * The job runner of `gradfold sweep` and `gradfold worker`: a job's config is an experiment
 * config (the codec of `gradfold train`), run by `Node.experiment` as `gradfold train` runs it
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
import { Train } from '../index.js'
import * as Node from '../node/index.js'

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
  const decoded = Train.decodeExperiment(config)
  if (E.isLeft(decoded)) return E.left({ message: decoded.left.message })
  const ran = await Node.experiment(decoded.right)()
  if (E.isLeft(ran)) return E.left({ message: ran.left.message })
  const run = ran.right
  const last = run.history[run.history.length - 1]
  return E.right({
    metrics: Object.fromEntries([
      ...measures('train', last?.train),
      ...measures('validation', last?.validation),
      ...measures('test', run.test)
    ]),
    history: Train.HistoryC.encode(run.history),
    model: Train.modelToJson(run.model)
  })
}

export default runExperimentJob
