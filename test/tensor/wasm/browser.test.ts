// The wasm kernel in a real browser (Debian's chromium, driven by playwright-core), on the
// page's main thread, where Chromium limits synchronous compilation (to 8 MB in Chromium 156,
// to 4 KB in older versions): the kernel loads there, and its products are the JavaScript
// kernel's, bit for bit, resident operands (the pool's memory grown there) included.
import * as esbuild from 'esbuild'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { describe, expect, it } from 'vitest'

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'
// CI installs chromium (.ci/run); elsewhere the test says it did not run rather than fail.
const haveBrowser = existsSync(CHROMIUM) || process.env['CI'] === 'true'

const src = (file: string): string => fileURLToPath(new URL(`../../../src/tensor/${file}`, import.meta.url))

/** A script that runs every product at a few shapes with both kernels and reports what it found. */
const page = `
import { simdProducts } from ${JSON.stringify(src('wasm/simd.ts'))}
import * as js from ${JSON.stringify(src('kernelsJs.ts'))}
const simd = simdProducts()
const same = (x, y) => x !== undefined && x.length === y.length && x.every((v, i) => Object.is(v, y[i]))
const fill = (n, f) => Float64Array.from({ length: n }, (_, i) => f(i))
const results = [[64, 784, 128], [7, 13, 5], [1, 1, 1], [33, 0, 9]].map(([m, k, n]) => {
  const shape = { m, k, n }
  const a = fill(m * k, (i) => Math.sin(i + 1))
  const b = fill(k * n, (i) => Math.cos(3 * i))
  return ['matmul', 'matmulTN', 'matmulNT'].every((p) => same(simd?.[p](a, b, shape), js[p](a, b, shape)))
})
// W1's first layer resident: its weights read in place, its gradient written in place, SGD's step in the module
const resident = (() => {
  const shape = { m: 64, k: 784, n: 128 }
  const x = fill(64 * 784, (i) => Math.sin(i + 1))
  const w = simd?.resident(784 * 128)
  const g = simd?.resident(784 * 128)
  if (w === undefined || g === undefined) return false
  w.set(fill(784 * 128, (i) => Math.cos(3 * i)))
  const dh = fill(64 * 128, (i) => Math.sin(5 * i))
  const step = w.slice()
  const grad = js.matmulTN(x, dh, { m: 784, k: 64, n: 128 })
  for (let i = 0; i < step.length; i++) step[i] = step[i] + -0.1 * grad[i]
  return (
    same(simd.matmul(x, w, shape), js.matmul(x, w, shape)) &&
    simd.matmulTN(x, dh, { m: 784, k: 64, n: 128 }, g) === g &&
    same(g, js.matmulTN(x, dh, { m: 784, k: 64, n: 128 })) &&
    simd.descend(g, w, -0.1) === 0 &&
    same(w, step)
  )
})()
window.kernelReport = { loaded: simd !== undefined, same: results, resident }
`

describe.skipIf(!haveBrowser)('the wasm kernel in a browser', () => {
  it('loads on the main thread and equals the JavaScript kernel bit for bit', async () => {
    const built = await esbuild.build({
      stdin: { contents: page, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'js' },
      bundle: true,
      platform: 'browser',
      format: 'iife',
      write: false,
      logLevel: 'silent'
    })
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] })
    try {
      const tab = await browser.newPage()
      const errors: Array<string> = []
      tab.on('pageerror', (e) => errors.push(e.message))
      await tab.setContent('<!doctype html><title>kernels</title>')
      await tab.addScriptTag({ content: built.outputFiles[0]!.text })
      const report = await tab.evaluate(() => (globalThis as unknown as { kernelReport: unknown }).kernelReport)
      expect(errors).toEqual([])
      expect(report).toEqual({ loaded: true, same: [true, true, true, true], resident: true })
    } finally {
      await browser.close()
    }
  })
})
