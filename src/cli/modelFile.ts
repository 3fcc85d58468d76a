/**
 * The command's use of gradfold's model files (`Train.ModelFile`, saved and loaded by
 * `gradfold/node`): a run's network, parameters, standardisation and names go in, with the
 * resolved config as the training metadata and the test metrics; `evaluate` and `predict`
 * read them back. The same run always writes the same bytes.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { NN, Train } from '../index.js'
import type { Prepared } from './experiment.js'

/**
 * The model file of a run: the prepared network with `params`, the resolved config and the
 * test metrics.
 *
 * @category constructors
 * @since 0.2.0
 */
export const modelOfRun = (
  p: Prepared,
  params: NN.MlpParams,
  resolved: unknown,
  metrics: Readonly<Record<string, number>>
): E.Either<{ readonly message: string }, Train.ModelFile> =>
  Train.modelFile({
    net: p.network,
    loss: p.experiment.loss,
    params,
    standardizer: p.standardizer,
    classes: p.classes,
    featureNames: p.features,
    training: JSON.parse(JSON.stringify(resolved)),
    metrics
  })

/**
 * The label column a model was trained with: the config's, for a file; `class` otherwise.
 *
 * @category destructors
 * @since 0.2.0
 */
export const labelOf = (m: Train.ModelFile): string => {
  const data = (
    m.metadata.training as { readonly data?: { readonly source?: unknown; readonly label?: unknown } } | null
  )?.data
  return data?.source === 'file' && typeof data.label === 'string' ? data.label : 'class'
}

/**
 * The MLP of a model file and the model training sees, for measuring a data set.
 *
 * @category destructors
 * @since 0.2.0
 */
export const trainModelOf = (
  m: Train.ModelFile
): E.Either<{ readonly message: string }, { readonly net: NN.Mlp; readonly model: Train.Model<NN.MlpParams> }> =>
  pipe(
    NN.mlp(m.architecture),
    E.map((net) => ({ net, model: { forward: net.forward, loss: NN.lossByName(m.architecture.loss) } }))
  )
