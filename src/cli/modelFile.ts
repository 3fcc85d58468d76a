/**
 * The command's use of gradfold's model files (`Train.ModelFile`, made by `Train.experiment` and
 * saved and loaded by `gradfold/node`): the label column a model was trained with, and the
 * model training sees, for `evaluate` and `explain`.
 *
 * @since 0.2.0
 */
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import { NN, Train } from '../index.js'
import * as Advanced from '../advanced.js'

/**
 * The label column a model was trained with: the config's, for a file or rows; `species` for
 * the penguins; `class` otherwise.
 *
 * @category destructors
 * @since 0.2.0
 */
export const labelOf = (m: Train.ModelFile): string => {
  const data = (
    m.metadata.training as {
      readonly data?: { readonly source?: unknown; readonly label?: unknown; readonly name?: unknown }
    } | null
  )?.data
  return (data?.source === 'file' || data?.source === 'rows') && typeof data.label === 'string'
    ? data.label
    : data?.source === 'bundled' && data.name === 'penguins'
      ? 'species'
      : 'class'
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
    E.map((net) => ({ net, model: { forward: net.forward, loss: Advanced.Train.experimentLoss(m.architecture.loss) } }))
  )
