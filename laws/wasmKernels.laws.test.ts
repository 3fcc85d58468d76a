import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as kernels from '../src/tensor/kernels.js'
import * as into from '../src/tensor/kernelsInto.js'
import { simdProducts } from '../src/tensor/wasm/simd.js'
import { productCase, wideFusionCase } from './arbitraries/wasmKernels.js'
import { compiledEqualsGeneral, kernelRuns } from './fusion.js'
import * as _ from './wasmKernels.js'

// Node 20 and later validate and run WebAssembly SIMD: here the kernel must load.
const simd = simdProducts()

describe('WebAssembly SIMD product laws', () => {
  it('the kernel loads on this platform', () => {
    expect(simd).toBeDefined()
  })

  it('matmul, matmulTN and matmulNT equal the JavaScript kernels bit for bit, 0 and odd dimensions included', () => {
    fc.assert(fc.property(productCase, _.equalsTheJsKernels(simd!)))
  })

  it('equal the JavaScript kernels bit for bit with their operands and result resident in the kernel’s memory (read and written in place)', () => {
    fc.assert(fc.property(productCase, _.equalsTheJsKernels(_.withResidentOperands(simd!))))
  })

  it('Advanced.Tensor.kernels (which chooses wasm or JavaScript by size) equals the JavaScript kernels bit for bit', () => {
    fc.assert(fc.property(productCase, _.equalsTheJsKernels(kernels)))
  })

  it('the products into a buffer (for the fused epochs) write the JavaScript kernels’ bits into its start and return it', () => {
    fc.assert(fc.property(productCase, fc.integer({ min: 0, max: 9 }), _.intoEqualsTheJsKernels(into)))
  })

  it('the wasm products into a buffer, whatever their size, write the JavaScript kernels’ bits into its start and return it', () => {
    // here wasm runs, so none answers undefined
    const wasm =
      (f: into.WasmInto): into.ProductInto =>
      (out, a, b, shape) =>
        f(out, a, b, shape)!
    const wasmInto = {
      matmulInto: wasm(into.wasmMatmulInto),
      matmulTNInto: wasm(into.wasmMatmulTNInto),
      matmulNTInto: wasm(into.wasmMatmulNTInto)
    }
    fc.assert(fc.property(productCase, fc.integer({ min: 0, max: 9 }), _.intoEqualsTheJsKernels(wasmInto)))
  })

  it('leaves its operands unchanged and returns arrays of its own', () => {
    fc.assert(fc.property(productCase, productCase, _.isPure(simd!)))
  })

  it('an epoch through the compiled kernel, its large products written into its own buffers (wasm SIMD here), equals the general epoch bit for bit', () => {
    // both paths run the same kernels (the laws above hold those to the JavaScript kernels); this
    // one holds the products into buffers to the fresh ones. Heavier cases (100 rows of a
    // 45-33-21 network, both paths): a tenth of the runs
    fc.assert(
      fc.property(
        wideFusionCase,
        (c) => kernelRuns(c.config, c.state, c.data) && compiledEqualsGeneral(c.config, c.state, c.data)
      ),
      { numRuns: 20 }
    )
  })
})
