/**
 * Checkpoints: a run's `Progress` (parameters, optimizer state, key, epoch, step, history,
 * best epoch with its watched value and parameters, `null` when there is none yet) and the caller's configuration, as JSON that gives every float64 back to
 * the bit. A run resumed from a checkpoint continues exactly as if it had never stopped.
 *
 * Format 3 may also carry the run's own description (`run`, a `RunSpec`: the `NN.mlp`
 * architecture, the optimizer as its spec, the batching and the stop rules), with which the
 * checkpoint is resumed with no template in hand (`ResumableCheckpointC`). This codec reads
 * format 2 too (it has no `run`), and writes format 3.
 *
 * Laws: `decode(JSON.parse(JSON.stringify(encode(c))))` is `c`, bit for bit; `decode` never
 * throws, whatever it is given, and names the first path where the input departs.
 *
 * @since 0.1.0
 */
import * as E from '#fp-ts/Either.js'
import { pipe } from '#fp-ts/function.js'
import * as O from '#fp-ts/Option.js'
import * as t from 'io-ts'
import { jsonFirst, JsonC } from '../../codec/JsonC.js'
import { CountC } from '../../codec/CountC.js'
import { decode, decodeError, type DecodeError } from '../../codec/DecodeError.js'
import { Float64C } from '../../codec/Float64C.js'
import { parseJson, plainFirst } from '../../codec/JsonC.js'
import { TreeC } from '../../codec/TreeC.js'
import { transformationKind, type GradientTransformation } from '../../optim/GradientTransformation.js'
import { firstWrong, showWrong } from '../../tensor/guards.js'
import { fromWords, type Key } from '../../random/Key.js'
import type { Tree } from '../../tree/Tree.js'
import type { Best, Progress } from '../loop/fit.js'
import { HistoryC } from '../bookkeeping/History.js'
import { RunSpecC, type RunSpec } from './RunSpec.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A run's progress with the configuration that made it (any JSON value the caller chooses,
 * e.g. a config file's content; `null` when there is none).
 *
 * @category model
 * @since 0.1.0
 */
export interface Checkpoint<P, S> {
  readonly progress: Progress<P, S>
  readonly config: unknown
  /**
   * The run's own description, with which the checkpoint resumes with no template in hand;
   * absent (or `null`) for a run that cannot be said as data, and in a checkpoint of format 2.
   *
   * @since 0.2.0
   */
  readonly run?: RunSpec | null
}

/**
 * The format's name and version, written into every checkpoint.
 *
 * @example
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Train.CHECKPOINT_FORMAT // => 'gradfold-checkpoint/3'
 *
 * @category model
 * @since 0.1.0
 */
export const CHECKPOINT_FORMAT = 'gradfold-checkpoint/3'

/** The format before `run`, still read. */
const CHECKPOINT_FORMAT_2 = 'gradfold-checkpoint/2'

// -------------------------------------------------------------------------------------
// codecs
// -------------------------------------------------------------------------------------

const uint32 = (u: unknown): u is number => Number.isInteger(u) && (u as number) >= 0 && (u as number) <= 0xffffffff

/**
 * A key as its two words, `{ k0, k1 }`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Random } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * pipe(Random.key(42), E.map(Advanced.Train.KeyC.encode)) // right({ k0: 0, k1: 42 })
 * Advanced.Train.KeyC.decode({ k0: 0, k1: 42 }) // right({ _tag: 'Key', k0: 0, k1: 42 })
 *
 * @category codecs
 * @since 0.1.0
 */
export const KeyC: t.Type<Key, { readonly k0: number; readonly k1: number }, unknown> = plainFirst(
  new t.Type<Key, { readonly k0: number; readonly k1: number }, unknown>(
    'Key',
    (u): u is Key => typeof u === 'object' && u !== null && (u as Key)._tag === 'Key',
    (u, c) => {
      const w = (typeof u === 'object' && u !== null ? u : {}) as { readonly k0?: unknown; readonly k1?: unknown }
      const k = uint32(w.k0) && uint32(w.k1) ? fromWords(w.k0, w.k1) : E.left(undefined)
      return E.isRight(k) ? t.success(k.right) : t.failure(u, c, 'expected a key { k0, k1 } of two uint32 words')
    },
    (k) => ({ k0: k.k0, k1: k.k1 })
  )
)

/**
 * The codec of checkpoints of parameters shaped like `template`, trained with `optimizer`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Data, NN, Optim, Random, Train } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * // a run that has not started, encoded: what a checkpoint file holds
 * const model: Train.Model<{ w: number }> = { forward: (p) => AD.mul(p.w), loss: NN.mse }
 * pipe(
 *   E.Do,
 *   E.apS('sgd', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0)),
 *   E.map(({ sgd, key }) => {
 *     const progress = Train.start({ model, optimizer: sgd, batching: Data.fullBatch(), maxEpochs: 10 })({ w: 0.5 }, key)
 *     const encoded = Advanced.Train.CheckpointC({ w: 0 }, sgd).encode({ progress, config: null })
 *     return [encoded.format, encoded.params, encoded.epoch]
 *   })
 * ) // right(['gradfold-checkpoint/3', { w: 0.5 }, 0])
 *
 * @category codecs
 * @since 0.1.0
 */
export const CheckpointC = <P extends Tree, S>(template: P, optimizer: GradientTransformation<S>) => {
  const ParamsC = TreeC(template)
  const json = jsonFirst(
    t.type({
      format: t.union([t.literal(CHECKPOINT_FORMAT), t.literal(CHECKPOINT_FORMAT_2)]),
      params: ParamsC,
      optState: optimizer.stateC(template),
      key: KeyC,
      epoch: CountC,
      step: CountC,
      history: HistoryC,
      best: t.union([t.type({ epoch: CountC, value: Float64C, params: ParamsC }), t.null]),
      config: t.unknown,
      run: t.union([RunSpecC, t.null, t.undefined])
    })
  )
  return new t.Type<Checkpoint<P, S>, t.OutputOf<typeof json>, unknown>(
    'Checkpoint',
    (u): u is Checkpoint<P, S> => typeof u === 'object' && u !== null && 'progress' in u,
    (u, c) =>
      pipe(
        json.validate(u, c),
        E.map((j) => ({
          progress: {
            state: { params: j.params, optState: j.optState, key: j.key, epoch: j.epoch, step: j.step },
            history: j.history,
            best: O.fromNullable(j.best as Best<P> | null)
          },
          config: j.config,
          ...(j.run === undefined || j.run === null ? {} : { run: j.run })
        }))
      ),
    ({ progress: { state, history, best }, config, run }) =>
      json.encode({
        format: CHECKPOINT_FORMAT,
        params: state.params,
        optState: state.optState,
        key: state.key,
        epoch: state.epoch,
        step: state.step,
        history,
        best: O.toNullable(best),
        config: config ?? null,
        run: run ?? null
      })
  )
}

// -------------------------------------------------------------------------------------
// text
// -------------------------------------------------------------------------------------

/**
 * A checkpoint as JSON text, or a `DecodeError` naming the place in its `config` that JSON
 * cannot hold (a BigInt, a cycle, nesting deeper than `Advanced.Codec.JSON_DEPTH_LIMIT`, a getter).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Data, NN, Optim, Random, Train } from 'gradfold'
 * const model: Train.Model<{ w: number }> = { forward: (p) => AD.mul(p.w), loss: NN.mse }
 * pipe(
 *   E.Do,
 *   E.apS('sgd', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0)),
 *   E.chainW(({ sgd, key }) => {
 *     const progress = Train.start({ model, optimizer: sgd, batching: Data.fullBatch(), maxEpochs: 10 })({ w: 0.5 }, key)
 *     return Train.encodeCheckpoint({ w: 0 }, sgd)({ progress, config: null })
 *   }),
 *   E.map((text) => JSON.parse(text).params)
 * ) // right({ w: 0.5 })
 * // a config JSON cannot hold is named, not thrown
 * pipe(
 *   E.Do,
 *   E.apS('sgd', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0)),
 *   E.chainW(({ sgd, key }) => {
 *     const progress = Train.start({ model, optimizer: sgd, batching: Data.fullBatch(), maxEpochs: 10 })({ w: 0.5 }, key)
 *     return Train.encodeCheckpoint({ w: 0 }, sgd)({ progress, config: { seed: 1n } })
 *   })
 * ) // left: config.seed: expected a JSON value, got bigint
 *
 * @category text
 * @since 0.1.0
 */
export const encodeCheckpoint =
  <P extends Tree, S>(template: P, optimizer: GradientTransformation<S>) =>
  (checkpoint: Checkpoint<P, S>): E.Either<DecodeError, string> => {
    const config = checkpoint.config ?? null
    const json = JsonC.validate(config, t.appendContext(t.getDefaultContext(JsonC), 'config', JsonC, config))
    return E.isLeft(json)
      ? E.left(decodeError(json.left))
      : E.right(JSON.stringify(CheckpointC(template, optimizer).encode(checkpoint)))
  }

/**
 * A checkpoint from JSON text; malformed JSON and any departure from the format answer a
 * `DecodeError` naming the path.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { AD, Data, NN, Optim, Random, Train } from 'gradfold'
 * const model: Train.Model<{ w: number }> = { forward: (p) => AD.mul(p.w), loss: NN.mse }
 * // a checkpoint's text read back: the same parameters, bit for bit
 * pipe(
 *   E.Do,
 *   E.apS('sgd', Optim.sgd(0.1)),
 *   E.apSW('key', Random.key(0)),
 *   E.chainW(({ sgd, key }) => {
 *     const progress = Train.start({ model, optimizer: sgd, batching: Data.fullBatch(), maxEpochs: 10 })({ w: 0.1 + 0.2 }, key)
 *     return pipe(Train.encodeCheckpoint({ w: 0 }, sgd)({ progress, config: null }), E.chain(Train.decodeCheckpoint({ w: 0 }, sgd)))
 *   }),
 *   E.map((checkpoint) => checkpoint.progress.state.params)
 * ) // right({ w: 0.30000000000000004 })
 * pipe(Optim.sgd(0.1), E.chainW((sgd) => Train.decodeCheckpoint({ w: 0 }, sgd)('{}'))) // left: format: expected "gradfold-checkpoint/3", got nothing…
 *
 * @category text
 * @since 0.1.0
 */
export const decodeCheckpoint =
  <P extends Tree, S>(template: P, optimizer: GradientTransformation<S>) =>
  (text: string): E.Either<DecodeError, Checkpoint<P, S>> => {
    const w = firstWrong([['the optimizer', optimizer, transformationKind]])
    return w !== undefined
      ? E.left({ _tag: 'DecodeError', path: '', message: showWrong(w) })
      : pipe(parseJson(text), E.chain(decode(CheckpointC(template, optimizer))))
  }
