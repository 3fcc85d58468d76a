// The root entry bundles for a browser: esbuild, in-process and writing nothing, bundles
// src/index.ts for the browser platform, where a Node module cannot be resolved.
import * as esbuild from 'esbuild'
import { builtinModules } from 'node:module'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const entry = fileURLToPath(new URL('../../src/index.ts', import.meta.url))

const bundle = (): Promise<esbuild.BuildResult<{ write: false; metafile: true }>> =>
  esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent'
  })

const messages = (e: unknown): ReadonlyArray<string> =>
  typeof e === 'object' && e !== null && 'errors' in e
    ? (e as esbuild.BuildFailure).errors.map((m) => `${m.location?.file ?? ''}: ${m.text}`)
    : [String(e)]

describe('the root entry in a browser bundle', () => {
  it('bundles for the browser platform without errors, with no Node module among its inputs', async () => {
    const result = await bundle().catch((e: unknown) => messages(e))
    if (Array.isArray(result)) expect(result).toEqual([])
    const built = result as esbuild.BuildResult<{ write: false; metafile: true }>
    expect(built.errors).toEqual([])
    expect(built.outputFiles).toHaveLength(1)
    const inputs = Object.keys(built.metafile.inputs)
    expect(inputs.some((i) => i.endsWith('src/index.ts'))).toBe(true)
    expect(inputs.filter((i) => i.startsWith('node:') || builtinModules.includes(i))).toEqual([])
    expect(built.outputFiles[0]!.text).not.toMatch(/from\s*["']node:|require\(["']node:/)
  })
})

// A browser program that trains Iris with the root entry: what it bundles is what a newcomer ships.
const irisProgram = `
import { Data, NN, Optim, Random, Train } from './index.js'
const net = NN.mlp({ sizes: [4, 8, 3], activations: ['tanh', 'identity'] })
const key = Random.key(0)
const sgd = Optim.sgd(0.1)
if (net._tag === 'Right' && key._tag === 'Right' && sgd._tag === 'Right') {
  const params = net.right.init(key.right)
  if (params._tag === 'Right')
    console.log(
      Train.fit({ model: { forward: net.right.forward, loss: NN.softmaxCrossEntropy }, optimizer: sgd.right, batching: Data.fullBatch(), maxEpochs: 5 })(params.right, key.right, Data.iris)
    )
}
`

describe('a browser program that trains Iris with NN.mlp, Optim.sgd, Train.fit and Data.iris', () => {
  // esbuild keeps every member of a namespace the program touches (`Train.fit` brings all of
  // `Train`), so what bounds the bundle is the root entry's surface: the plumbing lives in
  // `gradfold/advanced`, and the library imports fp-ts through `#fp-ts/*` (package.json `imports`),
  // which a browser bundler resolves to fp-ts's ES modules (`fp-ts/es6`, tree-shaken) and Node to
  // its CommonJS build (`fp-ts/lib`). 227 KB when the surface was trimmed (311 KB before).
  it('bundles, minified, to less than 250 KB, without the digits table or fp-ts/lib', async () => {
    const built = await esbuild.build({
      stdin: { contents: irisProgram, resolveDir: fileURLToPath(new URL('../../src/', import.meta.url)), loader: 'ts' },
      bundle: true,
      minify: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent'
    })
    const inputs = Object.keys(built.metafile.inputs)
    expect(inputs.some((i) => i.endsWith('src/data/iris.ts'))).toBe(true)
    expect(inputs.filter((i) => i.endsWith('src/data/digits.ts'))).toEqual([])
    expect(inputs.filter((i) => i.includes('node_modules/fp-ts/lib/'))).toEqual([])
    expect(built.outputFiles[0]!.contents.byteLength).toBeLessThan(250_000)
  })
})
