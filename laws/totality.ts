/**
 * Totality: nothing exported throws, whatever it is given. Decoders meet JSON and worse (objects
 * whose `toString` is a number or a getter that throws, BigInts, nesting ten thousand levels
 * deep, `__proto__` keys, arrays claiming 2^32 − 1 items); every function that takes plain data
 * meets `fc.anything()` for each argument, and a curried result that is a function is called
 * again.
 *
 * Laws: `decoderIsTotal(codec)(u)` and `callIsTotal(f, args)` hold for every `u` and `args`.
 *
 * @since 0.2.0
 */
import fc from 'fast-check'

// -------------------------------------------------------------------------------------
// arbitraries
// -------------------------------------------------------------------------------------

const throwing = (key: string): object =>
  Object.defineProperty({}, key, {
    enumerable: true,
    get: () => {
      throw new Error(`the ${key} getter was read`)
    }
  })

/** `depth` levels of `wrap` around 0, built by a loop (so building it needs no stack either). */
const nested = (depth: number, wrap: (u: unknown) => unknown): unknown => {
  let u: unknown = 0
  for (let i = 0; i < depth; i++) u = wrap(u)
  return u
}

/**
 * Values that break a decoder which stringifies, recurses or loops without looking: each of
 * them alone, and each inside a record or an array.
 *
 * @category arbitraries
 * @since 0.2.0
 */
export const hostileLeaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    JSON.parse('{"toString": 1, "valueOf": 2}'),
    JSON.parse('{"toJSON": 1}'),
    JSON.parse('{"__proto__": {"shape": [1], "data": [1]}, "shape": [1]}'),
    JSON.parse('{"__proto__": [1, 2]}'),
    throwing('toString'),
    throwing('valueOf'),
    throwing('toJSON'),
    Object.defineProperty({}, Symbol.toPrimitive, {
      value: () => {
        throw new Error('Symbol.toPrimitive was called')
      }
    }),
    Object.create(null),
    nested(10_000, (u) => [u]),
    nested(10_000, (u) => ({ a: u })),
    new Array(2 ** 32 - 1),
    { length: 2 ** 53 },
    [2 ** 40, 0],
    [0, 2 ** 40],
    Number.NaN,
    -0,
    '-0',
    'NaN',
    ''
  ),
  fc.bigInt()
)

/** Keys that the library's codecs read, so that hostile values land where they are looked at. */
const KEYS = [
  'shape',
  'data',
  'k0',
  'k1',
  '_tag',
  'format',
  'params',
  'optState',
  'key',
  'epoch',
  'step',
  'history',
  'best',
  'config',
  'count',
  'mu',
  'nu',
  'w',
  'b',
  '__proto__',
  'toString'
] as const

/**
 * JSON values (`fc.jsonValue()`), hostile values, and records and arrays mixing the two, keyed
 * by the names the library's codecs read.
 *
 * @category arbitraries
 * @since 0.2.0
 */
export const jsonOrHostile: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { weight: 4, arbitrary: fc.jsonValue() },
    { weight: 2, arbitrary: hostileLeaf },
    {
      weight: 2,
      arbitrary: fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 4, noNullPrototype: true })
    },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 3 }) }
  )
})).value

// -------------------------------------------------------------------------------------
// predicates
// -------------------------------------------------------------------------------------

/**
 * A decoder answers an Either for `u` and does not throw.
 *
 * @category laws
 * @since 0.2.0
 */
export const decoderIsTotal =
  (decode: (u: unknown) => unknown) =>
  (u: unknown): boolean => {
    try {
      const r = decode(u) as { readonly _tag?: unknown }
      return r._tag === 'Left' || r._tag === 'Right'
    } catch {
      return false
    }
  }

/**
 * What one call of a decoder came to: an Either within the time bound, a throw, an answer that
 * is no Either, or an Either that took longer than the bound (a loop over a declared count).
 *
 * @category model
 * @since 0.3.0
 */
export type Outcome = 'answered' | 'threw' | 'not an Either' | 'slow'

/**
 * `decode(u)`'s outcome, timed: `slow` past `boundMs` milliseconds. (A loop that never ends is
 * not interrupted: the run's own time limit catches it.)
 *
 * @category laws
 * @since 0.3.0
 */
export const decodeWithin =
  (decode: (u: unknown) => unknown, boundMs: number) =>
  (u: unknown): Outcome => {
    const start = performance.now()
    let outcome: Outcome
    try {
      const r = decode(u) as { readonly _tag?: unknown } | null | undefined
      outcome = r?._tag === 'Left' || r?._tag === 'Right' ? 'answered' : 'not an Either'
    } catch {
      outcome = 'threw'
    }
    return outcome === 'answered' && performance.now() - start > boundMs ? 'slow' : outcome
  }

/**
 * Calls `f` with `args[0]`, then the result (while it is a function) with `args[1]`, and so on:
 * the way a curried, data-last export is used. Answers what the last call answered; throws what
 * a call threw (the law's runner catches it and fails).
 *
 * @category laws
 * @since 0.2.0
 */
export const callCurried = (f: unknown, args: ReadonlyArray<unknown>): unknown => {
  let r: unknown = f
  for (let i = 0; i < args.length && typeof r === 'function'; i++) r = (r as (a: unknown) => unknown)(args[i])
  return r
}

/**
 * `callCurried(f, args)` does not throw, and a Promise it hands back (a task that was run) does
 * not reject.
 *
 * @category laws
 * @since 0.2.0
 */
export const callIsTotal = async (f: unknown, args: ReadonlyArray<unknown>): Promise<boolean> => {
  try {
    const r = callCurried(f, args)
    if (r instanceof Promise) await r
    return true
  } catch {
    return false
  }
}
