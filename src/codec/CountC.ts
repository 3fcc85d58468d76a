/**
 * Counts: non-negative safe integers, such as an optimizer's step count or an epoch number.
 * JSON carries them exactly.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { describe } from '../tensor/describe.js'

const isCount = (u: unknown): u is number => Number.isSafeInteger(u) && (u as number) >= 0

/**
 * A count: a non-negative safe integer (an optimizer's step count, an epoch number).
 *
 * @example
 * import { Codec } from 'gradfold'
 * Codec.CountC.decode(3) // right(3)
 * Codec.CountC.decode(-1) // left: expected a count (an integer ≥ 0), got -1
 *
 * @category codecs
 * @since 0.1.0
 */
export const CountC: t.Type<number, number, unknown> = new t.Type<number, number, unknown>(
  'Count',
  isCount,
  (u, c) => (isCount(u) ? t.success(u + 0) : t.failure(u, c, `expected a count (an integer ≥ 0), got ${describe(u)}`)),
  (n) => n
)
