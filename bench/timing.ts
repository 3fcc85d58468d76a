// What the benchmarks share: how a call is timed, and how a set-up step that cannot fail is unwrapped.
import * as E from 'fp-ts/lib/Either.js'

/** The value of a set-up step; a benchmark whose set-up fails has nothing to measure, so it stops. */
export const orFail = <A>(e: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(e)) throw new Error(e.left.message)
  return e.right
}

/** Milliseconds per call of `run`, over as many calls as fill `ms` (at least one). */
export const msPerCall = (run: () => unknown, ms: number): number => {
  let n = 0
  const start = performance.now()
  let elapsed = 0
  do {
    run()
    n++
    elapsed = performance.now() - start
  } while (elapsed < ms)
  return elapsed / n
}

/**
 * Milliseconds per call of `run`: after a warm-up, the fastest of 7 rounds of at least
 * `minMs / 7` each (the fastest round is the one least disturbed by other work on the machine).
 */
export const time = (run: () => unknown, minMs: number): number => {
  for (let i = 0; i < 20; i++) run()
  let best = Number.POSITIVE_INFINITY
  for (let round = 0; round < 7; round++) best = Math.min(best, msPerCall(run, minMs / 7))
  return best
}

/** The median of `xs` (the mean of the middle two for an even count). */
export const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  const h = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[h]! : (s[h - 1]! + s[h]!) / 2
}
