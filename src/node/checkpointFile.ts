/**
 * Checkpoints on disk: written atomically (a crash leaves the last good checkpoint), read
 * back and decoded against the parameters' template and the optimizer, or, for a checkpoint
 * that describes its run, with nothing in hand (`loadCheckpoint`).
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import * as TE from '#fp-ts/TaskEither.js'
import type { DecodeError } from '../codec/DecodeError.js'
import { readText, writeTextAtomic } from './files.js'
import { ioError, type IoError } from '../train/files/IoError.js'
import type { GradientTransformation } from '../optim/GradientTransformation.js'
import type { Tree } from '../tree/Tree.js'
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../train/files/Checkpoint.js'
import { decodeResumable, type Resumable } from '../train/files/ResumableCheckpoint.js'

/**
 * A writer of checkpoints to `path`, for `run`'s `writeCheckpoint`.
 *
 * @example
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 * import * as E from 'fp-ts/lib/Either.js'
 * import * as O from 'fp-ts/lib/Option.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as TE from 'fp-ts/lib/TaskEither.js'
 * import { Optim, Random, Train } from 'gradfold'
 * import * as Node from 'gradfold/node'
 * // `Train.run(config, { writeCheckpoint: Node.writeCheckpoint(file)(params, optimizer) })` writes one per epoch; by hand:
 * const file = join(tmpdir(), 'gradfold-checkpoint.json')
 * await pipe(
 *   TE.fromEither(pipe(E.Do, E.apS('sgd', Optim.sgd(0.1)), E.apSW('key', Random.key(0)))),
 *   TE.chainFirstW(({ sgd, key }) => {
 *     const progress = { state: Train.initialState(sgd)({ w: 0.5 }, key), history: [], best: O.none }
 *     return Node.writeCheckpoint(file)({ w: 0 }, sgd)({ progress, config: null })
 *   }),
 *   TE.chainW(({ sgd }) => Node.readCheckpoint(file)({ w: 0 }, sgd)),
 *   TE.map((checkpoint) => checkpoint.progress.state.params)
 * )() // right({ w: 0.5 })
 *
 * @category files
 * @since 0.1.0
 */
export const writeCheckpoint =
  (path: string) =>
  <P extends Tree, S>(template: P, optimizer: GradientTransformation<S>) =>
  (checkpoint: Checkpoint<P, S>): TE.TaskEither<IoError, void> => {
    const text = encodeCheckpoint(template, optimizer)(checkpoint)
    return E.isLeft(text) ? TE.left(ioError(path, 'write')(text.left.message)) : writeTextAtomic(path)(text.right)
  }

/**
 * The checkpoint at `path`, decoded for parameters shaped like `template` and `optimizer`.
 *
 * @example
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 * import * as E from 'fp-ts/lib/Either.js'
 * import * as O from 'fp-ts/lib/Option.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import * as TE from 'fp-ts/lib/TaskEither.js'
 * import { Optim, Random, Train } from 'gradfold'
 * import * as Node from 'gradfold/node'
 * // a checkpoint written as text, read back into a run's progress
 * const file = join(tmpdir(), 'gradfold-read-checkpoint.json')
 * await pipe(
 *   TE.fromEither(pipe(E.Do, E.apS('sgd', Optim.sgd(0.1)), E.apSW('key', Random.key(0)))),
 *   TE.chainFirstW(({ sgd, key }) => {
 *     const progress = { state: Train.initialState(sgd)({ w: 0.25 }, key), history: [], best: O.none }
 *     return pipe(TE.fromEither(Train.encodeCheckpoint({ w: 0 }, sgd)({ progress, config: null })), TE.chainW(Node.writeTextAtomic(file)))
 *   }),
 *   TE.chainW(({ sgd }) => Node.readCheckpoint(file)({ w: 0 }, sgd)),
 *   TE.map((checkpoint) => [checkpoint.progress.state.params, checkpoint.progress.state.epoch])
 * )() // right([{ w: 0.25 }, 0])
 *
 * @category files
 * @since 0.1.0
 */
export const readCheckpoint =
  (path: string) =>
  <P extends Tree, S>(
    template: P,
    optimizer: GradientTransformation<S>
  ): TE.TaskEither<IoError | DecodeError, Checkpoint<P, S>> =>
    pipe(readText(path), TE.chainEitherKW(decodeCheckpoint(template, optimizer)))

/**
 * The checkpoint at `path`, read and decoded with no template in hand: a checkpoint that
 * carries its run's description (format 3, written with a `run` from `Train.encodeRun`, as
 * `gradfold train` writes them) answers with the network and the fit config it resumes with.
 * Then `Train.fitFrom(r.config)(r.checkpoint.progress, data)` continues the run as if it had
 * never stopped.
 *
 * @example
 * import * as Node from 'gradfold/node'
 * await Node.loadCheckpoint('no-such-checkpoint.json')() // left: could not read no-such-checkpoint.json: …
 *
 * @category files
 * @since 0.2.0
 */
export const loadCheckpoint = (path: string): TE.TaskEither<IoError | DecodeError, Resumable> =>
  pipe(readText(path), TE.chainEitherKW(decodeResumable))
