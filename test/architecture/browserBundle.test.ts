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
