import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as kernels from '../src/tensor/kernels.js'
import { simdProducts } from '../src/tensor/wasm/simd.js'
import { productCase } from './arbitraries/wasmKernels.js'
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

  it('Tensor.kernels (which chooses wasm or JavaScript by size) equals the JavaScript kernels bit for bit', () => {
    fc.assert(fc.property(productCase, _.equalsTheJsKernels(kernels)))
  })

  it('leaves its operands unchanged and returns arrays of its own', () => {
    fc.assert(fc.property(productCase, productCase, _.isPure(simd!)))
  })
})
