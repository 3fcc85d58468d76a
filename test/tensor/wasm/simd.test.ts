// Where the wasm kernel runs and where JavaScript takes over: no `WebAssembly`, a module that
// does not validate (no SIMD), a compilation that throws (Chromium's main thread refuses to
// compile large modules synchronously), a product too large for the kernel's memory. In each
// case the products are still the JavaScript kernel's.
import fc from 'fast-check'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ProductShape } from '../../../src/tensor/kernels.js'
import * as js from '../../../src/tensor/kernelsJs.js'
import { MEMORY_LIMIT, fromBase64, simdProducts, simdProductsOn, type WasmApi } from '../../../src/tensor/wasm/simd.js'

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
