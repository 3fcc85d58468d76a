// The embedded module is the source's: assembling product.wat again (wabt, as `npm run
// build:wasm` does) gives the committed productBytes.ts character for character, and the
// bytes stay small enough for any browser's main thread to compile them synchronously
// (Chromium 156 allows 8 MB there; older Chromium allowed 4 KB).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { generate, generatedPath } from '../../../scripts/wasm.js'
import { productBytes } from '../../../src/tensor/wasm/simd.js'

describe('the embedded product module', () => {
  it('is what assembling product.wat gives (run `npm run build:wasm` after changing the source)', async () => {
    expect(await generate()).toBe(readFileSync(generatedPath, 'utf8'))
  })

  it('is a WebAssembly module of at most 4 KB, the smallest limit a browser has set on synchronous compilation', () => {
    const bytes = productBytes()
    expect([...bytes.subarray(0, 4)]).toEqual([0x00, 0x61, 0x73, 0x6d])
    expect(bytes.length).toBeLessThanOrEqual(4096)
  })
})
