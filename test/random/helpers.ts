// Fixtures shared by the random module's example tests.
import * as E from 'fp-ts/lib/Either.js'
import { key, type Key } from '../../src/random/Key.js'
import type { Tensor } from '../../src/tensor/Tensor.js'

/** The Right of an Either, or a thrown error that shows the Left (tests only). */
export const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`expected a Right, got ${JSON.stringify(e.left)}`)
  return e.right
}

/** `key(0)`: words (0, 0), whose first block is Random123's first known answer. */
export const k0: Key = right(key(0))

/** The bits of a double, in hex. */
export const hex = (x: number): string => new BigUint64Array(new Float64Array([x]).buffer)[0]?.toString(16) ?? ''

/** A tensor's values as a plain array. */
export const values = (t: Tensor): ReadonlyArray<number> => Array.from(t.data)
