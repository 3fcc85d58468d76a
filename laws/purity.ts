/**
 * Purity, checked: no function changes what it was given, and what it hands back is its own.
 *
 * - `deepCopy` takes a snapshot of a value (numbers, typed arrays, arrays, records, maps, sets,
 *   any nesting and sharing) that shares no object with it;
 * - `bitsEqual` compares two values deeply and bit for bit (`Object.is` on numbers, bytes of
 *   typed arrays), so that a snapshot and the value after a call agree exactly when nothing
 *   was written;
 * - `leavesInputsUnchanged` wraps both around one call;
 * - `sharesNoBuffer` says whether a result reaches none of the memory its inputs reach.
 *
 * Every module's purity law is `leavesInputsUnchanged([inputs], () => op(inputs))`.
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// snapshots
// -------------------------------------------------------------------------------------

const isView = (u: unknown): u is ArrayBufferView => ArrayBuffer.isView(u)

const copyView = (v: ArrayBufferView): ArrayBufferView => {
  const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength).slice()
  const Ctor = v.constructor as new (buffer: ArrayBuffer) => ArrayBufferView
  return new Ctor(bytes.buffer)
}

const copyWith = (u: unknown, seen: Map<object, unknown>): unknown => {
  if (typeof u !== 'object' || u === null) return u
  const known = seen.get(u)
  if (known !== undefined) return known
  if (isView(u)) {
    const c = copyView(u)
    seen.set(u, c)
    return c
  }
  if (u instanceof Map) {
    const c = new Map<unknown, unknown>()
    seen.set(u, c)
    for (const [k, v] of u) c.set(copyWith(k, seen), copyWith(v, seen))
    return c
  }
  if (u instanceof Set) {
    const c = new Set<unknown>()
    seen.set(u, c)
    for (const v of u) c.add(copyWith(v, seen))
    return c
  }
  const c: Record<PropertyKey, unknown> = Array.isArray(u)
    ? []
    : Object.create(Object.getPrototypeOf(u) as object | null)
  seen.set(u, c)
  for (const k of Reflect.ownKeys(u)) {
    const d = Object.getOwnPropertyDescriptor(u, k) as PropertyDescriptor
    Object.defineProperty(c, k, 'value' in d ? { ...d, value: copyWith(d.value, seen) } : d)
  }
  if (!Object.isExtensible(u)) Object.preventExtensions(c)
  return c
}

/**
 * A deep copy of `a`: typed arrays get fresh buffers, arrays and objects are rebuilt with the
 * same prototype and property descriptors (a frozen object's copy is frozen too), maps and sets
 * are copied entry by entry, shared and cyclic references stay shared and cyclic. Functions and
 * primitives are kept as they are. Meant for plain data: objects whose state lives in internal
 * slots or private fields (a `Date`, a class with `#fields`) are not copied faithfully.
 *
 * @example
 * import { Purity } from 'gradfold/laws'
 * const a = { w: Float64Array.of(1, 2) }
 * const copy = Purity.deepCopy(a)
 * // the same bits in new memory
 * Purity.bitsEqual(copy, a) && copy.w !== a.w // => true
 *
 * @category snapshots
 * @since 0.1.0
 */
export const deepCopy = <A>(a: A): A => copyWith(a, new Map()) as A

// -------------------------------------------------------------------------------------
// comparisons
// -------------------------------------------------------------------------------------

const bytesOf = (v: ArrayBufferView): Uint8Array => new Uint8Array(v.buffer, v.byteOffset, v.byteLength)

const viewsEqual = (a: ArrayBufferView, b: ArrayBufferView): boolean => {
  if (a.constructor !== b.constructor || a.byteLength !== b.byteLength) return false
  const x = bytesOf(a)
  const y = bytesOf(b)
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false
  return true
}

const equalWith = (a: unknown, b: unknown, seen: Map<object, object>): boolean => {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b)
  if (seen.get(a) === b) return true
  seen.set(a, b)
  if (isView(a) || isView(b)) return isView(a) && isView(b) && viewsEqual(a, b)
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b) || Array.isArray(a) !== Array.isArray(b)) return false
  if (a instanceof Map || a instanceof Set) {
    const xs = [...(a as Map<unknown, unknown>).entries()]
    const ys = [...(b as Map<unknown, unknown>).entries()]
    return xs.length === ys.length && xs.every((x, i) => equalWith(x, ys[i], seen))
  }
  const ka = Reflect.ownKeys(a)
  const kb = Reflect.ownKeys(b)
  if (ka.length !== kb.length) return false
  return ka.every(
    (k, i) =>
      k === kb[i] && equalWith((a as Record<PropertyKey, unknown>)[k], (b as Record<PropertyKey, unknown>)[k], seen)
  )
}

/**
 * Deep, bit-for-bit equality: numbers by `Object.is` (so NaN equals NaN and −0 differs from
 * +0), typed arrays by constructor and bytes, arrays and objects by prototype, own keys (in
 * order) and values, maps and sets by their entries in order.
 *
 * @example
 * import { Purity } from 'gradfold/laws'
 * Purity.bitsEqual({ w: [Number.NaN] }, { w: [Number.NaN] }) // => true
 * Purity.bitsEqual(0, -0) // => false
 *
 * @category comparisons
 * @since 0.1.0
 */
export const bitsEqual = (a: unknown, b: unknown): boolean => equalWith(a, b, new Map())

/**
 * `value` is exactly what `snapshot` (a `deepCopy` taken earlier) recorded.
 *
 * @example
 * import { Tree } from 'gradfold'
 * import { Purity } from 'gradfold/laws'
 * const a = { w: [1, 2] }
 * const before = Purity.deepCopy(a)
 * Tree.scale(2)(a)
 * Purity.unchanged(before, a) // => true: scaling answered a new tree
 *
 * @category comparisons
 * @since 0.1.0
 */
export const unchanged = (snapshot: unknown, value: unknown): boolean => bitsEqual(snapshot, value)

// -------------------------------------------------------------------------------------
// laws
// -------------------------------------------------------------------------------------

/**
 * Snapshots `inputs`, runs `call` (which should pass them to the function under test), and says
 * whether every input is still bit for bit what it was.
 *
 * @example
 * import { Tree } from 'gradfold'
 * import { Purity } from 'gradfold/laws'
 * const a = { w: [1, 2] }
 * const b = { w: [3, 4] }
 * Purity.leavesInputsUnchanged([a, b], () => Tree.add(b)(a)) // => true
 *
 * @category laws
 * @since 0.1.0
 */
export const leavesInputsUnchanged = (inputs: ReadonlyArray<unknown>, call: () => unknown): boolean => {
  const snapshots = inputs.map(deepCopy)
  call()
  return inputs.every((input, i) => unchanged(snapshots[i], input))
}

const collectBuffers = (u: unknown, out: Set<ArrayBufferLike>, seen: Set<object>): Set<ArrayBufferLike> => {
  if (typeof u !== 'object' || u === null || seen.has(u)) return out
  seen.add(u)
  if (isView(u)) out.add(u.buffer)
  else if (u instanceof Map || u instanceof Set) for (const e of u.entries()) collectBuffers(e, out, seen)
  else for (const k of Reflect.ownKeys(u)) collectBuffers((u as Record<PropertyKey, unknown>)[k], out, seen)
  return out
}

/**
 * No typed-array memory reachable from `result` is reachable from any of `inputs`: writing into
 * the result could never change an input.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { Tensor } from 'gradfold'
 * import { Purity } from 'gradfold/laws'
 * // writing into a result could never change the input it came from
 * pipe(Tensor.fromNested([1, 2]), E.chain((a) => pipe(a, Tensor.scale(2), E.map((r) => Purity.sharesNoBuffer(r, [a]))))) // right(true)
 *
 * @category laws
 * @since 0.1.0
 */
export const sharesNoBuffer = (result: unknown, inputs: ReadonlyArray<unknown>): boolean => {
  const theirs = collectBuffers(inputs, new Set(), new Set())
  return [...collectBuffers(result, new Set(), new Set())].every((b) => !theirs.has(b))
}
