/**
 * Equality of tensors: to the bit, or within a tolerance.
 *
 * @since 0.1.0
 */
import { isRecord } from './tensorGuards.js'
import { isTensor, sameShape, type Tensor } from './Tensor.js'

const isBound = (u: unknown): boolean => typeof u === 'number' && u >= 0 && u < Infinity

/** `rtol` a non-negative finite number, `atol` one too or absent. */
const isTolerance = (u: unknown): u is { readonly rtol: number; readonly atol?: number } =>
  isRecord(u) && isBound(u['rtol']) && (u['atol'] === undefined || isBound(u['atol']))

/**
 * Same shape and the same bits in every element (so `0` and `−0` differ). The equality that
 * determinism laws use. False when either is not a tensor.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * const same = (a: ReadonlyArray<number>, b: ReadonlyArray<number>) =>
 *   pipe(
 *     E.Do,
 *     E.apS('a', Tensor.fromNested(a)),
 *     E.apS('b', Tensor.fromNested(b)),
 *     E.map(({ a, b }) => pipe(a, Tensor.equals(b)))
 *   )
 * same([1, 2], [1, 2]) // right(true)
 * same([0], [-0]) // right(false): bit for bit, 0 and −0 differ
 *
 * @category equality
 * @since 0.1.0
 */
export const equals =
  (b: Tensor) =>
  (a: Tensor): boolean => {
    if (!isTensor(a) || !isTensor(b) || !sameShape(a.shape, b.shape)) return false
    for (let i = 0; i < a.data.length; i++) if (!Object.is(a.data[i], b.data[i])) return false
    return true
  }

/**
 * Same shape and `|a − b| ≤ atol + rtol·max(|a|, |b|)` for every element. False when either is
 * not a tensor, or the tolerance is not a record of non-negative finite `rtol` and `atol`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * pipe(
 *   E.Do,
 *   E.apS('sum', Tensor.fromNested([0.1 + 0.2])),
 *   E.apS('expected', Tensor.fromNested([0.3])),
 *   E.map(({ sum, expected }) => [Tensor.equals(expected)(sum), Tensor.equalsWithin({ rtol: 1e-15 })(expected)(sum)])
 * ) // right([false, true]): 0.1 + 0.2 is 0.30000000000000004
 *
 * @category equality
 * @since 0.1.0
 */
export const equalsWithin =
  (tolerance: { readonly rtol: number; readonly atol?: number }) =>
  (b: Tensor) =>
  (a: Tensor): boolean => {
    if (!isTensor(a) || !isTensor(b) || !isTolerance(tolerance) || !sameShape(a.shape, b.shape)) return false
    const atol = tolerance.atol ?? 0
    for (let i = 0; i < a.data.length; i++) {
      const x = a.data[i]!
      const y = b.data[i]!
      if (!(Math.abs(x - y) <= atol + tolerance.rtol * Math.max(Math.abs(x), Math.abs(y)))) return false
    }
    return true
  }
