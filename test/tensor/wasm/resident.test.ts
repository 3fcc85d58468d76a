// The pool of resident arrays over a memory of its own: where it grows the memory (once, at the
// first array, to the pool's end), what it hands out (zeroed arrays on the memory, past its
// start, apart from each other), and where it hands out nothing.
import { describe, expect, it } from 'vitest'
import * as _ from '../../../src/tensor/wasm/resident.js'

const PAGE = 65536

/** The part of the `WebAssembly` global these tests use (the library's types name no DOM). */
const { Memory } = (
  globalThis as unknown as {
    readonly WebAssembly: { readonly Memory: new (d: { initial: number; maximum?: number }) => _.Memory }
  }
).WebAssembly

/** A memory of `pages` pages, at most `maximum`. */
const memoryOf = (pages: number, maximum?: number): _.Memory =>
  new Memory(maximum === undefined ? { initial: pages } : { initial: pages, maximum })

describe('the pool of resident arrays', () => {
  it('grows the memory to its end at the first array, and never again', () => {
    const memory = memoryOf(1)
    const pool = _.residentPool(memory, 2 * PAGE, PAGE)
    expect(memory.buffer.byteLength).toBe(PAGE)
    const x = pool.take(100)!
    const buffer = memory.buffer
    expect(buffer.byteLength).toBe(3 * PAGE)
    const y = pool.take(1000)!
    expect(memory.buffer).toBe(buffer)
    expect(x.buffer).toBe(buffer)
    expect(y.buffer).toBe(buffer)
  })

  it('hands out zeroed arrays past its start, 16 bytes aligned, that do not overlap', () => {
    const memory = memoryOf(2)
    // the pool's pages, written before (as a product's operands are), must not leak into a fresh array
    new Float64Array(memory.buffer).fill(Math.PI)
    const pool = _.residentPool(memory, PAGE, PAGE)
    const arrays = [3, 1, 1000, 17].map((n) => pool.take(n)!)
    arrays.forEach((x, i) => {
      expect(x.every((v) => v === 0)).toBe(true)
      expect(x.byteOffset % 16).toBe(0)
      expect(pool.indexOf(x)).toBe(x.byteOffset / 8)
      expect(x.byteOffset).toBeGreaterThanOrEqual(PAGE)
      x.fill(i + 1)
    })
    arrays.forEach((x, i) => expect(x.every((v) => v === i + 1)).toBe(true))
  })

  it('knows only its own arrays', () => {
    const memory = memoryOf(1)
    const pool = _.residentPool(memory, PAGE, PAGE)
    const below = new Float64Array(memory.buffer, 0, 10)
    expect(pool.indexOf(new Float64Array(10))).toBeUndefined()
    const x = pool.take(10)!
    expect(pool.indexOf(x)).toBeDefined()
    expect(pool.indexOf(new Float64Array(memory.buffer, 0, 10))).toBeUndefined()
    expect(pool.indexOf(below)).toBeUndefined()
  })

  it('answers undefined when it is full, or for an empty array', () => {
    const pool = _.residentPool(memoryOf(1), PAGE, 1024)
    expect(pool.take(0)).toBeUndefined()
    expect(pool.take(100)).toBeDefined()
    expect(pool.take(100)).toBeUndefined()
    expect(pool.take(20)).toBeDefined()
  })

  it('answers undefined, and leaves the memory be, where the memory cannot grow to its end', () => {
    const memory = memoryOf(1, 2)
    const pool = _.residentPool(memory, 2 * PAGE, PAGE)
    expect(pool.take(10)).toBeUndefined()
    expect(memory.buffer.byteLength).toBe(PAGE)
    expect(pool.take(10)).toBeUndefined()
  })
})

describe('places given back', () => {
  /** A pool whose arrays are "collected" when the test says so: `collect(i)` gives back the i-th array's place. */
  const pool = (bytes: number) => {
    const places: Array<readonly [number, number]> = []
    let release: (place: readonly [number, number]) => void = () => undefined
    const p = _.residentPool(memoryOf(1), PAGE, bytes, (r) => {
      release = r
      return { register: (_array, place) => places.push(place) }
    })
    return { pool: p, collect: (i: number) => release(places[i]!) }
  }

  it('are taken again, first fit, and zeroed', () => {
    const { pool: p, collect } = pool(4096)
    const a = p.take(100)!
    const b = p.take(100)!
    expect(p.take(400)).toBeUndefined() // 3200 bytes: 2496 are left
    a.fill(7)
    collect(0)
    const again = p.take(60)!
    expect(again.byteOffset).toBe(a.byteOffset)
    expect(again.every((v) => v === 0)).toBe(true)
    expect(b.byteOffset).toBe(a.byteOffset + 800)
  })

  it('merge with their neighbours on both sides, so that the whole pool is one place again', () => {
    const { pool: p, collect } = pool(4096)
    const arrays = [100, 100, 100, 100, 112].map((n) => p.take(n)!)
    expect(p.take(1)).toBeUndefined()
    // give back the first, the third, then the second (which joins both), the fifth, the fourth
    for (const i of [0, 2, 1, 4, 3]) collect(i)
    const whole = p.take(512)!
    expect(whole.byteOffset).toBe(arrays[0]!.byteOffset)
  })
})
