/**
 * Checkpoints on disk: written atomically (a crash leaves the last good checkpoint), read
 * back and decoded against the parameters' template and the optimizer.
 *
 * @since 0.1.0
 */
import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import type { DecodeError } from '../codec/DecodeError.js'
import { readText, writeTextAtomic } from '../io/files.js'
import type { IoError } from '../io/IoError.js'
import type { GradientTransformation } from '../optim/GradientTransformation.js'
import type { Tree } from '../tree/Tree.js'
import { fromJson, toJson, type Checkpoint } from './Checkpoint.js'

/**
 * A writer of checkpoints to `path`, for `run`'s `writeCheckpoint`.
 *
 * @example
 * import { Train } from 'gradfold'
 * // Train.run(config, { writeCheckpoint: Train.writeCheckpoint('run.json')(params, optimizer), checkpointEvery: 10 })
 *
 * @category files
 * @since 0.1.0
 */
export const writeCheckpoint =
  (path: string) =>
  <P extends Tree, S>(template: P, optimizer: GradientTransformation<S>) =>
  (checkpoint: Checkpoint<P, S>): TE.TaskEither<IoError, void> =>
    writeTextAtomic(path)(toJson(template, optimizer)(checkpoint))

/**
 * The checkpoint at `path`, decoded for parameters shaped like `template` and `optimizer`.
 *
 * @category files
 * @since 0.1.0
 */
export const readCheckpoint =
  (path: string) =>
  <P extends Tree, S>(template: P, optimizer: GradientTransformation<S>): TE.TaskEither<IoError | DecodeError, Checkpoint<P, S>> =>
    pipe(readText(path), TE.chainEitherKW(fromJson(template, optimizer)))
