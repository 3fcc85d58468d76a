/**
 * A checkpoint resumed with no template in hand: one that carries its run's description
 * (`run`, written by `Train.encodeRun`) builds the network, the optimizer and the fit config
 * from it, and decodes its parameters and optimizer state against them. What it answers is
 * everything `Train.fitFrom` and `Train.run` need but the data.
 *
 * ```ts
 * const r = Train.decodeResumable(text)            // Either<DecodeError, Resumable>
 * Train.fitFrom(r.config)(r.checkpoint.progress, data)
 * ```
 *
 * Laws: resuming from `decodeResumable(encodeCheckpoint(…)(checkpoint))` ends where the uninterrupted run
 * ends, bit for bit (laws/resume.ts); decoding never throws, whatever it is given.
 *
 * @since 0.2.0
 */
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import * as t from 'io-ts'
import { decode, type DecodeError } from '../../codec/DecodeError.js'
import { parseJson, plainFirst } from '../../codec/JsonC.js'
import type { Mlp, MlpParams } from '../../nn/mlp.js'
import { isRecord } from '../../tensor/guards.js'
import { CheckpointC, type Checkpoint } from './Checkpoint.js'
import type { FitConfig } from '../loop/fit.js'
import { decodeRun, RunSpecC } from './RunSpec.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A checkpoint with what it resumes with: the network and the fit config its `run` describes
 * (without the validation set, which the caller hands back when `checkpoint.run.validation`).
 *
 * @category model
 * @since 0.2.0
 */
export interface Resumable {
  readonly checkpoint: Checkpoint<MlpParams, unknown>
  readonly net: Mlp
  readonly config: FitConfig<MlpParams, unknown>
}

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

const at = (c: t.Context, key: string, u: unknown): t.Context => t.appendContext(c, key, t.unknown, u)

/**
 * Checkpoints that carry their run, decoded with no template: a checkpoint without one (format
 * 2, or a run that could not be said as data) is refused at `run`, with the way to read it.
 *
 * @example
 * import { Codec } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * Codec.decode(Advanced.Train.ResumableCheckpointC)({ format: 'gradfold-checkpoint/2' }) // left: run: this checkpoint does not describe its run
 *
 * @category codecs
 * @since 0.2.0
 */
export const ResumableCheckpointC: t.Type<Resumable, unknown, unknown> = plainFirst(
  new t.Type<Resumable, unknown, unknown>(
    'ResumableCheckpoint',
    (u): u is Resumable => isRecord(u) && isRecord(u['checkpoint']) && isRecord(u['config']),
    (u, c) => {
      const run: unknown = isRecord(u) ? u['run'] : undefined
      if (run === undefined || run === null)
        return t.failure(
          run,
          at(c, 'run', run),
          'this checkpoint does not describe its run (format 2, or a run not said as data): read it with Train.decodeCheckpoint(template, optimizer)'
        )
      const spec = RunSpecC.validate(run, at(c, 'run', run))
      if (E.isLeft(spec)) return spec
      const built = decodeRun(spec.right)
      if (E.isLeft(built)) return t.failure(run, at(c, 'run', run), built.left.message)
      const { net, config, template } = built.right
      return pipe(
        CheckpointC(template, config.optimizer).validate(u, c),
        E.map((checkpoint): Resumable => ({ checkpoint, net, config }))
      )
    },
    (r) => CheckpointC(r.checkpoint.progress.state.params, r.config.optimizer).encode(r.checkpoint)
  )
)

// -------------------------------------------------------------------------------------
// text
// -------------------------------------------------------------------------------------

/**
 * A checkpoint from JSON text, with the network and fit config its run describes: no
 * template, no optimizer in hand. Malformed JSON, a checkpoint that does not describe its run,
 * and any departure from the format answer a `DecodeError` naming the path.
 *
 * @example
 * import { Train } from 'gradfold'
 * Train.decodeResumable('{"format": "gradfold-checkpoint/2"}') // left: run: this checkpoint does not describe its run (format 2, …
 *
 * @category text
 * @since 0.2.0
 */
export const decodeResumable = (text: string): E.Either<DecodeError, Resumable> =>
  pipe(parseJson(text), E.chain(decode(ResumableCheckpointC)))
