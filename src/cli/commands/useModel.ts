/**
 * What `evaluate` and `predict` share: reading a model file and reading rows for it.
 *
 * @since 0.2.0
 */
import * as E from '#fp-ts/Either.js'
import * as TE from '#fp-ts/TaskEither.js'
import { pipe } from '#fp-ts/function.js'
import { Train } from '../../index.js'
import * as Node from '../../node/index.js'
import { loadBundled, loadFile, type Labelled } from '../datasets.js'
import { labelOf } from '../modelFile.js'
import * as Advanced from '../../advanced.js'

/**
 * The model file at `path`.
 *
 * @category reading
 * @since 0.2.0
 */
export const readModel = (path: string): TE.TaskEither<{ readonly message: string }, Train.ModelFile> =>
  pipe(
    Node.loadModel(path),
    TE.mapLeft((e) => ({ message: e._tag === 'DecodeError' ? `${path}: ${e.message}` : e.message }))
  )

/**
 * Labelled samples for `model` from a bundled set's name or a CSV/JSON file: its feature
 * columns by name, the label column `label` (by default the one the model was trained with,
 * `class` for a bundled set), its classes in its order.
 *
 * @category reading
 * @since 0.2.0
 */
export const readFor =
  (model: Train.ModelFile, label?: string) =>
  (source: string): TE.TaskEither<{ readonly message: string }, Labelled> =>
    (Advanced.Train.BUNDLED as ReadonlyArray<string>).includes(source)
      ? pipe(
          TE.fromEither(loadBundled(source as (typeof Advanced.Train.BUNDLED)[number], optionsFor(model))),
          TE.chainEitherKW((d) =>
            d.classes.join('\u0000') === (model.classes ?? []).join('\u0000') &&
            d.features.length === model.architecture.sizes[0]
              ? E.right(d)
              : E.left({ message: `${source} does not have the model's classes and features` })
          )
        )
      : loadFile(source, { ...optionsFor(model), label: label ?? labelOf(model) })

const optionsFor = (model: Train.ModelFile) => ({
  label: labelOf(model),
  ...(model.featureNames === null || model.preparation !== null ? {} : { features: model.featureNames }),
  ...(model.classes === null ? {} : { classes: model.classes }),
  preparation: model.preparation
})
