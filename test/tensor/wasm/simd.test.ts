// Where the wasm kernel runs and where JavaScript takes over: no `WebAssembly`, a module that
// does not validate (no SIMD), a compilation that throws (Chromium's main thread refuses to
// compile large modules synchronously), a product too large for the kernel's memory. In each
// case the products are still the JavaScript kernel's.
import fc from 'fast-check'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ProductShape } from '../../../src/tensor/kernels.js'
import * as js from '../../../src/tensor/kernelsJs.js'
import {
  MEMORY_LIMIT,
  fromBase64,
  simdProducts,
  simdProductsOn,
  type SimdKernels,
  type WasmApi
} from '../../../src/tensor/wasm/simd.js'

const real = (globalThis as unknown as { readonly WebAssembly: WasmApi }).WebAssembly

/** A `WebAssembly` that answers `valid` to validation and counts what is built with it. */
const fake = (valid: boolean, compile: (bytes: Uint8Array) => object = (b) => new real.Module(b)) => {
  const calls = { validate: 0, compile: 0 }
  const api: WasmApi = {
    validate: (bytes) => {
      calls.validate++
      return valid && real.validate(bytes)
    },
    Module: function (bytes: Uint8Array) {
      calls.compile++
      return compile(bytes)
    } as unknown as WasmApi['Module'],
    Instance: real.Instance
  }
  return { api, calls }
}

/** Operands `[m, k]` and `[k, n]` of any doubles for the dimensions `dims` draws. */
const operands = (dims: fc.Arbitrary<ProductShape>) =>
  dims.chain((d) =>
    fc.tuple(
      fc.constant(d),
      fc.float64Array({ minLength: d.m * d.k, maxLength: d.m * d.k }),
      fc.float64Array({ minLength: d.k * d.n, maxLength: d.k * d.n })
    )
  )

/** The transpose of the row-major `[rows, cols]` matrix `x`. */
const transposed = (x: Float64Array, rows: number, cols: number): Float64Array => {
  const out = new Float64Array(rows * cols)
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = x[i * cols + j]!
  return out
}

/** Whether a result is `reference`, double by double (`Object.is`). */
const sameBitsAs = (reference: Float64Array) => (r: Float64Array | undefined) =>
  r !== undefined && r.length === reference.length && r.every((v, i) => Object.is(v, reference[i]))

const shape = { m: 16, k: 16, n: 16 }
const a = Float64Array.from({ length: 256 }, (_, i) => Math.sin(i))
const b = Float64Array.from({ length: 256 }, (_, i) => Math.cos(i))

describe('choosing the wasm kernel', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.resetModules()
  })

  it('loads where WebAssembly validates SIMD (Node 20 does) and gives the JavaScript kernel’s bits', () => {
    const { api, calls } = fake(true)
    const products = simdProductsOn(api)
    expect(products).toBeDefined()
    expect(calls).toEqual({ validate: 1, compile: 1 })
    expect(products!.matmul(a, b, shape)).toEqual(js.matmul(a, b, shape))
  })

  it('is not there without WebAssembly', () => {
    expect(simdProductsOn(undefined)).toBeUndefined()
  })

  it('is not there where the module does not validate, and nothing is compiled', () => {
    const { api, calls } = fake(false)
    expect(simdProductsOn(api)).toBeUndefined()
    expect(calls).toEqual({ validate: 1, compile: 0 })
  })

  it('is not there where compiling throws', () => {
    const { api } = fake(true, () => {
      throw new RangeError(
        'WebAssembly.Compile is disallowed on the main thread, if the buffer size is larger than 4KB'
      )
    })
    expect(simdProductsOn(api)).toBeUndefined()
  })

  it('Advanced.Tensor.kernels runs JavaScript where WebAssembly SIMD does not validate, with the same results', async () => {
    const { api, calls } = fake(false)
    vi.stubGlobal('WebAssembly', api)
    vi.resetModules()
    const kernels = await import('../../../src/tensor/kernels.js')
    expect(kernels.matmul(a, b, shape)).toEqual(js.matmul(a, b, shape))
    expect(kernels.matmulTN(a, b, shape)).toEqual(js.matmulTN(a, b, shape))
    expect(kernels.matmulNT(a, b, shape)).toEqual(js.matmulNT(a, b, shape))
    expect(calls).toEqual({ validate: 1, compile: 0 })
  })

  it('Advanced.Tensor.kernels asks for the kernel only for products of 4096 multiply-adds and more', async () => {
    const { api, calls } = fake(true)
    vi.stubGlobal('WebAssembly', api)
    vi.resetModules()
    const kernels = await import('../../../src/tensor/kernels.js')
    kernels.matmul(a, b, { m: 16, k: 16, n: 15 })
    expect(calls).toEqual({ validate: 0, compile: 0 })
    kernels.matmul(a, b, shape)
    kernels.matmul(a, b, shape)
    expect(calls).toEqual({ validate: 1, compile: 1 })
  })

  it('declines a product when not even 4 rows fit in the memory limit, before reading its operands', () => {
    const k = MEMORY_LIMIT / 8 / 4
    const empty = new Float64Array(0)
    expect(simdProducts()!.matmul(empty, empty, { m: 4, k, n: 4 })).toBeUndefined()
    expect(simdProducts()!.matmulNT(empty, empty, { m: 4, k, n: 4 })).toBeUndefined()
  })

  it('runs a product past the memory limit by blocks of rows, with the same bits (matmul, matmulNT; matmulTN declines)', () => {
    // 14 KB of memory: with k ≤ 20 and n ≤ 12, blocks of at least 16 rows fit (a's rows twice, b
    // three times: as given and packed at twice its size); m up to 40 needs up to 3
    const tight = simdProductsOn(real, { memory: 14000 })!
    const dims = fc.record({
      m: fc.integer({ min: 0, max: 40 }),
      k: fc.integer({ min: 1, max: 20 }),
      n: fc.integer({ min: 1, max: 12 })
    })
    fc.assert(
      fc.property(operands(dims), ([d, x, y]) => {
        const same = sameBitsAs(js.matmul(x, y, d))
        const into = new Float64Array(d.m * d.n)
        return (
          same(tight.matmul(x, y, d)) &&
          same(tight.matmulNT(x, transposed(y, d.k, d.n), d)) &&
          tight.matmul(x, y, d, into) === into &&
          same(into)
        )
      })
    )
    expect(
      tight.matmulTN(new Float64Array(40 * 20), new Float64Array(40 * 12), { m: 20, k: 40, n: 12 })
    ).toBeUndefined()
  })

  // 1000 bytes of panels a band: 16 bytes a column a step, so with k whole (k ≤ 24 is one piece)
  // from 60 columns a band (k = 1) down to the kernel's 4 (k ≥ 16), n up to 40 needing up to 10
  // bands; pieces of 5 steps of p, k up to 24 needing up to 5 (and bands of up to 12 columns);
  // the last band or piece is sometimes shorter
  it.each([
    ['bands of columns', { band: 1000 }],
    ['pieces of p', { depth: 5 }],
    ['bands of columns and pieces of p', { band: 1000, depth: 5 }]
  ])('runs a product by %s, with the same bits (all three products)', (_, limits) => {
    const pieces = simdProductsOn(real, limits)!
    const dims = fc.record({
      m: fc.integer({ min: 0, max: 12 }),
      k: fc.integer({ min: 0, max: 24 }),
      n: fc.integer({ min: 0, max: 40 })
    })
    fc.assert(
      fc.property(operands(dims), ([d, x, y]) => {
        const same = sameBitsAs(js.matmul(x, y, d))
        return (
          same(pieces.matmul(x, y, d)) &&
          same(pieces.matmulTN(transposed(x, d.m, d.k), y, d)) &&
          same(pieces.matmulNT(x, transposed(y, d.k, d.n), d))
        )
      })
    )
  })

  it('grows its memory for a product larger than its first page, and the next, smaller product is still right', () => {
    const s = { m: 100, k: 300, n: 60 }
    const x = Float64Array.from({ length: s.m * s.k }, (_, i) => Math.sin(i))
    const y = Float64Array.from({ length: s.k * s.n }, (_, i) => Math.cos(i))
    const products = simdProducts()!
    expect(products.matmul(x, y, s)).toEqual(js.matmul(x, y, s))
    expect(products.matmul(a, b, shape)).toEqual(js.matmul(a, b, shape))
  })
})

describe('the embedded bytes', () => {
  it('decode from base64 as Node’s Buffer decodes them', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect([...fromBase64(Buffer.from(bytes).toString('base64'))]).toEqual([...bytes])
      })
    )
  })
})

/** A `WebAssembly` whose instances record each call of the module's functions (their byte addresses). */
const recording = () => {
  const calls: Array<{ readonly name: string; readonly args: ReadonlyArray<number> }> = []
  const Instance = function (module: object, imports: object) {
    const { exports } = new real.Instance(module, imports)
    const e = exports as Record<string, (...args: Array<number>) => unknown>
    const spy =
      (name: string) =>
      (...args: Array<number>) => {
        calls.push({ name, args })
        return e[name]!(...args)
      }
    return {
      exports: {
        memory: e['memory'],
        pack: spy('pack'),
        interleave: spy('interleave'),
        product: spy('product'),
        descend: spy('descend')
      }
    }
  } as unknown as WasmApi['Instance']
  const api: WasmApi = { validate: (bytes) => real.validate(bytes), Module: real.Module, Instance }
  return { api, calls }
}

/** `x` copied into a resident array of `products`. */
const residentCopy = (products: SimdKernels, x: Float64Array): Float64Array => {
  const r = products.resident(x.length)
  if (r === undefined) throw new Error('the pool is full')
  r.set(x)
  return r
}

/** Whether `address` (bytes) lies in the array `x`. */
const within = (x: Float64Array, address: number): boolean =>
  address >= x.byteOffset && address < x.byteOffset + x.byteLength

describe('resident operands', () => {
  const small = { memory: 2 ** 20, pool: 2 ** 20 }

  it('are read and written where they stand: b packed from its place, aᵀ read and out written in place', () => {
    const { api, calls } = recording()
    const products = simdProductsOn(api, small)!
    const d = { m: 8, k: 12, n: 16 }
    const x = Float64Array.from({ length: d.m * d.k }, (_, i) => Math.sin(i))
    const y = Float64Array.from({ length: d.k * d.n }, (_, i) => Math.cos(i))
    const rb = residentCopy(products, y)
    const out = products.resident(d.m * d.n)!
    expect(products.matmul(x, rb, d, out)).toBe(out)
    expect(out).toEqual(js.matmul(x, y, d))
    expect(calls.filter((c) => c.name === 'pack').map((c) => c.args[0])).toEqual([rb.byteOffset])
    const written = calls.filter((c) => c.name === 'product').map((c) => c.args[5]!)
    expect(written.length).toBeGreaterThan(0)
    expect(written.every((at) => within(out, at))).toBe(true)
    calls.length = 0
    const ra = residentCopy(products, transposed(x, d.m, d.k))
    const fresh = products.matmulTN(ra, rb, d)!
    expect(fresh).toEqual(js.matmul(x, y, d))
    expect(calls.filter((c) => c.name === 'product').every((c) => within(ra, c.args[0]!))).toBe(true)
  })

  it('give the JavaScript kernel’s bits in all three products, padded or not, and are left unchanged', () => {
    // a pool large enough for every run's operands (up to 23 KB a run), however late they are collected
    const products = simdProductsOn(real, { memory: 2 ** 20, pool: 2 ** 24 })!
    const dims = fc.record({
      m: fc.integer({ min: 1, max: 12 }),
      k: fc.integer({ min: 1, max: 24 }),
      n: fc.integer({ min: 1, max: 24 })
    })
    fc.assert(
      fc.property(operands(dims), ([d, x, y]) => {
        const same = sameBitsAs(js.matmul(x, y, d))
        const [rx, ry, rxt, ryt] = [x, y, transposed(x, d.m, d.k), transposed(y, d.k, d.n)].map((v) =>
          residentCopy(products, v)
        )
        const out = products.resident(d.m * d.n)!
        // the pool's next array: a product must write nothing past out (its padding rows included)
        const fence = residentCopy(products, new Float64Array(128).fill(1))
        return (
          products.matmul(rx!, ry!, d, out) === out &&
          same(out) &&
          same(products.matmulTN(rxt!, ry!, d)) &&
          same(products.matmulNT(rx!, ryt!, d)) &&
          products.matmulTN(rxt!, ry!, d, out) === out &&
          same(out) &&
          sameBitsAs(x)(rx) &&
          sameBitsAs(y)(ry) &&
          fence.every((v) => v === 1)
        )
      }),
      { numRuns: 100 }
    )
  })

  it('stay in place when a product needs the whole operands’ region: the memory grew once, before them', () => {
    const products = simdProductsOn(real, small)!
    const kept = residentCopy(
      products,
      Float64Array.from({ length: 1000 }, (_, i) => i / 7)
    )
    const buffer = kept.buffer
    // [4, 6000]·[6000, 4]: a's rows twice, b three times and the result, near 1 MB
    const d = { m: 4, k: 6000, n: 4 }
    const x = Float64Array.from({ length: d.m * d.k }, (_, i) => Math.sin(i))
    const y = Float64Array.from({ length: d.k * d.n }, (_, i) => Math.cos(i))
    expect(products.matmul(x, y, d)).toEqual(js.matmul(x, y, d))
    expect(kept.buffer).toBe(buffer)
    expect(kept.buffer.byteLength).toBeGreaterThan(0)
    expect(kept).toEqual(Float64Array.from({ length: 1000 }, (_, i) => i / 7))
    // a product past the limit declines, and grows nothing
    expect(products.matmulTN(new Float64Array(4 * 40000), new Float64Array(4 * 4), { m: 40000, k: 4, n: 4 })).toBe(
      undefined
    )
    expect(kept.buffer.byteLength).toBe(buffer.byteLength)
  })

  it('are taken after products have grown the memory, and read in place from then on', () => {
    const products = simdProductsOn(real, small)!
    const d = { m: 20, k: 300, n: 40 }
    const x = Float64Array.from({ length: d.m * d.k }, (_, i) => Math.sin(i))
    const y = Float64Array.from({ length: d.k * d.n }, (_, i) => Math.cos(i))
    expect(products.matmul(x, y, d)).toEqual(js.matmul(x, y, d))
    const ry = residentCopy(products, y)
    expect(products.matmul(x, ry, d)).toEqual(js.matmul(x, y, d))
  })
})

describe('gradient descent’s step in the module', () => {
  const products = simdProductsOn(real, { memory: 2 ** 16, pool: 2 ** 20 })!

  /** The JavaScript pass: w ← w + c·g, and the sum of x − x over the new values. */
  const stepJs = (g: Float64Array, w: Float64Array, c: number): number => {
    let bad = 0
    for (let i = 0; i < w.length; i++) {
      const x = w[i]! + c * g[i]!
      w[i] = x
      bad += x - x
    }
    return bad
  }

  it('gives the JavaScript pass’s bits and check over resident arrays, odd lengths and non-finite numbers included', () => {
    const pair = fc
      .integer({ min: 1, max: 33 })
      .chain((n) =>
        fc.tuple(
          fc.float64Array({ minLength: n, maxLength: n }),
          fc.float64Array({ minLength: n, maxLength: n }),
          fc.double()
        )
      )
    fc.assert(
      fc.property(pair, ([g, w, c]) => {
        const expected = w.slice()
        const check = stepJs(g, expected, c)
        const rg = residentCopy(products, g)
        const rw = residentCopy(products, w)
        const bad = products.descend(rg, rw, c)
        return Object.is(bad, check) && sameBitsAs(expected)(rw) && sameBitsAs(g)(rg)
      }),
      { numRuns: 300 }
    )
  })

  it('declines arrays that are not both resident, or not of one length', () => {
    const w = products.resident(8)!
    expect(products.descend(new Float64Array(8), w, 1)).toBeUndefined()
    expect(products.descend(w, new Float64Array(8), 1)).toBeUndefined()
    expect(products.descend(products.resident(6)!, w, 1)).toBeUndefined()
  })
})

describe('resident arrays where the kernel does not run', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.resetModules()
  })

  it('are ordinary arrays of zeros without WebAssembly, and small ones always are', async () => {
    vi.stubGlobal('WebAssembly', undefined)
    vi.resetModules()
    const simd = await import('../../../src/tensor/wasm/simd.js')
    const x = simd.residentArray(simd.RESIDENT_MIN)
    expect(x.buffer.byteLength).toBe(8 * simd.RESIDENT_MIN)
    expect(x.every((v) => v === 0)).toBe(true)
    vi.unstubAllGlobals()
    vi.resetModules()
    const here = await import('../../../src/tensor/wasm/simd.js')
    expect(here.residentArray(here.RESIDENT_MIN).buffer.byteLength).toBeGreaterThan(8 * here.RESIDENT_MIN)
    expect(here.residentArray(here.RESIDENT_MIN - 1).buffer.byteLength).toBe(8 * (here.RESIDENT_MIN - 1))
  })
})
