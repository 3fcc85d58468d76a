// Fixtures shared by the data module's example tests.
import * as E from 'fp-ts/lib/Either.js'
import { key, type Key } from '../../src/random/Key.js'
import { unsafeMake, type Tensor } from '../../src/tensor/Tensor.js'
import { fromRows, type Dataset } from '../../src/data/Dataset.js'

/** The Right of an Either, or a thrown error that shows the Left (tests only). */
export const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`expected a Right, got ${JSON.stringify(e.left)}`)
  return e.right
}

/** The Left of an Either, or a thrown error (tests only). */
export const left = <L>(e: E.Either<L, unknown>): L => {
  if (E.isRight(e)) throw new Error('expected a Left, got a Right')
  return e.left
}

export const k0: Key = right(key(0))
export const k1: Key = right(key(1))

/** A matrix from rows, unchecked (it may hold NaN, to test the checks). */
export const matrix = (rows: ReadonlyArray<ReadonlyArray<number>>): Tensor =>
  unsafeMake([rows.length, rows[0]?.length ?? 0], Float64Array.from(rows.flat()))

/** `n` samples: input row i is `[i, 10 i]`, target row i is `[i / 2]`. */
export const counting = (n: number): Dataset =>
  right(
    fromRows(
      Array.from({ length: n }, (_, i) => [i, 10 * i]),
      Array.from({ length: n }, (_, i) => [i / 2])
    )
  )

/** The first input column of a data set: with {@link counting}, the sample numbers. */
export const firstColumn = (d: Dataset): ReadonlyArray<number> =>
  Array.from(
    { length: d.inputs.shape[0] as number },
    (_, i) => d.inputs.data[i * (d.inputs.shape[1] as number)] as number
  )

/** The rows of a matrix as plain arrays. */
export const rowsOf = (t: Tensor): ReadonlyArray<ReadonlyArray<number>> =>
  Array.from({ length: t.shape[0] as number }, (_, i) =>
    Array.from(t.data.subarray(i * (t.shape[1] as number), (i + 1) * (t.shape[1] as number)))
  )
