/**
 * The pool of resident arrays: `Float64Array`s that live in the product kernel's memory, past
 * the region its operands take, so that the products read and write them where they stand (a
 * model's large parameters and their gradients, which a training step would otherwise copy in
 * and out of that memory at every product).
 *
 * Model: the first array asked for grows the memory to the pool's end, once; the memory never
 * grows again (the products' operands stay within the region below the pool), so no view of it
 * is ever detached. Arrays are carved from the pool first fit, 16 bytes aligned, zeroed; a
 * place returns to the pool when its array is collected (a `FinalizationRegistry`), so nothing
 * may keep a view of part of a resident array longer than the array itself.
 *
 * Where the memory cannot grow so far, or the engine has no `FinalizationRegistry`, the pool
 * holds nothing and every request answers `undefined`: the caller makes an ordinary array.
 *
 * @internal
 * @since 0.3.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The part of a `WebAssembly.Memory` the pool uses. */
export interface Memory {
  readonly buffer: ArrayBuffer
  readonly grow: (pages: number) => number
}

/** A pool of resident arrays in one memory. */
export interface Pool {
  /** A fresh array of `length` zeros in the pool, or `undefined` when it does not fit (or the memory cannot grow). */
  readonly take: (length: number) => Float64Array | undefined
  /** Where `x` starts in the memory (in float64s) when it lies in this pool, else `undefined`. */
  readonly indexOf: (x: Float64Array) => number | undefined
}

/** What tells the pool that an array it handed out was collected (a `FinalizationRegistry`). */
export interface Registry {
  readonly register: (array: object, place: readonly [start: number, end: number]) => void
}

/** The engine's `FinalizationRegistry`, calling `release` with the place of each array collected; `undefined` where there is none. */
const finalizationRegistry = (release: (place: readonly [number, number]) => void): Registry | undefined =>
  typeof FinalizationRegistry === 'function' ? new FinalizationRegistry(release) : undefined

const PAGE = 65536

/** `x` rounded up to a multiple of 16. */
const up16 = (x: number): number => Math.ceil(x / 16) * 16

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The pool of `bytes` bytes from byte `from` (a multiple of the 64 KiB page) of `memory`, which
 * nothing else writes from `from` on; `registryOf` makes what tells it when an array was
 * collected (the engine's `FinalizationRegistry`; tests pass their own).
 */
export const residentPool = (
  memory: Memory,
  from: number,
  bytes: number,
  registryOf: (release: (place: readonly [number, number]) => void) => Registry | undefined = finalizationRegistry
): Pool => {
  /** The free places, as [start, end) byte ranges in order, none adjacent to the next. */
  const free: Array<{ start: number; end: number }> = []
  let state: 'unpinned' | 'pinned' | 'refused' = 'unpinned'

  const release = ([start, end]: readonly [number, number]): void => {
    let i = 0
    while (i < free.length && free[i]!.start < start) i++
    free.splice(i, 0, { start, end })
    // merge with the next place, then with the one before
    if (i + 1 < free.length && free[i]!.end === free[i + 1]!.start) free.splice(i, 2, { start, end: free[i + 1]!.end })
    if (i > 0 && free[i - 1]!.end === free[i]!.start)
      free.splice(i - 1, 2, { start: free[i - 1]!.start, end: free[i]!.end })
  }
  const registry = registryOf(release)

  /** Grows the memory to the pool's end, the first time; false where it cannot. */
  const pin = (): boolean => {
    if (state !== 'unpinned') return state === 'pinned'
    const have = memory.buffer.byteLength
    try {
      if (registry === undefined) throw new Error('no FinalizationRegistry')
      if (from + bytes > have) memory.grow(Math.ceil((from + bytes - have) / PAGE))
    } catch {
      state = 'refused'
      return false
    }
    if (bytes > 0) free.push({ start: from, end: from + bytes })
    state = 'pinned'
    return true
  }

  return {
    take: (length) => {
      if (!(length > 0) || !pin()) return undefined
      const size = up16(length * 8)
      const i = free.findIndex((p) => p.end - p.start >= size)
      if (i < 0) return undefined
      const place = free[i]!
      const start = place.start
      if (place.end - start === size) free.splice(i, 1)
      else place.start += size
      const array = new Float64Array(memory.buffer, start, length)
      array.fill(0)
      registry!.register(array, [start, start + size])
      return array
    },
    indexOf: (x) =>
      state === 'pinned' && x.buffer === memory.buffer && x.byteOffset >= from ? x.byteOffset / 8 : undefined
  }
}
