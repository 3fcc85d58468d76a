/**
 * Configs whose fields may be given as the `Either` their constructor answered: `batching:
 * Data.miniBatch(16)` beside `batching: Data.fullBatch()`, `optimizer: Optim.adam({ lr })`
 * beside an optimizer in hand. A `Right` field is its value; the first `Left` field is a
 * refusal that names the field and says why its constructor refused it.
 *
 * Law: a config with no `Either` field settles to an equal config; one with only `Right` fields
 * settles to the config of their values.
 *
 * @since 0.3.0
 */
import * as E from '#fp-ts/Either.js'
import { describe, ownValue } from '../../tensor/describe.js'
import { getterIn, isRecord } from '../../tensor/guards.js'
import { invalidArgument, type InvalidArgument } from '../../tensor/TensorError.js'

/**
 * A config `C` whose fields may each be given as an `Either` of their value.
 *
 * @category model
 * @since 0.3.0
 */
export type Settable<C> = { readonly [K in keyof C]: C[K] | E.Either<unknown, Exclude<C[K], undefined>> }

const isEither = (u: unknown): u is E.Either<unknown, unknown> =>
  isRecord(u) && ((ownValue(u, '_tag') === 'Left' && 'left' in u) || (ownValue(u, '_tag') === 'Right' && 'right' in u))

const why = (left: unknown): string =>
  isRecord(left) && typeof left['message'] === 'string' ? left['message'] : describe(left)

/**
 * The config with each `Either` field replaced by its value, or the first `Left` named by its
 * field. A value that is not a record is given back as it is (its own checks refuse it).
 *
 * @example
 * import { Data } from 'gradfold'
 * import * as Advanced from 'gradfold/advanced'
 * Advanced.Train.settle('fit')({ batching: Data.miniBatch(16), maxEpochs: 3 }) // right({ batching: { _tag: 'MiniBatch', size: 16, dropLast: false, shuffle: false }, maxEpochs: 3 })
 * Advanced.Train.settle('fit')({ batching: Data.miniBatch(0), maxEpochs: 3 }) // left: fit: batching: …
 *
 * @category combinators
 * @since 0.3.0
 */
export const settle =
  (op: string) =>
  <C>(config: Settable<C>): E.Either<InvalidArgument, C> => {
    if (!isRecord(config)) return E.right(config as C)
    const getter = getterIn(op, 'the config', config)
    if (getter !== undefined) return E.left(getter)
    if (!Object.values(config).some(isEither)) return E.right(config as C)
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(config)) {
      if (!isEither(v)) out[k] = v
      else if (E.isLeft(v)) return E.left(invalidArgument(op, `${k}: ${why(v.left)}`))
      else out[k] = v.right
    }
    return E.right(out as C)
  }
