// Test helpers: unwrap an Either that the test expects to be Right (or Left), failing the test
// with the other side's content otherwise.
import * as E from 'fp-ts/lib/Either.js'

export const getRight = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`expected Right, got Left: ${JSON.stringify(e.left)}`)
  return e.right
}

export const getLeft = <L>(e: E.Either<L, unknown>): L => {
  if (E.isRight(e)) throw new Error(`expected Left, got Right: ${String(e.right)}`)
  return e.left
}
