/**
 * Model files on disk: one call writes a whole trained model to one JSON file (atomically), one
 * call reads it back, checked part against part, ready for `Train.predict`.
 *
 * Law: `loadModel(p)` after `saveModel(p)(m)` gives `m` back, every float bit for bit.
 *
 * @since 0.2.0
 */
import { pipe } from '#fp-ts/function.js'
import * as TE from '#fp-ts/TaskEither.js'
import type { DecodeError } from '../codec/DecodeError.js'
import type { IoError } from '../train/files/IoError.js'
import { validateModelFile, decodeModel, encodeModel, type ModelFile } from '../train/files/ModelFile.js'
import type { InvalidArgument } from '../tensor/TensorError.js'
import { readText, writeTextAtomic } from './files.js'

/**
 * Writes `model` to `path` as JSON, atomically.
 *
 * @example
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as TE from 'fp-ts/lib/TaskEither.js'
 * import { NN, Random, Train } from 'gradfold'
 * import * as Node from 'gradfold/node'
 * const file = join(tmpdir(), 'gradfold-model.json')
 * const model = pipe(
 *   E.Do,
 *   E.apS('net', NN.mlp({ sizes: [2, 3, 2], activations: ['tanh', 'softmax'] })),
 *   E.apSW('key', Random.key(0)),
 *   E.bindW('params', ({ net, key }) => net.init(key)),
 *   E.chainW(({ net, params }) => Train.modelFile({ net, loss: 'crossEntropy', params, classes: ['cat', 'dog'] }))
 * )
 * await pipe(
 *   TE.fromEither(model),
 *   TE.chainFirstW(Node.saveModel(file)),
 *   TE.chainW(() => Node.loadModel(file)),
 *   TE.map((loaded) => loaded.classes)
 * )() // right(['cat', 'dog'])
 *
 * @category files
 * @since 0.2.0
 */
export const saveModel =
  (path: string) =>
  (model: ModelFile): TE.TaskEither<IoError | InvalidArgument, void> =>
    pipe(
      TE.fromEither(validateModelFile('saveModel', model)),
      TE.chainW((m) => writeTextAtomic(path)(encodeModel(m)))
    )

/**
 * The model file at `path`, decoded and checked; a `DecodeError` names the path inside the file
 * where it departs from the format.
 *
 * @example
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 * import * as Node from 'gradfold/node'
 * await Node.loadModel(join(tmpdir(), 'no-such-model.json'))() // left: could not read /tmp/no-such-model.json: ENOENT: …
 *
 * @category files
 * @since 0.2.0
 */
export const loadModel = (path: string): TE.TaskEither<IoError | DecodeError, ModelFile> =>
  pipe(readText(path), TE.chainEitherKW(decodeModel))
