/**
 * The bounded walk under `JsonC` and `plainFirst`: every value of an input, depth first and in
 * order, reading only own data properties (a getter is refused, never called), through arrays
 * and plain records only, at most `DEPTH_LIMIT` deep and `SIZE_LIMIT` values in all.
 * An array's or record's count is checked against what is left of the budget before it is
 * entered, so an array claiming 2^32 − 1 items costs one comparison, and a cycle ends at the
 * depth limit. The walk keeps its own stack of frames, one per level: no recursion, and no copy
 * of the path until it is reported.
 *
 * @since 0.3.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** How deeply arrays and records may nest (`Codec.DEPTH_LIMIT`). */
export const DEPTH_LIMIT = 64

/** How many values (leaves, arrays and records) one input may hold (`Codec.SIZE_LIMIT`). */
export const SIZE_LIMIT = 10_000_000

/** Where (keys from the root) and why the walk stopped. */
export type Refusal = readonly [path: ReadonlyArray<string>, why: string]

/** What a leaf (anything but an array or a record) must be: `undefined` when it may be, else why not. */
export type LeafRule = (leaf: unknown) => string | undefined

interface Frame {
  readonly node: object
  /** The record's keys, or `undefined` for an array. */
  readonly keys: ReadonlyArray<string> | undefined
  readonly count: number
  next: number
}

// -------------------------------------------------------------------------------------
// internal
// -------------------------------------------------------------------------------------

const isPlainRecord = (u: object): boolean => {
  const proto: unknown = Object.getPrototypeOf(u)
  return proto === Object.prototype || proto === null
}

const keyOf = (f: Frame, i: number): string => (f.keys === undefined ? String(i) : (f.keys[i] as string))

const pathOf = (frames: ReadonlyArray<Frame>): ReadonlyArray<string> => frames.map((f) => keyOf(f, f.next - 1))

/** The frame of a container, or why it cannot be entered with `budget` values left. */
const enter = (v: object, depth: number, budget: number): Frame | string => {
  if (depth >= DEPTH_LIMIT) return `nested deeper than ${DEPTH_LIMIT} levels`
  const isArray = Array.isArray(v)
  if (isArray ? Object.getPrototypeOf(v) !== Array.prototype : !isPlainRecord(v))
    return 'expected a plain record or an array'
  const keys = isArray ? undefined : Object.keys(v)
  const count = keys === undefined ? (v as ReadonlyArray<unknown>).length : keys.length
  return count > budget ? `more than ${SIZE_LIMIT} values` : { node: v, keys, count, next: 0 }
}

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * The first place in `u` where the walk stops, or `undefined` when it reaches every value; a
 * hole in an array is `undefined` to `leaf`.
 */
export const firstRefusal = (u: unknown, leaf: LeafRule): Refusal | undefined => {
  const frames: Array<Frame> = []
  let visited = 0
  let v: unknown = u
  for (;;) {
    if (++visited > SIZE_LIMIT) return [pathOf(frames), `more than ${SIZE_LIMIT} values`]
    if (typeof v === 'object' && v !== null) {
      const f = enter(v, frames.length, SIZE_LIMIT - visited)
      if (typeof f === 'string') return [pathOf(frames), f]
      frames.push(f)
    } else {
      const why = leaf(v)
      if (why !== undefined) return [pathOf(frames), why]
    }
    let top = frames[frames.length - 1]
    while (top !== undefined && top.next >= top.count) {
      frames.pop()
      top = frames[frames.length - 1]
    }
    if (top === undefined) return undefined
    const d = Object.getOwnPropertyDescriptor(top.node, keyOf(top, top.next++))
    if (d !== undefined && !('value' in d)) return [pathOf(frames), 'expected a value, got a getter']
    v = d?.value
  }
}
