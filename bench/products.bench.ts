// `npm run bench:products`: the matrix-product kernels alone, on the shapes W1 (784-128-10,
// batch 64) and other small networks ask for: the JavaScript kernel, the WebAssembly SIMD
// kernel (copies in and out included) and `Advanced.Tensor.kernels` (which chooses between them), in
// GFLOP/s (2·m·k·n flops a product) and as the ratio wasm / JS. Also the copies alone (the
// operands into one array, the result out), to show what share of a wasm product they take.
//
// Method: rounds, each timing every kernel once in a rotating order (a burst of load on a
// shared machine falls on all of them alike); per kernel the median over the rounds.
// Before timing, every shape's three results are checked equal to the bit.
import * as js from '../src/tensor/kernelsJs.js'
import * as kernels from '../src/tensor/kernels.js'
import type { ProductShape } from '../src/tensor/kernels.js'
import { simdProducts } from '../src/tensor/wasm/simd.js'
import { msPerCall } from './timing.js'

type Product = (a: Float64Array, b: Float64Array, shape: ProductShape) => Float64Array | undefined
type Which = 'matmul' | 'matmulTN' | 'matmulNT'

const smoke = process.argv.includes('--smoke')
const ROUNDS = smoke ? 1 : 9
const ROUND_MS = smoke ? 1 : 60

const shapes: ReadonlyArray<{ readonly label: string; readonly which: Which; readonly shape: ProductShape }> = [
  { label: 'W1 layer 1 forward  x·W', which: 'matmul', shape: { m: 64, k: 784, n: 128 } },
  { label: 'W1 layer 1 gradient xᵀ·g', which: 'matmulTN', shape: { m: 784, k: 64, n: 128 } },
  { label: 'W1 layer 2 forward  h·W', which: 'matmul', shape: { m: 64, k: 128, n: 10 } },
  { label: 'W1 layer 2 gradient hᵀ·g', which: 'matmulTN', shape: { m: 128, k: 64, n: 10 } },
  { label: 'W1 layer 2 back     g·Wᵀ', which: 'matmulNT', shape: { m: 64, k: 10, n: 128 } },
  { label: '128² square', which: 'matmul', shape: { m: 128, k: 128, n: 128 } },
  { label: '32 × 32 × 32', which: 'matmul', shape: { m: 32, k: 32, n: 32 } },
  { label: '16 × 16 × 16 (the threshold)', which: 'matmul', shape: { m: 16, k: 16, n: 16 } },
  { label: 'odd 63 × 97 × 33', which: 'matmulNT', shape: { m: 63, k: 97, n: 33 } }
]

/** Deterministic operands in [−1, 1) (a fixed linear congruential sequence: no global generator). */
const operand = (length: number, seed: number): Float64Array => {
  const out = new Float64Array(length)
  let s = seed >>> 0
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    out[i] = s / 2 ** 31 - 1
  }
  return out
}

const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((x, y) => x - y)
  return s[s.length >> 1]!
}

const sameBits = (x: Float64Array, y: Float64Array): boolean =>
  x.length === y.length && x.every((v, i) => Object.is(v, y[i]))

const simd = simdProducts()
console.log(
  `products bench — node ${process.version}; wasm SIMD ${simd === undefined ? 'missing: only JavaScript runs' : 'available'}`
)
console.log('| product | shape m×k×n | JS GFLOP/s | wasm GFLOP/s | kernels GFLOP/s | wasm / JS | copies / wasm |')
console.log('| --- | --- | --- | --- | --- | --- | --- |')
let failed = false
for (const { label, which, shape } of shapes) {
  const { m, k, n } = shape
  const a = operand(m * k, 1)
  const b = operand(k * n, 2)
  const heap = new Float64Array(a.length + b.length + m * n)
  const kernelsOf: Record<string, Product> = {
    js: js[which],
    wasm: simd?.[which] ?? js[which],
    kernels: kernels[which],
    // the copies a wasm product makes, without the product: both operands in, the result out
    copies: (x, y) => {
      heap.set(x, 0)
      heap.set(y, x.length)
      return heap.slice(0, m * n)
    }
  }
  const reference = js[which](a, b, shape)
  for (const name of ['wasm', 'kernels']) {
    if (!sameBits(kernelsOf[name]!(a, b, shape)!, reference)) {
      console.error(`${name} ${which} ${m}×${k}×${n}: not the JavaScript kernel's bits`)
      failed = true
    }
  }
  const names = Object.keys(kernelsOf)
  const times: Record<string, Array<number>> = Object.fromEntries(names.map((x) => [x, []]))
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round) % names.length]!
      times[name]!.push(msPerCall(() => kernelsOf[name]!(a, b, shape), ROUND_MS))
    }
  }
  const ms = (name: string): number => median(times[name]!)
  const gflops = (name: string): string => ((2 * m * k * n) / (ms(name) * 1e6)).toFixed(2)
  console.log(
    `| ${label} | ${m}×${k}×${n} | ${gflops('js')} | ${gflops('wasm')} | ${gflops('kernels')} | ${(ms('js') / ms('wasm')).toFixed(2)}× | ${((100 * ms('copies')) / ms('wasm')).toFixed(0)}% |`
  )
}
if (failed) process.exitCode = 1
